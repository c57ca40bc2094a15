"""`thucydides explain`: why a sentence was coded as it was, so a user can fix the dictionary."""

from __future__ import annotations

from .clean import clean_plain


def explain_sentence(pipeline, sentence: str, published: str | None = None) -> str:
    doc = clean_plain("explain", sentence, published)
    result = pipeline.code_text(sentence, doc_id="explain", published=published, no_clean=True)
    spacy_doc = next(iter(_parse(pipeline, doc)))
    lines = ["PARSE", "  i  text            lemma           pos    dep        head"]
    for t in spacy_doc:
        if t.is_space:
            continue
        lines.append(f"  {t.i:<2} {t.text[:15]:<15} {t.lemma_[:15]:<15} {t.pos_:<6} {t.dep_:<10} {t.head.i}"
                     f"{'  ' + t.ent_type_ if t.ent_type_ else ''}")
    lines.append("ACTORS")
    for mention in getattr(result, "actors", []):
        for actor in mention.actors:
            lines.append(f"  {mention.text!r} -> {actor.name} [{actor.code}] country={actor.country} "
                         f"sector={','.join(actor.sector)} ({mention.how})")
    lines.append("TIME EXPRESSIONS")
    for t in getattr(result, "times", []):
        lines.append(f"  {t.text!r} -> {t.value} ({t.precision}{', range ' + str(t.range) if t.range else ''})")
    lines.append("PATTERNS")
    coder = pipeline.coder
    for token in spacy_doc:
        candidates = []
        if token.pos_ in ("VERB", "AUX"):
            candidates = coder.patterns.by_verb.get(token.lemma_.lower(), [])
        elif token.pos_ in ("NOUN", "PROPN"):
            candidates = coder.patterns.by_noun.get(token.lemma_.lower(), [])
        for pattern in candidates:
            fired = (coder.match_verb(token) if not pattern.is_noun else coder.match_noun(token))
            status = "FIRED" if fired is not None and fired.pattern.id == pattern.id else "did not fire"
            lines.append(f"  {token.text!r}: {pattern.id} ({pattern.code}) {status}"
                         + (f" [{pattern.source_file}:{pattern.line}]" if pattern.source_file else ""))
    lines.append("READINGS")
    for reading in getattr(result, "readings", []):
        target = reading.target.name if reading.target else "-"
        lines.append(f"  {reading.source.name} -> {target}: {reading.cameo.code} {reading.cameo.name} "
                     f"[{reading.factuality}] {reading.event_date} ({reading.date_basis}) pattern={reading.pattern_id}")
    if not getattr(result, "readings", []):
        lines.append("  none: no pattern fired with a resolvable source actor")
    return "\n".join(lines)


def _parse(pipeline, doc):
    from .annotate import parse_documents

    for _, spacy_doc in parse_documents(pipeline.nlp, [doc]):
        yield spacy_doc
