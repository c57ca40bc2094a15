"""Argument structure: who acts and who is acted on, read from the dependency parse.

These functions work on spaCy tokens only; mapping the phrases they return to actors is the
coder's job. They cover the constructions news English uses for the source and target of an act:
subjects, objects and prepositional targets; passives with a "by" agent; coordination ("A and B
agreed"); relative clauses ("the rebels, who attacked ...", "the troops that Russia sent");
participles ("troops driven out by ..."); control ("agreed to withdraw": the subject of "agree"
withdraws; "urged Russia to withdraw", "accused Israel of bombing": the object of the governing
verb acts).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Token

from .speakers import main_clause_verb, reaction_speaker_verb, speaker_verb_above

SUBJECT_DEPS = {"nsubj", "csubj"}
PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}
OBJECT_DEPS = {"dobj", "obj"}
RELATIVE_WORDS = {"who", "which", "that", "whom"}
# Verbs whose complement's subject is the governing verb's object: "urged Russia to withdraw",
# "accused Israel of bombing", "blamed X for attacking", "called on X to pull out".
OBJECT_CONTROL = {
    "urge", "ask", "call", "appeal", "order", "force", "compel", "tell", "persuade", "press", "push",
    "pressure", "encourage", "invite", "allow", "permit", "help", "accuse", "blame", "charge", "suspect",
    "warn", "request", "implore", "demand", "require", "instruct", "authorize", "authorise", "prevent",
    "stop", "prohibit", "forbid", "convict", "condemn", "criticize", "criticise", "praise", "thank",
}
# Verbs whose object does what their to-infinitive says ("prompted Maduro to announce", "forced Iran to retreat").
CAUSING_VERBS = {"prompt", "lead", "cause", "spur", "drive", "provoke", "inspire", "move", "get", "trigger"}
# Verbs whose complement's subject is their own subject even when they have an object.
SUBJECT_CONTROL = {"promise", "pledge", "vow", "threaten", "agree", "offer", "refuse", "decide", "plan"}

# "summoned the ambassador to lodge a protest": the one who summons conveys the message.
SUMMONING_VERBS = {"summon", "call", "invite", "convene"}
CONVEYING_VERBS = {"lodge", "deliver", "convey", "register", "express", "hand", "voice", "present", "protest",
                   "complain", "demand"}
# Participles naming the author of an event ("an attack claimed by", "a bomb planted by").
AUTHORING_PARTICIPLES = {"claim", "carry", "perpetrate", "stage", "mount", "conduct", "commit", "orchestrate", "plant",
                         "detonate", "launch", "fire"}


# Nouns that sum up the act just told, so that a reaction to them is a reaction to its doer.
SUMMARY_NOUNS = {"move", "decision", "step", "action", "measure", "charge", "accusation", "allegation", "claim",
                 "announcement", "demand", "request", "proposal", "offer", "threat", "ultimatum"}
# Who wrote a text: "a resolution drafted by France", "an Egyptian-drafted resolution".
DRAFTING_VERBS = {"draft", "sponsor", "propose", "author", "table", "write", "submit", "introduce", "present", "put",
                  "unveil", "float", "prepare", "offer", "issue", "make", "announce", "suggest", "advance"}


def lemma(token: Token) -> str:
    return token.lemma_.lower()


def verb_lemmas(token: Token) -> tuple[str, ...]:
    """The token's lemma, and for a regularly inflected verb form the stems it may come from: the small
    model lemmatises some forms wrongly ("staged" -> "stag", "hoped" -> "hop")."""
    found = [lemma(token)]
    word = token.lower_
    for suffix, additions in (("ied", ("y",)), ("ies", ("y",)), ("ed", ("e", "")), ("es", ("e", "")),
                              ("ing", ("e", "")), ("s", ("",)), ("d", ("",))):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            found += [stem + add for add in additions]
    return tuple(dict.fromkeys(found))


def children(token: Token, deps: set[str]) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def is_verb(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX")


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or (
        verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod") and not misparsed_finite_verb(verb)
    ) or set_off_participle(verb)


def bare_participle(verb: Token) -> bool:
    """A past participle with no auxiliary of its own ("were reported killed", "was found dead")."""
    return verb.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def set_off_participle(verb: Token) -> bool:
    """ "Thirteen traffickers, also accused of murder, have been hanged": the small model makes a participle
    set off by commas after its noun a clause of which the noun is the subject; with no auxiliary and no
    object the noun is what the participle says was done to it."""
    if not bare_participle(verb) or verb.dep_ not in ("ccomp", "ROOT", "conj") or children(verb, OBJECT_DEPS):
        return False
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    if subject is None:
        return False
    between = verb.doc[subject.i + 1:verb.i]
    return bool(between) and between[0].text == "," and all(t.dep_ in ("punct", "advmod") for t in between) \
        and any(c.dep_ == "punct" and c.text == "," and c.i > verb.i for c in verb.children)


def misparsed_finite_verb(verb: Token) -> bool:
    """ "Iran's main opposition group called Monday for a boycott": wire style puts the day right after
    the verb, and the small model then reads the verb as a participle describing its subject (the
    sentence's root). With no "by" agent, the day after it shows the verb is the clause's own."""
    head = verb.head
    following = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    return verb.dep_ == "acl" and head.dep_ == "ROOT" and head.pos_ in ("NOUN", "PROPN") \
        and following is not None and following.ent_type_ == "DATE" and following.head.i == verb.i \
        and not any(c.dep_ == "agent" for c in verb.children)


def expand_conjuncts(token: Token) -> list[Token]:
    """A phrase and the phrases coordinated with it ("South Ossetia and Abkhazia", "A, B")."""
    out = [token]
    for child in token.children:
        if child.dep_ in ("conj", "appos") and child.pos_ in ("PROPN", "NOUN", "PRON") and not (
                child.dep_ == "appos" and (child.lemma_ in SUMMARY_NOUNS
                                           or child.pos_ == "NOUN" and not child.ent_type_
                                           and token.ent_type_ == "PERSON")):
            # ("sold missiles to Ukraine, a move Russia condemned": the move is the act, no party; "sacked
            # Boris Tarasyuk, a proponent of NATO accession": the apposition describes the person named)
            out.extend(expand_conjuncts(child))
    return out


def relative_antecedent(verb: Token) -> Token | None:
    """The noun a relative clause or participle hangs on ("the rebels, who attacked ...")."""
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return _named_antecedent(verb.head)
    return None


COPULAS = {"be", "become", "remain"}
PART_WORDS = {"much", "most", "part", "parts", "half", "swathes", "swaths", "chunk", "chunks", "portion", "rest", "all"}


def _named_antecedent(noun: Token) -> Token:
    """'Japan -- Peru's biggest donor -- which hailed ...': a relative clause on an apposition is about
    the name the apposition describes."""
    if noun.dep_ == "appos" and noun.pos_ == "NOUN" and noun.head.pos_ == "PROPN":
        return noun.head
    if noun.dep_ == "attr" and noun.pos_ == "NOUN" and noun.head.lemma_ in COPULAS \
            and not any(c.dep_ == "neg" for c in noun.head.children):  # "he is not the kind of man who would"
        # "Sweden became the first country to recognize Palestine", "Iran is the only state that backs X":
        # the noun describes the copula's subject
        subject = [c for c in noun.head.children if c.dep_ == "nsubj"]
        if subject:
            return subject[0]
    return noun


def contact_clause_subjects(noun: Token) -> list[Token]:
    """"the steps the United States has taken", "the attack the rebels carried out": the subject of a
    relative clause with no relative word and no object of its own, whose missing object is the noun
    ("Saddam, with whom the king met" is no such clause)."""
    return [s for c in noun.children if c.dep_ == "relcl" and c.i > noun.i
            and not any(w.tag_ in ("WDT", "WP", "WP$") or w.dep_ in ("dobj", "prep") for w in c.subtree if w.i < c.i)
            and not any(o.dep_ == "dobj" for o in c.children)
            for s in c.children if s.dep_ == "nsubj" and s.pos_ != "PRON"]


def agents(verb: Token) -> list[Token]:
    """The objects of a passive verb's "by" phrase."""
    return [p for a in children(verb, {"agent"}) for p in children(a, {"pobj"})]


# Verbs of a closing attribution ("..., officials said").
ATTRIBUTING_VERBS = {"say", "report", "add", "tell", "announce", "state"}
# ... of those, the appeals, which follow a reported clause as the reporter's even with no comma ("told
# parliament the killing was murder and called on Riyadh to hand over the suspects").
REPORTER_APPEALS = {"call", "urge", "appeal", "demand"}
OBLIGATION_MODALS = {"should", "must", "ought"}
# What a reported clause judges, which cannot go on to vow, urge or warn itself.
INANIMATE_SUBJECTS = SUMMARY_NOUNS | {"plan", "policy", "remark", "comment", "statement", "law", "bill", "sanction",
                                      "deal", "agreement", "ruling", "verdict", "vote", "result", "report", "attack",
                                      "situation", "behaviour", "behavior", "conduct", "decree", "order"}
# Texts that say or ask something themselves ("a motion presented by the Netherlands called on Tehran").
DOCUMENT_NOUNS = {"resolution", "motion", "draft", "statement", "declaration", "communique", "communiqué", "report",
                  "letter", "text", "bill", "proposal", "memorandum", "note", "petition"}
# Verbs that turn a text down: what the text says is not said by the one who turns it down.
TURNING_DOWN_VERBS = {"veto", "reject", "block", "oppose", "defeat", "scuttle", "kill", "shelve"}
# Verbs of saying and asking that, joined by ", and" to a reported clause, are the reporter's next act:
# "investigators said soldiers had committed killings, and called for generals to face prosecution".
REPORTER_ACTS = {"call", "urge", "demand", "ask", "appeal", "warn", "accuse", "condemn", "recommend", "add",
                 "insist", "vow", "pledge", "blame", "welcome", "criticise", "criticize", "deny", "reject"}
# Prepositions through which a verb's object controls a gerund: "accused X of", "stopped X from",
# "pressed X into", "blamed X for", "forced X to".
CONTROL_PREPS = {"of", "from", "into", "for", "to", "towards", "toward"}


def controller_object(verb: Token) -> Token | None:
    """For a complement of an object-control verb, the governing verb's object (its subject)."""
    link = verb.dep_
    governor = verb.head
    if link == "pcomp" and governor.dep_ == "prep":
        # "accused Israel of bombing": the complement hangs on the preposition ("left Libya after
        # holding talks" is the subject's own act: a time or manner preposition controls nothing)
        if governor.lower_ not in CONTROL_PREPS:
            return None
        governor = governor.head
        link = "xcomp"
    if link not in ("xcomp", "ccomp") or governor.i == verb.i or not is_verb(governor):
        return None
    if lemma(governor) in SUBJECT_CONTROL:
        return None
    objects = children(governor, OBJECT_DEPS | {"dative"})
    objects = [o for o in objects if o.pos_ in ("PROPN", "NOUN", "PRON") and o.i < verb.i]
    if objects and lemma(governor) in SUMMONING_VERBS and lemma(verb) in CONVEYING_VERBS:
        return None  # "China summoned the US ambassador to lodge a strong protest": China protests to him
    if objects and lemma(governor) not in OBJECT_CONTROL and any(
            o.lower_ in ("him", "her", "them") for o in children(verb, OBJECT_DEPS)):
        # "telephoned Trump to thank him": the complement's own pronoun object is the governor's object, so
        # the complement says what the subject went on to do
        return None
    if objects:
        return objects[0]
    if lemma(governor) in OBJECT_CONTROL:
        # "called on Moscow to pull out", "appealed to the rebels to release"
        for prep in children(governor, {"prep"}):
            if prep.lower_ in ("on", "upon", "to") and prep.i < verb.i:
                pobjs = [o for o in children(prep, {"pobj"}) if o.ent_type_ not in ("DATE", "TIME")]  # "on Friday"
                if pobjs:
                    return pobjs[0]
        if governor.dep_ in ("acl", "relcl") or any(c.dep_ == "auxpass" for c in governor.children):
            # "Israel, accused of bombing ...", "Russia was urged to withdraw"
            patients = children(governor, PASSIVE_SUBJECT_DEPS)
            if patients:
                return patients[0]
            if governor.dep_ == "acl" and governor.head.pos_ in ("NOUN", "PROPN"):
                return governor.head
    return None


def misparsed_participle_subject(verb: Token) -> list[Token]:
    """'Visiting Russian Prime Minister Viktor Chernomyrdin gave a warning': the small model reads the
    participle as a clausal subject whose object is the name; the name is the main verb's subject."""
    for child in verb.children:
        if child.dep_ == "csubj" and child.tag_ == "VBG" and child.i == child.sent.start:
            names = [o for o in child.children if o.dep_ in ("dobj", "obj") and o.pos_ == "PROPN"]
            if names:
                return names
    head = verb.head
    if verb.dep_ == "acl" and verb.tag_ in ("VBD", "VBN") and head.dep_ == "ROOT" and head.pos_ in ("NOUN", "PROPN") \
            and verb.i > head.i and any(c.dep_ in ("dobj", "obj") for c in verb.children):
        # "The US-led coalition bombed positions near Raqqa": a sentence whose noun the parser made the
        # root and whose finite verb (it has an object: no passive participle) the noun's clause
        return [head]
    return []


def drafters(nouns: Sequence[Token]) -> list[Token]:
    """Who wrote the texts the phrases name: "a resolution drafted by France and Britain", "an
    Egyptian-drafted resolution", "a U.S.-drafted resolution" (the resolver names the fused word)."""
    out: list[Token] = []
    # the parser may hang the participle on the last noun of the text's phrase ("the budget for the
    # enlarged Union presented by the British presidency")
    nouns = [*nouns, *(o for n in nouns for p in n.children if p.dep_ == "prep" and p.lower_ in ("for", "of", "on")
                       for o in p.children if o.dep_ == "pobj")]
    for noun in nouns:
        for child in noun.children:
            word = child.lower_.rsplit("-", 1)[-1]
            if child.dep_ == "acl" and child.lemma_ in DRAFTING_VERBS:
                out += [c for a in child.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"
                        for c in expand_conjuncts(o)]
            elif child.dep_ in ("amod", "compound") and child.lemma_ in DRAFTING_VERBS:
                out += [c for c in child.children if c.dep_ in ("npadvmod", "compound", "nmod", "amod")]
            elif child.dep_ in ("amod", "compound") and "-" in child.text and word.endswith("ed"):
                out.append(child)  # "U.S.-drafted": named by the resolver when the prefix is a state
    return out


# Weapons that go off by themselves in the grammar ("a roadside bomb exploded"): whoever planted, fired or
# sent them is the doer.
SELF_ACTING_WEAPONS = {"bomb", "mine", "landmine", "device", "shell", "rocket", "missile", "mortar", "grenade",
                       "explosive", "car bomb", "drone", "blast", "explosion"}


def occasion_doers(verb: Token) -> list[Token]:
    """Who did the act a harm with no agent happened in: "four soldiers were killed when militants ambushed
    their patrol" -> militants; "... when a roadside bomb planted by PKK militants exploded" -> PKK militants."""
    if not is_passive(verb):
        return []
    out: list[Token] = []
    for clause in verb.children:
        if clause.dep_ != "advcl" or not is_verb(clause) \
                or not any(m.dep_ in ("mark", "advmod") and m.lower_ == "when" for m in clause.children):
            continue
        found, agentive = subjects(clause)
        for subject in found:
            if lemma(subject) in SELF_ACTING_WEAPONS:
                out += [o for a in subject.children if a.dep_ == "acl"
                        for g in a.children if g.dep_ == "agent" for o in g.children if o.dep_ == "pobj"]
            elif agentive:
                out += expand_conjuncts(subject)
    return out


def summarised_act_doers(verb: Token) -> list[Token]:
    """Who did the act a reaction is to, when a noun sums that act up: "China launched exercises, a move
    Taipei condemned" -> China; "Saudi Arabia accused Iran of ..., a charge Tehran denied" -> Saudi Arabia."""
    summary = verb.head
    if verb.dep_ == "pcomp" and summary.lower_ == "in" and summary.head.pos_ in ("VERB", "AUX") \
            and any(c.lower_ == "what" and c.dep_ in ("dobj", "nsubjpass") for c in verb.children):
        act = summary.head  # "Israel bombed a school, in what the United Nations called a war crime"
    elif verb.dep_ != "relcl" or summary.lemma_ not in SUMMARY_NOUNS or summary.dep_ not in ("npadvmod", "appos") \
            or any(c.dep_ in ("dobj", "dative") for c in verb.children):
        return []
    else:
        act = summary.head
        while summary.dep_ == "appos" and act.pos_ in ("NOUN", "PROPN", "ADP") \
                and act.dep_ in ("dobj", "attr", "pobj", "prep") and act.head.i != act.i:
            # "sent a convoy into Ukraine, a move Kiev described as ...": hung on the object, or on the last
            # noun of its phrase ("approved the sale of missiles to Ukraine, a move Russia condemned")
            act = act.head
    if act.pos_ not in ("VERB", "AUX") or act.i == summary.i:
        return []
    found, agentive = subjects(act)
    return [c for s in found for c in expand_conjuncts(s)] if agentive else []


CONDITION_MARKS = {"if", "unless"}


def condition_subjects(verb: Token) -> list[Token]:
    """Whose act a threat or warning is conditioned on: "warned it would close the Strait of Hormuz if the
    United States blocked its oil exports" -> the United States. The conditional clause hangs on the
    verb or on the act it announces (an infinitive or a reported clause)."""
    heads = [verb] + [c for c in verb.children if c.dep_ in ("xcomp", "ccomp", "advcl") and c.pos_ in ("VERB", "AUX")
                      and not any(m.dep_ == "mark" for m in c.children)]
    found: list[Token] = []
    for head in heads:
        for clause in head.children:
            if clause.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITION_MARKS for m in clause.children):
                found += [c for s in clause.children if s.dep_ in ("nsubj", "nsubjpass") for c in expand_conjuncts(s)]
    return found


