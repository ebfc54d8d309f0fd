"""The web workbench and JSON API: ``create_app`` builds a FastAPI application over one store.

Safe by default: loopback only unless a token is set, and then every route
but the static files needs it; requests naming another host refused (DNS
rebinding); read-only unless started with ingest allowed and a token; a
Content-Security-Policy without inline script; every text escaped by Jinja2;
errors shown without stack traces; static files served from memory.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from importlib import resources

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..config import Settings
from ..errors import ConfigError, InputError, UndercurrentError, UsageError
from .guard import Guard, check_bind, host_rule

log = logging.getLogger(__name__)

API_PREFIX = "/api/v1"
# Every script comes from this server; styles may be inline because plotly.js sets style attributes.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
# Static files, by the only names a request can ask for (no request path reaches the filesystem).
STATIC_FILES = {
    "app.css": "text/css; charset=utf-8",
    "charts.js": "text/javascript; charset=utf-8",
    "document.js": "text/javascript; charset=utf-8",
}
# Browsers may keep static files this long (seconds); they change only with a release.
STATIC_MAX_AGE = 3600


@lru_cache(maxsize=1)
def plotly_js() -> bytes:
    """plotly.js from the installed plotly package (read once)."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs().encode("utf-8")


@lru_cache(maxsize=1)
def _static_files() -> dict[str, bytes]:
    folder = resources.files("undercurrent.web").joinpath("static")
    return {name: folder.joinpath(name).read_bytes() for name in STATIC_FILES}


def create_app(
    settings: Settings, allow_ingest: bool = False, token: str | None = None, host: str = "127.0.0.1"
) -> FastAPI:
    """A FastAPI application over the store at ``settings.db_url``, to be served on ``host``.

    Without a ``token`` only a loopback ``host`` is allowed; with one, every route but
    ``/static/`` needs it (``guard.Guard``). Requests are answered only when their Host names
    this server (``guard.host_rule``: ``host``, its loopback spellings, ``settings.allowed_hosts``).
    ``POST /api/v1/documents`` exists only when ``allow_ingest`` is true and a ``token`` is
    given (clients send it as ``Authorization: Bearer``).

    Raises:
        UsageError: a non-loopback ``host``, or ingest allowed, without a token.

    Example:
        >>> app = create_app(load_settings(db_url="sqlite:///undercurrent.db"))  # doctest: +SKIP
    """
    from ..store import Store
    from ..store.web_queries import open_reader
    from . import api, pages

    check_bind(host, token, allow_ingest)
    store = Store.open(settings.db_url)
    app = FastAPI(
        title="undercurrent",
        description="Read-only JSON API over an undercurrent store: documents, actors, events, pairs, meetings, search.",
        docs_url=None,
        redoc_url=None,
        openapi_url=f"{API_PREFIX}/openapi.json",
    )
    app.state.settings = settings
    app.state.store = store
    app.state.reader = open_reader(settings.db_url)
    app.state.token = token
    app.include_router(pages.router)
    app.include_router(api.router, prefix=API_PREFIX)
    if allow_ingest:
        app.include_router(api.ingest_router, prefix=API_PREFIX)
    hosts = host_rule(host, settings.allowed_hosts.split(","))
    app.add_middleware(Guard, hosts=hosts, token=token, refuse=error_response, headers=SECURITY_HEADERS)

    @app.get("/static/plotly.min.js", include_in_schema=False)
    def _plotly() -> Response:
        return Response(plotly_js(), media_type="text/javascript; charset=utf-8",
                        headers={"Cache-Control": f"public, max-age={STATIC_MAX_AGE}"})

    @app.get("/static/{name}", include_in_schema=False)
    def _static(name: str) -> Response:
        if name not in STATIC_FILES:
            raise StarletteHTTPException(404, "no such file")
        return Response(_static_files()[name], media_type=STATIC_FILES[name],
                        headers={"Cache-Control": f"public, max-age={STATIC_MAX_AGE}"})

    _add_error_handlers(app)
    return app


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX)


def error_response(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """A JSON error under /api, an HTML page elsewhere (401: a form for the token); never a stack trace."""
    if _wants_json(request):
        response: Response = JSONResponse({"error": message, "status": status}, status_code=status)
    else:
        from .guard import TOKEN_PARAM, address_without_token, local_path, query_without_token
        from .pages import render_page

        if status == 401:
            page = render_page("login.html", message=message, path=local_path(request),
                               keep=query_without_token(request), again=address_without_token(request),
                               param=TOKEN_PARAM)
        else:
            page = render_page("error.html", status=status, message=message)
        response = HTMLResponse(page, status_code=status)
    # Set here too: a 500 answered by Starlette's outermost error middleware skips ours.
    response.headers.update(SECURITY_HEADERS)
    response.headers.update(headers or {})
    return response


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request refused"
        if exc.status_code == 404 and message == "Not Found":
            message = "There is no page at this address."
        return error_response(request, exc.status_code, message, dict(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()) if p != 'body')}: {e.get('msg', 'invalid')}" for e in exc.errors()
        )
        return error_response(request, 422 if _wants_json(request) else 400, problems or "invalid request")

    @app.exception_handler(UndercurrentError)
    async def _ours(request: Request, exc: UndercurrentError) -> Response:
        if isinstance(exc, (UsageError, ConfigError)):
            return error_response(request, 400, str(exc))
        if isinstance(exc, InputError):
            return error_response(request, 422, str(exc))
        log.error("request %s failed: %s", request.url.path, exc)
        return error_response(request, 500, "The server could not answer this request.")

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        log.error("request %s failed", request.url.path, exc_info=exc)
        return error_response(request, 500, "The server could not answer this request.")
