"""The web app through the test client: every API endpoint and filter, pages, safety, errors, ingest."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from tests.report_corpus import S400, WIRE, build_store, pid, sentence

from undercurrent.config import load_settings
from undercurrent.errors import UsageError
from undercurrent.records import Actor, Analysis, CleanDocument, DateValue, Event, Quality, Span, stable_id
from undercurrent.store import Store
from undercurrent.web.app import create_app
from undercurrent.web.serve import check_bind, get_once, is_loopback

# A defaced-page story whose text carries script payloads; it must render as text.
HOSTILE = (
    "Belarusian officials said on 3 March 2023 that a state news site had been defaced overnight. "
    'The page showed <script>window.__pwned = 1</script> and <img src=x onerror="window.__pwned = 2"> in place of '
    "the headline. "
    'A link on the page, <a href="javascript:window.__pwned = 3">read the statement</a>, pointed at the attackers. '
    "Belarus asked Russia for help with the investigation."
)
HOSTILE_TITLE = 'Defaced site <img src=x onerror="window.__pwned = 4">'
# The address the test clients name: a loopback server answers only to loopback names (DNS rebinding).
LOCAL = "http://127.0.0.1"


def hostile_analysis() -> Analysis:
    """A hand-built analysis of HOSTILE with an event between Belarus and Russia."""
    doc = CleanDocument(
        id=stable_id("doc", "hostile"), origin="hostile.txt", fmt="text", text=HOSTILE,
        content_hash=stable_id("hash", HOSTILE), title=HOSTILE_TITLE, source="<b>Wire</b>", claimed_date="2023-03-04",
        language="en", removed_chrome=("<script>window.__pwned = 5</script>",),
    )

    def span(piece: str) -> Span:
        i = HOSTILE.index(piece)
        return Span(piece, i, i + len(piece))

    blr = Actor("state:BLR", "state", "Belarus", "BLR", (span("Belarus asked"),))
    rus = Actor("state:RUS", "state", "Russia", "RUS", (span("Russia for"),))
    ask = Event("ev1", "REQUEST", None, ("state:BLR",), ("state:RUS",), DateValue("2023-03-03", "2023-03-03", "day"),
                span("Belarus asked Russia for help with the investigation."), trigger="asked", confidence=0.7)
    payload = Event("ev2", "ACCUSE", None, ("state:BLR",), ("state:RUS",), DateValue("2023-03-03", "2023-03-03", "day"),
                    span('The page showed <script>window.__pwned = 1</script> and <img src=x onerror="window.__pwned = 2">'),
                    trigger="showed", item="<script>window.__pwned = 6</script>", confidence=0.3)
    return Analysis(document=doc, quality=Quality(1.0, (), 4), actors=(blr, rus), events=(ask, payload))


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("web") / "web.db"
    store = build_store(f"sqlite:///{path}")
    store.save_analysis(hostile_analysis())
    store.dispose()
    return path


@pytest.fixture(scope="module")
def client(db_path):
    app = create_app(load_settings(env={}, db_url=f"sqlite:///{db_path}"))
    with TestClient(app, base_url=LOCAL, raise_server_exceptions=False) as c:
        yield c


def _ids(store_doc: str) -> str:
    return stable_id("doc", store_doc)


# --------------------------------------------------------------------------- documents


def test_web_api_documents_paginate(client):
    page = client.get("/api/v1/documents", params={"limit": 2}).json()
    assert page["count"] == 2 and page["next_offset"] == 2
    rest = client.get("/api/v1/documents", params={"limit": 50, "offset": 2}).json()
    assert rest["count"] == 5 and rest["next_offset"] is None
    ids = [d["id"] for d in page["items"] + rest["items"]]
    assert len(set(ids)) == 7
    assert page["items"][0]["claimed_date"] == "2025-11-20"  # newest claimed date first


def test_web_api_limit_is_bounded(client):
    assert client.get("/api/v1/documents", params={"limit": 501}).status_code == 422
    assert client.get("/api/v1/events", params={"offset": -1}).status_code == 422


def test_web_api_document_detail_spans_point_into_text(client):
    body = client.get(f"/api/v1/documents/{_ids('s400_disclosure')}").json()
    assert body["text"] == S400
    kinds = {h["kind"] for h in body["highlights"]}
    assert {"mention", "role", "event"} <= kinds
    for h in body["highlights"]:
        assert 0 <= h["start"] < h["end"] <= len(S400)
    (event,) = body["events"]
    assert S400[event["start"]:event["end"]] == event["text"] == sentence(S400, "sold S-400").text


def test_web_api_document_detail_shows_dates_chrome_and_copies(client):
    repub = client.get(f"/api/v1/documents/{_ids('republished_copy')}").json()
    assert (repub["claimed_date"], repub["inferred_date"], repub["date_conflict"]) == ("2025-11-20", "2023-04", True)
    assert [f[2] for f in repub["flagged"]] == ["The yuan settlement is being do make."]
    dated = [h for h in repub["highlights"] if h["kind"] == "inferred_date"]
    assert [(h["start"], h["end"]) for h in dated] == [(0, len("Last month"))]
    copy = client.get(f"/api/v1/documents/{_ids('xi_moscow_copy')}").json()
    assert copy["near_duplicate_of"] == _ids("xi_moscow_wire")
    assert [d["id"] for d in copy["near_duplicates"]] == [_ids("xi_moscow_wire")]


def test_web_api_unknown_document_is_json_404(client):
    r = client.get("/api/v1/documents/nope")
    assert r.status_code == 404
    assert r.json() == {"error": "no document 'nope'", "status": 404}


# --------------------------------------------------------------------------- actors


def test_web_api_actors_filters(client):
    def names(**params):
        return sorted(a["name"] for a in client.get("/api/v1/actors", params=params).json()["items"])

    assert names(country="chn", kind="person") == ["Li Shangfu", "Xi Jinping"]
    assert names(sector="space") == ["Yury Borisov"]
    assert names(name="sergei shoigu") == ["Sergei Shoigu"]
    assert names(kind="state") == ["Belarus", "China", "Russia", "United States"]


def test_web_api_actors_pagination_is_consistent(client):
    full = [a["id"] for a in client.get("/api/v1/actors", params={"limit": 100}).json()["items"]]
    first = client.get("/api/v1/actors", params={"limit": 3}).json()
    second = client.get("/api/v1/actors", params={"limit": 3, "offset": 3}).json()
    assert [a["id"] for a in first["items"] + second["items"]] == full[:6]
    assert first["next_offset"] == 3


def test_web_api_actor_detail_has_roles_meetings_events(client):
    body = client.get(f"/api/v1/actors/{pid('Sergei Shoigu')}").json()
    assert body["actor"]["name"] == "Sergei Shoigu"
    assert {r["sector"] for r in body["roles"]} == {"defense"}
    assert [(m["date"], m["place"], m["sector"]) for m in body["meetings"]] == [
        ("2023-03-21", "Moscow", "defense"), ("2023-03-21", "Moscow", "defense")]
    xi = client.get(f"/api/v1/actors/{pid('Xi Jinping')}").json()
    assert {e["type"] for e in xi["events"]} == {"CONSULT", "SUPPORT"}
    assert client.get("/api/v1/actors/nobody").status_code == 404


# --------------------------------------------------------------------------- events


def _events(client, **params):
    r = client.get("/api/v1/events", params=params)
    assert r.status_code == 200, r.text
    return [(e["type"], e["modality"], e["occurred"]) for e in r.json()["items"]]


def test_web_api_events_dyad_and_type(client):
    assert _events(client, dyad="Russia,China", type="aid") == [
        ("AID", "reported", "2014-09"), ("AID", "hedged", "2023-03"), ("AID", "historical", None)]


def test_web_api_events_period_and_modality(client):
    assert _events(client, dyad="RUS,CHN", **{"from": "2023", "to": "2023-03"}, modality="asserted") == [
        ("SUPPORT", "asserted", "2023-03-21"), ("CONSULT", "asserted", "2023-03-21")]
    assert _events(client, **{"to": "2015"}) == [("AID", "reported", "2014-09")]


def test_web_api_events_actor(client):
    assert _events(client, actor="Li Shangfu") == [("SANCTION", "asserted", "2018-09-20")]
    assert sorted(_events(client, actor="Belarus")) == [
        ("ACCUSE", "asserted", "2023-03-03"), ("REQUEST", "asserted", "2023-03-03")]


def test_web_api_events_offset(client):
    everything = _events(client, limit=100)
    assert _events(client, limit=2, offset=1) == everything[1:3]


def test_web_api_events_bad_filters(client):
    assert client.get("/api/v1/events", params={"type": "PARTY"}).status_code == 400
    assert client.get("/api/v1/events", params={"modality": "rumour"}).status_code == 400
    assert client.get("/api/v1/events", params={"from": "March 2023"}).status_code == 422
    assert client.get("/api/v1/events", params={"dyad": "RUS"}).status_code == 422
    unknown = client.get("/api/v1/events", params={"dyad": "Narnia,China"})
    assert unknown.status_code == 400 and "Narnia" in unknown.json()["error"]


# --------------------------------------------------------------------------- pairs and meetings


def test_web_api_pairs_ranked(client):
    items = client.get("/api/v1/pairs").json()["items"]
    assert items[0] == {"a": "CHN", "b": "RUS", "events": 6}
    assert {"a": "BLR", "b": "RUS", "events": 2} in items


def test_web_api_pair_report_and_filters(client):
    body = client.get("/api/v1/pairs/RUS/CHN").json()
    assert body["schema"] == "undercurrent/report/v1"
    assert len(body["events"]) == 6
    hedged = client.get("/api/v1/pairs/RUS/CHN", params={"modality": "hedged"}).json()
    assert [e["item"] for e in hedged["events"]] == ["arms contracts"]
    aid_2014 = client.get("/api/v1/pairs/China/Russia", params={"type": "AID", "to": "2014"}).json()
    assert [e["occurred"] for e in aid_2014["events"]] == ["2014-09"]
    assert client.get("/api/v1/pairs/RUS/RUS").status_code == 400


def test_web_api_meetings_with_rosters(client):
    body = client.get("/api/v1/meetings").json()
    assert body["count"] == 1  # the wire and its copy are one canonical meeting
    (m,) = body["items"]
    assert [p["name"] for p in m["participants"]] == [
        "Vladimir Putin", "Sergei Shoigu", "Dmitry Shugayev", "Yury Borisov", "Xi Jinping"]
    assert {(g["side"], g["sector"]) for g in m["agenda"]} >= {("RUS", "arms_trade"), ("CHN", "head_of_state")}
    assert m["declared_gap"] is True
    assert client.get("/api/v1/meetings", params={"dyad": "BLR,RUS"}).json()["count"] == 0
    assert client.get("/api/v1/meetings", params={"dyad": "RUS,CHN"}).json()["count"] == 1


# --------------------------------------------------------------------------- search


def test_web_api_search_documents_and_actors(client):
    body = client.get("/api/v1/search", params={"q": "growing dependence"}).json()
    assert [d["id"] for d in body["documents"]] == [_ids("dependence_analysis")]
    assert "[dependence]" in body["documents"][0]["snippet"]
    actors = client.get("/api/v1/search", params={"q": "shoigu"}).json()["actors"]
    assert [a["name"] for a in actors] == ["Sergei Shoigu"]


def test_web_api_search_operators_are_words(client):
    for query in ['"', "NEAR(", "dependence OR", "* ^", "<script>"]:
        r = client.get("/api/v1/search", params={"q": query})
        assert r.status_code == 200, query
    assert [d["id"] for d in client.get("/api/v1/search", params={"q": "<script>"}).json()["documents"]] == [
        _ids("hostile")]
    assert client.get("/api/v1/search", params={"q": ""}).status_code == 422


def test_web_search_index_follows_new_documents(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    store = build_store(url)
    app = create_app(load_settings(env={}, db_url=url))
    with TestClient(app, base_url=LOCAL) as c:
        assert c.get("/api/v1/search", params={"q": "defaced"}).json()["documents"] == []
        store.save_analysis(hostile_analysis())
        assert len(c.get("/api/v1/search", params={"q": "defaced"}).json()["documents"]) == 1
    store.dispose()


# Text carrying the characters the snippet marks are made of, next to the matched word.
PRIVATE_USE = "The summit communique \ue001 mentions sanctions \ue000 and then more sanctions."


def _private_use_store(url: str) -> Store:
    store = Store.open(url)
    doc = CleanDocument(id=stable_id("doc", "pua"), origin="pua.txt", fmt="text", text=PRIVATE_USE,
                        content_hash=stable_id("hash", PRIVATE_USE), title="Private use", language="en")
    store.save_analysis(Analysis(document=doc, quality=Quality(1.0, (), 1)))
    return store


def _check_private_use_snippets(c):
    page = c.get("/search", params={"q": "sanctions"}).text
    hit = page[page.index("Private use"):]
    hit = hit[:hit.index("</li>")] if "</li>" in hit else hit
    tags = re.findall(r"</?mark>", hit)
    assert tags and tags == ["<mark>", "</mark>"] * (len(tags) // 2)  # each opened, then closed
    assert "\ue000" not in page and "\ue001" not in page
    (doc,) = c.get("/api/v1/search", params={"q": "sanctions"}).json()["documents"]
    assert doc["snippet"].count("[") == doc["snippet"].count("]") >= 1 and "\ufffd" in doc["snippet"]


@pytest.mark.parametrize("dialect", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_web_search_highlights_balance_with_private_use_text(dialect, tmp_path, request):
    url = request.getfixturevalue("pg_url") if dialect == "postgresql" else f"sqlite:///{tmp_path / 'pua.db'}"
    store = _private_use_store(url)
    with TestClient(create_app(load_settings(env={}, db_url=url)), base_url=LOCAL) as c:
        _check_private_use_snippets(c)
    store.dispose()


@pytest.mark.postgres
def test_web_search_on_postgres(pg_url):
    store = build_store(pg_url)
    app = create_app(load_settings(env={}, db_url=pg_url))
    with TestClient(app, base_url=LOCAL) as c:
        body = c.get("/api/v1/search", params={"q": "dependence trade"}).json()
        assert [d["id"] for d in body["documents"]] == [_ids("dependence_analysis")]
        assert "[dependence]" in body["documents"][0]["snippet"]
        assert [a["name"] for a in c.get("/api/v1/search", params={"q": "Shoigu"}).json()["actors"]] == ["Sergei Shoigu"]
    store.dispose()


# --------------------------------------------------------------------------- pages, escaping, headers

PAGES = ["/", "/documents", "/meetings", "/search?q=putin", "/pair/RUS/CHN", "/pair/BLR/RUS?type=ACCUSE", "/docs",
         f"/actor/{pid('Sergei Shoigu')}", f"/document/{stable_id('doc', 'hostile')}",
         f"/document/{stable_id('doc', 'republished_copy')}"]
# A <script> element that executes: anything but our static files and JSON data blocks.
_LIVE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src=\"/static/[a-z.]+\"|type=\"application/json\"))[^>]*>", re.I)


@pytest.mark.parametrize("path", PAGES)
def test_web_pages_render_without_inline_script(client, path):
    r = client.get(path)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert _LIVE_SCRIPT.findall(r.text) == []
    assert re.findall(r"<[a-z]+[^>]*\son[a-z]+=", r.text, re.I) == []
    assert "javascript:" not in re.findall(r'href="([^"]*)"', r.text)
    assert "http://" not in " ".join(re.findall(r'(?:src|href)="([^"]*)"', r.text))


def test_web_document_payloads_render_as_text(client):
    r = client.get(f"/document/{stable_id('doc', 'hostile')}")
    html = r.text
    assert "<script>window.__pwned" not in html
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    assert '<img src=x' not in html and "&lt;img src=x onerror=" in html
    assert '<a href="javascript:' not in html
    assert "&lt;script&gt;window.__pwned = 5&lt;/script&gt;" in html  # the removed chrome
    assert "&lt;b&gt;Wire&lt;/b&gt;" in html


def test_web_pair_figure_block_cannot_close_its_script(client):
    html = client.get("/pair/BLR/RUS").text
    block = re.search(r'<script type="application/json" id="timeline-data">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and ">" not in block
    assert "\\u003cscript\\u003ewindow.__pwned = 6" in block  # the hostile item, inside the hover text


def test_web_security_headers_everywhere(client):
    for path in ("/", "/api/v1/pairs", "/nope", "/api/v1/documents/nope", "/static/app.css"):
        csp = client.get(path).headers["content-security-policy"]
        script_src = re.search(r"script-src ([^;]*)", csp).group(1)
        assert script_src.strip() == "'self'"
        assert "object-src 'none'" in csp


def test_web_document_hl_marks_the_sentence(client):
    start = WIRE.index("The two leaders")
    end = start + len(sentence(WIRE, "signed two").text)
    html = client.get(f"/document/{stable_id('doc', 'xi_moscow_wire')}", params={"hl": f"{start}-{end}"}).text
    article = html[html.index("<article"):html.index("</article>")]
    marked = re.findall(r'<span class="[^"]*\bhl\b[^"]*"[^>]*>([^<]*)</span>', article)
    assert "".join(marked) == sentence(WIRE, "signed two").text
    assert 'id="hl"' in html
    event_anchors = re.findall(r'id="(ev-[^"]+)"', html)
    assert len(event_anchors) == 3


def test_web_document_hl_out_of_range_is_ignored(client):
    r = client.get(f"/document/{stable_id('doc', 'xi_moscow_wire')}", params={"hl": "900000-900010"})
    assert r.status_code == 200 and 'id="hl"' not in r.text
    assert client.get(f"/document/{stable_id('doc', 'xi_moscow_wire')}", params={"hl": "x"}).status_code == 200


def test_web_pair_page_filters(client):
    html = client.get("/pair/RUS/CHN", params={"type": "AID", "modality": "hedged"}).text
    assert "1 of 6 events shown" in html
    assert client.get("/pair/RUS/CHN", params={"type": "PARTY"}).status_code == 400
    assert client.get("/pair/Narnia/CHN").status_code == 400
    redirect = client.get("/pair", params={"a": "Russia", "b": "PRC"}, follow_redirects=False)
    assert redirect.status_code == 303 and redirect.headers["location"] == "/pair/RUS/CHN"


def test_web_errors_hide_internals(client, monkeypatch):
    from undercurrent.store import web_queries

    def boom(*_a, **_k):
        raise RuntimeError("secret detail /etc/passwd")

    monkeypatch.setattr(web_queries, "select_counts", boom)
    monkeypatch.setattr(web_queries, "select_document_list", boom)
    page = client.get("/")
    assert page.status_code == 500
    assert "secret" not in page.text and "Traceback" not in page.text
    assert "could not answer" in page.text
    api = client.get("/api/v1/documents")
    assert api.status_code == 500 and api.json()["error"] == "The server could not answer this request."
    missing = client.get("/no/such/page")
    assert missing.status_code == 404 and "There is no page at this address." in missing.text


# Addresses a person or a script might send; none is the server's fault, so none may answer 500.
ODD_ADDRESSES = ["/api/v1/actors?name=%00", "/api/v1/actors/%00", "/actor/%00", "/document/%00", "/api/v1/documents/%00",
                 "/api/v1/events?actor=%00", "/api/v1/events?dyad=%00,CHN", "/search?q=a%00b", "/api/v1/search?q=%00",
                 "/pair/RUS/CHN?from=2023-02-30", "/api/v1/pairs/RUS/CHN?from=2023-00-00", "/api/v1/events?from=9999-99-99",
                 "/pair/%00/CHN", "/document/x?hl=1-999999999", "/api/v1/events?actor=%25", "/api/v1/search?q=%ud800",
                 "/pair/" + "A" * 500 + "/CHN", "/api/v1/search?q=" + "a%20" * 240]


@pytest.mark.parametrize("dialect", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_web_odd_addresses_never_answer_500(dialect, db_path, request):
    if dialect == "postgresql":
        url = request.getfixturevalue("pg_url")
        build_store(url).dispose()
    else:
        url = f"sqlite:///{db_path}"
    with TestClient(create_app(load_settings(env={}, db_url=url)), base_url=LOCAL, raise_server_exceptions=False) as c:
        answers = {path: c.get(path).status_code for path in ODD_ADDRESSES}
    assert {p: s for p, s in answers.items() if s >= 500} == {}
    assert answers["/api/v1/actors?name=%00"] == 400


def test_web_static_files_are_a_fixed_list(client):
    js = client.get("/static/plotly.min.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    assert len(js.content) > 1_000_000
    assert client.get("/static/charts.js").status_code == 200
    for path in ("/static/../app.py", "/static/app.py", "/static/%2e%2e%2fapp.py", "/static/templates/base.html"):
        assert client.get(path).status_code == 404, path


def test_web_openapi_and_local_docs(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/events", "/api/v1/pairs/{a}/{b}", "/api/v1/search", "/api/v1/meetings"} <= set(spec["paths"])
    params = {p["name"] for p in spec["paths"]["/api/v1/events"]["get"]["parameters"]}
    assert {"actor", "dyad", "type", "from", "to", "modality", "limit", "offset"} <= params
    docs = client.get("/docs").text
    assert "/api/v1/events" in docs and "cdn" not in docs.lower()
    assert "post" not in {m for p in spec["paths"].values() for m in p}  # read-only by default
    assert client.get("/redoc").status_code == 404


# --------------------------------------------------------------------------- ingest over HTTP


def test_web_ingest_absent_by_default(client):
    r = client.post("/api/v1/documents", json={"text": "Xi Jinping met Vladimir Putin."})
    assert r.status_code == 405


def test_web_ingest_needs_a_token():
    with pytest.raises(UsageError):
        create_app(load_settings(env={}, db_url="sqlite:///:memory:"), allow_ingest=True, token=None)


@pytest.fixture
def ingest_client(tmp_path):
    settings = load_settings(env={}, db_url=f"sqlite:///{tmp_path / 'i.db'}", model="sm",
                             max_ingest_bytes_http=4096)
    app = create_app(settings, allow_ingest=True, token="s3cret")
    with TestClient(app, base_url=LOCAL) as c:
        yield c


def test_web_ingest_refuses_without_the_token(ingest_client):
    body = {"text": "Xi Jinping met Vladimir Putin."}
    assert ingest_client.post("/api/v1/documents", json=body).status_code == 401
    wrong = ingest_client.post("/api/v1/documents", json=body, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"


def test_web_ingest_limits_and_validation(ingest_client):
    auth = {"Authorization": "Bearer s3cret"}
    big = ingest_client.post("/api/v1/documents", json={"text": "word " * 2000}, headers=auth)
    assert big.status_code == 413
    both = ingest_client.post("/api/v1/documents", json={"text": "a", "html": "<p>a</p>"}, headers=auth)
    assert both.status_code == 422 and "exactly one" in both.json()["error"]
    bad_date = ingest_client.post("/api/v1/documents", json={"text": "a", "published": "yesterday"}, headers=auth)
    assert bad_date.status_code == 422
    junk = ingest_client.post("/api/v1/documents", content=b"{not json", headers=auth)
    assert junk.status_code == 422


@pytest.mark.model
def test_web_ingest_runs_the_pipeline(ingest_client):
    auth = {"Authorization": "Bearer s3cret"}
    text = ("Chinese President Xi Jinping held talks with Russian President Vladimir Putin in Moscow on 21 March 2023. "
            "The two leaders signed a joint statement on economic cooperation.")
    r = ingest_client.post("/api/v1/documents", json={"text": text, "title": "Xi in Moscow", "published": "2023-03-21"},
                           headers=auth)
    assert r.status_code == 201, r.text
    result = r.json()
    assert result["stored"] is True and result["status"] == "analysed" and result["events"] >= 1
    again = ingest_client.post("/api/v1/documents", json={"text": text}, headers=auth)
    assert again.status_code == 200 and again.json() == {**result, "stored": False, "status": "duplicate", "events": 0}
    doc = ingest_client.get(f"/api/v1/documents/{result['document_id']}", headers=auth).json()
    assert doc["title"] == "Xi in Moscow" and doc["claimed_date"] == "2023-03-21"
    hits = ingest_client.get("/api/v1/search", params={"q": "joint statement"}, headers=auth).json()["documents"]
    assert [h["id"] for h in hits] == [result["document_id"]]


XI_TEXT = ("Chinese President Xi Jinping held talks with Russian President Vladimir Putin in Moscow on 21 March 2023. "
           "The two leaders signed a joint statement on economic cooperation.")


@pytest.mark.model
@pytest.mark.parametrize("body, message", [
    ({"text": XI_TEXT, "published": "2023-02-30"}, "published: '2023-02-30' is not a calendar date YYYY-MM-DD"),
    ({"html": "<MATH><P><P>"}, "not stored: "),  # trafilatura asserts on it
    ({"text": " \n\t "}, "not stored: no article text after cleaning"),
    ({"text": XI_TEXT, "title": "Xi\u0000 in Moscow"}, "title: holds a NUL character"),
])
def test_web_ingest_bad_input_is_422_with_a_message(ingest_client, body, message):
    r = ingest_client.post("/api/v1/documents", json=body, headers={"Authorization": "Bearer s3cret"})
    assert r.status_code == 422, r.text
    assert r.json()["error"].startswith(message) and "Traceback" not in r.text


@pytest.mark.model
def test_web_ingest_failed_analysis_is_422_and_recorded(ingest_client, monkeypatch, tmp_path):
    import undercurrent.extract.events as events_module

    def failing(*_a, **_k):
        raise RuntimeError("injected fault")

    monkeypatch.setattr(events_module, "extract_events", failing)
    r = ingest_client.post("/api/v1/documents", json={"text": XI_TEXT}, headers={"Authorization": "Bearer s3cret"})
    assert r.status_code == 422
    assert r.json()["error"].startswith("not stored: extraction failed (RuntimeError: injected fault")
    store = Store.open(ingest_client.app.state.settings.db_url)
    assert store.count("rejections") == 1 and store.count("documents") == 0  # as `undercurrent ingest` records it
    store.dispose()


# --------------------------------------------------------------------------- serving


def test_web_bind_rules():
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4")
    with pytest.raises(UsageError, match="UNDERCURRENT_TOKEN"):
        check_bind("0.0.0.0", None, False)
    check_bind("0.0.0.0", "tok", False)
    with pytest.raises(UsageError):
        check_bind("127.0.0.1", None, True)


def test_web_get_once(db_path):
    app = create_app(load_settings(env={}, db_url=f"sqlite:///{db_path}"))
    ok = get_once(app, "/api/v1/pairs?limit=1")
    assert ok.status_line == "HTTP/1.1 200 OK" and b'"next_offset":1' in ok.body
    assert get_once(app, "/nope").status == 404
    with pytest.raises(UsageError):
        get_once(app, "api/v1/pairs")


def test_web_serve_command(db_path, monkeypatch):
    from typer.testing import CliRunner

    from undercurrent.cli import app

    monkeypatch.delenv("UNDERCURRENT_TOKEN", raising=False)
    runner = CliRunner()
    ok = runner.invoke(app, ["serve", "--db", str(db_path), "--get", "/api/v1/pairs"])
    assert ok.exit_code == 0 and ok.output.startswith("HTTP/1.1 200 OK")
    missing = runner.invoke(app, ["serve", "--db", str(db_path), "--get", "/document/nope"])
    assert missing.exit_code == 1 and missing.output.startswith("HTTP/1.1 404 Not Found")
    exposed = runner.invoke(app, ["serve", "--db", str(db_path), "--host", "0.0.0.0"])
    assert exposed.exit_code == 2


def test_web_store_opened_by_app_is_migrated(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    create_app(load_settings(env={}, db_url=url))
    store = Store.open(url)
    with store.engine.connect() as conn:
        names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM schema_migrations")}
    assert "0003_search" in names and store.count("documents") == 0
    store.dispose()
