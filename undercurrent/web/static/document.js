// Brings the linked evidence sentence into view: ?hl=START-END marks it on the server side;
// #ev-ID marks every piece of that event's sentence here.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var target = null;
    var hash = window.location.hash;
    if (hash.indexOf("#ev-") === 0) {
      var id = decodeURIComponent(hash.slice(4));
      var pieces = document.querySelectorAll("#doctext [data-ev]");
      for (var i = 0; i < pieces.length; i++) {
        if (pieces[i].getAttribute("data-ev").split(" ").indexOf(id) >= 0) {
          pieces[i].classList.add("target");
          target = target || pieces[i];
        }
      }
    }
    target = document.querySelector("#doctext .hl") || target;
    if (target) { target.scrollIntoView({ block: "center" }); }
  });
})();
