"""PETRARCH/TABARI verb dictionaries as a layer of event patterns.

Users keep their tuned PETRARCH verb dictionaries: ``--dictionary PETR.Validate.verbs.txt`` adds the
file's verb families to the pattern set (``load_verb_file``). The format read::

    &CURRENCY                      # a synonym set ("synset"): its "+" lines are the members;
    +DOLLARS                       #   a member may be several words and may name other sets
    +SWISS FRANCS

    --- RESTORE  [064]  ---        # a verb family and the code of its verbs on their own
    RESTORE                        # the family's verbs (one a line), irregular forms in braces:
    BREAK { BROKE BROKEN }         #   matching is on lemmas, so the forms only name the verb
    DOWNPLAY [014]                 # a verb with its own code
    +CORDON_OFF {+CORDONED_OFF}    # a multiword verb: "+" marks the verb, the rest are particles
    KLM_NOP_+RST [002]             #   or words that must come before / after it
    - * DIPLOMATIC TIES  [064]     # a pattern: "*" is the verb, words before and after it
    - SAID * WAS LIE  [141]        #   must occur in that order around it in the sentence
    - + * FROM $  [066]            # "$" the source, "+" the target, "^" skips a word,
    - % * [030:030]                #   "%" a compound (the parties act on each other),
    - * FOR &ECONSANCT  [172]      #   "&NAME" any member of a synset, "_" joins words
    - PEACE-KEEPING * [---]        # a null code: that phrase is no event

Codes are kept AS WRITTEN. A paired code ``[032:033]`` codes the event from source to target with
the first code and records the second as the pattern's ``reverse_code`` (the target's reply to the
source, "arrived in X": X received a visit). PETRARCH dictionaries often carry WEIS codes or test
values ("174L", "903"); such a code is loaded as a foreign code: the ontology gives it a record
with null Goldstein score and QuadClass and a note saying the CAMEO table lacks it
(``Ontology.add_foreign``). Codes without a two-digit root ("+++", "abc") and null codes produce no
pattern: an object pattern with a null code ("* CARD [---]") becomes a ``not_object`` of its
family's own pattern, so the verb does not fire on that object.

Mapping onto our patterns: each verb of a family gets a pattern with the family's code (or its
own) and one for each of the family's patterns (a multiword verb's other words join the context).
The words before the verb become the ordered `before` context and the words after it the `after`
context (a lone preposition after the verb is a particle instead: "*_UPON", "* FOR"); a verb
listed in an inflected form ("LEFT", "CALLED") matches that form only (`forms`), as in PETRARCH,
a base form matches every form of its lemma. The target is PETRARCH's: the first actors of the
verb phrase (`target: any`: the object and the objects of common prepositions, then the nouns
further down the phrase); a "+" after a preposition makes that preposition the target's
("* AT ^ +"); a "+" before the verb and a "$" after it swap the roles ("+ * PLEDGE FROM $": the
subject receives). "%" makes the pattern symmetric. Every imported pattern is ``exclusive``: for
a verb the dictionary defines, its patterns replace the package's (PETRARCH's own semantics),
while other verbs and the event nouns keep the package's patterns. PETRARCH's matching of word
stems (words without a trailing "_") is approximated: a context word of five letters or more
also matches the words it begins.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataFileError
from .patterns import IMPORTED_CODE, Pattern, PatternSet, _check_code
from .petrarch import dictionary_lines

__all__ = ["VerbFamily", "VerbPattern", "VerbEntry", "parse_verbs", "load_verb_file", "looks_like_verbs",
           "verb_lemmas", "foreign_code", "inflected", "DEFAULT_TARGET_PREPS"]

# Prepositions and particles: a leading one after the verb is a particle ("call for", "pull out").
PREPOSITIONS = {
    "about", "across", "against", "along", "among", "around", "as", "at", "away", "back", "before", "behind",
    "between", "by", "down", "for", "from", "in", "into", "near", "of", "off", "on", "onto", "out", "over",
    "through", "to", "toward", "towards", "under", "until", "up", "upon", "with", "within", "without",
}
# Prepositions whose object is the target when a pattern names none ("restore ties with X",
# "arrived in X"): PETRARCH takes the first actor of the verb phrase.
DEFAULT_TARGET_PREPS = ("with", "to", "against", "on", "upon", "at", "in", "into", "toward", "towards",
                        "over", "about", "for", "of", "from", "near")
_HEADER = re.compile(r"^---\s*(?P<name>[^\[]*?)\s*(?P<codes>(?:\[[^\]]*\]\s*)+)(?:---)?\s*$")
_CODE_BLOCK = re.compile(r"\[([^\]]*)\]")
_SYNSET = re.compile(r"^&([A-Za-z0-9_]+?)_*$")
_NULL_CODES = {"---"}
_FUNCTION_WORDS = {"a", "an", "the", "their", "its", "his", "her", "our", "was", "were", "is", "are", "be",
                   "been", "would", "will", "should", "not", "no", "must", "may", "can", "has", "have", "had"}

_IRREGULAR = {
    "said": "say", "says": "say", "held": "hold", "made": "make", "met": "meet", "left": "leave",
    "fought": "fight", "paid": "pay", "lent": "lend", "found": "find", "drawn": "draw", "began": "begin",
    "begun": "begin", "won": "win", "sought": "seek", "sank": "sink", "sunk": "sink", "shot": "shoot",
    "risen": "rise", "rose": "rise", "broke": "break", "broken": "break", "gave": "give", "given": "give",
    "took": "take", "taken": "take", "went": "go", "gone": "go", "came": "come", "sent": "send",
    "spoke": "speak", "spoken": "speak", "told": "tell", "brought": "bring", "bought": "buy", "sold": "sell",
    "struck": "strike", "stricken": "strike", "threw": "throw", "thrown": "throw", "led": "lead",
    "kept": "keep", "felt": "feel", "fled": "flee", "wrote": "write", "written": "write", "ran": "run",
    "saw": "see", "seen": "see", "knew": "know", "known": "know", "got": "get", "gotten": "get",
    "has": "have", "had": "have", "did": "do", "done": "do", "was": "be", "were": "be", "is": "be",
    "are": "be", "been": "be", "cut": "cut", "set": "set", "put": "put", "hit": "hit", "shut": "shut",
    "bade": "bid", "wound": "wound", "withdrew": "withdraw", "withdrawn": "withdraw", "overcame": "overcome",
}


def verb_lemmas(word: str) -> tuple[str, ...]:
    """The lemmas a dictionary's verb form may have ("CALLED" -> call; "EXCHANG", a stem -> exchange).

    Without a lemmatizer the candidates are generous: a candidate no verb has is harmless."""
    word = word.lower().strip("_")
    if word in _IRREGULAR:
        return (_IRREGULAR[word],)
    out = [word]
    if word.endswith("ied") and len(word) > 4:
        out.append(word[:-3] + "y")
    elif word.endswith("ed") and len(word) > 4:
        stem = word[:-2]
        out += [stem, stem + "e"]
        if len(stem) > 2 and stem[-1] == stem[-2]:
            out.append(stem[:-1])  # "repelled" -> "repel"
    elif word.endswith("ing") and len(word) > 5:
        stem = word[:-3]
        out += [stem, stem + "e"]
        if stem[-1] == stem[-2]:
            out.append(stem[:-1])
    elif word.endswith("ies") and len(word) > 4:
        out.append(word[:-3] + "y")
    elif word.endswith(("ches", "shes", "sses", "xes")):
        out.append(word[:-2])
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        out.append(word[:-1])
    elif word.endswith("ie"):
        out.append(word[:-2] + "y")  # "DEFIE", a stem of "defied"
    elif word[-1] not in "aeiouy" and len(word) > 3:
        out.append(word + "e")  # "EXCHANG", a stem of "exchange"
    return tuple(dict.fromkeys(out))


def inflected(word: str) -> bool:
    """Is a dictionary's verb an inflected form ("LEFT", "CALLED", "SAYS")? PETRARCH matches such a
    family on that form only, so "left" and "leave" can code differently."""
    word = word.lower()
    if word in _IRREGULAR:
        return _IRREGULAR[word] != word
    return len(word) > 4 and (word.endswith(("ed", "ing")) or (word.endswith("s") and not word.endswith("ss")))


def foreign_code(code: str, known_codes) -> bool:
    """A code our CAMEO table lacks (a WEIS or test code of a PETRARCH dictionary)."""
    return known_codes is not None and code not in known_codes


# ------------------------------------------------------------------ parsed form


@dataclass(frozen=True)
class Element:
    """One element of a pattern: a word (its alternatives, synsets expanded) or a marker."""

    kind: str  # "word" | "verb" | "source" | "target" | "skip" | "compound"
    words: tuple[str, ...] = ()  # alternatives, lower case, words of a phrase joined by spaces


@dataclass
class VerbPattern:
    elements: list[Element]
    code: str | None  # None: a null code
    reverse_code: str | None
    line: int
    raw_code: str = ""


@dataclass
class VerbEntry:
    """One verb of a family: its main word, the words before / after it, its own code."""

    verb: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    forms: tuple[str, ...]
    code: str | None
    reverse_code: str | None
    own_code: bool
    line: int
    raw_code: str = ""


@dataclass
class VerbFamily:
    name: str
    code: str | None
    reverse_code: str | None
    line: int
    raw_code: str = ""
    verbs: list[VerbEntry] = field(default_factory=list)
    patterns: list[VerbPattern] = field(default_factory=list)


# ------------------------------------------------------------------ reading


def looks_like_verbs(path: str | Path) -> bool:
    """Does the file hold verb families ("--- VERB [code] ---" headers or "- ... * ... [code]" lines)?"""
    for _number, line in _lines(Path(path)):
        stripped = line.strip()
        if stripped.startswith("---") and _HEADER.match(stripped):
            return True
        if stripped.startswith("- ") and "*" in stripped and "[" in stripped:
            return True
    return False


def _cut_comment(raw: str) -> str:
    """'#' outside a [code] to the end of the line ("[###]" is a code)."""
    depth = 0
    for i, char in enumerate(raw):
        depth += (char == "[") - (char == "]")
        if char == "#" and depth <= 0:
            return raw[:i]
    return raw


def _lines(path: Path):
    return dictionary_lines(path, _cut_comment)


def _parse_code(text: str, path: str, line: int) -> tuple[str | None, str | None]:
    """'064' -> ('064', None); '032:033' -> ('032', '033'); '---' -> (None, None)."""
    text = text.strip()
    if not text:
        raise DataFileError(path, "an empty [code]", line)
    if not re.fullmatch(r"[^\s:\[\]]+(?::[^\s:\[\]]+)?", text):
        raise DataFileError(path, f"invalid code [{text}]", line)
    first, _, second = text.partition(":")
    return (None if first in _NULL_CODES else first), (second or None)


def _split_code(text: str, path: str, line: int) -> tuple[str, str | None, str | None, str, bool]:
    """Phrase text and its code: (text, code, reverse code, raw, had a code)."""
    blocks = _CODE_BLOCK.findall(text)
    body = _CODE_BLOCK.sub(" ", text)
    if "[" in body or "]" in body:
        raise DataFileError(path, f"unbalanced brackets in '{text.strip()}'", line)
    if not blocks:
        return body.strip(), None, None, "", False
    code, reverse = _parse_code(blocks[0], path, line)
    return body.strip(), code, reverse, blocks[0].strip(), True


class _Reader:
    def __init__(self, path: Path):
        self.path = path
        self.name = str(path)
        self.synsets: dict[str, tuple[list[str], int]] = {}
        self.families: list[VerbFamily] = []
        self._expanded: dict[str, tuple[str, ...]] = {}

    def error(self, message: str, line: int) -> DataFileError:
        return DataFileError(self.name, message, line)

    def read(self) -> list[VerbFamily]:
        raw: list[tuple[int, str, str]] = []  # (line, kind, text)
        synset: str | None = None
        for number, line in _lines(self.path):
            stripped = line.strip()
            if stripped.startswith("&"):
                match = _SYNSET.match(stripped.split()[0]) if len(stripped.split()) == 1 else None
                if match is None:
                    raise self.error(f"invalid synset name '{stripped}'", number)
                synset = match.group(1).upper()
                self.synsets[synset] = ([], number)
                continue
            if stripped.startswith("+") and synset is not None:
                member = stripped[1:].strip()
                if not member:
                    raise self.error("an empty synset member", number)
                self.synsets[synset][0].append(member)
                continue
            synset = None
            if stripped.startswith("---"):
                raw.append((number, "family", stripped))
            elif stripped.startswith("-"):
                raw.append((number, "pattern", stripped[1:].strip()))
            else:
                raw.append((number, "verb", stripped))
        for name, (members, number) in self.synsets.items():
            if not members:
                raise self.error(f"synset &{name} has no members", number)
        family: VerbFamily | None = None
        for number, kind, text in raw:
            if kind == "family":
                family = self._family(text, number)
                self.families.append(family)
                continue
            if family is None:
                raise self.error(f"'{text}' before any '--- VERB [code] ---' family header", number)
            if kind == "pattern":
                family.patterns.append(self._pattern(text, number))
            else:
                family.verbs.append(self._verb(text, family, number))
        for family in self.families:
            if not family.verbs:
                raise self.error(f"verb family '{family.name}' lists no verb", family.line)
        return self.families

    def _family(self, text: str, number: int) -> VerbFamily:
        match = _HEADER.match(text)
        if match is None or not match.group("name").strip():
            raise self.error(f"invalid verb family header '{text}' (expected '--- VERB [code] ---')", number)
        first = _CODE_BLOCK.findall(match.group("codes"))[0]
        code, reverse = _parse_code(first, self.name, number)
        return VerbFamily(match.group("name").strip(), code, reverse, number, first.strip())

    def _verb(self, text: str, family: VerbFamily, number: int) -> VerbEntry:
        forms: tuple[str, ...] = ()
        if "{" in text:
            head, _, rest = text.partition("{")
            inside, closed, tail = rest.partition("}")
            if not closed:
                raise self.error(f"unclosed '{{' in '{text}'", number)
            for form in inside.split():
                pieces = [w for w in form.split("_") if w]
                marked = [w for w in pieces if w.startswith("+")]
                forms += ((marked or pieces)[0].lstrip("+").lower(),) if pieces else ()
            text = head + " " + tail
        body, code, reverse, raw_code, has_code = _split_code(text, self.name, number)
        words = [w for w in re.split(r"[\s_]+", body) if w]
        if not words or any(not re.fullmatch(r"\+?[A-Za-z][A-Za-z'.-]*", w) for w in words):
            raise self.error(f"invalid verb line '{text.strip()}'", number)
        marked = [i for i, w in enumerate(words) if w.startswith("+")]
        if len(marked) > 1:
            raise self.error(f"more than one '+' verb in '{text.strip()}'", number)
        index = marked[0] if marked else 0
        words = [w.lstrip("+").lower() for w in words]
        if not has_code:
            code, reverse, raw_code = family.code, family.reverse_code, family.raw_code
        return VerbEntry(words[index], tuple(words[:index]), tuple(words[index + 1:]), forms, code, reverse,
                         has_code, number, raw_code)

    def _expand(self, name: str, number: int, stack: tuple[str, ...] = ()) -> tuple[str, ...]:
        name = name.upper().rstrip("_")
        if name in self._expanded:
            return self._expanded[name]
        if name not in self.synsets:
            raise self.error(f"unknown synset &{name}", number)
        if name in stack:
            raise self.error(f"synset &{name} contains itself", number)
        out: list[str] = []
        for member in self.synsets[name][0]:
            parts: list[tuple[str, ...]] = []
            for word in re.split(r"[\s_]+", member):
                if not word:
                    continue
                if word.startswith("&"):
                    parts.append(self._expand(word[1:], number, stack + (name,)))
                else:
                    parts.append((word.lower(),))
            out.extend(" ".join(choice) for choice in itertools.product(*parts))
        self._expanded[name] = tuple(dict.fromkeys(out))
        return self._expanded[name]

    def _pattern(self, text: str, number: int) -> VerbPattern:
        body, code, reverse, raw_code, has_code = _split_code(text, self.name, number)
        if not has_code:
            raise self.error(f"pattern '{text}' has no [code]", number)
        elements: list[Element] = []
        markers = {"*": "verb", "$": "source", "+": "target", "^": "skip", "%": "compound", "@": "skip"}
        for chunk in body.split():
            for piece in re.split(r"_+", chunk):
                if not piece:
                    continue
                if piece in markers:
                    elements.append(Element(markers[piece]))
                elif piece.startswith("&"):
                    elements.append(Element("word", self._expand(piece[1:], number)))
                elif re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9'.-]*-?", piece):
                    elements.append(Element("word", (piece.lower(),)))
                else:
                    raise self.error(f"unexpected '{piece}' in pattern '{text}'", number)
        if sum(e.kind == "verb" for e in elements) != 1:
            raise self.error(f"pattern '{text}' needs exactly one '*' for the verb", number)
        return VerbPattern(elements, code, reverse, number, raw_code)


def parse_verbs(path: str | Path) -> list[VerbFamily]:
    """The verb families of a PETRARCH verb dictionary, synsets expanded; DataFileError names file and line."""
    path = Path(path)
    if not path.exists():
        raise DataFileError(str(path), "dictionary file not found")
    return _Reader(path).read()


# ------------------------------------------------------------------ as patterns


def _codable(code: str | None) -> bool:
    """A code that can be coded: two digits (the root), then digits or letters ("174L", "102b", "025?")."""
    return code is not None and bool(IMPORTED_CODE.fullmatch(code))


def _phrases(elements: list[Element]) -> tuple[str, ...]:
    """The phrases a run of word elements spells (synsets multiply)."""
    return tuple(" ".join(choice) for choice in itertools.product(*(e.words for e in elements)))


def _context(elements: list[Element]) -> tuple[str, ...]:
    """Word elements as an ordered context: each item its alternatives joined by '|'."""
    return tuple("|".join(e.words) for e in elements if e.kind == "word")


def _skips_before_target(after: list[Element]) -> int:
    """The "^" skips between a preposition and the target marker ("IN ^ +" -> 1), 0 when the element
    before them is not a one-word preposition."""
    kinds = [e.kind for e in after]
    if "target" not in kinds:
        return 0
    position = kinds.index("target")
    skips = 0
    while position - skips - 1 >= 0 and after[position - skips - 1].kind == "skip":
        skips += 1
    word = after[position - skips - 1] if position - skips - 1 >= 0 else None
    if not skips or word is None or word.kind != "word" or len(word.words) != 1 or word.words[0] not in PREPOSITIONS:
        return 0
    return skips


def _shape(pattern: VerbPattern) -> dict:
    """Pattern fields (particle, preps, target, context, roles) from a pattern's elements."""
    elements = pattern.elements
    star = next(i for i, e in enumerate(elements) if e.kind == "verb")
    before, after = elements[:star], elements[star + 1:]
    fields: dict = {"symmetric": any(e.kind == "compound" for e in elements), "target": "any"}
    kinds_after = [e.kind for e in after]
    words_after = [e for e in after if e.kind == "word"]

    def prep_before(marker: str) -> Element | None:
        position = kinds_after.index(marker)
        preceding = [e for e in after[:position] if e.kind == "word"]
        if preceding and len(preceding[-1].words) == 1 and preceding[-1].words[0] in PREPOSITIONS:
            return preceding[-1]
        return None

    if any(e.kind == "target" for e in before) and "source" in kinds_after:
        # "+ * PLEDGE FROM $", "+ KNOWN_ * IN_ $": the subject is the target, the source comes after
        fields["swap"] = True
        prep = prep_before("source")
        fields["preps"] = prep.words if prep is not None else ("from",)
        fields["passive_from"] = fields["preps"] == ("from",)
        words_after = [e for e in words_after if e is not prep]
    elif "target" in kinds_after and _skips_before_target(after):
        # "* IFTAR IN ^ +": past the preposition, skip that many phrases; the next actor is the target
        prep = next(e for e in reversed(after[: kinds_after.index("target")]) if e.kind == "word")
        fields["preps"], fields["target"] = prep.words, "any"
        fields["skip"] = _skips_before_target(after)
        words_after = [e for e in words_after if e is not prep]
    elif "target" in kinds_after:
        prep = prep_before("target")
        if prep is not None:  # "* AT ^ +": the object of that preposition is the target
            fields["preps"], fields["target"] = prep.words, "prep"
            words_after = [e for e in words_after if e is not prep]
        elif not any(e.kind == "word" for e in after[: kinds_after.index("target")]):
            fields["target"] = "object"  # "* + ...": the direct object
    fields["before"] = _context([e for e in before if e.kind == "word"])
    lone = len(words_after) == 1 and len(words_after[0].words) == 1 and words_after[0].words[0] in PREPOSITIONS
    if lone and after and after[0] is words_after[0]:
        fields["particles"] = words_after[0].words  # "*_UPON", "* FOR", "* DOWN": a particle
    else:
        fields["after"] = _context(words_after)
    return fields


