"""The FastAPI application: server-rendered pages and a JSON API over one database, read-only.

The database is opened for each request and closed after it, never held: DuckDB lets no process
open a file for writing while another holds it, so a UI keeping it open would stop `thucydides run`.
While a run holds the file (THU-E301) a page the UI has shown before is served again from memory,
marked as such; others say that a run is writing and refresh themselves.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from .. import __version__
from ..errors import Codes, QueryError, StoreError
from ..review import corrections_path, open_corrected
from ..store import Store
from . import charts, filters
from .data import NotFound
from .documents import mark_triggers, trigger_offset

log = logging.getLogger("thucydides.web")

HERE = Path(__file__).parent
LOOPBACK = ("127.0.0.1", "localhost", "::1")
NOTICE_MARK = "<!--thucydides:notice-->"
# Nothing a page shows may run as script: scripts and styles come from /static only, so even a
# value that escaped escaping could not execute. Data for scripts travels as JSON blocks.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class PageCache:
    """The last good rendering of recently shown pages, served while a run locks the database."""

    def __init__(self, size: int = 64, max_bytes: int = 2_000_000):
        self.size = size
        self.max_bytes = max_bytes
        self._pages: OrderedDict[str, tuple[bytes, str, float]] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, key: str, body: bytes, media_type: str) -> None:
        if self.size <= 0 or len(body) > self.max_bytes:
            return
        with self._lock:
            self._pages[key] = (body, media_type, time.time())
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)

    def get(self, key: str) -> tuple[bytes, str, float] | None:
        with self._lock:
            return self._pages.get(key)


def database_signature(path: str) -> tuple[tuple[int, int] | None, ...]:
    """What changes whenever a run commits (the file, or its write-ahead log) or a researcher
    records a correction (the corrections file beside it)."""
    found = []
    for name in (path, path + ".wal", str(corrections_path(path))):
        try:
            stat = os.stat(name)
            found.append((stat.st_mtime_ns, stat.st_size))
        except OSError:
            found.append(None)
    return tuple(found)


class Memo:
    """Small results (counts) remembered while the database file is unchanged: paging through a
    filter that matches a million events counts them once."""

    def __init__(self, size: int = 256):
        self.size = size
        self._values: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, path: str, key: Any, compute: Callable[[], Any]) -> Any:
        full = (database_signature(path), key)
        with self._lock:
            if full in self._values:
                self._values.move_to_end(full)
                return self._values[full]
        value = compute()
        with self._lock:
            self._values[full] = value
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value


def relations_available() -> bool:
    try:
        return importlib.util.find_spec("thucydides.relations") is not None
    except (ImportError, ValueError):
        return False


# ------------------------------------------------------------------ template helpers


def doc_url(doc_id: str) -> str:
    # Document ids are paths ("feeds/x.xml#12"): every character but '/' is percent-encoded.
    return "/documents/" + quote(str(doc_id), safe="/")


def event_url(event_id: str) -> str:
    return "/events/" + quote(str(event_id), safe="")


def dyad_url(a: str, b: str, pairs: Any = None) -> str:
    """A dyad's page; `pairs`: the filters it keeps (query-string pairs)."""
    url = f"/dyads/{quote(str(a), safe='')}/{quote(str(b), safe='')}"
    kept = filters.query_string([(k, v) for k, v in (pairs or []) if k != "dyad"])
    return url + ("?" + kept if kept else "")


def evidence_url(doc_id: str, sentence_index: Any, event_id: str | None = None) -> str:
    """The sentence in its document; with the event, whose trigger the page marks as this one."""
    marked = "?" + filters.query_string([("event", event_id)]) if event_id else ""
    return f"{doc_url(doc_id)}{marked}#s-{sentence_index}"


