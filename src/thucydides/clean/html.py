"""Main text and metadata of an HTML page, with trafilatura."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

from ..errors import Codes, InputError
from .dates import normalise_iso

_TAG_OPEN = re.compile(r"<[A-Za-z]")


@dataclass(frozen=True)
class HtmlLimits:
    """Pages above these sizes are rejected (THU-E112) before any parser builds their tree: a page of
    a million tags would otherwise take minutes and gigabytes in lxml and the extractors."""

    max_elements: int = 100_000
    max_bytes: int = 5_000_000


def html_limits(settings: dict | None = None) -> HtmlLimits:
    """The limits of the [clean] settings (max_html_elements, max_html_bytes; 0 = no limit), from
    `settings` (a loaded settings dict) or the default settings file."""
    if settings is None:
        from ..settings import load_settings

        settings = load_settings()
    section = settings.get("clean", {})
    default = HtmlLimits()
    return HtmlLimits(
        max_elements=int(section.get("max_html_elements", default.max_elements)),
        max_bytes=int(section.get("max_html_bytes", default.max_bytes)),
    )


def check_html_size(html: str, limits: HtmlLimits, path: str | None = None) -> None:
    """Raise InputError(THU-E112) when the page is above a limit; counting is a linear scan, no parse."""
    size = len(html) if len(html) > limits.max_bytes else len(html.encode("utf-8", "replace"))
    if limits.max_bytes and size > limits.max_bytes:
        raise InputError(Codes.E112, f"HTML page of more than {limits.max_bytes} bytes (setting "
                                     "clean.max_html_bytes): not parsed", path)
    if limits.max_elements and len(html) > 2 * limits.max_elements:
        tags = sum(1 for _ in islice(_TAG_OPEN.finditer(html), limits.max_elements + 1))
        if tags > limits.max_elements:
            raise InputError(Codes.E112, f"HTML page of more than {limits.max_elements} elements (setting "
                                         "clean.max_html_elements): not parsed", path)


_HTML_LANG = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)""", re.I)
_META_LANG = re.compile(
    r"""<meta\b[^>]*?http-equiv\s*=\s*["']?content-language["']?[^>]*?content\s*=\s*["']?([A-Za-z]{2,3})""", re.I
)


def declared_language(html: str) -> str | None:
    """The language the page declares: <html lang="en-GB">, else a Content-Language meta tag."""
    head = html[:20_000]
    m = _HTML_LANG.search(head) or _META_LANG.search(head)
    return m.group(1) if m else None


_TOKEN_RUN = re.compile(r"""[^\s"'<>]*""")


def date_only_in_url(html: str, url: str | None, day: str | None) -> bool:
    """True when `day` (YYYY-MM-DD, what trafilatura found) is the URL's date and the page itself
    (links to itself aside) never writes it: the date was read from the URL, not the HTML."""
    from .dates import date_from_url

    if not day or date_from_url(url) != day[:10]:
        return False
    y, m, d = day[:4], day[5:7], day[8:10]
    for found in re.finditer(f"{y}[-/._]?{m}[-/._]?{d}", html):
        # the page's own URL (canonical link, og:url) and other links carrying the date do not count:
        # the token around the date, up to white space, quotes or brackets, is a path
        before = html[max(0, found.start() - 2000) : found.start()]
        after = html[found.end() : found.end() + 2000]
        left = _TOKEN_RUN.match(before[::-1]).group()  # the token's part before the date, reversed
        right = _TOKEN_RUN.match(after).group()
        if "/" not in left + right:
            return False  # the page writes the date itself
    month = ("january february march april may june july august september october november december"
             .split()[int(m) - 1][:3])
    day_number = str(int(d))
    printed = rf"(?:{month}[a-z]*\.?\s+0?{day_number}\b[^<]{{0,6}}{y}|\b0?{day_number}(?:st|nd|rd|th)?\s+{month}[a-z]*\.?,?\s+{y})"
    return not re.search(printed, html, re.I)


@dataclass
class HtmlExtract:
    text: str  # main text, one paragraph per line
    title: str | None = None
    published: str | None = None
    sitename: str | None = None
    author: str | None = None
    language: str | None = None


def _published(value: str | None) -> str | None:
    if value and value.endswith("T00:00:00"):
        value = value[:10]  # a date without a time: htmldate pads it with midnight
    return normalise_iso(value)


def extract_html(html: str, url: str | None = None) -> HtmlExtract | None:
    """The page's main text and metadata, or None when trafilatura finds no main text."""
    import trafilatura

    try:
        document = _extract(trafilatura, html, url)
    except (ValueError, TypeError, AttributeError, LookupError) as exc:
        # markup lxml cannot build a tree from: the page has no main text we can reach
        raise InputError(Codes.E110, f"cannot parse the HTML: {type(exc).__name__}: {exc}") from exc
    if document is None:
        return None
    text = (getattr(document, "text", None) or "").strip()
    if not text:
        return None
    return HtmlExtract(
        text=text,
        title=getattr(document, "title", None) or None,
        published=_published(getattr(document, "date", None)),
        sitename=getattr(document, "sitename", None) or None,
        author=getattr(document, "author", None) or None,
        language=getattr(document, "language", None) or None,
    )


def _extract(trafilatura, html: str, url: str | None):
    return trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
        output_format="python",
        # keep the time of day and zone when the page gives them, the date of first publication
        date_extraction_params={"outputformat": "%Y-%m-%dT%H:%M:%S%z", "extensive_search": True,
                                "original_date": True},
    )