def brokered_parties(verb: Token) -> list[Token]:
    """The parties to what a mediator brokered: "talks brokered by the OSCE" after which Ukraine and the
    separatists signed, "a ceasefire between Israel and Hamas brokered by Egypt"."""
    if verb.dep_ != "acl":
        return []
    deal = verb.head
    if deal.dep_ == "pobj" and deal.head.lower_ == "between":
        return expand_conjuncts(deal)  # "a truce between Armenia and Azerbaijan brokered by": hung on a party
    if deal.pos_ != "NOUN":
        return []
    between = prep_objects(deal, ("between",))
    if between:
        return between
    holder = deal.head.head if deal.dep_ == "pobj" and deal.head.dep_ == "prep" else None
    if holder is None or holder.pos_ not in ("VERB", "AUX"):
        return []
    found, agentive = subjects(holder)
    return [c for s in found for c in expand_conjuncts(s)] if agentive else []


def subjects(verb: Token, depth: int = 0) -> tuple[list[Token], bool]:
    """Subject phrases of a verb and whether they are its agents (False = patient of a passive)."""
    passive = is_passive(verb)
    if passive:
        found = agents(verb)
        if found:
            return found, True
    own = misparsed_participle_subject(verb) or children(verb, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS)
    if own:
        subject = own[0]
        if subject.lower_ in RELATIVE_WORDS and verb.dep_ == "relcl":
            subject = _named_antecedent(verb.head)
        # headline coordination with a comma: "Russia, China reject US proposal" (the first name is
        # parsed as a second subject or as an adverbial noun)
        listed = own + [c for c in verb.children if c.dep_ == "npadvmod" and c.pos_ == "PROPN"
                        and c.i < subject.i and c.nbor(1).text == ","]
        if len(listed) > 1 and all(s.pos_ == "PROPN" and s.i < verb.i for s in listed) \
                and all(s.dep_ in ("npadvmod", own[0].dep_) for s in listed):
            return sorted(listed, key=lambda t: t.i), not passive
        return [subject], not passive
    controller = controller_object(verb)
    if controller is not None:
        return [controller], not passive
    reduced = _reduced_relative_subject(verb)
    if reduced is not None:
        return [reduced], True
    if depth < 4 and (verb.dep_ in ("conj", "xcomp", "advcl", "pcomp")
                      or (verb.dep_ == "prep" and verb.tag_ == "VBG")) and verb.head.i != verb.i:
        head = verb.head
        if verb.dep_ == "pcomp" and head.dep_ == "prep":
            head = head.head
        if head.lemma_ in ATTRIBUTING_VERBS and verb.i < head.i \
                and any(s.i > verb.i for s in head.children if s.dep_ == "nsubj"):
            # "Bashir left Libya, after holding talks with Kadhafi, Libyan television said": the parser
            # hangs the phrase on the closing attribution; it belongs to the sentence's own act (the
            # attribution's head, or the reported clause before the phrase)
            if head.dep_ in ("advcl", "parataxis") and is_verb(head.head):
                head = head.head
            else:
                head = next((c for c in head.children if c.dep_ == "ccomp" and c.i < verb.i and is_verb(c)), head)
        document = _text_speaking(verb, head)
        if document is not None:
            return [document], True
        if verb.dep_ == "conj" and head.dep_ == "ccomp" and lemma(head.head) in ATTRIBUTING_VERBS \
                and head.head.i < head.i and lemma(verb) in REPORTER_ACTS and verb.i >= 2 \
                and verb.doc[verb.i - 1].dep_ == "cc" \
                and (verb.doc[verb.i - 2].text == "," or lemma(verb) in REPORTER_APPEALS
                     or any(s.dep_ == "nsubj" and lemma(s) in INANIMATE_SUBJECTS for s in head.children)
                     or any(a.dep_ == "aux" and a.lower_ in OBLIGATION_MODALS for a in head.children)):
            # "said that X had done it, and called for ...": the one who said it; "said the decision was
            # unacceptable and vowed to retaliate": a decision vows nothing; "said Greece should stop ... and
            # warned": what one is told to do is the speaker's demand, the warning the speaker's too
            head = head.head
        elif verb.dep_ == "conj" and lemma(verb) in REPORTER_ACTS and head.dep_ in ("relcl", "acl"):
            head = speaker_verb_above(head, ATTRIBUTING_VERBS) or head  # "said there was no evidence it came ... and blamed"
        head = reaction_speaker_verb(verb, head, ATTRIBUTING_VERBS) or main_clause_verb(verb, head) or head
        if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.dep_ in ("acomp", "amod", "xcomp"):
            head = head.head  # "is about to restore", "is ready to sign": the subject of the copula
        if verb.dep_ == "advcl" and head.pos_ == "ADV" and head.dep_ == "advmod":
            head = head.head  # "has gone so far as to call X a liar": the subject of "gone"
        if verb.dep_ == "xcomp" and lemma(head) in OBJECT_CONTROL | CAUSING_VERBS and (told := children(head, OBJECT_DEPS)):
            return [told[0]], True  # "prompting Trump to brand him dishonest": the one prompted brands
        if is_verb(head):
            inherited, agentive = subjects(head, depth + 1)
            if verb.dep_ == "xcomp" and not agentive and children(head, PASSIVE_SUBJECT_DEPS):
                # raising: "Russia is expected to withdraw", "is reported to have withdrawn"
                # ("two Indians were reported killed": a bare participle there is passive itself)
                return inherited, not (passive or bare_participle(verb))
            if passive and inherited:
                return inherited, False
            return inherited, agentive
    antecedent = relative_antecedent(verb)
    if antecedent is not None and not passive:
        return [antecedent], True
    if verb.dep_ == "amod" and verb.tag_ == "VBN":
        # "France-brokered", "Moscow-backed": the hyphenated noun is the agent of the participle
        found = [c for c in verb.children if c.dep_ in ("npadvmod", "compound") and c.pos_ == "PROPN"]
        return found, True
    return [], True


