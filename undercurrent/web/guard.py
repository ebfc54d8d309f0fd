"""Who may ask: the bind rule, the Host check and the token, in front of every route.

Threat model (docs/web.md, "Who can read the store"): a server on loopback without a token
trusts everyone on this machine, but not web pages in this machine's browser; a page can point
its own host name at 127.0.0.1 (DNS rebinding) and read what the server answers, so a request
whose Host is not a name of this server is refused. A server other machines can reach needs a
token, and then every route but the static files needs it: ``Authorization: Bearer TOKEN`` from
programs, and for a person's browser ``?token=TOKEN`` once, which sets an HttpOnly SameSite=Strict
cookie and redirects to the same address without the token. Writes need the header itself: a
cookie is sent by the browser on its own, the header only by whoever knows the token.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode

from starlette.requests import Request
from starlette.responses import Response

from ..errors import UsageError

# Host names that only ever mean this machine.
LOOPBACK_NAMES = frozenset({"localhost", "ip6-localhost", "localhost.localdomain"})
# The query parameter a person's first visit carries the token in, and the cookie it turns into.
TOKEN_PARAM = "token"
SESSION_COOKIE = "undercurrent_session"
# Paths served to anyone whose Host is right: the stylesheet and scripts (no store data in them).
OPEN_PREFIX = "/static/"

Refuse = Callable[[Request, int, str, dict[str, str]], Response]


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address ``host`` spells, read as the socket layer reads it ("127.1" is 127.0.0.1)."""
    host = host.strip().strip("[]")
    if not host:
        return None
    try:
        infos = socket.getaddrinfo(host.split("%", 1)[0], None, flags=socket.AI_NUMERICHOST)
    except (OSError, UnicodeError, ValueError):
        return None
    ip = ipaddress.ip_address(infos[0][4][0])
    return (ip.ipv4_mapped or ip) if isinstance(ip, ipaddress.IPv6Address) else ip


def canonical_host(host: str) -> str:
    """One spelling per host: an address in its short form, a name in lower case without a final dot.

    Example:
        >>> canonical_host("127.1"), canonical_host("[0:0::1]"), canonical_host("News.Example.")
        ('127.0.0.1', '::1', 'news.example')
    """
    ip = _ip(host)
    return str(ip) if ip is not None else host.strip().rstrip(".").lower()


def is_loopback(host: str) -> bool:
    """True when ``host`` only accepts connections from this machine.

    Example:
        >>> is_loopback("127.0.0.1"), is_loopback("127.1"), is_loopback("::1"), is_loopback("0.0.0.0")
        (True, True, True, False)
    """
    if canonical_host(host) in LOOPBACK_NAMES:
        return True
    ip = _ip(host)
    return ip is not None and ip.is_loopback


def is_wildcard(host: str) -> bool:
    """True for the addresses that mean "every interface" (0.0.0.0, ::)."""
    ip = _ip(host)
    return ip is not None and ip.is_unspecified


def check_bind(host: str, token: str | None, allow_ingest: bool) -> None:
    """Refuse settings that would expose the store without a token.

    Raises:
        UsageError: a non-loopback host without a token, or ingest allowed without a token.
    """
    if not is_loopback(host) and not token:
        raise UsageError(
            f"refusing to serve on {host} without a token: other machines could read the store; "
            "set UNDERCURRENT_TOKEN (then every page and API call needs it) or bind 127.0.0.1"
        )
    if allow_ingest and not token:
        raise UsageError("--allow-ingest needs a token: set UNDERCURRENT_TOKEN")


def _machine_names() -> set[str]:
    """This machine's own addresses and host name: what a client of a wildcard bind may put in Host."""
    import psutil

    names = {socket.gethostname().lower()}
    for addresses in psutil.net_if_addrs().values():
        for a in addresses:
            if a.family in (socket.AF_INET, socket.AF_INET6):
                names.add(canonical_host(a.address.split("%", 1)[0]))
    return names


@dataclass(frozen=True, slots=True)
class HostRule:
    """The host names a server answers to; loopback spellings too when it listens on loopback."""

    names: frozenset[str]
    loopback: bool

    def allows(self, header: str) -> bool:
        """Whether a request's Host header (with or without a port) names this server.

        Example:
            >>> rule = host_rule("127.0.0.1")
            >>> rule.allows("127.0.0.1:8000"), rule.allows("localhost"), rule.allows("evil.example:8000")
            (True, True, False)
        """
        host = _host_part(header)
        if not host:
            return False
        return canonical_host(host) in self.names or (self.loopback and is_loopback(host))


def _host_part(header: str) -> str:
    header = header.strip()
    if header.startswith("["):
        end = header.find("]")
        return header[1:end] if end > 0 else ""
    if header.count(":") == 1:
        return header.split(":", 1)[0]
    return header


