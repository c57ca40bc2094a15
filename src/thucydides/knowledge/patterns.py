"""Event patterns: triggers -> CAMEO codes, loaded from YAML files (package files, then user files).

A pattern is keyed on a verb lemma or an event-noun lemma; every pattern has an id that is recorded on
each reading it produces. A later file's pattern with the same id replaces the earlier one, so users
override by id and add by new ids. Fields (see data/patterns/README.md):

    id:          unique id, recorded as Reading.pattern_id
    code:        CAMEO code
    verb:        lemma(s) of a verbal trigger              } exactly one of verb / noun / adjective
    noun:        lemma(s) of an event noun (multiword: "air strike", the last word is the head)
    adjective:   word(s) of a predicative adjective ("was critical of", "is opposed to"): the copula's
                 subject is the source, the objects of `preps` the target; the copula carries tense,
                 negation and date
    particle:    the verb needs one of these particles/prepositions ("pull out", "call for")
    object:      the verb needs a direct object (or passive subject, or the object of its particle,
                 or "X in aid") with one of these lemmas; multiword ok ("diplomatic relation"); a
                 noun needs an "of" complement with one ("the resumption of ties")
    instrument:  the subject or a "with"/"using" phrase names one of these ("warplane", "artillery")
    verbs:       for nouns: support verbs whose subject is the source ("launch an attack"), each a
                 lemma with an optional preposition ("agree to"); "@name" expands a verb_sets entry
    standalone:  for nouns: may fire without a support verb (source from a modifier: "a Russian attack")
    preps:       prepositions whose object is the target ("against", "with", "on")
    target:      object | prep | any | clause | condition | none  (default: object when the verb takes
                 one, else prep; any: the direct object and the objects of `preps`, PETRARCH's first actors
                 of the verb phrase; clause: the subject of the verb's that-clause, "warned that Syria
                 could ..."; condition: the subject of its if/unless clause, "would defend Taiwan if China
                 attacked": a pattern with it fires only with such a clause, before other senses, and
                 codes the warning as made; none: no phrase of the verb is a target, though a show or
                 build-up of force (CAMEO 15) still faces the one its purpose or frontier names, "to
                 deter Russia", "to the Syrian border")
    content_parties: for nouns with no stated party: the states and territories named inside the
                 noun's own content are its counterparts ("an agreement on the presence of troops in X")
    target_required: fire only when a target actor is found ("received" a person, not a letter)
    symmetric:   coordinated subjects act on each other ("A and B agreed", "talks between A and B")
    governs:     intent | threat | refuse | demand | appeal | accuse | deny | allege: a verb whose complement is the act
                 ("agreed to withdraw", "threatened to impose sanctions", "urged X to release");
                 the code comes from the act's pattern through act_maps[governs], else `code`
    intent:      true is the same as governs: intent
    absorbed:    a killing or wounding verb that belongs to a violent event coded on the verb
                 governing it ("struck X, killing 12"): its counts go to that event instead
    factuality:  force a factuality (e.g. "reported_claim")
    source_role: senses by actor type: fire only when a source actor has one of these tags (its sector
                 codes, e.g. [MIL, COP], or its kind in capitals: STATE (a state named as such, no
                 sector), TERRITORY, PERSON, ORGANIZATION, GROUP); `subject_role` is an older name
    not_source_role: never fire for a source actor with one of these tags
    target_role / not_target_role: the same for the target ("raid" by police vs by the military;
                 "protest" against a government vs a company)
    not_object:  the verb's object (or a noun's "of" complement) must not be one of these lemmas
                 ("strike a deal" is no strike); where no sense fits, nothing is coded
    example:     [sentence, source, target] or [sentence, source, target, code]: a sentence of our own
                 that this pattern codes, with the source and target (country, code or name; null
                 for no target) and the code when it is not the pattern's own (governing verbs);
                 tests/test_vocabulary.py codes every example
    passive_from: in a passive clause with no "by" agent, "from X" names the source ("forty envoys
                 were expelled from Canada": Canada expelled them); a list names other prepositions
                 ([to]: "the ambassador was summoned to the foreign ministry": the ministry summoned him)
    anaphoric:   the words repeat an act named before ("followed suit", "did the same", "similar steps
                 were taken by X"): the reading takes the code and target of the document's previous
                 reading, with this pattern's source; nothing is coded when there is none
    modifier:    for nouns: one of these words must modify the noun ("similar steps", "such a measure")
    not_modifier: for nouns: none of these words may modify it ("a trade war", "a legal battle")
    before / after: for verbs: context words that must occur, in this order, before / after the verb
                 in its sentence; "a|b" gives alternatives (PETRARCH patterns: "- SAID * WAS LIE")
    predicate:   for verbs: the object's predicate ("called Bush a liar", "called the order offensive": the
                 parser's oprd) must be one of these lemmas (classes allowed); with target: clause, the
                 predicate of the reported copular clause too ("said the trial was unconstitutional"), whose
                 subject must not be one of `not_object`
    no_predicate: fire only when the verb has no object predicate ("called Bush a liar" is no phone call)
    aimed:       fire only when a phrase of `preps` says what the act was aimed at, actor or not ("fired
                 missiles at three sites"), its object none of `not_object` ("into the sea") nor a date
    doer_target: the object is an act the sentence tells; with no owner named, the target is the one who
                 did another act of the sentence, not on the source's side ("Dutch police detained a
                 Russian diplomat, ... Putin calling the incident a gross violation"); with none, no reading
    no_that_clause: fire only when the verb has no that-clause ("agreed on Saturday that the hosts were
                 lucky" shares a view; it settles no terms)
    intransitive: fire only when the verb has no direct object, nominal or clausal ("Iraq flew to Riyadh"
                 is a visit, "Iraq flew 100 pilgrims to Riyadh" is not; "conceded that ..." yields nothing)
    patient_acts: the subject of the passive verb is the source ("Ikeda was expected in Lima": Ikeda's visit)
    owner_acts:  in a passive clause with no agent, the subject is its owner's own ("French troops were sent
                 to Mali": France sent them), so the subject names the source
    swap_roles:  the subject is the target and the object of `preps` (default "from") the source
                 ("Denmark drew criticism from China": China criticized Denmark)
    note:        free text for the people editing the file

Word classes: `classes: {weapon: [gun, rifle, ...]}` in any file; "@weapon" in object, not_object or
instrument expands to the class (classes may come from any file, user files too).

A PETRARCH verb dictionary (.txt) is read by petrarch_verbs.py into the same Pattern objects: its
codes are kept as written (WEIS or test codes too: PatternSet.foreign_codes), and its patterns replace
the package's verb patterns for the verbs it defines (Pattern.exclusive).

A file may also hold `act_maps:` ({family: {act code prefix: code}}, `intent_map:` is the intent
family) and `verb_sets:` ({name: [support verbs]}).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import DataFileError
from .datafiles import load_yaml

FIELDS = {
    "id", "code", "verb", "noun", "adjective", "particle", "object", "instrument", "verbs", "standalone", "preps",
    "target", "target_required", "symmetric", "governs", "intent", "absorbed", "factuality",
    "subject_role", "source_role", "not_source_role", "target_role", "not_target_role", "not_object",
    "note", "example", "examples", "negative", "content_parties", "passive_from", "anaphoric", "modifier",
    "not_modifier",
    "before", "after", "swap_roles", "intransitive", "no_that_clause", "patient_acts", "owner_acts", "predicate", "no_predicate",
    "aimed", "doer_target",
}
TARGETS = {"object", "prep", "any", "clause", "condition", "none"}
# mirror: "retaliate for the sanctions" takes its code from the act it answers
GOVERNED_FAMILIES = {"intent", "threat", "refuse", "demand", "appeal", "accuse", "deny", "allege", "mirror"}
FACTUALITIES = {"asserted", "negated", "intended", "future", "hypothetical", "reported_claim"}


@dataclass(frozen=True)
class Pattern:
    id: str
    code: str
    lemmas: tuple[str, ...]
    is_noun: bool
    is_adjective: bool = False
    particles: tuple[str, ...] = ()
    objects: tuple[str, ...] = ()
    instruments: tuple[str, ...] = ()
    support_verbs: tuple[tuple[str, ...], ...] = ()  # each a verb lemma + optional particle
    standalone: bool = True
    preps: tuple[str, ...] = ()
    target: str = "object"
    target_required: bool = False
    symmetric: bool = False
    governs: str | None = None
    absorbed: bool = False
    factuality: str | None = None
    subject_role: tuple[str, ...] = ()  # source_role: tags one source actor must have
    not_source_role: tuple[str, ...] = ()
    target_role: tuple[str, ...] = ()
    not_target_role: tuple[str, ...] = ()
    not_objects: tuple[str, ...] = ()
    example: tuple | None = None  # (sentence, source, target[, code])
    content_parties: bool = False  # parties named only in the noun's content are its counterparts
    passive_from: tuple[str, ...] = ()  # "were expelled from Canada": the "from" phrase is the agent
    anaphoric: bool = False  # "followed suit": code and target of the previous reading
    modifiers: tuple[str, ...] = ()  # a noun's required modifier ("similar steps")
    not_modifiers: tuple[str, ...] = ()  # modifiers that give the noun another sense ("trade war")
    # Ordered context words before / after the verb in its sentence, each item its alternatives
    # joined by "|" ("said", "would|will"): PETRARCH verb patterns ("- SAID * WAS LIE [141]").
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()  # the verb must have one of these surface forms (PETRARCH's "LEFT", "MET")
    swap_roles: bool = False  # the subject is the target, the object or "from" phrase the source
    intransitive: bool = False  # fire only for a verb with no direct object ("flew to Riyadh", not "flew pilgrims")
    no_that_clause: bool = False  # fire only for a verb with no that-clause ("agreed that ..." shares a view)
    predicates: tuple[str, ...] = ()  # the object predicate must be one of these ("called Bush a liar")
    no_predicate: bool = False  # fire only with no object predicate
    aimed: bool = False  # fire only when a `preps` phrase says what the act was aimed at ("at three sites")
    doer_target: bool = False  # an unowned act object: the doer of another act of the sentence is the target
    patient_acts: bool = False  # a passive's subject is the source ("X was expected in Lima": X comes)
    owner_acts: bool = False  # no agent: a passive's subject names its owner, the source ("French troops were sent")
    skip_targets: int = 0  # PETRARCH "IN ^ +": the target is the phrase after this many phrases of the prep
    reverse_code: str | None = None  # a paired PETRARCH code [032:033]: the target's act on the source
    exclusive: bool = False  # this layer's patterns replace earlier layers' verb patterns for its lemmas
    note: str = ""
    source_file: str = ""
    line: int = 0
    layer: int = 0  # the file's position in load order: a later (user) file wins ties

    @property
    def intent(self) -> bool:
        return self.governs == "intent"

    @property
    def specificity(self) -> int:
        """More constrained patterns win over looser ones on the same trigger."""
        longest = max((len(o.split()) for o in self.objects + self.instruments), default=0)
        roles = bool(self.subject_role) + bool(self.target_role) + bool(self.not_source_role or self.not_target_role)
        context = 2 * sum(len(w.split("|")[0].split()) for w in self.before + self.after)
        return (2 * bool(self.objects) + 2 * bool(self.particles) + 2 * bool(self.instruments) + 2 * bool(self.predicates)
                + 2 * roles + bool(self.preps) + len(self.code) + longest + context + 3 * bool(self.forms))

    def phrases(self) -> list[str]:
        """The trigger phrases this pattern names, counted without inflating cross products: each verb
        (or noun) with the first particle and object, and the first verb with each other particle and
        object ("impose sanctions", "slap sanctions", "impose an embargo"; not every verb x object)."""
        first_particle = self.particles[0] if self.particles else ""
        first_object = self.objects[0] if self.objects else ""
        combos = {(word, first_particle, first_object) for word in self.lemmas}
        combos |= {(self.lemmas[0], particle, first_object) for particle in self.particles}
        combos |= {(self.lemmas[0], first_particle, obj) for obj in self.objects}
        return [" ".join(w for w in combo if w) for combo in sorted(combos)]


def head_word(phrase: str) -> str:
    """The word a (multiword) noun phrase is indexed under: its last word ('air strike' -> 'strike'),
    or the last word before an "of" complement ('letter of apology' -> 'letter')."""
    return phrase.split(" of ", 1)[0].split()[-1]


@dataclass
class PatternSet:
    patterns: dict[str, Pattern] = field(default_factory=dict)
    by_verb: dict[str, list[Pattern]] = field(default_factory=dict)
    by_noun: dict[str, list[Pattern]] = field(default_factory=dict)
    by_adjective: dict[str, list[Pattern]] = field(default_factory=dict)
    act_maps: dict[str, dict[str, str]] = field(default_factory=dict)  # family -> act prefix -> code
    verb_sets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    classes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # word classes ("@weapon")
    data_files: list[Path] = field(default_factory=list)
    # Codes of imported (PETRARCH) patterns that the CAMEO table lacks: WEIS or test codes, kept as written.
    foreign_codes: set[str] = field(default_factory=set)

    def trigger_phrases(self) -> set[str]:
        """Every distinct trigger phrase of the set, with its code: (code, phrase) pairs as strings
        ("163 impose sanction"); see Pattern.phrases for how a pattern's phrases are counted."""
        return {f"{pattern.code} {phrase}" for pattern in self.patterns.values() for phrase in pattern.phrases()}

    @property
    def intent_map(self) -> dict[str, str]:
        return self.act_maps.setdefault("intent", {})

    def index(self) -> None:
        """Build the lemma indexes and expand "@set" support verbs (sets may come from any file)."""
        self.by_verb.clear()
        self.by_noun.clear()
        self.by_adjective.clear()
        for pid, pattern in list(self.patterns.items()):
            pattern = self._expand_classes(pattern)
            self.patterns[pid] = pattern
            if any(v[0].startswith("@") for v in pattern.support_verbs):
                expanded: list[tuple[str, ...]] = []
                for verb in pattern.support_verbs:
                    if not verb[0].startswith("@"):
                        expanded.append(verb)
                        continue
                    members = self.verb_sets.get(verb[0][1:])
                    if members is None:
                        raise DataFileError(pattern.source_file, f"pattern {pid}: unknown verb set {verb[0]}",
                                            pattern.line)
                    expanded.extend(tuple(m.split()) for m in members)
                pattern = Pattern(**{**pattern.__dict__, "support_verbs": tuple(dict.fromkeys(expanded))})
                self.patterns[pid] = pattern
            table = self.by_noun if pattern.is_noun else self.by_adjective if pattern.is_adjective else self.by_verb
            keys = {head_word(lemma) if pattern.is_noun else lemma for lemma in pattern.lemmas}
            for key in sorted(keys):
                table.setdefault(key, []).append(pattern)
        for lemma, found in self.by_verb.items():
            # An exclusive layer (a PETRARCH verb dictionary) owns the verbs it defines.
            owner = max((p.layer for p in found if p.exclusive), default=None)
            if owner is not None:
                self.by_verb[lemma] = [p for p in found if p.layer >= owner]
        for table in (self.by_verb, self.by_noun, self.by_adjective):
            for lemma in table:
                table[lemma].sort(key=lambda p: (-p.specificity, -p.layer))

    def _expand_classes(self, pattern: Pattern) -> Pattern:
        changes = {}
        for name in ("objects", "not_objects", "instruments", "predicates"):
            words = getattr(pattern, name)
            if not any(w.startswith("@") for w in words):
                continue
            expanded: list[str] = []
            for word in words:
                if not word.startswith("@"):
                    expanded.append(word)
                    continue
                members = self.classes.get(word[1:])
                if members is None:
                    raise DataFileError(pattern.source_file, f"pattern {pattern.id}: unknown word class {word}",
                                        pattern.line)
                expanded.extend(members)
            changes[name] = tuple(dict.fromkeys(expanded))
        return replace(pattern, **changes) if changes else pattern

    def act_code(self, family: str, act_code: str) -> str | None:
        """The code of `family` ("threat") whose act is `act_code` (longest prefix wins)."""
        table = self.act_maps.get(family, {})
        for length in (4, 3, 2, 1):
            code = table.get(act_code[:length])
            if code:
                return code
        return None

    def intent_code(self, act_code: str) -> str | None:
        """The CAMEO 03x code that expresses intent to do `act_code` (longest prefix wins)."""
        return self.act_code("intent", act_code)