def _reduced_relative_subject(verb: Token) -> Token | None:
    """ "when militants linked to Islamic State ambushed a patrol": the small model makes the participle
    describing the subject a clause of its own and hangs the finite verb after it on the main verb; the
    participle's subject is the finite verb's."""
    if verb.dep_ != "conj" or verb.tag_ != "VBD" or verb.head.i == verb.i:
        return None
    for clause in verb.head.children:
        # (the participle may be tagged a past tense; it takes no object, so it is no clause of its own)
        if clause.dep_ in ("advcl", "ccomp") and clause.tag_ in ("VBN", "VBD") and clause.right_edge.i + 1 == verb.i \
                and not any(c.dep_ in ("aux", "auxpass", "dobj") for c in clause.children):
            return next((c for c in clause.children if c.dep_ == "nsubj" and c.i < clause.i), None)
    return None


def _text_speaking(verb: Token, head: Token) -> Token | None:
    """The text a participle after it speaks for, misparsed as an adverbial of the clause: "vetoed a
    U.S.-drafted resolution on Thursday calling for elections" (the resolution calls, not the vetoer),
    when the clause turns the text down or the text has an author of its own."""
    if verb.dep_ != "advcl" or verb.tag_ != "VBG" or not is_verb(head):
        return None
    document = next((o for o in head.children if o.dep_ == "dobj" and o.i < verb.i and lemma(o) in DOCUMENT_NOUNS),
                    None)
    if document is None:
        return None
    authored = any(c.dep_ == "poss" or (c.dep_ == "amod" and "-" in c.text) for c in document.children)
    return document if authored or lemma(head) in TURNING_DOWN_VERBS else None


