"""Cleaning: from a RawDoc to a CleanDoc (stories, paragraphs, metadata, language).

Fallback chain of `clean`:

1. HTML (``raw.html``): a page above the size cap of the [clean] settings (max_html_elements,
   max_html_bytes) is refused unparsed (``InputError(THU-E112)``). trafilatura extracts the main
   text and the page metadata (title, date, site name, language); our page rules read its text
   (step 2). Then the paragraph vote of `combine.py` chooses the main text: trafilatura's runs,
   readability and jusText propose paragraphs, a fitted model keeps those that are story text,
   and the chosen paragraphs go through step 2 with the HTML title as the first story's headline
   (``rules_only=True`` skips the vote). No main text raises ``InputError(THU-E110)``, unless the
   record also carries text (a feed entry), which is then cleaned instead.
2. Page text (``raw.text``): `page.parse_page` finds the header metadata (headline, agency,
   timestamp, section), drops boilerplate, captions and link blocks, splits stories and merges
   repeated paragraphs. A record with a title only (a feed entry) is one story of its headline.
3. Metadata the page did not print comes from the container (feed, record fields), else from a
   date in the URL, else from the crawl (WARC date); ``published_basis`` says which.
4. Language: detected on enough text; a text too short to detect takes the language its source
   declares (HTML lang, feed, record field) or that of the other entries of its feed or file, and
   ``language_basis`` says which (detected | html-lang | feed | record | file). With
   `language_check`, a confident non-English guess gives ``status="skipped"``,
   ``reason=THU-E120``, the stories kept.

`clean_plain` skips all of this (``--no-clean``): the text is one English story, byte for byte.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from ..errors import Codes, InputError
from ..records import CleanDoc, Paragraph, RawDoc, Story
from .combine import RUN_ON, Model, candidates, select, shipped_model
from .dates import date_from_url
from .dedup import NearDuplicateIndex
from .html import HtmlLimits, check_html_size, date_only_in_url, declared_language, extract_html, html_limits
from .language import detect_language, is_non_english
from .page import PageResult, parse_page
from .rules import PageRules, load_rules

# a run of text up to a blank line: the paragraphs of an uncleaned text
_PLAIN_PARAGRAPH = re.compile(r"\S(?:.*?\S)?(?=[ \t\u00a0]*(?:\n[ \t\u00a0]*\n|\s*\Z))", re.S)

__all__ = ["clean", "clean_plain", "preload", "NearDuplicateIndex", "detect_language", "load_rules", "PageRules"]


def preload() -> None:
    """Load what cleaning otherwise loads on first use: the language identifier's model, the HTML
    extractors (trafilatura), the page rules and the paragraph model. A long-lived cleaner (the
    pipeline, a worker) calls it once at start-up, so no document pays for it."""
    import trafilatura  # noqa: F401 - imported for its start-up cost

    from . import language

    language.preload()
    load_rules()
    shipped_model()


def _assemble(raw: RawDoc, page: PageResult) -> CleanDoc:
    """Lay the stories out as the CleanDoc text: paragraphs joined by a blank line, offsets recorded."""
    pieces: list[str] = []
    stories: list[Story] = []
    paragraphs: list[Paragraph] = []
    offset = 0
    for index, story in enumerate(page.stories):
        parts = ([story.headline] if story.headline else []) + story.body
        story_start = body_start = None
        for part in parts:
            if pieces:
                pieces.append("\n\n")
                offset += 2
            if story_start is None:
                story_start = offset
            if body_start is None and not part.is_headline:
                body_start = offset
            pieces.append(part.text)
            paragraphs.append(Paragraph(index, offset, offset + len(part.text), part.is_headline, part.mentions))
            offset += len(part.text)
        stories.append(
            Story(
                index=index,
                headline=story.headline.text if story.headline else None,
                start=story_start if story_start is not None else offset,
                end=offset,
                body_start=body_start if body_start is not None else offset,
            )
        )
    return CleanDoc(
        doc_id=raw.doc_id,
        path=raw.path,
        text="".join(pieces),
        stories=stories,
        paragraphs=paragraphs,
        format=raw.format,
        url=raw.url,
        source=page.source,
        headline=stories[0].headline if stories else None,
        author=_author_of(page.byline),
        published=page.published,
        published_basis="page-text" if page.published else None,
        dateline=page.dateline,
        section=page.section,
        captions=list(page.captions),
        content_hash=raw.content_hash,
    )


def _author_of(byline: str | None) -> str | None:
    """"By Andrew Osborn, Reuters" -> "Andrew Osborn" (the agency is the document's source)."""
    if not byline:
        return None
    name = re.sub(r"^\s*by\s+", "", byline, flags=re.I).split(",")[0].strip()
    return name or None


def _html_blocks(text: str) -> str:
    """trafilatura writes a paragraph per line, and a <br> inside one as a line break too: a line
    running on into a lower-case line is one paragraph, every other line a block of its own."""
    text = RUN_ON.sub(" ", text)
    return re.sub(r"\n+", "\n\n", text)


def clean(
    raw: RawDoc,
    *,
    language_check: bool = True,
    rules: PageRules | None = None,
    model: Model | None = None,
    rules_only: bool = False,
    limits: HtmlLimits | None = None,
) -> CleanDoc:
    """Clean one document (see the module docstring for the order of the steps).

    `model` chooses the main-text paragraphs of an HTML page (default: the shipped model);
    `rules_only` skips the vote and keeps what our rules make of trafilatura's text.
    """
    rules = rules or load_rules()
    html_language = None
    doc = None
    if raw.html:
        try:
            doc, html_language = _clean_html(raw, rules, model, rules_only, limits or html_limits())
        except InputError as exc:
            if not raw.text or exc.code == Codes.E112:
                raise
            # a feed entry carries its content as text too: fall back to it
    if doc is None and raw.text is not None:
        page = parse_page(raw.text, rules)
        if not any(s.headline for s in page.stories[:1]) and raw.title:
            page = parse_page(raw.text, rules, headline=raw.title)  # the container's title heads the page
        page.source = page.source or raw.source
        doc = _assemble(raw, page)
    if doc is None and raw.title and raw.title.strip():
        # a feed entry or record with a title only: the title is the document (a headline, no body)
        page = parse_page("", rules, headline=raw.title)
        page.source = raw.source
        doc = _assemble(raw, page)
    if doc is None:
        raise InputError(Codes.E102, "document has neither text nor HTML", raw.path)

    if not doc.text.strip():
        raise InputError(Codes.E102, "nothing left after cleaning: the page holds no story text", raw.path)
    if doc.published is None:
        # the container's date (feed, record), else a date in the URL, else the crawl date
        url_date = date_from_url(raw.url)
        if raw.published and raw.published_basis != "warc-date":
            doc.published, doc.published_basis = raw.published, raw.published_basis or "record"
        elif url_date:
            doc.published, doc.published_basis = url_date, "url"
        elif raw.published:
            doc.published, doc.published_basis = raw.published, raw.published_basis

    skip, language = is_non_english(doc.text)
    if language:
        doc.language, doc.language_basis = language, "detected"
    elif html_language:
        doc.language, doc.language_basis = _language_code(html_language), "html-lang"
    elif raw.language:
        doc.language, doc.language_basis = _language_code(raw.language), raw.language_basis or "record"
    if skip and language_check:
        doc.status, doc.reason = "skipped", Codes.E120
    return doc


def _language_code(value: str) -> str:
    """"en-GB" -> "en", "EN_us" -> "en": the ISO 639-1 part of a declared language."""
    return re.split(r"[-_]", value.strip())[0].lower() or value


def _rules_text(page: PageResult) -> str:
    """What our rules keep of a page as text: every story's body, later stories' headlines included."""
    parts: list[str] = []
    for index, story in enumerate(page.stories):
        if story.headline and index:
            parts.append(story.headline.text)
        parts.extend(p.text for p in story.body)
    return "\n".join(parts)


def _clean_html_rules_text(html: str, url: str | None, rules: PageRules | None = None) -> str:
    """What our rules alone keep of an HTML page, as text (for fitting the paragraph model)."""
    rules = rules or load_rules()
    extracted = extract_html(html, url)
    if extracted is None:
        return ""
    return _rules_text(parse_page(_html_blocks(extracted.text), rules, headline=extracted.title))


def _clean_html(
    raw: RawDoc, rules: PageRules, model: Model | None, rules_only: bool, limits: HtmlLimits
) -> tuple[CleanDoc, str | None]:
    check_html_size(raw.html or "", limits, raw.path)
    try:
        extracted = extract_html(raw.html or "", raw.url)
    except InputError as exc:
        raise InputError(exc.code, exc.message, raw.path) from exc
    if extracted is None:
        raise InputError(Codes.E110, "HTML page with no main text", raw.path)
    headline = extracted.title or raw.title
    page = parse_page(_html_blocks(extracted.text), rules, headline=headline)
    model = None if rules_only else model or shipped_model()
    if model is not None:
        # trafilatura's default run, already done: `extract` gives its text NFC-normalised, the bare
        # extraction as is
        voted = candidates(raw.html or "", raw.url, _rules_text(page), rules,
                           default_text=unicodedata.normalize("NFC", extracted.text))
        chosen = select(voted, model)
        if chosen:
            chosen_page = parse_page("\n\n".join(chosen), rules, headline=headline, chosen=True)
            if any(story.body for story in chosen_page.stories):
                # metadata lines the vote left out still tell the page's date, source, section
                chosen_page.published = chosen_page.published or page.published
                chosen_page.source = chosen_page.source or page.source
                chosen_page.section = chosen_page.section or page.section
                chosen_page.byline = chosen_page.byline or page.byline
                chosen_page.dateline = chosen_page.dateline or page.dateline
                chosen_page.captions = chosen_page.captions or page.captions
                page = chosen_page
    if not any(story.body for story in page.stories):
        raise InputError(Codes.E110, "HTML page with no main text (only titles and page furniture)", raw.path)
    page.source = page.source or raw.source or extracted.sitename
    doc = _assemble(raw, page)
    doc.author = doc.author or extracted.author
    if doc.published is None and extracted.published:
        # a date trafilatura read from the URL alone ranks below the container's (see `clean`)
        if not date_only_in_url(raw.html or "", raw.url, extracted.published):
            doc.published, doc.published_basis = extracted.published, "html-meta"
    return doc, extracted.language or declared_language(raw.html or "")


def clean_plain(doc_id: str, text: str, published: str | None = None, *, path: str | None = None) -> CleanDoc:
    """The text as one English story exactly as given: offsets refer to the input (``--no-clean``).

    Paragraphs are the runs of text between blank lines; there is no headline, no metadata guessing
    and no language check.
    """
    paragraphs = [Paragraph(0, m.start(), m.end()) for m in _PLAIN_PARAGRAPH.finditer(text)]

    return CleanDoc(
        doc_id=doc_id,
        path=path or doc_id,
        text=text,
        stories=[Story(index=0, headline=None, start=0, end=len(text), body_start=0)],
        paragraphs=paragraphs,
        format="text",
        published=published,
        published_basis="user" if published else None,
        language="en",
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )

