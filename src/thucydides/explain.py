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
    lines.append("PATTERNS (a pattern that matches the words fires only when its source names an actor)")
    coder = pipeline.coder
    actors = pipeline.resolver.resolve(spacy_doc, published=(published or "")[:10] or None)
    coded = {(t.token.i, t.pattern.id) for sent in spacy_doc.sents for t, _ in coder.triggers(sent, actors)}
    for token in spacy_doc:
        matched = {t.pattern.id: t for t in coder.matcher.matches(token)}
        for pattern in coder.matcher.candidates(token):
            trigger = matched.get(pattern.id)
            if (token.i, pattern.id) in coded:
                status = f"FIRED -> {trigger.code if trigger else pattern.code}"
            elif trigger is not None:
                status = f"matched ({trigger.code}), no actors or a better pattern won"
            else:
                status = "did not match"
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
    from .parsing import parse_documents

    for _, spacy_doc in parse_documents(pipeline.nlp, [doc]):
        yield spacy_doc