def patients(verb: Token) -> list[Token]:
    """The grammatical subject of a passive verb, inherited through coordination when it has none."""
    own = children(verb, PASSIVE_SUBJECT_DEPS)
    if own:
        subject = own[0]
        if subject.lower_ in RELATIVE_WORDS and verb.dep_ == "relcl":
            return [verb.head]
        return own
    if verb.dep_ == "conj" and verb.head.i != verb.i:
        return children(verb.head, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS)
    antecedent = relative_antecedent(verb)
    if antecedent is not None:
        return [antecedent]  # "the troops driven out by ..."
    if verb.dep_ == "amod" and verb.head.pos_ in ("NOUN", "PROPN"):
        return [verb.head]
    return []


TIME_UNITS = {"hour", "minute", "day", "week", "month", "year", "moment", "second", "night", "morning"}


def name_hung_on_time(token: Token) -> list[Token]:
    """The name the parser made a compound of a following time word ("met President Lee Teng-hui
    Wednesday", "talks with Chaowalit Thursday", "telephoned Merkel hours before"): [name] or []."""
    if token.ent_type_ not in ("DATE", "TIME") and lemma(token) not in TIME_UNITS:
        return []
    names = [c for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN"
             and c.ent_type_ not in ("DATE", "TIME")]
    return names[-1:]


