"""The web application: the FastAPI app over one database, its security middleware and error pages.

The pieces it assembles live beside it: ui.py (the WebUI state, page cache, template environment and
helpers shared by the routes), routes.py (pages and JSON API), downloads.py (CSV/JSON downloads).
"""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware

from .. import __version__
from ..errors import ThucydidesError
from . import routes
from .ui import HERE, LOOPBACK, SECURITY_HEADERS, WebUI, api_error

log = logging.getLogger("thucydides.web")


def create_app(db: str | Path, *, allowed_hosts: list[str] | None = None, cache_pages: int = 64) -> FastAPI:
    """The web UI over the database at `db` (which may not exist yet: the pages then say so)."""
    ui = WebUI(db, cache_pages)
    app = FastAPI(
        title="Thucydides",
        version=__version__,
        description="Read-only JSON API over a Thucydides event database. Every list takes the same "
        "filters as `thucydides events` and answers {\"<items>\": [...], \"total\": N}.",
        docs_url=None,  # Swagger UI and ReDoc load from a CDN: /api documents the API offline instead
        redoc_url=None,
    )
    app.state.ui = ui
    # A page on another site must not reach this server through a name that resolves to
    # 127.0.0.1 (DNS rebinding): only the names it serves under are accepted.
    hosts = allowed_hosts or [*LOOPBACK, "[::1]"]
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts)
    app.add_middleware(GZipMiddleware, minimum_size=2048)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):  # noqa: ANN001
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException):  # noqa: ANN001
        if request.url.path.startswith("/api/"):
            return api_error(error.status_code, "not_found" if error.status_code == 404 else "http_error",
                             str(error.detail))
        title = "Not found" if error.status_code == 404 else "Request refused"
        return ui.message(request, error.status_code, title, str(error.detail))

    @app.exception_handler(ThucydidesError)
    async def thucydides_error(request: Request, error: ThucydidesError):  # noqa: ANN001
        log.warning("%s %s: %s", request.method, request.url.path, error)
        if request.url.path.startswith("/api/"):
            return api_error(400, error.code, error.message)
        return ui.message(request, 400, "That request cannot be answered", error.message, code=error.code)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, error: Exception):  # noqa: ANN001
        # The traceback goes to the server's log, never to the page.
        log.error("%s %s failed", request.method, request.url.path, exc_info=error)
        if request.url.path.startswith("/api/"):
            return api_error(500, "internal_error", "internal error (logged by the server)")
        return ui.message(request, 500, "Something went wrong",
                          "The server logged the error. Try again, or report it with the server's log.")

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    routes.add_routes(app, ui)
    return app