def _as_tuple(value, path: str, line: int, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value.strip().lower(),)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(v.strip().lower() for v in value)
    raise DataFileError(path, f"field {name!r} must be a string or a list of strings", line)


# A code of an imported PETRARCH dictionary: a two-digit root, then digits or letters ("174L", "102b").
IMPORTED_CODE = re.compile(r"\d{2}[0-9A-Za-z?]{0,4}")


def _check_code(code: str, what: str, path: str, line: int, known_codes, imported: bool = False) -> None:
    """A CAMEO code our table knows; with `imported`, any PETRARCH code with a root (WEIS codes included),
    which the ontology then carries as a foreign code (null Goldstein and QuadClass)."""
    if imported:
        if not IMPORTED_CODE.fullmatch(code):
            raise DataFileError(path, f"{what}: code {code!r} has no two-digit root", line)
        return
    if not code.isdigit() or len(code) not in (2, 3, 4):
        raise DataFileError(path, f"{what}: code {code!r} is not a CAMEO code", line)
    if known_codes is not None and code not in known_codes:
        raise DataFileError(path, f"{what}: unknown CAMEO code {code}", line)


def _parse_pattern(item: dict, path: str, line: int, known_codes) -> Pattern:
    unknown = set(item) - FIELDS
    if unknown:
        raise DataFileError(path, f"unknown field(s) {sorted(unknown)}", line)
    pid = item.get("id")
    code = str(item.get("code", "")).strip()
    if not pid or not isinstance(pid, str):
        raise DataFileError(path, "pattern without an id", line)
    _check_code(code, f"pattern {pid}", path, line, known_codes)
    has_verb, has_noun, has_adjective = "verb" in item, "noun" in item, "adjective" in item
    if has_verb + has_noun + has_adjective != 1:
        raise DataFileError(path, f"pattern {pid}: give exactly one of 'verb', 'noun' or 'adjective'", line)
    lemmas = _as_tuple(item.get("verb") or item.get("noun") or item.get("adjective"), path, line, "verb/noun")
    if not lemmas or not all(lemmas):
        raise DataFileError(path, f"pattern {pid}: empty verb/noun/adjective", line)
    if has_adjective and (item.get("target") or "prep") != "prep":
        raise DataFileError(path, f"pattern {pid}: an adjective's target is the object of its preps", line)
    target = item.get("target")
    objects = _as_tuple(item.get("object"), path, line, "object")
    if target is None:
        target = "prep" if (has_noun or has_adjective or objects) else "object"
    if target not in TARGETS:
        raise DataFileError(path, f"pattern {pid}: target must be one of {sorted(TARGETS)}", line)
    governs = item.get("governs")
    if item.get("intent"):
        governs = governs or "intent"
    if governs is not None and governs not in GOVERNED_FAMILIES:
        raise DataFileError(path, f"pattern {pid}: governs must be one of {sorted(GOVERNED_FAMILIES)}", line)
    factuality = item.get("factuality")
    if factuality is not None and factuality not in FACTUALITIES:
        raise DataFileError(path, f"pattern {pid}: factuality must be one of {sorted(FACTUALITIES)}", line)
    for flag in ("standalone", "symmetric", "target_required", "absorbed", "intent", "content_parties",
                 "anaphoric", "swap_roles", "intransitive", "no_that_clause", "patient_acts", "owner_acts",
                 "no_predicate", "aimed", "doer_target"):
        if flag in item and not isinstance(item[flag], bool):
            raise DataFileError(path, f"pattern {pid}: {flag} must be true or false", line)
    passive_from = item.get("passive_from", False)
    if isinstance(passive_from, bool):
        passive_from = ("from",) if passive_from else ()
    elif isinstance(passive_from, list) and passive_from and all(isinstance(p, str) for p in passive_from):
        passive_from = tuple(p.lower() for p in passive_from)
    else:
        raise DataFileError(path, f"pattern {pid}: passive_from must be true, false or a list of prepositions", line)
    support = tuple(tuple(v.split()) for v in _as_tuple(item.get("verbs"), path, line, "verbs"))

    def roles(name: str) -> tuple[str, ...]:
        return tuple(r.upper() for r in _as_tuple(item.get(name), path, line, name))

    example = item.get("example")
    if example is not None:
        if (not isinstance(example, list) or len(example) not in (3, 4) or not isinstance(example[0], str)
                or not all(e is None or isinstance(e, str) for e in example)):
            raise DataFileError(path, f"pattern {pid}: example must be [sentence, source, target] or "
                                "[sentence, source, target, code]", line)
        example = tuple(example)
    return Pattern(
        id=pid,
        code=code,
        lemmas=lemmas,
        is_noun=has_noun,
        is_adjective=has_adjective,
        particles=_as_tuple(item.get("particle"), path, line, "particle"),
        objects=objects,
        instruments=_as_tuple(item.get("instrument"), path, line, "instrument"),
        support_verbs=support,
        standalone=bool(item.get("standalone", True)),
        preps=_as_tuple(item.get("preps"), path, line, "preps"),
        target=target,
        target_required=bool(item.get("target_required", False)),
        symmetric=bool(item.get("symmetric", False)),
        governs=governs,
        absorbed=bool(item.get("absorbed", False)),
        factuality=factuality,
        subject_role=roles("source_role") or roles("subject_role"),
        not_source_role=roles("not_source_role"),
        target_role=roles("target_role"),
        not_target_role=roles("not_target_role"),
        not_objects=_as_tuple(item.get("not_object"), path, line, "not_object"),
        example=example,
        content_parties=bool(item.get("content_parties", False)),
        passive_from=passive_from,
        swap_roles=bool(item.get("swap_roles", False)),
        intransitive=bool(item.get("intransitive", False)),
        no_that_clause=bool(item.get("no_that_clause", False)),
        predicates=_as_tuple(item.get("predicate"), path, line, "predicate"),
        no_predicate=bool(item.get("no_predicate", False)),
        aimed=bool(item.get("aimed", False)),
        doer_target=bool(item.get("doer_target", False)),
        patient_acts=bool(item.get("patient_acts", False)),
        owner_acts=bool(item.get("owner_acts", False)),
        anaphoric=bool(item.get("anaphoric", False)),
        modifiers=_as_tuple(item.get("modifier"), path, line, "modifier"),
        not_modifiers=_as_tuple(item.get("not_modifier"), path, line, "not_modifier"),
        before=_as_tuple(item.get("before"), path, line, "before"),
        after=_as_tuple(item.get("after"), path, line, "after"),
        note=str(item.get("note") or ""),
        source_file=path,
        line=line,
    )


