"""PETRARCH/TABARI dictionaries as a layer of the actor knowledge base.

Users keep their existing dictionaries: ``ActorKB.load(["my.actors.txt", "my.agents.txt"])``.
The file kind is detected from the content (agent codes carry a "~"). Formats read:

Actors (``PETR.Validate.actors.txt`` style)::

    UNITED_STATES [USA]          # a phrase (words joined by "_" or spaces) and its code
    +U.S.                        # "+" lines are synonyms of the phrase above
    GOLLUM                       # codes may follow on indented lines, restricted by date:
        [HOB < 950601]           #   before 1995-06-01
        [HOBGOV 19950601 - 19990815]   # in that range (both days included)
        [HOBREB > 990816]        #   from that day on; an undated code is the fallback
    THE_SHIRE [FRO/BIL/SAM]      # a compound: the phrase names several actors
    BOROMIR [---]                # a null code: a known phrase that is not coded

Agents (``PETR.Validate.agents.txt`` style)::

    !PERSON! = MAN, MEN, WOMAN   # substitution sets, used as CONGRESS!PERSON!
    FOREIGN_MINISTER [~GOVFRM]   # the agent code is added after the actor's (RUS -> RUSGOVFRM)
    MSF {} [NGO~]                # "NGO~": before the actor's code; "{}": no plural is formed
    GOLDEN_GOOSE {GOLDEN_GEESE} [~GGS]   # an irregular plural

Comments start with "#"; "<!-- ... -->" blocks are skipped. Six-digit dates are YYMMDD with
years below 40 read as 20xx. Each entry becomes the same record a YAML file would give, so the
same validation and layering apply: phrases with a date-restricted code become people (their
roles, first match wins); a code naming a known state ("ISR") adds the phrase to that state; a
code extending one ("ISRMIL") becomes an entry of that state with those sectors; other codes
become groups (IGO/NGO codes: organisations). Matching stays exact (PETRARCH's stem matching of
words without a trailing "_" is not reproduced).
"""

from __future__ import annotations

import datetime as _dt
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DataFileError

__all__ = ["PetrarchActor", "PetrarchAgent", "CodeSpan", "detect", "parse_actors", "parse_agents",
           "read_dictionary"]

# Single words kept in capitals (matched case-sensitively) because in lower case they are English words.
_FUNCTION_WORDS = set(
    "a am an and are as at be but by do for go he her him his i if in into is it its me my no not of oh "
    "on or our she so than that the their them then there these they this to un up us was we were what "
    "when who will with you".split()
)
_INTERNATIONAL = ("IGO", "NGO", "IMG", "MNC", "NGM", "UIS")
_CODE = re.compile(r"[A-Za-z0-9]+(?:/[A-Za-z0-9]+)*|[-+#]{3}")
_DATE = r"\d{6}|\d{8}"
_RESTRICTION = re.compile(rf"\s*([<>])\s*({_DATE})\s*|\s*({_DATE})\s*-\s*({_DATE})\s*|\s*")
_SUBST = re.compile(r"^!([A-Za-z0-9_]+)!\s*=\s*(.+)$")
_DEMONYM_END = re.compile(r"(?:an|ians?|ese|ish|is?|ch)$", re.IGNORECASE)


@dataclass(frozen=True)
class CodeSpan:
    """One code of an actor block, with its date restriction: ``start`` inclusive, ``end`` exclusive."""

    code: str | None  # None for a null code ("---")
    start: str | None = None
    end: str | None = None


@dataclass
class PetrarchActor:
    phrase: str  # display form of the main phrase ("United States")
    synonyms: list[str]
    codes: list[CodeSpan]
    line: int
    raw: str = ""  # the phrase as written ("UNITED_STATES")


@dataclass
class PetrarchAgent:
    nouns: list[str]  # display forms, lower case; several when a substitution was expanded
    sectors: tuple[str, ...]
    prefix: bool
    plural: list[str] | bool | None  # explicit forms, False for "{}", None for the regular plural
    line: int
    extra: dict[str, Any] = field(default_factory=dict)


# ------------------------------------------------------------------ lines


def _cut_hash(raw: str) -> str:
    return raw.split("#", 1)[0]


