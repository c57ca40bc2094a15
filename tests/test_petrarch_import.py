"""PETRARCH/TABARI actor and agent dictionaries loaded as a layer of the actor knowledge base."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from thucydides.errors import DataFileError
from thucydides.knowledge import actorkb, petrarch
from thucydides.knowledge.actorkb import ActorKB

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SUITE = SHARED / "peer-suites" / "petrarch2"

ACTORS = """\
<!-- A hand-written dictionary in PETRARCH's actor format -->
<!-- a comment block
# spanning lines -->
ARNOR_  [ARN]   # a fictional state
+ARNORIAN
GONDOR [GON]
+MINAS_TIRITH
ISRAEL [ISR]      # a code the package knows: the phrase joins Israel
+ISRAELI
ISRAELI_TROOPS [ISRMIL]
INTERNATIONAL_CRIMINAL_POLICE_ORGANIZATION_
+INTERPOL
\t[IGOCOPITP]\t# code on its own line
UNITED_STATES [USA]
+U.S.
+US_
THE_SHIRE  [FRO/BIL/SAM]
BOROMIR  [---]
#NASGUL  [###]
GOLLUM  # dated codes: a person
+SMEAGOL
\t[HOB < 950601]
\t[HOBGOV 19950601 - 19990815]
\t[HOBREB > 990816]
SAM_GAMGEE [HOB]
\t[HOBCIV <20080120]
\t[ORCHOB 20100109-20100112]
\t[HOBMIL 20080120-20121109]
"""

AGENTS = """\
<!-- agents -->
!PERSON! = MAN, MEN, WOMAN, WOMEN
FOREIGN_MINISTER [~GOVFRM] # comment
TROOPS {}  [~MIL]
POLICE {} [ ~COP]
GOLDEN_GOOSE {GOLDEN_GEESE} [~GGS]
CONGRESS!PERSON! [~LEG]
MSF {}  [NGO~]
PROSECUTOR [~JUD]
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hand_kb(tmp_path_factory) -> ActorKB:
    folder = tmp_path_factory.mktemp("petrarch")
    return ActorKB.load([write(folder, "my.actors.txt", ACTORS), write(folder, "my.agents.txt", AGENTS)])


# ---------------------------------------------------------------- a hand-written dictionary


def test_detects_the_file_kind(tmp_path):
    assert petrarch.detect(write(tmp_path, "a.txt", ACTORS)) == "actors"
    assert petrarch.detect(write(tmp_path, "b.txt", AGENTS)) == "agents"


def test_actor_phrases_codes_and_synonyms(hand_kb):
    arnor = hand_kb.lookup("Arnor")[0]
    assert (arnor.id, arnor.code, arnor.country, arnor.kind) == ("ARN", "ARN", "ARN", "group")
    assert hand_kb.lookup("Minas Tirith")[0].id == "GON"
    assert hand_kb.demonym("Arnorian").id == "ARN"
    assert hand_kb.lookup("Israeli")[0].id == "ISR"  # merged into the package's Israel
    assert [e.id for e in hand_kb.lookup("Israel")] == ["ISR"]
    troops = hand_kb.lookup("Israeli troops")[0]
    assert (troops.code, troops.country, troops.sector, troops.name) == ("ISRMIL", "ISR", ("MIL",), "Israel")
    interpol = hand_kb.lookup("Interpol")[0]
    assert (interpol.id, interpol.kind, interpol.country) == ("IGOCOPITP", "organization", None)
    assert hand_kb.lookup("U.S.")[0].id == "USA" and hand_kb.lookup("us") == []  # "US_" stays case-sensitive


def test_compound_and_null_codes(hand_kb):
    shire = hand_kb.lookup("the Shire")[0]
    assert [a.code for a in shire.actors()] == ["FRO", "BIL", "SAM"]
    boromir = hand_kb.lookup("Boromir")[0]
    assert boromir.kind == "null" and boromir.actors() == ()
    assert hand_kb.lookup("Nasgul") == []  # commented out


@pytest.mark.parametrize("name, date, code", [
    ("Gollum", "1992-01-02", "HOB"), ("Smeagol", "1995-06-01", "HOBGOV"), ("Gollum", "1999-08-15", "HOBGOV"),
    ("Gollum", "1999-08-16", "HOBREB"), ("Sam Gamgee", "2008-01-19", "HOBCIV"),
    ("Sam Gamgee", "2010-01-12", "ORCHOB"),  # listed first: wins over the overlapping HOBMIL
    ("Sam Gamgee", "2010-01-13", "HOBMIL"), ("Sam Gamgee", "2014-01-01", "HOB"),  # undated: the fallback
])
def test_date_restricted_codes_become_person_roles(hand_kb, name, date, code):
    assert hand_kb.person(name).actor(date).code == code


def test_a_phrase_is_also_known_as_petrarch_input_writes_it(hand_kb):
    # PETRARCH's input joins a name's words with "_" ("warned about the Prince of Dol_Amroth"); the
    # tokenizer keeps "Dol_Amroth" whole, so the dictionary phrase is also known in that form
    assert "Sam_Gamgee" in hand_kb.person("Sam Gamgee").aliases
    assert petrarch._underscored("Prince Of Dol Amroth") == "Prince Of Dol_Amroth"