def _load_act_map(family: str, table, path: str, patterns: PatternSet, known_codes) -> None:
    if not isinstance(table, dict):
        raise DataFileError(path, f"act map {family!r} must be a mapping of code prefix -> code")
    line = table.get("__line__")
    for key, value in table.items():
        if key == "__line__":
            continue
        prefix, code = str(key), str(value)
        if not prefix.isdigit() or len(prefix) > 4:
            raise DataFileError(path, f"act map {family!r}: {prefix!r} is not a CAMEO code prefix", line)
        _check_code(code, f"act map {family!r}", path, line or 0, known_codes)
        patterns.act_maps.setdefault(family, {})[prefix] = code


def load_pattern_file(text: str, path: str, patterns: PatternSet, known_codes=None,
                      taken: dict[str, str] | None = None) -> None:
    """Read one pattern file into `patterns` (a later file's id replaces an earlier one: that is how a
    user's file overrides the package's). An id repeated within the file, or already in `taken` (id ->
    file, for files that must not override each other), is an error: one of the two would be dead."""
    data = load_yaml(text, path)
    if data is None:
        return
    if isinstance(data, dict):
        unknown = set(data) - {"patterns", "intent_map", "act_maps", "verb_sets", "classes", "__line__"}
        if unknown:
            raise DataFileError(path, f"unknown section(s) {sorted(unknown)} (expected patterns, act_maps, "
                                "intent_map, verb_sets, classes)", data.get("__line__"))
        if data.get("intent_map") is not None:
            _load_act_map("intent", data["intent_map"], path, patterns, known_codes)
        for family, table in (data.get("act_maps") or {}).items():
            if family == "__line__":
                continue
            if family not in GOVERNED_FAMILIES:
                raise DataFileError(path, f"act_maps: unknown family {family!r}", data["act_maps"].get("__line__"))
            _load_act_map(family, table, path, patterns, known_codes)
        for name, verbs in (data.get("verb_sets") or {}).items():
            if name == "__line__":
                continue
            patterns.verb_sets[str(name)] = _as_tuple(verbs, path, data["verb_sets"].get("__line__", 0), name)
        for name, words in (data.get("classes") or {}).items():
            if name == "__line__":
                continue
            patterns.classes[str(name)] = _as_tuple(words, path, data["classes"].get("__line__", 0), name)
        items = data.get("patterns") or []
    else:
        items = data
    if not isinstance(items, list):
        raise DataFileError(path, "expected a list of patterns (or a mapping with 'patterns')")
    seen: dict[str, str] = {} if taken is None else taken
    here: set[str] = set()
    for item in items:
        if not isinstance(item, dict):
            raise DataFileError(path, "each pattern must be a mapping")
        line = item.pop("__line__", 0)
        pattern = _parse_pattern(item, path, line, known_codes)
        if pattern.id in here or pattern.id in seen:
            raise DataFileError(path, f"pattern id {pattern.id!r} is already used in {seen.get(pattern.id, path)}",
                                line)
        here.add(pattern.id)
        patterns.patterns[pattern.id] = replace(pattern, layer=len(patterns.data_files))
    if taken is not None:
        taken.update((pid, path) for pid in here)


