"""Who may ask: the bind rule, the Host check (DNS rebinding), the token on every route, HEAD."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from tests.report_corpus import pid
from tests.test_web_api import LOCAL, PAGES, db_path  # noqa: F401 - db_path is a fixture

from undercurrent.config import load_settings
from undercurrent.errors import UsageError
from undercurrent.web.app import create_app
from undercurrent.web.guard import SESSION_COOKIE, canonical_host, host_rule, session_value
from undercurrent.web.serve import check_bind, get_once, is_loopback

TOKEN = "s3cret-token"
API_GETS = ["/api/v1/documents", "/api/v1/actors", f"/api/v1/actors/{pid('Sergei Shoigu')}", "/api/v1/events",
            "/api/v1/pairs", "/api/v1/pairs/RUS/CHN", "/api/v1/meetings", "/api/v1/search?q=putin",
            "/api/v1/openapi.json", "/api/v1/"]


@pytest.fixture(scope="module")
def db_url(db_path):  # noqa: F811
    return f"sqlite:///{db_path}"


@pytest.fixture(scope="module")
def guarded(db_url):
    """A server for other machines: 0.0.0.0 with a token."""
    app = create_app(load_settings(env={}, db_url=db_url), token=TOKEN, host="0.0.0.0")
    with TestClient(app, base_url=LOCAL) as c:
        yield c


@pytest.fixture(scope="module")
def loopback(db_url):
    app = create_app(load_settings(env={}, db_url=db_url))
    with TestClient(app, base_url=LOCAL) as c:
        yield c


# --------------------------------------------------------------------------- token on every route


@pytest.mark.parametrize("path", PAGES + API_GETS)
def test_web_guard_token_guards_every_page_and_api_call(guarded, path):
    guarded.cookies.clear()
    r = guarded.get(path)
    assert r.status_code == 401, path
    assert r.headers["www-authenticate"] == "Bearer"
    assert "Xi Jinping" not in r.text and "Shoigu" not in r.text
    assert guarded.get(path, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200, path


def test_web_guard_page_asks_for_the_token_with_a_form(guarded):
    guarded.cookies.clear()
    r = guarded.get("/pair/RUS/CHN", params={"type": "AID", "token": "wrong"})
    assert r.status_code == 401 and r.headers["content-type"].startswith("text/html")
    assert "not this server&#39;s token" in r.text and SESSION_COOKIE not in r.headers.get("set-cookie", "")
    assert '<form method="get" action="/pair/RUS/CHN"' in r.text
    assert '<input type="hidden" name="type" value="AID">' in r.text  # the filters survive the login
    assert 'type="password" name="token"' in r.text and "wrong" not in r.text
    api = guarded.get("/api/v1/pairs")
    assert api.json() == {"error": "This server needs its token.", "status": 401}


def test_web_guard_bearer_scheme_in_any_case(guarded):
    guarded.cookies.clear()
    for scheme in ("Bearer", "bearer", "BEARER"):
        assert guarded.get("/api/v1/pairs", headers={"Authorization": f"{scheme} {TOKEN}"}).status_code == 200
    for wrong in (f"Basic {TOKEN}", "Bearer", f"Bearer {TOKEN}x", TOKEN):
        assert guarded.get("/api/v1/pairs", headers={"Authorization": wrong}).status_code == 401, wrong


def test_web_guard_token_in_the_address_once_sets_a_strict_cookie(guarded):
    guarded.cookies.clear()
    r = guarded.get("/pair/RUS/CHN", params={"type": "AID", "token": TOKEN}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/pair/RUS/CHN?type=AID"
    cookie = r.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}={session_value(TOKEN)};")
    assert TOKEN not in cookie  # the cookie is derived from the token, not the token
    assert {"httponly", "path=/", "samesite=strict"} <= {p.strip().lower() for p in cookie.split(";")}
    assert r.headers["cache-control"] == "no-store"
    assert guarded.get("/pair/RUS/CHN").status_code == 200  # the client kept the cookie
    assert guarded.get("/api/v1/pairs").status_code == 200
    guarded.cookies.set(SESSION_COOKIE, TOKEN)  # the token itself is not a session
    assert guarded.get("/").status_code == 401
    guarded.cookies.clear()


def test_web_guard_redirect_stays_on_this_server(guarded):
    for path in ("//evil.example/x", "/\\evil.example/x"):
        r = guarded.get(f"{LOCAL}{path}?token={TOKEN}", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/") and not r.headers["location"].startswith(
            ("//", "/\\")), path
    guarded.cookies.clear()


def test_web_guard_static_files_need_no_token(guarded):
    guarded.cookies.clear()
    for path in ("/static/app.css", "/static/charts.js", "/static/plotly.min.js"):
        assert guarded.get(path).status_code == 200, path


def test_web_guard_cookie_does_not_allow_writes(db_url, tmp_path):
    settings = load_settings(env={}, db_url=f"sqlite:///{tmp_path / 'w.db'}", model="sm")
    app = create_app(settings, allow_ingest=True, token=TOKEN)
    with TestClient(app, base_url=LOCAL) as c:
        c.get("/", params={"token": TOKEN})
        assert c.get("/api/v1/documents").status_code == 200
        r = c.post("/api/v1/documents", json={"text": "Xi Jinping met Vladimir Putin in Moscow."})
        assert r.status_code == 401 and "Authorization: Bearer" in r.json()["error"]
        c.cookies.clear()
        in_address = c.post("/api/v1/documents", params={"token": TOKEN}, json={"text": "Xi Jinping met Putin."},
                            follow_redirects=False)
        assert in_address.status_code == 401  # no redirect for a write, and no cookie


# --------------------------------------------------------------------------- Host check


def test_web_guard_loopback_server_refuses_other_host_names(loopback):
    for host in ("127.0.0.1:8000", "localhost:8000", "LOCALHOST", "[::1]:8000", "127.1", "localhost."):
        assert loopback.get("/api/v1/pairs", headers={"Host": host}).status_code == 200, host
    for host in ("evil.example", "evil.example:8000", "127.0.0.1.evil.example", "localhost.evil.example", "",
                 "192.0.2.7:8000"):
        r = loopback.get("/api/v1/pairs", headers={"Host": host})
        assert r.status_code == 400, host
        assert "does not answer to the host name" in r.json()["error"]
    page = loopback.get("/", headers={"Host": "rebound.example"})
    assert page.status_code == 400 and "Pairs" not in page.text
    assert loopback.get("/static/app.css", headers={"Host": "rebound.example"}).status_code == 400


def test_web_guard_host_rules():
    own = host_rule("192.0.2.7")
    assert own.allows("192.0.2.7:8000") and not own.allows("127.0.0.1") and not own.allows("evil.example")
    named = host_rule("127.0.0.1", ["news.example.org"])
    assert named.allows("News.Example.Org:443") and named.allows("127.0.0.1") and not named.allows("example.org")
    wildcard = host_rule("0.0.0.0")
    assert wildcard.allows("127.0.0.1:8000") and wildcard.allows("localhost") and not wildcard.allows("evil.example")
    assert canonical_host("[::ffff:127.0.0.1]") == "127.0.0.1"


def test_web_guard_allowed_hosts_setting(db_url):
    settings = load_settings(env={"UNDERCURRENT_ALLOWED_HOSTS": "news.example.org, proxy.example"}, db_url=db_url)
    with TestClient(create_app(settings), base_url="http://news.example.org") as c:
        assert c.get("/api/v1/pairs").status_code == 200
        assert c.get("/api/v1/pairs", headers={"Host": "proxy.example:8080"}).status_code == 200
        assert c.get("/api/v1/pairs", headers={"Host": "other.example"}).status_code == 400


# --------------------------------------------------------------------------- bind rule, HEAD, --get


def test_web_guard_bind_rule():
    assert is_loopback("127.1") and is_loopback("127.0.0.2") and is_loopback("localhost") and is_loopback("[::1]")
    assert not is_loopback("0.0.0.0") and not is_loopback("::") and not is_loopback("192.0.2.7")
    check_bind("127.1", None, False)
    with pytest.raises(UsageError, match="refusing to serve on 0.0.0.0 without a token.*UNDERCURRENT_TOKEN"):
        check_bind("0.0.0.0", None, False)
    with pytest.raises(UsageError, match="UNDERCURRENT_TOKEN"):
        create_app(load_settings(env={}, db_url="sqlite:///:memory:"), host="192.0.2.7")


def test_web_guard_head_answers_like_get_without_a_body(loopback, guarded):
    for path in ("/", "/api/v1/pairs", "/static/app.css", "/pair/RUS/CHN"):
        get, head = loopback.get(path), loopback.head(path)
        assert head.status_code == 200 and head.content == b"", path
        assert head.headers["content-length"] == get.headers["content-length"], path
        assert head.headers["content-security-policy"] == get.headers["content-security-policy"]
    assert loopback.head("/document/nope").status_code == 404
    guarded.cookies.clear()
    assert guarded.head("/").status_code == 401
    assert guarded.head("/", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_web_guard_get_once_sends_host_and_token(db_url):
    app = create_app(load_settings(env={}, db_url=db_url), token=TOKEN, host="::")
    assert get_once(app, "/api/v1/pairs", host="::").status == 401
    assert get_once(app, "/api/v1/pairs", host="::", token=TOKEN).status == 200


def test_web_guard_serve_command_hosts_and_token(db_url, monkeypatch):
    from typer.testing import CliRunner

    from undercurrent.cli import app

    db = db_url.removeprefix("sqlite:///")
    runner = CliRunner()
    monkeypatch.delenv("UNDERCURRENT_TOKEN", raising=False)
    short = runner.invoke(app, ["serve", "--db", db, "--host", "127.1", "--get", "/api/v1/pairs"])
    assert short.exit_code == 0 and short.output.startswith("HTTP/1.1 200 OK")
    exposed = runner.invoke(app, ["serve", "--db", db, "--host", "0.0.0.0"])
    assert exposed.exit_code == 2 and "without a token" in exposed.output
    monkeypatch.setenv("UNDERCURRENT_TOKEN", TOKEN)
    ok = runner.invoke(app, ["serve", "--db", db, "--host", "0.0.0.0", "--get", "/api/v1/pairs"])
    assert ok.exit_code == 0 and ok.output.startswith("HTTP/1.1 200 OK")
    named = runner.invoke(app, ["serve", "--db", db, "--host", "192.0.2.7", "--allowed-host", "news.example.org",
                                "--get", "/api/v1/pairs"])
    assert named.exit_code == 0, named.output