# Verbs whose object does the act of a bare infinitive after it ("help Ukraine rebuild", "let them go").
BARE_INFINITIVE_VERBS = {"help", "let", "make", "have", "see", "watch", "hear"}


def _small_clause(verb: Token, clause: Token) -> bool:
    """A clausal complement whose subject is the verb's object: a to-infinitive, a participle, or a bare
    infinitive after a verb that takes one."""
    if any(a.lower_ == "to" and a.dep_ == "aux" for a in clause.children):
        return True
    bare = not any(a.dep_ in ("aux", "mark") for a in clause.children)
    return bare and (clause.tag_ == "VBG" or (clause.tag_ == "VB" and lemma(verb) in BARE_INFINITIVE_VERBS))


def direct_objects(verb: Token) -> list[Token]:
    """Direct objects, including the antecedent of an object relative ("the troops that Russia sent")."""
    objects = children(verb, OBJECT_DEPS)
    out = []
    for obj in objects:
        if obj.lower_ in RELATIVE_WORDS and verb.dep_ == "relcl":
            out.append(verb.head)
        else:  # "overran much of Kunduz", "seized parts of the province": the whole the part is of
            out.extend((prep_objects(obj, ("of",)) if obj.lower_ in PART_WORDS else []) or [obj])
    if not out and verb.dep_ == "relcl" and verb.head.pos_ == "NOUN" and children(verb, {"nsubj"}) \
            and not children(verb, {"ccomp", "xcomp"}):  # "charges Beijing rejected": the noun
        out.append(verb.head)
    if not out:
        out.extend(misparsed_noun_clauses(verb))
    predicates = children(verb, {"oprd"})
    if not out and len(predicates) > 1 and (predicates[0].pos_ in ("PROPN", "PRON")
                                            or predicates[0].pos_ == "NOUN" and predicates[-1].pos_ == "ADJ"):
        out.append(predicates[0])  # "called Colombian President Ivan Duque a puppet": the first is the one named
    if not out:
        # "called Pakistan's decision reckless": the parser may hang the object on the judgement
        out.extend(c for p in predicates if p.pos_ == "ADJ" for c in p.children if c.dep_ == "compound" and c.pos_ == "NOUN")
    if not out:
        # "let OSCE observers into South Ossetia": the small model makes the noun of a small clause the
        # verb's clausal complement
        out.extend(c for c in children(verb, {"ccomp"}) if c.pos_ in ("NOUN", "PROPN") and c.i > verb.i)
    if not out:
        # "allowed UN weapons inspectors to resume their work": the parser makes the object of an
        # object-control verb the subject of its infinitive
        # ("help Ukraine rebuild its grid", "let the inspectors return": so does a bare infinitive, and a
        # participle: "detained a Russian spy plotting to kill the president")
        out.extend(s for c in children(verb, {"ccomp"}) if c.i > verb.i and _small_clause(verb, c)
                   for s in children(c, {"nsubj"}) if s.pos_ in ("NOUN", "PROPN") and s.i > verb.i)
    if not out:
        # "found a Jamaican man guilty", "declared the envoy persona non grata": the object of a small
        # clause is the subject of an adjectival complement
        out.extend(s for c in children(verb, {"ccomp", "oprd"}) if c.pos_ == "ADJ" and c.i > verb.i
                   for s in children(c, {"nsubj"}) if s.pos_ in ("NOUN", "PROPN", "PRON"))
    if not out:
        # "met Taiwanese President Lee Teng-hui Wednesday": wire style puts the day after the object,
        # and the small model makes the name a compound of the day
        # ("telephoned Angela Merkel hours before she met Chirac": on the "before" clause's measure)
        days = children(verb, {"npadvmod"}) + [d for c in children(verb, {"advcl"}) if c.i > verb.i
                                               for d in children(c, {"npadvmod"})]
        for day in days:
            out.extend(name_hung_on_time(day))
    if not out and verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN") and children(verb, SUBJECT_DEPS):
        # a bare object relative: "the aid Japan sent"
        if not any(c.dep_ == "prep" and not list(c.children) for c in verb.children):
            out.append(verb.head)
    if not out:
        out.extend(shared_objects(verb))
    return out


