"""Page-text cleaning: metadata, boilerplate, story splitting and repeated paragraphs.

Works on the text of a scraped news page (or on the main text trafilatura extracted from HTML).
Every decision is a rule over page structure and line shape, never over a site's wording:

* The page is cut into *units*: lines, with hard-wrapped prose lines joined back into paragraphs.
* Each unit gets a shape: breadcrumb ("WORLD> Europe"), agency line ("(Xinhua)", "— Reuters"),
  byline, timestamp line, link-block heading, boilerplate (share/print/copyright), photo caption,
  headline-like line (short, title-ish, no final period) or body prose.
* The header (everything before the first body paragraph) gives the headline and metadata.
* After it, a headline-like line followed by body prose starts a new story; runs of headline-like
  lines with no prose after them are link lists and are dropped.
* Paragraphs repeated on the page, identically or nearly (word-sequence similarity), are kept once
  and counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .dates import find_timestamp
from .rules import PageRules

# Two paragraphs whose words match this well (difflib ratio over word sequences) are one paragraph
# printed twice: one changed word in a 30-word paragraph keeps 0.97, a rewritten clause in an
# 18-word one about 0.88; different news paragraphs on the same topic stay near 0.5.
REPEAT_THRESHOLD = 0.8
REPEAT_MIN_WORDS = 8  # shorter paragraphs count as repeats only when identical
STORY_HEADLINE_MIN_WORDS = 4  # shorter headline-like lines before prose are subheadings, kept as body
PROSE_MIN_WORDS = 26
CAPTION_MAX_WORDS = 70  # photo captions are a sentence or three  # a unit this long is prose whatever its punctuation

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_TERMINAL = re.compile(r"""(?:[.!?;:,…]|[.!?,]["'”’)\]])$""")
_SENTENCE_INSIDE = re.compile(r"[a-z0-9)\]]{2}[.!?][\"'”’]?\s+[A-Z\"“]")
_FUNCTION_END = re.compile(
    r"\b(?:the|a|an|of|to|in|on|at|for|and|or|but|with|by|from|that|which|who|as|is|are|was|were)$", re.I
)
_BREADCRUMB_SEP = re.compile(r"\s*(?:>>|>|»|›|→)\s*")
_PAREN_LINE = re.compile(r"^\(\s*(?:source\s*[:：]\s*)?([^()]{1,48}?)\s*\)$", re.I)
_SOURCE_LINE = re.compile(r"^(?:source|agency)\s*[:：]\s*([^|;]{1,48}?)\s*(?:[|;].*)?$", re.I)
_DASH_AGENCY = re.compile(r"^(?:[-–—]{1,2}|\(|\[)\s*([^()\[\]]{1,48}?)\s*[)\]]?$")
_BYLINE = re.compile(r"^by\s+(.{2,120})$", re.I)
# A wire title that ends with its author's name ("... despite North's no-show by Carole Landry"): a name
# of two to four capitalised words, each with lower-case letters (never "by US", "by UAE minister").
_TITLE_BYLINE = re.compile(r"(?:^|\s+)by\s+((?:[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?\s+){1,3}[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?)\s*$")
_BYLINE_WORDS = {"and", "of", "the", "in", "for", "staff", "writer", "writers", "correspondent",
                 "correspondents", "reporter", "reporters", "de", "van", "von", "al", "bin", "el", "da"}
_DATELINE = re.compile(
    r"^(?P<place>(?:[A-Z][A-Z.'’-]+)(?:\s+[A-Z][A-Z.'’-]+){0,3}(?:,\s*[A-Z][A-Za-z.'’-]+(?:\s+[A-Z][A-Za-z.'’-]+){0,2})?)"
    r"(?P<date>,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?)(?:,?\s+(?:19|20)\d{2})?)?"
    r"\s*(?:\((?P<agency>[^()]{1,40})\))?\s*(?:(?:--|[-–—:])\s+|(?<=\))_\s*)(?=\S)"
)
# Mixed-case places ("Moscow, Sept 9 (Reuters) -") only with a date or an agency to show it is a dateline.
_DATELINE_MIXED = re.compile(
    r"^(?P<place>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})"
    r"(?:(?P<date>,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?)(?:,?\s+(?:19|20)\d{2})?)"
    r"\s*(?:\((?P<agency>[^()]{1,40})\))?"
    r"|\s*\((?P<agency2>[^()]{1,40})\))\s*(?:--|[-–—])\s+(?=\S)"
)
_PHOTO_DATE_END = re.compile(
    r",\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},\s+(?:19|20)\d{2}\.?\s*$", re.I
)
_PHOTO_START = re.compile(r"^(?:file\s+)?(?:photo|photograph|picture|image)\s*[:：]\s*", re.I)
# questions (interviews) and numbered points (listicles) are subheadings, never a new story's headline
_SUBHEADING = re.compile(r"^(?:\d{1,2}[.)]\s|[QA]\s*[:.]\s)|.*\?$")
_TIME_LABEL_PRIORITY = {"updated": 2, "last updated": 2, "last modified": 2, "modified": 2}


@dataclass
class Unit:
    text: str
    block: int
    kind: str = "body"
    value: str | None = None  # what the shape carries: section, source, timestamp, caption text
    label: str | None = None  # the timestamp label ("updated")


@dataclass
class PageParagraph:
    text: str
    is_headline: bool = False
    mentions: int = 1


@dataclass
class PageStory:
    headline: PageParagraph | None
    body: list[PageParagraph] = field(default_factory=list)


@dataclass
class PageResult:
    stories: list[PageStory]
    source: str | None = None
    published: str | None = None
    dateline: str | None = None
    section: str | None = None
    captions: list[str] = field(default_factory=list)
    byline: str | None = None


def normalise_space(text: str) -> str:
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


def words(text: str) -> list[str]:
    return _WORD.findall(text)


# ---------------------------------------------------------------- units


def _is_wrapped_block(lines: list[str]) -> bool:
    """A block of hard-wrapped prose: most line breaks fall inside a sentence.

    A break is inside a sentence when the next line starts lower-case or the line ends with a comma,
    a hyphen or a function word; a list of headlines (each line capitalised, none running on) is not.
    """
    if len(lines) < 2:
        return False
    running = 0
    for line, following in zip(lines, lines[1:], strict=False):
        if _TERMINAL.search(line) and not line.endswith(","):
            continue
        if following[:1].islower() or line.endswith((",", "-")) or _FUNCTION_END.search(line):
            running += 1
    return running >= max(1, round(0.5 * (len(lines) - 1)))


def split_units(text: str) -> list[Unit]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    units: list[Unit] = []
    for block_index, block in enumerate(re.split(r"\n[ \t\u00a0]*\n", text)):
        lines = [normalise_space(ln) for ln in block.split("\n")]
        lines = [ln for ln in lines if ln]
        if not lines:
            continue
        if _is_wrapped_block(lines):
            width = max(len(ln) for ln in lines)
            current: list[str] = []
            for line in lines:
                current.append(line)
                # a short line ending a sentence is where a wrapped paragraph ends
                if _TERMINAL.search(line) and len(line) < 0.75 * width:
                    units.append(Unit(" ".join(current), block_index))
                    current = []
            if current:
                units.append(Unit(" ".join(current), block_index))
        else:
            for line in lines:
                # a line that starts lower-case continues the line above it (a wrapped sentence)
                if units and units[-1].block == block_index and line[:1].islower() and not _TERMINAL.search(
                    units[-1].text
                ):
                    units[-1].text += " " + line
                else:
                    units.append(Unit(line, block_index))
    return units


# ---------------------------------------------------------------- line shapes


def is_headline_like(text: str) -> bool:
    """Short, title-ish, no final period, one sentence at most: a headline or a link title."""
    n_words = len(words(text))
    if not 2 <= n_words < PROSE_MIN_WORDS or len(text) > 200:
        return False
    first = text.lstrip("\"'“‘(")[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    if text.endswith(("?", "!")):
        return n_words <= 15
    if _TERMINAL.search(text) or _SENTENCE_INSIDE.search(text) or _FUNCTION_END.search(text):
        return False
    return True


def is_prose(text: str) -> bool:
    return len(words(text)) >= PROSE_MIN_WORDS or not is_headline_like(text)


def _breadcrumb(text: str) -> str | None:
    if not _BREADCRUMB_SEP.search(text) or len(text) > 120:
        return None
    parts = [p.strip() for p in _BREADCRUMB_SEP.split(text)]
    if len(parts) < 2 or any(not p or len(words(p)) > 5 or _TERMINAL.search(p) for p in parts):
        return None
    if any(not (p[:1].isupper() or p[:1].isdigit()) for p in parts):
        return None
    return " > ".join(parts)


def _is_name_like(text: str, rules: PageRules) -> bool:
    if rules.agency_name(text):
        return True
    tokens = words(text)
    if any(c.isdigit() or c in ":;/|" for c in text):
        return False
    return 1 <= len(tokens) <= 4 and all(t[:1].isupper() for t in tokens)


def _agency(text: str, rules: PageRules, in_header: bool) -> str | None:
    """The outlet named by an agency line: "(Xinhua)", "Source: AFP", "— Reuters", "Xinhua"."""
    for pattern in (_PAREN_LINE, _SOURCE_LINE):
        m = pattern.match(text)
        if m and _is_name_like(m.group(1), rules):
            return rules.agency_name(m.group(1)) or m.group(1)
    m = _DASH_AGENCY.match(text)
    if m and text[:1] in "-–—([" and rules.agency_name(m.group(1)):
        return rules.agency_name(m.group(1))
    if in_header and rules.agency_name(text):
        return rules.agency_name(text)
    return None


def agency_in(text: str, rules: PageRules) -> str | None:
    """The longest agency name a byline part starts with ("Associated Press Writer" -> "Associated Press")."""
    lowered = text.strip().lower()
    best = None
    for key, name in rules.agency.items():
        if lowered == key or lowered.startswith(key + " "):
            if best is None or len(key) > len(best[0]):
                best = (key, name)
    return best[1] if best else None


def _byline(text: str, rules: PageRules) -> tuple[str, str | None] | None:
    """("By Andrew Osborn, Reuters") -> (author text, agency or None)."""
    m = _BYLINE.match(text)
    if not m or text.endswith(".") and not re.search(r"\b[A-Z]\.$", text):
        return None
    rest = m.group(1)
    tokens = words(rest)
    if not tokens or len(tokens) > 14:
        return None
    if not all(t[:1].isupper() or t.lower() in _BYLINE_WORDS for t in tokens):
        return None
    agency = None
    for part in re.split(r",|\band\b|\||;|\bfor\b|[-–—]", rest):
        agency = agency or agency_in(part, rules)
    return rest.strip(), agency


def _time_line(text: str, rules: PageRules) -> tuple[str, str | None] | None:
    """A line that is a publication timestamp: (iso, label or None)."""
    if len(text) > 90:
        return None
    lowered = text.lower()
    label = None
    rest = text
    for candidate in rules.time_label:
        m = re.match(rf"{re.escape(candidate)}\b(?:\s+(?:on|at))?\s*[:：]?\s*", lowered)
        if m:
            label, rest = candidate, text[m.end() :]
            break
    found = find_timestamp(rest, rules)
    if not found:
        return None
    iso, start, end = found
    leftover = words(rest[:start] + " " + rest[end:])
    leftover = [w for w in leftover if w.lower() not in {"am", "pm", "local", "time", "gmt", "utc", "by"}]
    if len(leftover) > (3 if label else 1):
        return None
    return iso, label


def _caption(text: str, rules: PageRules) -> str | None:
    """A photo caption: the text without its credit, or "" when the paragraph is only a credit."""
    if len(words(text)) > CAPTION_MAX_WORDS:
        return None  # a long paragraph ending in a credit is story text with a caption glued on
    credit = rules.caption_credit_at_end(text)
    if credit is not None:
        return text[: credit.start()].strip()
    if _PHOTO_START.match(text):
        return _PHOTO_START.sub("", text).strip()
    # a photo described with its date: "... in Moscow, September 9, 2008."
    if _PHOTO_DATE_END.search(text):
        return text
    return None


def classify(units: list[Unit], rules: PageRules) -> None:
    """Give every unit its shape (in place). Link blocks swallow the link lines that follow them."""
    seen_prose = False
    i = 0
    while i < len(units):
        unit = units[i]
        text = unit.text
        in_header = not seen_prose
        timestamp = _time_line(text, rules)
        if (crumb := _breadcrumb(text)) is not None:
            unit.kind, unit.value = "breadcrumb", crumb
        elif (agency := _agency(text, rules, in_header)) is not None:
            unit.kind, unit.value = "agency", agency
        elif timestamp is not None:
            unit.kind, unit.value, unit.label = "time", timestamp[0], timestamp[1]
        elif (byline := _byline(text, rules)) is not None:
            unit.kind, unit.value = "byline", byline[1]
            unit.label = byline[0]
        elif rules.is_link_heading(text):
            unit.kind = "link_heading"
            i = _swallow_links(units, i)
            continue
        elif rules.is_boilerplate(text):
            unit.kind = "boilerplate"
        elif (caption := _caption(text, rules)) is not None:
            unit.kind, unit.value = "caption", caption
        elif len(words(text)) < 2 and not _TERMINAL.search(text):
            unit.kind = "fragment"  # a lone word: menu item, button, label
        elif is_prose(text):
            unit.kind = "body"
            seen_prose = True
            credit = rules.caption_credit_at_end(text)
            if credit is not None and credit.start() > 0:
                unit.text = text[: credit.start()].rstrip()  # the photo credit is not story text
        else:
            unit.kind = "headline"
        i += 1


def _swallow_links(units: list[Unit], heading: int) -> int:
    """Mark the link lines after a link heading; return the index of the first unit after them."""
    block = units[heading].block
    i = heading + 1
    took_same_block = False
    while i < len(units) and units[i].block == block and is_headline_like(units[i].text):
        units[i].kind = "link"
        took_same_block = True
        i += 1
    if took_same_block or (i < len(units) and units[i].block == block):
        return i
    # the heading stood alone: its links are the following blocks made only of link-like lines
    first = i
    while i < len(units):
        next_block = units[i].block
        j = i
        while j < len(units) and units[j].block == next_block:
            j += 1
        if not all(is_headline_like(u.text) for u in units[i:j]):
            break
        if i == first and j < len(units) and _is_story_prose(units[j].text):
            # one headline-shaped block and then prose: the heading labels a section whose first
            # story this is, not a list of links (a list has two links or more before any prose)
            break
        for unit in units[i:j]:
            unit.kind = "link"
        i = j
    return i


def _is_story_prose(text: str) -> bool:
    """Running text of a story: long enough, or a finished sentence that no line shape claims."""
    return len(words(text)) >= PROSE_MIN_WORDS or (is_prose(text) and len(words(text)) >= 8
                                                    and bool(_TERMINAL.search(text)))


# ---------------------------------------------------------------- structure


def _next_content(units: list[Unit], i: int) -> Unit | None:
    """The next unit that is story text or a headline (furniture in between is skipped)."""
    for unit in units[i + 1 :]:
        if unit.kind in ("body", "headline"):
            return unit
    return None


def dateline_length(text: str, dateline: str | None = None) -> int:
    """How many characters a dateline takes at the start of a paragraph ("MOSCOW, Sept 9 (Reuters) - "),
    0 when there is none: the parser reads the story's first sentence after it. A bare capitalised
    word before a dash ("NATO - the alliance ...") counts only when it is the document's dateline."""
    m = _DATELINE.match(text) or _DATELINE_MIXED.match(text)
    if not m:
        return 0
    if m.groupdict().get("date") or m.groupdict().get("agency") or m.groupdict().get("agency2") or (
            dateline and m.group("place").strip() == dateline):
        return m.end()
    return 0


def _join_datelines(units: list[Unit]) -> list[Unit]:
    """ "JOHANNESBURG, August 7 (Xinhua) --" on a line of its own opens the paragraph after it: the
    story keeps its dateline (its place and the day it was filed)."""
    out: list[Unit] = []
    for unit in units:
        if out and _dateline_only(out[-1].text):
            out[-1] = Unit(f"{out[-1].text} {unit.text}", unit.block)
            continue
        out.append(unit)
    return out


def _dateline_only(text: str) -> bool:
    m = _DATELINE.match(text + " x")
    return m is not None and bool(m.group("date") or m.group("agency")) and m.end() >= len(text)


def _dateline(text: str) -> tuple[str, str | None] | None:
    m = _DATELINE.match(text)
    if m:
        place = m.group("place").strip()
        # an all-capitals opening word of a sentence is not a place: a dateline stands before a dash
        return place, m.group("agency")
    m = _DATELINE_MIXED.match(text)
    if m:
        return m.group("place").strip(), m.group("agency") or m.group("agency2")
    return None


def _bigrams(tokens: list[str]) -> set[tuple[str, str]]:
    return set(zip(tokens, tokens[1:], strict=False))


def _merge_repeats(stories: list[PageStory], threshold: float) -> None:
    """Drop body paragraphs printed earlier on the page; count them on the first print."""
    seen: list[tuple[PageParagraph, list[str], set[tuple[str, str]]]] = []
    for story in stories:
        if story.headline is not None:
            tokens = [w.lower() for w in words(story.headline.text)]
            seen.append((story.headline, tokens, _bigrams(tokens)))
        kept: list[PageParagraph] = []
        for paragraph in story.body:
            tokens = [w.lower() for w in words(paragraph.text)]
            grams = _bigrams(tokens)
            original = None
            for earlier, earlier_tokens, earlier_grams in seen:
                if tokens == earlier_tokens:
                    original = earlier
                elif min(len(tokens), len(earlier_tokens)) >= REPEAT_MIN_WORDS:
                    union = len(grams | earlier_grams)
                    # bigram overlap finds candidates cheaply; the word-level diff decides
                    if union and len(grams & earlier_grams) / union >= 0.3:
                        ratio = SequenceMatcher(None, tokens, earlier_tokens, autojunk=False).ratio()
                        if ratio >= threshold:
                            original = earlier
                if original is not None:
                    break
            if original is not None:
                original.mentions += 1
            else:
                kept.append(paragraph)
                seen.append((paragraph, tokens, grams))
        story.body = kept


def parse_page(
    text: str,
    rules: PageRules,
    *,
    headline: str | None = None,
    repeat_threshold: float = REPEAT_THRESHOLD,
    chosen: bool = False,
) -> PageResult:
    """Clean a page's text. `headline`, when the caller knows it (HTML title), heads the first story.

    `chosen`: the paragraphs were already chosen as main text (the paragraph vote of combine.py), so
    short lines after the first body paragraph that our rules would drop as link lists (names, Q/A
    lines, list items, subheadings) stay as body text; metadata lines, captions and boilerplate still
    go to the metadata or away.
    """
    units = _join_datelines(split_units(text))
    classify(units, rules)
    result = PageResult(stories=[])
    times: list[tuple[int, int, str]] = []  # (label priority, position, iso)
    first_body = next((i for i, u in enumerate(units) if u.kind == "body"), len(units))

    for position, unit in enumerate(units):
        if unit.kind == "breadcrumb" and result.section is None and position < first_body:
            result.section = unit.value
        elif unit.kind == "agency" and result.source is None:
            result.source = unit.value
        elif unit.kind == "byline":
            result.byline = result.byline or unit.label
            if result.source is None and unit.value:
                result.source = unit.value
        elif unit.kind == "time" and unit.value:
            times.append((_TIME_LABEL_PRIORITY.get(unit.label or "", 0 if unit.label else 1), position, unit.value))
        elif unit.kind == "caption" and unit.value:
            result.captions.append(unit.value)
    if times:
        result.published = min(times)[2]

    header_headline = None
    if headline:
        header_headline = normalise_space(headline)
        title_byline = _TITLE_BYLINE.search(header_headline)
        if title_byline is not None:
            # the author is metadata, not a party of the headline's act
            result.byline = result.byline or title_byline.group(1)
            header_headline = header_headline[:title_byline.start()].strip() or None
    for unit in units[:first_body]:
        if unit.kind == "headline":
            if header_headline is None:
                header_headline = unit.text
            # other headline-like header lines (author names, decks, menus) are not story text
            unit.kind = "dropped"
        elif header_headline is not None and unit.text == header_headline:
            unit.kind = "dropped"

    current = PageStory(PageParagraph(header_headline, is_headline=True) if header_headline else None)
    result.stories.append(current)
    for i in range(first_body, len(units)):
        unit = units[i]
        if unit.kind == "body":
            current.body.append(PageParagraph(unit.text))
        elif unit.kind == "headline":
            following = _next_content(units, i)
            n_words = len(words(unit.text))
            if following is not None and following.kind == "body":
                # a question before prose is an interview question or a subheading, not a new story
                if n_words >= STORY_HEADLINE_MIN_WORDS and current.body and not _SUBHEADING.match(unit.text):
                    current = PageStory(PageParagraph(unit.text, is_headline=True))
                    result.stories.append(current)
                else:
                    current.body.append(PageParagraph(unit.text))  # a subheading inside the story
            elif chosen:
                current.body.append(PageParagraph(unit.text))  # the vote kept it: a list line of the story
            # headline-like lines with no prose after them are link lists or page furniture: dropped
        elif chosen and unit.kind in ("link", "fragment"):
            current.body.append(PageParagraph(unit.text))

    _merge_repeats(result.stories, repeat_threshold)
    result.stories = [s for s in result.stories if s.body or s.headline is not None]
    if result.stories and not result.stories[0].body and result.stories[0].headline and len(result.stories) > 1:
        # a page headline directly followed by a second headline: the page title above the first story
        if result.stories[1].headline is None:
            result.stories[1].headline = result.stories[0].headline
        result.stories.pop(0)

    for story in result.stories:
        if story.body:
            found = _dateline(story.body[0].text)
            if found:
                place, agency = found
                if result.dateline is None and story is result.stories[0]:
                    result.dateline = place
                if agency and result.source is None:
                    result.source = rules.agency_name(agency) or agency.strip()
    return result
