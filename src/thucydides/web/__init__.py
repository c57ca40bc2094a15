"""The local web UI: `thucydides serve --db FILE` (or `serve(db)` from Python).

Server-rendered pages over a database opened read-only for each request (overview, events,
documents with their annotations highlighted, dyads, network, map, the relations ledger when
that module is present) and a JSON API under /api/ described at /api and /openapi.json. Every
asset is in the package: the UI works offline. It binds 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import logging
from pathlib import Path

from .app import create_app
from .ui import LOOPBACK

__all__ = ["create_app", "serve"]

log = logging.getLogger("thucydides.web")


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8000, *, log_level: str = "info") -> None:
    """Serve the UI over the database at `db` until interrupted (Ctrl+C)."""
    import uvicorn

    everywhere = host in ("0.0.0.0", "::", "")
    if host not in LOOPBACK:
        log.warning("serving on %s: anyone who can reach this machine can read the database", host)
    allowed = ["*"] if everywhere else [*LOOPBACK, "[::1]", host]
    app = create_app(db, allowed_hosts=allowed)
    shown = "127.0.0.1" if everywhere else host
    print(f"Thucydides UI over {db}: http://{shown}:{port}/  (Ctrl+C to stop)", flush=True)
    uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False, proxy_headers=False)
