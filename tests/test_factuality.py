"""Factuality of coded acts (CODING.md): asserted, negated, intended, future, hypothetical, reported_claim.

Each case codes a sentence and checks the factuality of the reading with the given CAMEO code, so a
change that codes the right event with the wrong modality fails here.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow

PUBLISHED = "2008-09-09"


@pytest.fixture(scope="module")
def modal_pipeline(tmp_path_factory):
    """A pipeline that also codes acts the text only supposes (settings: events.hypothetical_acts), so
    that every factuality can be checked; by default those readings are not emitted."""
    from thucydides.pipeline import Pipeline

    settings = tmp_path_factory.mktemp("modal") / "settings.toml"
    settings.write_text("[events]\nhypothetical_acts = true\n", encoding="utf-8")
    return Pipeline(settings_file=str(settings))


def factualities(pipeline, text: str) -> dict[str, set[str]]:
    result = pipeline.code_text(text, doc_id="test", published=PUBLISHED, no_clean=True)
    out: dict[str, set[str]] = {}
    for reading in result.readings:
        out.setdefault(reading.cameo.code, set()).add(reading.factuality)
    return out


@pytest.mark.parametrize(
    "text, code, factuality",
    [
        # asserted
        ("Georgian troops attacked South Ossetia on August 8.", "190", "asserted"),
        ("Moscow promised to pull out its troops.", "0356", "asserted"),
        ("Russia is reported to have withdrawn its troops from Georgia.", "0874", "asserted"),
        # negated
        ("Russian troops did not attack Georgia.", "190", "negated"),
        ("Russia never recognized Kosovo.", "054", "negated"),
        ("Neither Russia nor Georgia attacked Turkey.", "190", "negated"),
        ("Russia launched no attack on Georgia.", "190", "negated"),
        ("Russia failed to withdraw its troops from Georgia.", "0874", "negated"),
        # "without" denies the act it governs
        ("Libyan pilgrims travelled to Saudi Arabia without violating the UN embargo.", "128", "negated"),
        # future
        ("Russia will withdraw its troops from Georgia.", "0874", "future"),
        # a condition not yet met; a past "until" clause happened
        ("The blockade is designed to isolate Iraq until it withdraws its troops from Kuwait.", "0874", "hypothetical"),
        ("The fighting went on until Iraqi troops withdrew from Kuwait.", "0874", "asserted"),
        ("Russia is expected to withdraw its troops from Georgia.", "0874", "future"),
        # a side announcing its own cooperative act expresses the intent (CODING.md: the promise is coded)
        ("Russia said it would withdraw its troops from Georgia.", "0356", "asserted"),
        ("Russia to withdraw troops from Georgia", "0874", "future"),
        ("Russia is about to recognize Abkhazia.", "054", "future"),
        ("Russia is going to recognize Abkhazia.", "054", "future"),
        ("Russia plans a new offensive against Georgia.", "190", "future"),
        # hypothetical
        ("Russia could attack Georgia if Tbilisi joins NATO.", "190", "hypothetical"),
        ("If Georgia attacks South Ossetia, Russia will respond.", "190", "hypothetical"),
        ("Russia might recognize Abkhazia.", "054", "hypothetical"),
        # reported claims
        ("Iran accused Israel of bombing its nuclear site.", "195", "reported_claim"),
        ("Russian troops allegedly attacked Georgian villages.", "190", "reported_claim"),
        ("Georgia claimed that Russia bombed Gori.", "195", "reported_claim"),
        ("Russia denied that its troops attacked Georgia.", "190", "reported_claim"),
    ],
)
def test_factuality(modal_pipeline, text, code, factuality):
    found = factualities(modal_pipeline, text)
    assert code in found, found
    assert factuality in found[code], found


def test_but_not_from_excludes_the_negated_target(pipeline):
    result = pipeline.code_text(
        "Medvedev and Sarkozy agreed to withdraw Russian troops from Georgia but not from Abkhazia.",
        doc_id="test", published=PUBLISHED, no_clean=True)
    targets = {r.target.name for r in result.readings if r.target and r.target.kind != "person"}
    assert "Abkhazia" not in targets


def test_the_accusation_itself_is_asserted(pipeline):
    found = factualities(pipeline, "Georgia accused Russia of aggression.")
    assert found.get("1123") == {"asserted"}


def test_a_negated_act_and_an_asserted_one_in_one_sentence(pipeline):
    found = factualities(pipeline, "Russia did not attack Georgia but shelled South Ossetia.")
    assert found["190"] == {"negated"}
    assert found["194"] == {"asserted"}


def test_future_act_is_dated_by_a_range(pipeline):
    result = pipeline.code_text("Russia will withdraw its troops from Georgia.", doc_id="t",
                                published=PUBLISHED, no_clean=True)
    (reading,) = result.readings
    assert reading.factuality == "future"
    assert reading.date_precision == "range" and reading.date_range[0] == PUBLISHED


def test_a_purpose_infinitive_is_intended_not_asserted(pipeline):
    result = pipeline.code_text("Iran rejected calls by the European Union to suspend enrichment.",
                                doc_id="purpose", published="2018-03-22", no_clean=True)
    suspended = [r for r in result.readings if r.trigger.startswith("suspend")]
    assert all(r.factuality != "asserted" for r in suspended)


@pytest.mark.parametrize("text, code", [
    ("Israel said it was willing to negotiate with Syria without preconditions.", "036"),
    ("Japan is ready to provide economic assistance to North Korea.", "0331"),
    ("Russia is not prepared to withdraw its troops from Georgia.", "1246"),
    ("Russia is unwilling to withdraw its troops from Georgia.", "1246"),
])
def test_readiness_to_act_is_an_intent_and_its_denial_a_refusal(pipeline, text, code):
    readings = pipeline.code_text(text, doc_id="ready", published="2018-03-22", no_clean=True).readings
    assert any(r.cameo.code == code and r.factuality == "asserted" for r in readings), \
        [(r.cameo.code, r.factuality) for r in readings]


def test_impersonal_it_is_no_party(pipeline):
    readings = pipeline.code_text("Israel said it was necessary to talk to Syria.", doc_id="ready",
                                  published="2018-03-22", no_clean=True).readings
    assert not any(r.source.country == "ISR" and r.cameo.root == "04" and r.factuality == "asserted" for r in readings)


def test_no_object_negates_the_act(pipeline):
    result = pipeline.code_text("Fujimori said he will release no prisoners.", doc_id="no-object", published="1997-04-14")
    releases = [r for r in result.readings if r.cameo.code.startswith("08") or r.cameo.code.startswith("03")]
    assert releases and all(r.factuality == "negated" for r in releases), [(r.cameo.code, r.factuality) for r in releases]


def test_a_participle_describing_a_noun_is_no_act(pipeline):
    result = pipeline.code_text("LIMA (AP) - The rebels demanded the release of some 400 imprisoned comrades.",
                                doc_id="participle", published="1997-04-14")
    assert not any(r.cameo.root == "17" for r in result.readings), [r.cameo.code for r in result.readings]