def safe_link(url: str | None) -> str | None:
    """Only http(s) links from articles become clickable (never javascript: or data:)."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def _number(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return charts.format_number(value)
    return f"{value:,}"


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def _signed(value: float | None) -> str:
    return "–" if value is None else f"{value:+.1f}"


def split_trigger(text: str, trigger: str | None) -> tuple[str, str, str]:
    """The evidence sentence cut around its trigger word, to mark it."""
    found = trigger_offset(text, 0, len(text), trigger)
    if found is None:
        return text, "", ""
    return text[: found[0]], text[found[0] : found[1]], text[found[1] :]


def page_window(current: int, pages: int, around: int = 2) -> list[int | None]:
    """Page numbers to offer: the first, the last and a few around the current one (None = a gap)."""
    shown = sorted({1, pages, *range(max(1, current - around), min(pages, current + around) + 1)})
    out: list[int | None] = []
    for number in shown:
        if out and number - (out[-1] or 0) > 1:
            out.append(None)
        out.append(number)
    return out


def _plural(count: Any, word: str, many: str | None = None) -> str:
    """"1 document", "2 documents" (the number formatted)."""
    return f"{_number(count)} {word if count == 1 else (many or word + 's')}"


def make_environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every value from an article is escaped, in text and in attributes
        undefined=jinja2.Undefined,  # a missing optional field renders empty, it does not fail the page
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(num=_number, pct=_percent, signed=_signed, plural=_plural,
                       goldstein_colour=charts.goldstein_colour)
    env.globals.update(
        doc_url=doc_url,
        event_url=event_url,
        dyad_url=dyad_url,
        safe_link=safe_link,
        split_trigger=split_trigger,
        mark_triggers=mark_triggers,
        evidence_url=evidence_url,
        sort_link=filters.sort_link,
        page_window=page_window,
        qs=filters.query_string,
        quad_names=filters.QUAD_NAMES,
        precision_labels=filters.PRECISION_LABELS,
        version=__version__,
    )
    return env


# ------------------------------------------------------------------ the application


class WebUI:
    """What every route shares: the database path, templates and the page cache."""

    def __init__(self, db: str | Path, cache_pages: int = 64):
        self.db = str(db)
        self.env = make_environment()
        self.cache = PageCache(cache_pages)
        self.memo = Memo(256 if cache_pages else 0)
        self.has_ledger = relations_available()

    def remember(self, key: Any, compute: Callable[[], Any]) -> Any:
        if self.memo.size <= 0:
            return compute()
        return self.memo.get(self.db, key, compute)

    def open(self) -> Store:
        """The database, read-only and with its corrections applied, for one request (the caller closes it)."""
        return open_corrected(self.db)

    @contextmanager
    def reader(self) -> Iterator[Store]:
        store = self.open()
        try:
            yield store
        finally:
            store.close()

    def render(self, request: Request, template: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
        body = self.env.get_template(template).render(self._common(request) | context)
        return HTMLResponse(body, status_code=status)

    def _common(self, request: Request) -> dict[str, Any]:
        return {
            "request_path": request.url.path,
            "db_name": Path(self.db).name,
            "db_path": self.db,
            "has_ledger": self.has_ledger,
            "notice": None,
        }

    def message(self, request: Request, status: int, title: str, text: str, **extra: Any) -> HTMLResponse:
        return self.render(request, "message.html", {"title": title, "text": text, **extra}, status)

    def page(self, request: Request, template: str, build: Callable[[Store], dict[str, Any]]) -> Response:
        """Build a page's context from the database and render it, with the shared error states."""
        key = _cache_key(request)
        try:
            with self.reader() as store:
                context = build(store)
        except StoreError as error:
            return self.unavailable(request, error, key)
        except NotFound as error:
            return self.message(request, 404, "Not found", str(error))
        except QueryError as error:
            return self.message(request, 400, "That filter cannot be used", error.message, code=error.code)
        status = context.pop("status", 200)
        response = self.render(request, template, context, status)
        if status == 200:
            self.cache.put(key, bytes(response.body), "text/html; charset=utf-8")
        return response

    def unavailable(self, request: Request, error: StoreError, key: str) -> Response:
        if error.code == Codes.E301:
            cached = self.cache.get(key)
            if cached is not None:
                body, media_type, when = cached
                notice = self.env.get_template("_notice.html").render(when=time.strftime("%H:%M:%S", time.localtime(when)))
                return Response(body.replace(NOTICE_MARK.encode(), notice.encode(), 1), 200, media_type=media_type,
                                headers={"Refresh": "10"})
            response = self.message(
                request, 503, "A run is writing this database",
                "`thucydides run` holds the database while it writes; this page has not been shown "
                "since the UI started, so there is no earlier copy to show. It refreshes itself every "
                "10 seconds and appears when the run finishes.",
                code=error.code, refresh=10,
            )
            response.headers["Retry-After"] = "10"
            return response
        if error.code == Codes.E303 and not Path(self.db).exists():
            return self.render(request, "no_database.html", {}, 503)
        log.warning("cannot read %s: %s", self.db, error)
        return self.message(request, 503, "The database cannot be read", error.message, code=error.code)

    # -------------------------------------------------------------- JSON

    def api(self, request: Request, build: Callable[[Store], dict[str, Any]]) -> Response:
        key = _cache_key(request)
        try:
            with self.reader() as store:
                payload = build(store)
        except StoreError as error:
            cached = self.cache.get(key) if error.code == Codes.E301 else None
            if cached is not None:
                body, media_type, when = cached
                return Response(body, 200, media_type=media_type,
                                headers={"X-Thucydides-Stale-Since": time.strftime("%Y-%m-%dT%H:%M:%S",
                                                                                   time.localtime(when))})
            return api_error(503, error.code, error.message)
        except NotFound as error:
            return api_error(404, "not_found", str(error))
        except QueryError as error:
            return api_error(400, error.code, error.message)
        response = JSONResponse(jsonable(payload))
        self.cache.put(key, bytes(response.body), "application/json")
        return response

    def ledger(self, store: Store, **arguments: Any) -> tuple[list[dict[str, Any]], list[str]]:
        """Relation states from thucydides.relations (present in this install: has_ledger), and the
        relation types its rules know."""
        module = importlib.import_module("thucydides.relations")
        found = [_plain(row) for row in module.relation_states(store, **arguments)]
        try:
            types = [rule.id for rule in module.default_rules().ordered()]
        except Exception:  # noqa: BLE001 - the menu is a convenience; the rows are what matters
            log.warning("relation types unavailable", exc_info=True)
            types = []
        return found, types


def _cache_key(request: Request) -> str:
    return request.url.path + ("?" + request.url.query if request.url.query else "")


def _plain(row: Any) -> dict[str, Any]:
    if is_dataclass(row) and not isinstance(row, type):
        return asdict(row)
    if isinstance(row, dict):
        return dict(row)
    if hasattr(row, "_asdict"):
        return row._asdict()
    return dict(vars(row))


def jsonable(value: Any) -> Any:
    """Dates and other values as JSON understands them (ISO text)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float) and value != value:  # NaN is not JSON
        return None
    return value


def api_error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)