def shared_objects(verb: Token) -> list[Token]:
    """ "had killed or wounded several policemen", "arrested and charged three men": two verbs joined
    right before one object share it; the parser hangs it on the second only."""
    following = next((c for c in verb.children if c.dep_ == "conj" and is_verb(c) and c.i > verb.i), None)
    if following is None or children(following, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS) \
            or any(c.dep_ in ("prep", "dative", "ccomp", "xcomp") for c in verb.children if c.i > verb.i):
        return []
    between = verb.doc[verb.i + 1:following.i]
    if not between or not all(t.dep_ in ("cc", "advmod") or (t.dep_ == "aux" and t.head.i == following.i)
                              for t in between) or not any(t.dep_ == "cc" for t in between):
        return []
    return children(following, OBJECT_DEPS)


# Words that are nouns of request or plan as often as verbs: "rebuffed US calls for a probe" is parsed
# as "rebuffed [that] US calls for a probe".
NOUN_LIKE_VERBS = {"call", "demand", "request", "plan", "offer", "bid", "appeal", "plea", "order", "threat",
                   "pledge", "promise", "move", "push", "claim", "charge", "proposal", "warning", "overture"}


def misparsed_noun_clauses(verb: Token) -> list[Token]:
    """ "rebuffed US calls for a probe": a present-tense clause right after the verb whose word is as
    often a noun, with a name just before it as subject, is the verb's object ("US calls")."""
    out = []
    for clause in children(verb, {"ccomp"}):
        if clause.tag_ not in ("VBZ", "VBP") or lemma(clause) not in NOUN_LIKE_VERBS or clause.i < verb.i:
            continue
        subjects_ = children(clause, {"nsubj"})
        if subjects_ and subjects_[0].i == clause.i - 1 and subjects_[0].pos_ == "PROPN" \
                and subjects_[0].left_edge.i == verb.i + 1:
            out.append(clause)
    return out


