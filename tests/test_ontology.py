"""The CAMEO table and PLOVER map: what the coder, the store and exports rely on.

The tests marked `shared` measure our tables against the public reference tables in ../shared and
skip where that folder is absent; the others need nothing outside the repository.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from thucydides import records
from thucydides.errors import Codes, DataFileError, ThucydidesError
from thucydides.knowledge.ontology import (
    NO_PLOVER_ROOTS,
    PLOVER_TYPES,
    Ontology,
    default_ontology,
    quad_class_of_root,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REFERENCE = SHARED / "reference"

CAMEO_HEADER = "code\tname\tgoldstein\tquad_class\n"
PLOVER_HEADER = "code\tplover\tmode\tcontexts\n"

# Modes where our map departs from the 2021 conversion table on purpose (see cameo_plover.tsv):
# 175 has a context ("pro_autocracy") in its mode column; 195 (aerial weapons) takes PLOVER's
# "aerial" mode, which describes air strikes better than "heavy-weapons" (artillery and tanks, 194).
MODE_CHANGES = {"175": None, "195": "aerial"}


@pytest.fixture(scope="module")
def ontology() -> Ontology:
    return default_ontology()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def expected_quad_class(root: str) -> int:
    # Written out again here (not imported) so a wrong mapping in the module cannot pass its own test.
    number = int(root)
    return 1 if number <= 5 else 2 if number <= 9 else 3 if number <= 14 else 4


# ---------------------------------------------------------------- the package tables


def test_package_tables_load_with_every_level_of_code(ontology):
    codes = ontology.codes()
    assert len(codes) == 311
    assert codes == sorted(set(codes))
    assert {"01", "20", "042", "0871", "2042"} <= set(codes)
    assert [path.name for path in ontology.data_files] == ["cameo.tsv", "cameo_plover.tsv"]
    assert all(path.is_file() for path in ontology.data_files)


def test_default_ontology_is_loaded_once():
    assert default_ontology() is default_ontology()


def test_cameo_record_carries_root_goldstein_and_quad_class(ontology):
    ceasefire = ontology.cameo("0871")
    assert isinstance(ceasefire, records.CameoCode)
    assert (ceasefire.code, ceasefire.root) == ("0871", "08")
    assert (ceasefire.goldstein, ceasefire.quad_class) == (9.0, 2)
    assert "ceasefire" in ceasefire.name.lower()
    assert ontology.cameo("195").quad_class == 4
    assert ontology.cameo("111").goldstein == -2.0


def test_every_code_is_consistent_and_has_its_parent(ontology):
    for code in ontology.codes():
        row = ontology.cameo(code)
        assert re.fullmatch(r"[0-9]{2,4}", code)
        assert row.root == code[:2]
        assert row.quad_class == expected_quad_class(row.root), code
        assert -10.0 <= row.goldstein <= 10.0
        assert row.name.strip()
        if len(code) > 2:
            assert ontology.has(code[:-1]), f"{code} lacks its parent"


@pytest.mark.parametrize(
    ("root", "quad_class"),
    [("01", 1), ("05", 1), ("06", 2), ("09", 2), ("10", 3), ("14", 3), ("15", 4), ("20", 4)],
)
def test_quad_class_of_root_boundaries(root, quad_class):
    assert quad_class_of_root(root) == quad_class


def test_plover_types_modes_and_contexts(ontology):
    assert ontology.plover("0871") == records.PloverCode("RETREAT", "ceasefire", ("military",))
    assert ontology.plover("042").type == "CONSULT"
    assert ontology.plover("042").mode == "visit"
    assert ontology.plover("195").type == "ASSAULT"
    assert ontology.plover("091").contexts == ("crime", "corruption")
    assert ontology.plover("040").mode is None
    assert ontology.plover("040").contexts == ()


def test_statements_and_appeals_have_no_plover(ontology):
    family = [code for code in ontology.codes() if code[:2] in NO_PLOVER_ROOTS]
    assert {"01", "010", "02", "0256"} <= set(family)
    assert all(ontology.plover(code) is None for code in family)


def test_every_code_from_03_on_has_a_plover_type(ontology):
    for code in ontology.codes():
        if code[:2] not in NO_PLOVER_ROOTS:
            plover = ontology.plover(code)
            assert plover is not None and plover.type in PLOVER_TYPES, code


@pytest.mark.parametrize("code", ["999", "42", "0", "21", "0875", "", "08710"])
def test_unknown_code_raises_e203(ontology, code):
    assert not ontology.has(code)
    with pytest.raises(ThucydidesError) as excinfo:
        ontology.cameo(code)
    assert excinfo.value.code == Codes.E203
    assert repr(code) in str(excinfo.value)
    with pytest.raises(ThucydidesError) as excinfo:
        ontology.plover(code)
    assert excinfo.value.code == Codes.E203


def test_non_string_code_is_unknown(ontology):
    assert not ontology.has(42)  # type: ignore[arg-type]
    with pytest.raises(ThucydidesError):
        ontology.cameo(42)  # type: ignore[arg-type]


# ---------------------------------------------------------------- user files


def test_user_files_override_rows_and_add_codes(tmp_path):
    cameo = write(
        tmp_path,
        "mine.tsv",
        "# my additions\n"
        + CAMEO_HEADER
        + "042\tPay a state visit\t2.0\t1\n0421\tVisit a war zone\t1.5\t1\n",
    )
    plover = write(tmp_path, "mine_plover.tsv", PLOVER_HEADER + "0871\tRETREAT\ttruce\tmilitary,territory\n")
    ontology = Ontology.load([cameo, str(plover)])
    assert ontology.cameo("042").name == "Pay a state visit"
    assert ontology.cameo("042").goldstein == 2.0
    assert ontology.cameo("0421").root == "04"
    assert ontology.plover("0871") == records.PloverCode("RETREAT", "truce", ("military", "territory"))
    # A new sub-code without a PLOVER row of its own acts like its parent.
    assert ontology.plover("0421") == default_ontology().plover("042")
    assert len(ontology.codes()) == 312
    assert ontology.data_files[-2:] == [cameo.resolve(), plover.resolve()]
    # The cached package default is untouched by a layered load.
    assert default_ontology().cameo("042").name != "Pay a state visit"


def test_later_user_file_wins(tmp_path):
    first = write(tmp_path, "a.tsv", CAMEO_HEADER + "042\tFirst\t1.0\t1\n")
    second = write(tmp_path, "b.tsv", CAMEO_HEADER + "042\tSecond\t1.0\t1\n")
    assert Ontology.load([first, second]).cameo("042").name == "Second"


def test_single_path_and_short_plover_rows(tmp_path):
    # Editors strip trailing tabs: mode and contexts may be left off.
    path = write(tmp_path, "p.tsv", PLOVER_HEADER + "0871\tRETREAT\n042\tCONSULT\tvisit\n")
    ontology = Ontology.load(path)
    assert ontology.plover("0871") == records.PloverCode("RETREAT", None, ())
    assert ontology.plover("042") == records.PloverCode("CONSULT", "visit", ())


MALFORMED = [
    # (file text, line named, words in the message)
    (CAMEO_HEADER + "042\tVisit\t1.0\t1\n42\tVisit\t1.0\t1\n", 3, "bad CAMEO code"),
    (CAMEO_HEADER + "2101\tBeyond the roots\t1.0\t4\n", 2, "bad CAMEO code"),
    (CAMEO_HEADER + "04a\tVisit\t1.0\t1\n", 2, "bad CAMEO code"),
    (CAMEO_HEADER + "042\tVisit\t11.0\t1\n", 2, "outside -10..10"),
    (CAMEO_HEADER + "042\tVisit\t-10.5\t1\n", 2, "outside -10..10"),
    (CAMEO_HEADER + "042\tVisit\tnan\t1\n", 2, "outside -10..10"),
    (CAMEO_HEADER + "042\tVisit\thigh\t1\n", 2, "not a number"),
    (CAMEO_HEADER + "# note\n\n042\tVisit\t1.9\t3\n", 4, "does not follow from root 04"),
    (CAMEO_HEADER + "195\tAir strike\t-10\t2\n", 2, "does not follow from root 19"),
    (CAMEO_HEADER + "042\tVisit\t1.9\tone\n", 2, "not a whole number"),
    (CAMEO_HEADER + "042\tVisit\t1.9\n", 2, "expected 4 tab-separated columns"),
    (CAMEO_HEADER + "042  Visit  1.9  1\n", 2, "expected 4 tab-separated columns"),
    (CAMEO_HEADER + "042\t\t1.9\t1\n", 2, "has no name"),
    (CAMEO_HEADER + "042\tVisit\t1.9\t1\n043\tHost\t2.8\t1\n042\tAgain\t1.9\t1\n", 4, "first on line 2"),
    (CAMEO_HEADER + "0421\tFine\t1.0\t1\n\n9\tNine\t1.0\t1\n", 4, "bad CAMEO code"),
    (PLOVER_HEADER + "0871\tCEASEFIRE\t-\tmilitary\n", 2, "unknown PLOVER type"),
    (PLOVER_HEADER + "0871\tretreat\t-\tmilitary\n", 2, "unknown PLOVER type"),
    (PLOVER_HEADER + "0871\tRETREAT\tCease Fire\tmilitary\n", 2, "bad mode"),
    (PLOVER_HEADER + "0871\tRETREAT\t-\tmilitary;legal\n", 2, "bad context"),
    (PLOVER_HEADER + "0871\n", 2, "expected 2 to 4"),
    (PLOVER_HEADER + "0871\tRETREAT\t-\tmilitary\textra\n", 2, "expected 2 to 4"),
    (PLOVER_HEADER + "010\tSUPPORT\t-\t-\n", 2, "no PLOVER counterpart"),
    ("# only comments\n\n", None, "no column line"),
    ("code,name,goldstein,quad_class\n042,Visit,1.9,1\n", 1, "must name the columns"),
]


@pytest.mark.parametrize(("text", "line", "words"), MALFORMED)
def test_malformed_file_names_file_and_line(tmp_path, text, line, words):
    path = write(tmp_path, "bad.tsv", text)
    with pytest.raises(DataFileError) as excinfo:
        Ontology.load([path])
    error = excinfo.value
    assert error.code == Codes.E202
    where = f"{path}:{line}" if line else f"{path}: "
    assert where in str(error)
    assert words in str(error)


def test_checks_run_on_the_combined_tables(tmp_path):
    # A PLOVER row may come before the file defining its code, and a sub-code may sit in another
    # file than its parent: only the combined tables are checked for those.
    plover = write(tmp_path, "p.tsv", PLOVER_HEADER + "0991\tACCUSE\tinvestigate\tcyber\n")
    parent = write(tmp_path, "parent.tsv", CAMEO_HEADER + "099\tInvestigate online activity\t-2.0\t2\n")
    child = write(tmp_path, "child.tsv", CAMEO_HEADER + "0991\tInvestigate hacking\t-2.0\t2\n")
    ontology = Ontology.load([plover, parent, child])
    assert ontology.plover("0991") == records.PloverCode("ACCUSE", "investigate", ("cyber",))
    # A new 3-digit code without a row of its own takes its root's row.
    assert ontology.plover("099") == default_ontology().plover("09")


def test_new_sub_code_needs_its_parent(tmp_path):
    path = write(tmp_path, "orphan.tsv", CAMEO_HEADER + "0431\tFine\t1.0\t1\n0999\tOrphan\t1.0\t2\n")
    with pytest.raises(DataFileError) as excinfo:
        Ontology.load([path])
    assert f"{path}:3" in str(excinfo.value)
    assert "no parent code 099" in str(excinfo.value)


def test_plover_row_for_undefined_code(tmp_path):
    path = write(tmp_path, "p.tsv", PLOVER_HEADER + "0871\tRETREAT\t-\t-\n0879\tRETREAT\t-\t-\n")
    with pytest.raises(DataFileError) as excinfo:
        Ontology.load([path])
    assert f"{path}:3" in str(excinfo.value)
    assert "no CAMEO table defines" in str(excinfo.value)


def test_unreadable_and_undecodable_files(tmp_path):
    missing = tmp_path / "absent.tsv"
    with pytest.raises(DataFileError) as excinfo:
        Ontology.load([missing])
    assert str(missing) in str(excinfo.value)
    latin1 = tmp_path / "latin1.tsv"
    latin1.write_bytes(CAMEO_HEADER.encode() + "042\tVisite d\xe9l\xe9gation\t1.9\t1\n".encode("latin-1"))
    with pytest.raises(DataFileError) as excinfo:
        Ontology.load([latin1])
    assert f"{latin1}:2" in str(excinfo.value)


def test_byte_order_mark_is_tolerated(tmp_path):
    path = tmp_path / "bom.tsv"
    path.write_bytes(b"\xef\xbb\xbf" + (CAMEO_HEADER + "042\tVisit\t1.9\t1\n").encode())
    assert Ontology.load([path]).cameo("042").name == "Visit"


# ---------------------------------------------------------------- against ../shared/reference


def reference_table(name: str) -> dict[str, str]:
    path = REFERENCE / name
    if not path.is_file():
        pytest.skip(f"{path} is absent (the shared reference tables live beside the repository)")
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    return {code.strip(): value.strip() for code, value in rows}


def reference_plover() -> dict[str, list[tuple[str, str | None]]]:
    """`CODE: TYPE, mode, context # name` -> every (type, mode) listed for the code."""
    path = REFERENCE / "cameo-to-plover-2021.txt"
    if not path.is_file():
        pytest.skip(f"{path} is absent (the shared reference tables live beside the repository)")
    table: dict[str, list[tuple[str, str | None]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([0-9]{2,4}):(.*)$", line)
        if not match:
            continue
        fields = [field.strip() for field in match.group(2).split("#", 1)[0].split(",")]
        mode = fields[1] if len(fields) > 1 and fields[1] else None
        table.setdefault(match.group(1), []).append((fields[0], mode))
    return table


@pytest.mark.shared
def test_codes_and_goldstein_scores_match_reference(ontology):
    names = reference_table("cameo-eventcodes.tsv")
    scores = reference_table("cameo-goldstein.tsv")
    assert set(names) == set(scores)
    assert set(ontology.codes()) == set(scores)
    wrong = {code: (ontology.cameo(code).goldstein, float(score)) for code, score in scores.items()}
    assert {code: pair for code, pair in wrong.items() if pair[0] != pair[1]} == {}


@pytest.mark.shared
def test_quad_class_follows_reference_rule(ontology):
    scores = reference_table("cameo-goldstein.tsv")
    for code in scores:
        assert ontology.cameo(code).quad_class == expected_quad_class(code[:2]), code


@pytest.mark.shared
def test_plover_types_match_reference(ontology):
    reference = reference_plover()
    assert not any(code[:2] in NO_PLOVER_ROOTS for code in reference)
    wrong = {}
    for code in ontology.codes():
        ours = ontology.plover(code)
        if code[:2] in NO_PLOVER_ROOTS:
            assert ours is None
            continue
        assert code in reference, f"{code} has no row in the reference table"
        # A code listed twice (root 08 heads both its CONCEDE and its RETREAT block) may take either type.
        if ours is None or ours.type not in {plover_type for plover_type, _ in reference[code]}:
            wrong[code] = (ours, reference[code])
    assert wrong == {}


@pytest.mark.shared
def test_plover_modes_match_reference_where_it_gives_one(ontology):
    reference = reference_plover()
    wrong = {}
    for code, rows in reference.items():
        if not ontology.has(code):  # 1213 and 1214 are not CAMEO codes: no codebook or lookup table has them
            continue
        ours = ontology.plover(code)
        if code in MODE_CHANGES:
            assert ours.mode == MODE_CHANGES[code], code
            continue
        modes = {mode for _, mode in rows if mode}
        if modes and ours.mode not in modes:
            wrong[code] = (ours.mode, modes)
    assert wrong == {}
