"""Main text and metadata of an HTML page, with trafilatura."""

from __future__ import annotations

from dataclasses import dataclass

from .dates import normalise_iso


@dataclass
class HtmlExtract:
    text: str  # main text, one paragraph per line
    title: str | None = None
    published: str | None = None
    sitename: str | None = None
    author: str | None = None
    language: str | None = None


def extract_html(html: str, url: str | None = None) -> HtmlExtract | None:
    """The page's main text and metadata, or None when trafilatura finds no main text."""
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
        output_format="python",
    )
    if document is None:
        return None
    text = (getattr(document, "text", None) or "").strip()
    if not text:
        return None
    return HtmlExtract(
        text=text,
        title=getattr(document, "title", None) or None,
        published=normalise_iso(getattr(document, "date", None)),
        sitename=getattr(document, "sitename", None) or None,
        author=getattr(document, "author", None) or None,
        language=getattr(document, "language", None) or None,
    )