# Participles that describe the person after them, parsed as a clause in "with visiting X".
DESCRIBING_PARTICIPLES = {"visit", "outgo", "retire", "incoming", "ailing"}


# Nouns of an "in" phrase that says why or how an act was done ("in protest", "in response", "in line with").
IN_MANNER_NOUNS = {"protest", "response", "retaliation", "solidarity", "defiance", "violation", "breach", "reply",
                   "reaction", "return", "exchange", "accordance", "line", "keeping", "addition", "turn", "part",
                   "contravention", "disregard", "principle", "effect", "fact", "particular", "order", "total"}


def prep_objects(token: Token, preps: Sequence[str]) -> list[Token]:
    """Objects of the token's prepositions in `preps`, skipping negated ones ("but not from X")."""
    out = []
    for prep in token.children:
        if prep.dep_ == "prep" and any(" " in p for p in preps):
            # "in front of the embassy": a multiword preposition whose last word carries the object
            for pobj in children(prep, {"pobj"}):
                for inner in children(pobj, {"prep"}):
                    if f"{prep.lower_} {pobj.lower_} {inner.lower_}" in preps:
                        out.extend(children(inner, {"pobj"}))
        if prep.dep_ in ("prep", "agent", "dative") and prep.lower_ in preps:
            if any(c.dep_ == "neg" for c in prep.children) or _negated_by_preceding_not(prep) or _absolute_with(prep):
                continue
            # "visits to or from Iran": a preposition with no object shares its coordinated one's
            shared = [c for c in prep.children if c.dep_ == "conj" and c.pos_ == "ADP"] \
                if not any(c.dep_ == "pobj" for c in prep.children) else []
            objects = children(prep, {"pobj"}) + [o for c in shared for o in children(c, {"pobj"})]
            if not objects and not list(prep.children):
                objects = _stranded_object(prep)
            if not objects and prep.lower_ in AWAY_PARTICLES:
                objects = particle_phrase_objects(prep)
            for pobj in objects:
                if prep.lower_ == "in" and lemma(pobj) in IN_MANNER_NOUNS:
                    continue  # "recalled its ambassador in protest": why or how, never whom
                if pobj.ent_type_ not in ("DATE", "TIME"):  # "on Friday" is when, never whom
                    out.append(pobj)
                else:
                    out.extend(name_hung_on_time(pobj))  # "talks with Chaowalit Yongchaiyudh Thursday"
            for pcomp in children(prep, {"pcomp"}):
                # "between Russia and Georgia" parsed as a clause, rare; take its nominal head
                if pcomp.pos_ in ("NOUN", "PROPN"):
                    out.append(pcomp)
                elif prep.lower_ == "for" and any(c.dep_ == "aux" and c.lower_ == "to" for c in pcomp.children):
                    # "calls for Iraq to allow the inspectors back": the one asked is the clause's subject
                    out.extend(children(pcomp, {"nsubj"}))
                elif pcomp.tag_ == "VBG" and pcomp.lemma_.lower() in DESCRIBING_PARTICIPLES:
                    # "talks with visiting Pakistani Prime Minister Nawaz Sharif": the parser makes the
                    # participle the preposition's clause and the visitor its object
                    out.extend(children(pcomp, {"dobj"}))
        elif prep.dep_ == "dative" and prep.pos_ in ("NOUN", "PROPN", "PRON") and "to" in preps:
            out.append(prep)  # "gave Georgia aid"
        elif prep.dep_ in ("prt", "advmod") and prep.lower_ in AWAY_PARTICLES and {"of", "from"} & set(preps):
            out.extend(particle_phrase_objects(prep, preps))
        elif prep.dep_ in ("advcl", "acl") and "for" in preps \
                and any(m.dep_ == "mark" and m.lower_ == "for" for m in prep.children):
            out.extend(children(prep, {"nsubj"}))  # "calls for Iraq to allow": parsed as a clause
        elif prep.dep_ == "agent" and set(preps) & DIRECTIONS:
            # "a missile fired by the Houthis toward Riyadh's airport": the parser hangs the direction on
            # the agent; it is the act's
            out.extend(o for a in children(prep, {"pobj"}) for d in children(a, {"prep"}) if d.lower_ in preps
                       and d.lower_ in DIRECTIONS for o in children(d, {"pobj"}))
    return out


DIRECTIONS = {"toward", "towards", "into"}


# Particles of leaving whose "of"/"from" phrase the parser hangs on them, not on the verb.
AWAY_PARTICLES = ("out", "away")


def particle_phrase_objects(particle: Token, preps: Sequence[str] = ("of", "from")) -> list[Token]:
    """ "pulled out of Kherson", "walked away from the talks": the objects of the "of"/"from" phrase the
    parser hangs on the particle, which are the verb's."""
    return [o for inner in children(particle, {"prep"}) if inner.lower_ in preps for o in children(inner, {"pobj"})]


