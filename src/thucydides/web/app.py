"""The web application: the FastAPI app over one database, its security middleware and error pages.

The pieces it assembles live beside it: ui.py (the WebUI state, page cache, template environment and
helpers shared by the routes), routes.py (pages and JSON API), downloads.py (CSV/JSON downloads).
"""

from __future__ import annotations

import errno
import logging
import socket
from collections.abc import Iterable
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware

from .. import __version__
from ..errors import Codes, ThucydidesError
from . import review as review_pages
from . import routes
from .ui import HERE, LOOPBACK, SECURITY_HEADERS, WebUI, api_error

log = logging.getLogger("thucydides.web")

WILDCARDS = ("0.0.0.0", "::", "")


def allowed_host_names(host: str, extra: Iterable[str] = ()) -> list[str]:
    """The Host header values the UI answers: the loopback names, the address it binds unless that
    is a wildcard (0.0.0.0, ::), and the names a user exposes it under (`--allowed-host`). Never
    "*", whatever the interface: a page on another site must not reach the UI through a name of its
    own that resolves here (DNS rebinding)."""
    names = [*LOOPBACK, "[::1]"]
    for name in ([] if host in WILDCARDS else [host]) + list(extra):
        name = name.strip().lower()
        if name == "*":
            raise ThucydidesError(Codes.E403, "'*' would turn the Host check off (DNS rebinding): name the hosts")
        names.append(f"[{name}]" if ":" in name and not name.startswith("[") else name)
    return list(dict.fromkeys(names))


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to (host, port) for the server, or THU-E406 saying why it cannot be (a port
    already in use, an address that is not this machine's)."""
    where = f"{host or '*'}:{port}"
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    except (OSError, UnicodeError) as error:
        raise ThucydidesError(Codes.E406, f"cannot listen on {where}: {error}") from None
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does: not TIME_WAIT
        sock.bind(address)
    except OSError as error:
        sock.close()
        if error.errno == errno.EADDRINUSE:
            reason = f"port {port} is already in use (another `thucydides serve`?): stop it or choose another --port"
        elif error.errno == errno.EADDRNOTAVAIL:
            reason = f"{host} is not an address of this machine"
        elif error.errno == errno.EACCES:
            reason = "permission denied (ports below 1024 need privileges): choose another --port"
        else:
            reason = str(error)
        raise ThucydidesError(Codes.E406, f"cannot listen on {where}: {reason}") from None
    sock.set_inheritable(True)
    return sock


def create_app(db: str | Path, *, allowed_hosts: list[str] | None = None, cache_pages: int = 64,
               review: bool = False) -> FastAPI:
    """The web UI over the database at `db` (which may not exist yet: the pages then say so). With
    `review`, researchers can correct readings (web/review.py): loopback names only."""
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
    if review and any(h not in (*LOOPBACK, "[::1]") for h in hosts):
        raise ThucydidesError(Codes.E403, "review mode answers on the loopback interface only (127.0.0.1)")
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
    review_pages.add_review(app, ui, enabled=review)
    return app