def load_verb_file(path: str | Path, patterns: PatternSet, known_codes=None) -> list[str]:
    """Add a verb dictionary's patterns to `patterns` (one layer); the foreign codes it uses are returned."""
    path = Path(path)
    name = str(path)
    layer = len(patterns.data_files)
    foreign: list[str] = []
    added = 0

    def code_ok(code: str, line: int) -> None:
        _check_code(code, "PETRARCH verb pattern", name, line, known_codes, imported=True)
        if foreign_code(code, known_codes) and code not in foreign:
            foreign.append(code)

    def usable(code: str | None, line: int) -> bool:
        """A code to code under; placeholders without digits ("+++", "abc") are skipped, a bad
        numeric code ("1") is an error."""
        if code is None or not code[0].isdigit():
            return False
        code_ok(code, line)
        return True

    for family in parse_verbs(path):
        # Object patterns with a null code: that object is another sense ("* CARD [---]").
        null_objects: list[str] = []
        shaped: list[tuple[VerbPattern, dict]] = []
        for pattern in family.patterns:
            fields = _shape(pattern)
            if pattern.code is None:
                words = [e for e in pattern.elements if e.kind == "word"]
                if pattern.elements[0].kind == "verb" and words and not any(
                        w in _FUNCTION_WORDS or w in PREPOSITIONS for e in words for w in e.words):
                    null_objects.extend(_phrases(words))  # "* CARD [---]"
                continue
            if not usable(pattern.code, pattern.line):
                continue  # "+++", "abc": no CAMEO root to code under
            shaped.append((pattern, fields))
        plain = [v for v in family.verbs if not v.before and not v.after]
        for entry in family.verbs:
            lemmas = verb_lemmas(entry.verb)
            for form in entry.forms:
                lemmas += tuple(lemma for lemma in verb_lemmas(form) if lemma not in lemmas)
            forms: tuple[str, ...] = ()
            if inflected(entry.verb):
                forms = (entry.verb,) + tuple(f for f in entry.forms if f != entry.verb)
            particles = tuple(w for w in entry.after[:1] if w in PREPOSITIONS)
            after = entry.after[len(particles):]
            where = entry.line if entry.own_code else family.line
            if usable(entry.code, where):
                usable(entry.reverse_code, where)
                patterns.patterns[f"petrarch:{path.name}:{entry.line}:{entry.verb}"] = Pattern(
                    id=f"petrarch:{path.name}:{entry.line}:{entry.verb}", code=entry.code, lemmas=lemmas,
                    is_noun=False, particles=particles, preps=DEFAULT_TARGET_PREPS, target="any", forms=forms,
                    before=entry.before, after=after, not_objects=tuple(null_objects) if entry in plain else (),
                    reverse_code=entry.reverse_code if _codable(entry.reverse_code) else None,
                    exclusive=True, source_file=name, line=entry.line, layer=layer,
                    note=f"PETRARCH verb family {family.name} [{entry.raw_code}]",
                )
                added += 1
            for pattern, fields in shaped:  # the family's patterns apply to each of its verbs
                reverse = pattern.reverse_code if usable(pattern.reverse_code, pattern.line) else None
                pid = f"petrarch:{path.name}:{pattern.line}:{entry.verb}"
                patterns.patterns[pid] = Pattern(
                    id=pid, code=pattern.code, lemmas=lemmas, is_noun=False, forms=forms,
                    particles=fields.get("particles", particles) or particles,
                    preps=fields.get("preps", DEFAULT_TARGET_PREPS),
                    target=fields["target"], symmetric=fields["symmetric"],
                    passive_from=("from",) if fields.get("passive_from") else (), swap_roles=fields.get("swap", False),
                    skip_targets=fields.get("skip", 0),
                    before=fields.get("before", ()) + entry.before, after=after + fields.get("after", ()),
                    reverse_code=reverse,
                    exclusive=True, source_file=name, line=pattern.line, layer=layer,
                    note=f"PETRARCH verb family {family.name} [{pattern.raw_code}]",
                )
                added += 1
    if not added:
        raise DataFileError(name, "no codable verb pattern: not a PETRARCH verb dictionary?")
    patterns.foreign_codes.update(foreign)
    return foreign