def dictionary_lines(path: Path, cut_comment: Callable[[str], str] = _cut_hash) -> Iterator[tuple[int, str]]:
    """(line number, text) of a PETRARCH dictionary without comments: <!-- ... --> blocks, and what
    `cut_comment` cuts from a line ('#' to its end here; the verb reader keeps '#' inside [codes])."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise DataFileError(str(path), f"cannot read: {exc}") from exc
    in_block = False
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if in_block:
            in_block = "-->" not in stripped
            continue
        if stripped.startswith("<!"):
            in_block = "-->" not in stripped[2:]
            continue
        line = cut_comment(raw).rstrip()
        if line.strip():
            yield number, line


def detect(path: str | Path) -> str:
    """'actors', 'agents' or 'verbs' (read by petrarch_verbs.py into event patterns); DataFileError
    for discard dictionaries and unrecognised files."""
    path = Path(path)
    codes = 0
    for _number, line in dictionary_lines(path):
        stripped = line.strip()
        if stripped.startswith(("---", "- ")) or re.search(r"\[\d{3,4}\]", stripped):
            return "verbs"
        for inner in re.findall(r"\[([^\]]*)\]", stripped):
            if "~" in inner:
                return "agents"
            codes += 1
    if not codes:
        raise DataFileError(str(path), "no [CODE] entries: not a PETRARCH actor or agent dictionary")
    return "actors"


# ------------------------------------------------------------------ actors


def _display(words: str, *, single_caps: bool = True) -> str:
    """'UNITED_STATES' -> 'United States'; 'U.S.' and lone function words ('US') stay in capitals."""
    parts = [w for w in re.split(r"[_\s]+", words.strip().strip("_")) if w]
    if single_caps and len(parts) == 1 and parts[0].replace(".", "").lower() in _FUNCTION_WORDS:
        return parts[0].upper()
    out = []
    for word in parts:
        if re.search(r"[A-Za-z]\.[A-Za-z]?", word):  # U.S., K.U., W.
            out.append(word.upper())
        else:
            out.append("-".join(piece[:1].upper() + piece[1:].lower() for piece in word.split("-")))
    return " ".join(out)


def _underscored(phrase: str) -> str:
    """'Prince of Dol Amroth' -> 'Prince of Dol_Amroth': runs of capitalised words joined as PETRARCH's
    input writes them."""
    out: list[str] = []
    for word in phrase.split():
        if out and _name_word(word) and _name_word(out[-1].split("_")[-1]):
            out[-1] = f"{out[-1]}_{word}"
        else:
            out.append(word)
    return " ".join(out)


# Small words inside a name that PETRARCH's input leaves unjoined ("Prince of Dol_Amroth").
_NAME_LINKS = {"of", "the", "and", "for", "de", "du", "la", "le", "al"}


def _name_word(word: str) -> bool:
    return word[:1].isupper() and word.lower() not in _NAME_LINKS


def _date(text: str, path: Path, line: int) -> str:
    if len(text) == 6:
        year = int(text[:2])
        text = f"{2000 + year if year < 40 else 1900 + year}{text[2:]}"
    try:
        return _dt.date(int(text[:4]), int(text[4:6]), int(text[6:8])).isoformat()
    except ValueError as exc:
        raise DataFileError(str(path), f"invalid date '{text}' in a code", line) from exc


def _next_day(day: str) -> str:
    return (_dt.date.fromisoformat(day) + _dt.timedelta(days=1)).isoformat()


def _code_span(inner: str, path: Path, line: int) -> CodeSpan:
    inner = inner.strip()
    match = re.match(r"([^\s<>]+)", inner)
    token = match.group(1) if match else ""
    rest = inner[len(token):]
    if not _CODE.fullmatch(token) or (token[0].isdigit() and token.isdigit()):
        raise DataFileError(str(path), f"invalid code block [{inner}]", line)
    restriction = _RESTRICTION.fullmatch(rest)
    if restriction is None:
        raise DataFileError(str(path), f"invalid date restriction in [{inner}]", line)
    code = None if token in ("---", "+++", "###") else token.upper()
    sign, day, first, last = restriction.groups()
    if sign == "<":
        return CodeSpan(code, None, _date(day, path, line))
    if sign == ">":
        return CodeSpan(code, _date(day, path, line), None)
    if first:
        start, end = _date(first, path, line), _date(last, path, line)
        if end < start:
            raise DataFileError(str(path), f"date range ends before it starts in [{inner}]", line)
        return CodeSpan(code, start, _next_day(end))
    return CodeSpan(code)


def _split_codes(text: str, path: Path, line: int) -> tuple[str, list[CodeSpan]]:
    phrase = text.split("[", 1)[0]
    tail = text[len(phrase):]
    codes = [_code_span(inner, path, line) for inner in re.findall(r"\[([^\]]*)\]", tail)]
    if re.sub(r"\[[^\]]*\]", "", tail).strip():
        raise DataFileError(str(path), f"unexpected text after the codes: '{tail.strip()}'", line)
    return phrase.strip(), codes


def parse_actors(path: str | Path) -> list[PetrarchActor]:
    """The blocks of an actor dictionary, in file order."""
    path = Path(path)
    blocks: list[PetrarchActor] = []
    for number, line in dictionary_lines(path):
        stripped = line.strip()
        if stripped.startswith("+"):
            if not blocks:
                raise DataFileError(str(path), "a '+' synonym before any actor", number)
            phrase, codes = _split_codes(stripped[1:], path, number)
            if phrase:
                blocks[-1].synonyms.append(_display(phrase))
            blocks[-1].codes.extend(codes)
        elif stripped.startswith("[") and line[:1] in (" ", "\t"):
            if not blocks:
                raise DataFileError(str(path), "a code line before any actor", number)
            blocks[-1].codes.extend(_split_codes(stripped, path, number)[1])
        else:
            phrase, codes = _split_codes(stripped, path, number)
            if not phrase:
                raise DataFileError(str(path), "an actor line without a phrase", number)
            blocks.append(PetrarchActor(_display(phrase), [], codes, number, phrase))
    for block in blocks:
        if not block.codes:
            raise DataFileError(str(path), f"actor '{block.raw}' has no [CODE]", block.line)
    return blocks


# ------------------------------------------------------------------ agents


def parse_agents(path: str | Path) -> list[PetrarchAgent]:
    """The entries of an agent dictionary, substitutions expanded."""
    path = Path(path)
    subst: dict[str, list[str]] = {}
    agents: list[PetrarchAgent] = []
    for number, line in dictionary_lines(path):
        stripped = line.strip()
        match = _SUBST.match(stripped)
        if match:
            subst[match.group(1).upper()] = [w.strip() for w in match.group(2).split(",") if w.strip()]
            continue
        codes = re.findall(r"\[([^\]]*)\]", stripped)
        if len(codes) != 1:
            raise DataFileError(str(path), "an agent needs exactly one [~CODE]", number)
        code = re.sub(r"\s+", "", codes[0]).upper()
        if not re.fullmatch(r"~[A-Z0-9]+|[A-Z0-9]+~", code):
            raise DataFileError(str(path), f"invalid agent code [{codes[0].strip()}]", number)
        head = stripped.split("[", 1)[0]
        plural: list[str] | bool | None = None
        if "{" in head:
            head, braces = head.split("{", 1)
            inside = braces.split("}", 1)[0].strip()
            plural = [_display(p, single_caps=False).lower() for p in inside.split(",") if p.strip()] or False
        letters = code.strip("~")
        sectors = tuple(letters[i : i + 3] for i in range(0, len(letters), 3))
        nouns = [_display(n, single_caps=False).lower() for n in _expand(head.strip(), subst, path, number)]
        if not nouns or not nouns[0]:
            raise DataFileError(str(path), "an agent line without a noun", number)
        agents.append(PetrarchAgent(nouns, sectors, code.endswith("~"), plural, number))
    return agents


def _expand(noun: str, subst: dict[str, list[str]], path: Path, line: int) -> list[str]:
    names = re.findall(r"!([A-Za-z0-9_]+)!", noun)
    for name in names:
        if name.upper() not in subst:
            raise DataFileError(str(path), f"unknown substitution !{name}!", line)
    if not names:
        return [noun]
    pieces = re.split(r"!(?:[A-Za-z0-9_]+)!", noun)
    out = []
    for choice in itertools.product(*(subst[n.upper()] for n in names)):
        words = [pieces[0]]
        for value, piece in zip(choice, pieces[1:], strict=True):
            words += [value, piece]
        out.append("".join(words))
    return out


# ------------------------------------------------------------------ as KB records


def read_dictionary(path: str | Path, known: Callable[[str], dict[str, Any] | None] | None = None
                    ) -> dict[str, Any]:
    """A PETRARCH file as the sections a YAML actor file would give (with line numbers).

    ``known(id)`` returns the fields of an entry loaded before (the package's states), so that
    "ISRAEL [ISR]" adds a name to Israel instead of creating a second entry."""
    path = Path(path)
    known = known or (lambda _id: None)
    kind = detect(path)
    if kind == "verbs":
        raise DataFileError(str(path), "a PETRARCH verb dictionary: only actor and agent dictionaries can be "
                            "loaded into the actor knowledge base (verb dictionaries extend the event patterns)")
    if kind == "agents":
        return {"roles": [_role_record(agent) for agent in parse_agents(path)]}
    entries: dict[str, dict[str, Any]] = {}
    people: list[dict[str, Any]] = []
    slugs: set[str] = set()
    for block in parse_actors(path):
        phrases = [block.phrase] + block.synonyms
        # PETRARCH's input joins a name's words with "_" ("the Prince of Dol_Amroth"); the tokenizer
        # keeps such a word whole, so each phrase is also known in that form
        phrases += [joined for p in list(phrases) if (joined := _underscored(p)) not in phrases and joined != p]
        if any(span.start or span.end for span in block.codes):
            people.append(_person_record(block, phrases, slugs))
            continue
        span = block.codes[0]
        if span.code is None:
            record = entries.setdefault("NULL", _record("NULL", block, kind="null", name=block.phrase,
                                                         country=None, code=None))
        elif "/" in span.code:
            record = entries.setdefault(span.code, _record(
                span.code, block, kind="group", name=block.phrase, country=None, code=None,
                members=span.code.split("/")))
        else:
            record = entries.get(span.code) or _entry_record(span.code, block, known)
            entries[span.code] = record
        record["aliases"].extend(p for p in phrases if p not in record["aliases"])
        record["demonyms"].extend(p for p in phrases if " " not in p and _DEMONYM_END.search(p)
                                  and p not in record["demonyms"])
    return {"actors": list(entries.values()), "people": people}


def _record(ident: str, block: PetrarchActor, **fields: Any) -> dict[str, Any]:
    return {"id": ident, **fields, "aliases": [], "demonyms": [], "__line__": block.line,
            "__keys__": {}, "__origin__": "petrarch"}


def _entry_record(code: str, block: PetrarchActor, known: Callable[[str], dict[str, Any] | None]
                  ) -> dict[str, Any]:
    if known(code) is not None:  # a code the KB knows ("ISR"): add the phrases to it
        return {"id": code, "aliases": [], "demonyms": [], "__line__": block.line, "__keys__": {},
                "__origin__": "petrarch"}
    head, chunks = code[:3], [code[i : i + 3] for i in range(3, len(code), 3)]
    base = known(head)
    if base is not None and base.get("kind") in ("state", "territory"):
        return _record(code, block, kind=base["kind"], name=base["name"], country=base["country"],
                       code=code, sector=chunks, contested_with=list(base.get("contested_with", ())))
    if head in _INTERNATIONAL:
        kind = "organization" if head in ("IGO", "NGO") else "group"
        return _record(code, block, kind=kind, name=block.phrase, country=None, code=code, sector=[head])
    return _record(code, block, kind="group", name=block.phrase, country=head, code=code, sector=chunks)


def _person_record(block: PetrarchActor, phrases: list[str], slugs: set[str]) -> dict[str, Any]:
    slug = re.sub(r"[^a-z0-9]+", "-", block.phrase.lower()).strip("-") or "person"
    unique, n = slug, 2
    while unique in slugs:
        unique, n = f"{slug}-{n}", n + 1
    slugs.add(unique)
    dated = [s for s in block.codes if s.start or s.end]
    fallback = [s for s in block.codes if not (s.start or s.end)][:1]
    roles = []
    for span in dated + fallback:  # dated spans first, in file order: the first match wins
        code = span.code
        international = code is not None and code[:3] in _INTERNATIONAL
        roles.append({
            "country": None if code is None or international else code[:3],
            "org": None,
            "sector": [code[i : i + 3] for i in range(3, len(code), 3)] if code else [],
            "code": code, "from": span.start, "to": span.end,
            "__line__": block.line, "__keys__": {},
        })
    return {"id": unique, "name": block.phrase, "aliases": phrases[1:], "roles": roles,
            "__line__": block.line, "__keys__": {}, "__origin__": "petrarch"}


def _role_record(agent: PetrarchAgent) -> dict[str, Any]:
    record: dict[str, Any] = {"noun": agent.nouns[0], "sectors": list(agent.sectors),
                              "aliases": agent.nouns[1:], "prefix": agent.prefix,
                              "__line__": agent.line, "__keys__": {}, "__origin__": "petrarch"}
    if agent.plural is False or len(agent.nouns) > 1:
        record["plural"] = False  # "{}", or substitutions that already spell the plurals out
    elif agent.plural:
        record["plural"] = agent.plural
    return record
