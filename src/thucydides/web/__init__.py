"""The local web UI: `thucydides serve --db FILE` (or `serve(db)` from Python).

Server-rendered pages over a database opened read-only for each request (overview, events,
documents with their annotations highlighted, dyads, network, map, the relations ledger when
that module is present) and a JSON API under /api/ described at /api and /openapi.json. Every
asset is in the package: the UI works offline. It binds 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from .app import WILDCARDS, allowed_host_names, create_app, listening_socket
from .ui import LOOPBACK

__all__ = ["create_app", "serve"]

log = logging.getLogger("thucydides.web")


def serve(
    db: str | Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    log_level: str = "info",
    allowed_hosts: Iterable[str] = (),
    review: bool = False,
) -> None:
    """Serve the UI over the database at `db` until interrupted (Ctrl+C).

    Requests must name the server as localhost, the address bound (unless 0.0.0.0 or ::), or one of
    `allowed_hosts`, on every interface. THU-E406 when the port is in use. `review`: researchers can
    correct readings (loopback only).
    """
    import uvicorn

    if review and (host not in LOOPBACK or list(allowed_hosts)):
        from ..errors import Codes, ThucydidesError

        raise ThucydidesError(Codes.E403, "--review serves on 127.0.0.1 only (corrections are written by whoever "
                              "can reach the server)")
    everywhere = host in WILDCARDS
    if host not in LOOPBACK:
        log.warning("serving on %s: anyone who can reach this machine can read the database", host)
    allowed = allowed_host_names(host, allowed_hosts)
    sock = listening_socket(host, port)
    try:
        app = create_app(db, allowed_hosts=allowed, review=review)
        shown = "127.0.0.1" if everywhere else (f"[{host}]" if ":" in host else host)
        print(f"Thucydides UI over {db}: http://{shown}:{port}/  (Ctrl+C to stop)", flush=True)
        if everywhere and not list(allowed_hosts):
            print("Only requests for localhost are answered: add --allowed-host NAME for each name (or IP) "
                  "others reach this machine by.", flush=True)
        config = uvicorn.Config(app, host=host, port=port, log_level=log_level, server_header=False,
                                proxy_headers=False)
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