def test_agents(hand_kb):
    assert hand_kb.role("foreign ministers").sectors == ("GOV", "FRM")
    assert hand_kb.role("Foreign Minister").title == "Foreign Minister"  # the package's title is kept
    assert hand_kb.role("golden geese").sectors == ("GGS",) and hand_kb.role("golden geese").plural
    assert hand_kb.role("congressmen").sectors == ("LEG",) and hand_kb.role("congresswoman")
    assert hand_kb.role("prosecutors").sectors == ("JUD",)
    assert hand_kb.role("polices") is None and hand_kb.role("troopses") is None  # "{}": no plural
    msf = hand_kb.role("MSF")
    assert msf.prefix and msf.apply(hand_kb.lookup("Arnor")[0]).code == "NGOARN"
    assert hand_kb.role("troops").apply(hand_kb.lookup("Arnor")[0]).code == "ARNMIL"


def test_load_objects_on_its_own(tmp_path):
    entries, people, roles = actorkb.load_objects(write(tmp_path, "a.txt", ACTORS))
    assert {"ARN", "GON", "ISR", "USA"} <= {e.id for e in entries}
    assert {p.name for p in people} == {"Gollum", "Sam Gamgee"} and roles == []


@pytest.mark.parametrize("text, line, message", [
    ("ARNOR [ARN]\n\t[950601-990815]\n", 2, "invalid code block"),
    ("ARNOR [ARN <991399]\n", 1, "invalid date"),
    ("ARNOR [ARN 20100112-20100109]\n", 1, "ends before it starts"),
    ("ARNOR [ARN = 1999]\n", 1, "invalid date restriction"),
    ("+ARNORIAN\nARNOR [ARN]\n", 1, "synonym before any actor"),
    ("ARNOR [ARN] trailing words\n", 1, "unexpected text"),
    ("ARNOR [ARN]\nGONDOR\n", 2, "has no [CODE]"),
    ("PRESIDENT [~GOV]\nMINISTER\n", 2, "exactly one [~CODE]"),
    ("PRESIDENT [~GOV]\n!BOSS!_OF_WALKS [~GOV]\n", 2, "unknown substitution"),
    ("PRESIDENT [~GOV]\nMINISTER [~G~OV]\n", 2, "invalid agent code"),
])
def test_bad_dictionaries_name_the_line(tmp_path, text, line, message):
    path = write(tmp_path, "bad.txt", text)
    with pytest.raises(DataFileError) as caught:
        ActorKB.load([path])
    assert f"bad.txt:{line}" in str(caught.value) and message in str(caught.value)
    assert caught.value.code == "THU-E202"


def test_other_petrarch_files_are_refused(tmp_path):
    verbs = write(tmp_path, "verbs.txt", "--- ACCUSE   [112] ---\nACCUSE\n- * OF  [112]\n")
    with pytest.raises(DataFileError, match="verb dictionary"):
        ActorKB.load([verbs])
    with pytest.raises(DataFileError, match="not a PETRARCH"):
        ActorKB.load([write(tmp_path, "empty.txt", "# nothing here\n\n")])


# ---------------------------------------------------------------- the peer suite's dictionaries


@pytest.fixture(scope="module")
def suite_kb() -> ActorKB:
    if not SUITE.exists():
        pytest.skip("../shared/peer-suites/petrarch2 is not available")
    return ActorKB.load([SUITE / "PETR.Validate.actors.txt", SUITE / "PETR.Validate.agents.txt"])


@pytest.mark.shared
@pytest.mark.parametrize("phrase, code", [
    ("Arnor", "ARN"), ("Minas Tirith", "GON"), ("Anorien", "GON"), ("Hamas", "PSEREBHMS"),
    ("Interpol", "IGOCOPITP"), ("United States", "USA"), ("U.S.", "USA"), ("White House", "USAGOV"),
    ("Ithilen military", "ITHMIL"), ("Cirith Ungol", "MORMIL"), ("Morgul Orcs", "MRGORC"),
    ("The Ku", "USAEDU"), ("K.U.", "USAEDU"), ("Radagast the Brown", "RAD"), ("Caras Galadhon", "ELF"),
])
def test_suite_actors(suite_kb, phrase, code):
    assert suite_kb.lookup(phrase)[0].code == code


@pytest.mark.shared
def test_suite_special_entries(suite_kb):
    assert [m.code for m in suite_kb.lookup("Lorien")[0].members] == ["ELR", "GAL"]
    assert suite_kb.lookup("Boromir")[0].kind == "null"
    assert suite_kb.person("Prince of Dol Amroth").actor("1995-01-01") is None  # [--- <950630]
    assert suite_kb.person("Prince of Dol Amroth").actor("1999-08-09").code == "DOL"
    assert suite_kb.role("foreign minister").sectors == ("GOV", "FRM")
    assert suite_kb.role("ministers of silly walks").sectors == ("GOV",)
    assert suite_kb.role("attorneys general").sectors == ("GOV",)
    assert suite_kb.role("MSF").prefix


@pytest.mark.shared
def test_suite_date_records_code_the_expected_actor(suite_kb):
    """The suite's DATE sentences: the person each one starts with is coded as its expected actor."""
    text = (SUITE / "PETR.UnitTest.records.xml").read_text(encoding="utf-8")
    checked = 0
    for match in re.finditer(r'<Sentence date="(\d{8})" id="DATE-\d+".*?</Sentence>', text, re.S):
        day = f"{match.group(1)[:4]}-{match.group(1)[4:6]}-{match.group(1)[6:]}"
        expected = set(re.findall(r'(?:sourcecode|targetcode)="([^"]*)"', match.group(0)))
        words = re.search(r"<Text>\s*(.*?)</Text>", match.group(0), re.S).group(1).split()
        for size in (2, 1):
            person = suite_kb.person(" ".join(words[:size]))
            if person is not None:
                assert person.actor(day).code in expected, (words[:size], day)
                checked += 1
                break
    assert checked >= 15
