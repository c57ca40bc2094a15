"""Main text and metadata of an HTML page, with trafilatura."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import Codes, InputError
from .dates import normalise_iso


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