def _absolute_with(prep: Token) -> bool:
    """ ", with Britain and Australia among the other nations", ", with police looking on": a "with" set
    off by a comma heading a clause of its own says what else was so, not whom the act was with."""
    if prep.lower_ != "with" or prep.i == 0 or prep.doc[prep.i - 1].text != ",":
        return False
    doc = prep.doc
    for pobj in children(prep, {"pobj"}):
        if any(c.dep_ in ("acl", "relcl") and c.tag_ in ("VBG", "VBN")
               or c.dep_ == "prep" and c.lower_ == "among" for c in pobj.children):
            return True
        after = pobj.right_edge.i + 1
        if after < len(doc) and (doc[after].lower_ == "among" or doc[after].tag_ in ("VBG", "VBN")):
            return True
    return False


def _stranded_object(prep: Token) -> list[Token]:
    """"opened fire on Shi'ite protesters marching in Abuja": the parser leaves the preposition bare and
    makes the noun after it the subject of the participle; that subject is the preposition's object."""
    doc = prep.doc
    if prep.i + 1 >= len(doc):
        return []
    clause = next((c for c in prep.head.children if c.i > prep.i and c.dep_ in ("advcl", "ccomp", "conj")
                   and c.tag_ == "VBG"), None)
    if clause is None:
        return []
    subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.left_edge.i != prep.i + 1:
        return []
    return [subject]


def infinitive_objects(*tokens: Token) -> list[Token]:
    """The objects of a to-infinitive that says what an act is for: "signed an accord to supply Egypt
    with wheat" -> Egypt, "agreed a plan to give Kiev loans" -> Kiev."""
    out: list[Token] = []
    for token in tokens:
        for clause in token.children:
            if clause.dep_ not in ("xcomp", "advcl", "acl", "relcl") or clause.i < token.i \
                    or not any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
                continue
            # ("promised $2 billion to help Pakistan recover": a bare infinitive's doer is the one helped)
            out.extend(c for c in clause.children if c.dep_ == "dative")
            out.extend(direct_objects(clause))
    return out


def _negated_by_preceding_not(prep: Token) -> bool:
    """ "..., but not from the two regions": the parser often hangs the "not" elsewhere."""
    doc = prep.doc
    i = prep.i - 1
    return i >= 1 and doc[i].lower_ == "not" and doc[i - 1].lower_ in ("but", ",", "and")


def instrument_words(verb: Token) -> Iterable[Token]:
    """Words that name the means of an act: the subject's head, "with"/"using" phrases ("suicide bombers"
    are people, not aircraft)."""
    yield from (t for t in children(verb, SUBJECT_DEPS) + agents(verb)
                if not any(c.lower_ == "suicide" and c.dep_ in ("compound", "amod", "nmod") for c in t.children))
    for prep in children(verb, {"prep"}):
        if prep.lower_ in ("with", "by"):
            yield from children(prep, {"pobj"})
    # "supplied separatists in eastern Ukraine with missiles": the parser hangs the "with" on the object
    for obj in children(verb, {"dobj"}):
        for prep in children(obj, {"prep"}):
            if prep.lower_ == "with":
                yield from children(prep, {"pobj"})
    for advcl in children(verb, {"advcl", "xcomp"}):
        if lemma(advcl) == "use":
            yield from children(advcl, OBJECT_DEPS)


def object_candidates(verb: Token, particles: Sequence[str] = (), person_heads: Iterable[str] = ()) -> list[Token]:
    """Words that can satisfy a pattern's `object`: direct objects and their "X in/of aid"
    complements, passive subjects, and objects of the pattern's particles ("call for a ceasefire").
    `person_heads`: nouns of people whose "of" phrase says whom they lead, not what they are ("the leader
    of the opposition")."""
    out: list[Token] = []
    for obj in direct_objects(verb) + (patients(verb) if is_passive(verb) else []):
        out.append(obj)
        if obj.pos_ == "PROPN":
            # "seized the oil tanker Stena Impero": the common noun before a name says what it is
            out.extend(c for c in obj.children if c.dep_ == "compound" and c.pos_ == "NOUN")
        for prep in children(obj, {"prep"}):
            if prep.lower_ in ("in", "of") and obj.pos_ in ("NUM", "NOUN", "SYM") and lemma(obj) not in person_heads:
                # ("$100 million in aid", "a shipment of arms"; "the leader of the opposition" is a person)
                out.extend(children(prep, {"pobj"}))
        out.extend(c for c in obj.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN"))
    if particles:
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ in particles:
                # ("agreed on Saturday that ...": a day is when, never what)
                out.extend(o for o in children(prep, {"pobj"}) if o.ent_type_ not in ("DATE", "TIME"))
            if prep.dep_ in ("prt", "advmod", "prep") and prep.lower_ in AWAY_PARTICLES and prep.lower_ in particles:
                out.extend(particle_phrase_objects(prep))
        if "to" in particles:
            out.extend(to_nouns(verb))
    return out


def to_nouns(verb: Token) -> list[Token]:
    """Nouns the small model parses as the verb's to-infinitive: "agreed to talks with Israel"."""
    return [c for c in children(verb, {"xcomp"}) if c.pos_ == "NOUN"
            and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)]


def conditional(verb: Token) -> bool:
    """The verb has a condition clause ("will cut supplies unless Kiev pays", "could be cut if ...")."""
    for child in verb.children:
        if child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITION_MARKS for m in child.children):
            return True
    return False


FUTURE_MODALS = {"will", "would", "shall", "wo"}


def future_negated(verb: Token) -> bool:
    """ "will not negotiate", "won't attend", "would never accept": a stance about the future."""
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    return any(a.lemma_.lower() in FUTURE_MODALS or a.lower_ in FUTURE_MODALS for a in auxiliaries) \
        and any(c.dep_ == "neg" for c in verb.children)
