// Draws every plotly figure whose JSON sits in a <script type="application/json"> block,
// and, for the pair timeline, shows the clicked point's events in the panel below it.
(function () {
  "use strict";

  function showEvents(panel, ids) {
    var cards = panel.querySelectorAll(".event-card");
    var shown = 0;
    for (var i = 0; i < cards.length; i++) {
      var on = ids.indexOf(cards[i].getAttribute("data-event")) >= 0;
      cards[i].hidden = !on;
      if (on) { shown += 1; }
    }
    var empty = panel.querySelector("#event-panel-empty");
    if (empty) {
      empty.textContent = shown ? "" : "No event of the current filter at this point.";
      empty.hidden = shown > 0;
    }
    if (shown) { panel.scrollIntoView({ block: "nearest" }); }
  }

  function draw(el) {
    var block = document.getElementById(el.getAttribute("data-figure"));
    if (!block || typeof Plotly === "undefined") { return; }
    var fig = JSON.parse(block.textContent);
    var config = { displaylogo: false, responsive: true };
    Plotly.newPlot(el, fig.data || [], fig.layout || {}, config).then(function () {
      el.setAttribute("data-ready", "1");
    });
    var panelId = el.getAttribute("data-panel");
    if (!panelId) { return; }
    var panel = document.getElementById(panelId);
    el.on("plotly_click", function (ev) {
      var ids = [];
      (ev.points || []).forEach(function (p) {
        if (typeof p.customdata === "string") { ids.push(p.customdata); }
      });
      showEvents(panel, ids);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var charts = document.querySelectorAll("[data-figure]");
    for (var i = 0; i < charts.length; i++) { draw(charts[i]); }
  });
})();
