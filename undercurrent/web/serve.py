"""Running the workbench: uvicorn, and an in-process GET for smoke checks (the bind rule is in guard.py)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

from ..errors import UsageError
from .guard import check_bind, is_loopback

__all__ = ["Reply", "check_bind", "get_once", "is_loopback", "run"]


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def status_line(self) -> str:
        try:
            phrase = HTTPStatus(self.status).phrase
        except ValueError:
            phrase = ""
        return f"HTTP/1.1 {self.status} {phrase}".rstrip()


def get_once(app: Any, path: str, host: str = "127.0.0.1", token: str | None = None) -> Reply:
    """GET ``path`` from the ASGI ``app`` in this process (no socket, no HTTP client).

    The request names ``host`` (the address the app serves) and carries ``token`` when given.

    Example:
        >>> get_once(create_app(settings), "/api/v1/pairs").status  # doctest: +SKIP
        200
    """
    if not path.startswith("/"):
        raise UsageError(f"--get takes a path starting with /, got {path!r}")
    parts = urlsplit(path)
    name = f"[{host}]" if ":" in host and not host.startswith("[") else host
    request_headers = [(b"host", name.encode("idna"))]
    if token:
        request_headers.append((b"authorization", f"Bearer {token}".encode("utf-8")))
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
        "path": parts.path, "raw_path": parts.path.encode("utf-8"), "query_string": parts.query.encode("utf-8"),
        "root_path": "", "headers": request_headers, "client": ("127.0.0.1", 0),
        "server": ("127.0.0.1", 80),
    }
    status = 500
    headers: list[tuple[str, str]] = []
    body = bytearray()
    sent_request = False

    async def receive() -> dict[str, Any]:
        nonlocal sent_request
        if not sent_request:
            sent_request = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Event().wait()  # the client never disconnects first
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
            headers.extend((k.decode("latin-1"), v.decode("latin-1")) for k, v in message.get("headers", []))
        elif message["type"] == "http.response.body":
            body.extend(message.get("body", b""))

    async def call() -> None:
        try:
            await app(scope, receive, send)
        except Exception:  # noqa: BLE001 - the error page was already sent; the app logged the cause
            if not body and status == 500:
                body.extend(b"internal error")

    asyncio.run(call())
    return Reply(status, headers, bytes(body))


def run(app: Any, host: str, port: int) -> None:
    """Serve ``app`` with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False, proxy_headers=False)