def load_patterns(extra_files: Sequence[str | Path] = (), known_codes=None,
                  file_loaders: dict[str, Callable] | None = None) -> PatternSet:
    """The package's pattern files, then `extra_files` in order (later ids win). YAML files are read
    here; another kind of file is read by `file_loaders[suffix](path, patterns, known_codes)` (the
    knowledge package passes the PETRARCH verb dictionary reader for .txt)."""
    patterns = PatternSet()
    folder = resources.files("thucydides").joinpath("data", "patterns")
    package_ids: dict[str, str] = {}  # the package's own files never override each other
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".yaml", ".yml")):
            load_pattern_file(entry.read_text(encoding="utf-8"), f"thucydides/data/patterns/{entry.name}",
                              patterns, known_codes, taken=package_ids)
            patterns.data_files.append(Path(str(entry)))
    for extra in extra_files:
        path = Path(extra)
        if path.suffix.lower() not in (".yaml", ".yml"):
            loader = (file_loaders or {}).get(path.suffix.lower())
            if loader is None:
                raise DataFileError(str(path), "not a pattern file (YAML) nor a known dictionary format")
            loader(path, patterns, known_codes)  # e.g. a PETRARCH verb dictionary
            patterns.data_files.append(path)
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise DataFileError(str(path), f"cannot read pattern file: {exc}") from exc
        load_pattern_file(text, str(path), patterns, known_codes)
        patterns.data_files.append(path)
    patterns.index()
    return patterns


@lru_cache(maxsize=1)
def default_patterns() -> PatternSet:
    return load_patterns()