def host_rule(bind: str, also: Iterable[str] = ()) -> HostRule:
    """What Host a server bound to ``bind`` answers to, plus the names in ``also`` (a proxy's, a DNS name).

    A loopback bind answers to every loopback spelling (127.0.0.1, localhost, ::1); a wildcard
    bind (0.0.0.0, ::) to those and to this machine's addresses and host name; any other bind to
    its own name or address.
    """
    names = {canonical_host(bind)} | {canonical_host(n) for n in also if n.strip()}
    if is_wildcard(bind):
        return HostRule(frozenset(names | _machine_names()), loopback=True)
    return HostRule(frozenset(names), loopback=is_loopback(bind))


def session_value(token: str) -> str:
    """The cookie's value: derived from the token, so a cookie is not the token."""
    return hmac.new(token.encode("utf-8"), b"undercurrent web session v1", hashlib.sha256).hexdigest()


def bearer_matches(header: str, token: str) -> bool:
    """Whether an Authorization header carries ``token`` (the scheme in any case, as RFC 9110 allows).

    Example:
        >>> bearer_matches("bearer s3cret", "s3cret"), bearer_matches("Bearer nope", "s3cret")
        (True, False)
    """
    scheme, _, value = header.strip().partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(value.strip().encode("utf-8"), token.encode("utf-8"))


def local_path(request: Request) -> str:
    """The request's path as sent, with one leading slash: "//host" or "/\\host" would leave this server."""
    raw = request.scope.get("raw_path") or quote(request.url.path).encode("ascii")
    return "/" + raw.decode("latin-1").lstrip("/\\")


def query_without_token(request: Request) -> list[tuple[str, str]]:
    return [(k, v) for k, v in parse_qsl(request.url.query, keep_blank_values=True) if k != TOKEN_PARAM]


def address_without_token(request: Request) -> str:
    """The path and query of ``request`` on this server, the token parameter left out."""
    rest = query_without_token(request)
    return local_path(request) + ("?" + urlencode(rest) if rest else "")


class Guard:
    """ASGI middleware: security headers on every answer, the Host check, the token, HEAD as GET.

    Also refuses an address holding a NUL character, which no route could use.
    """

    def __init__(self, app: Any, *, hosts: HostRule, token: str | None, refuse: Refuse,
                 headers: dict[str, str]) -> None:
        self.app = app
        self.hosts = hosts
        self.token = token
        self.refuse = refuse
        self.headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = self._with_headers(send, drop_body=scope["method"] == "HEAD")
        if scope["method"] == "HEAD":  # answered as GET, without the body
            scope = {**scope, "method": "GET"}
        request = Request(scope)
        answer = self._check(request)
        if answer is None:
            await self.app(scope, receive, send)
        else:
            await answer(scope, receive, send)

    def _check(self, request: Request) -> Response | None:
        host = request.headers.get("host", "")
        if not self.hosts.allows(host):
            return self.refuse(request, 400, f"This server does not answer to the host name {_host_part(host)!r}.", {})
        if "\x00" in request.url.path or "\x00" in unquote(request.url.query):
            # No address holds one, and PostgreSQL refuses it in a query parameter.
            return self.refuse(request, 400, "The address holds a NUL character (%00).", {})
        if self.token is None or request.url.path.startswith(OPEN_PREFIX):
            return None
        offered = request.query_params.get(TOKEN_PARAM)
        if offered is not None and request.method == "GET":  # a visit; a write needs the header
            if not hmac.compare_digest(offered.encode("utf-8"), self.token.encode("utf-8")):
                return self._unauthorised(request, "That is not this server's token.")
            return self._grant(request)
        cookie = request.cookies.get(SESSION_COOKIE, "")
        if bearer_matches(request.headers.get("authorization", ""), self.token) or (
            cookie and hmac.compare_digest(cookie.encode("utf-8"), session_value(self.token).encode("utf-8"))
        ):
            return None
        return self._unauthorised(request, "This server needs its token.")

    def _unauthorised(self, request: Request, message: str) -> Response:
        return self.refuse(request, 401, message, {"WWW-Authenticate": "Bearer"})

    def _grant(self, request: Request) -> Response:
        """Set the session cookie and send the browser to the same address without the token."""
        response = Response(status_code=303, headers={"Location": address_without_token(request),
                                                      "Cache-Control": "no-store"})
        response.set_cookie(SESSION_COOKIE, session_value(self.token or ""), httponly=True, samesite="strict",
                            secure=request.url.scheme == "https", path="/")
        return response

    def _with_headers(self, send: Any, drop_body: bool) -> Callable[[dict[str, Any]], Awaitable[None]]:
        async def wrapped(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            elif message["type"] == "http.response.body" and drop_body:
                message = {**message, "body": b""}
            await send(message)

        return wrapped
