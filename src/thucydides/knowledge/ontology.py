"""The CAMEO event codes and their PLOVER counterparts, read from validated data files.

Two tab-separated tables ship in ``thucydides/data``: ``cameo.tsv`` (code, name, Goldstein score,
QuadClass) and ``cameo_plover.tsv`` (code, PLOVER type, mode, contexts). A file says which table it
is by its column line, the first line that is neither blank nor a ``#`` comment, so a user file of
either kind can be layered on top with ``Ontology.load(extra_files=[...])``: its rows replace the
package's rows with the same code, and new codes are added. Every error names the file and line
(``errors.DataFileError``, THU-E202), including rows that only fail once the files are combined
(a sub-code without its parent, a PLOVER row for a code no table defines).

CAMEO codes are strings: "042" and "42" are different things, and "42" is not a code.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from thucydides import records
from thucydides.errors import Codes, DataFileError, ThucydidesError

__all__ = [
    "CAMEO_COLUMNS",
    "NO_PLOVER_ROOTS",
    "PLOVER_COLUMNS",
    "PLOVER_TYPES",
    "Ontology",
    "default_ontology",
    "quad_class_of_root",
]

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PACKAGE_FILES = (DATA_DIR / "cameo.tsv", DATA_DIR / "cameo_plover.tsv")

CAMEO_COLUMNS = ("code", "name", "goldstein", "quad_class")
PLOVER_COLUMNS = ("code", "plover", "mode", "contexts")

PLOVER_TYPES = frozenset(
    {
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
        "ACCUSE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT",
    }
)  # fmt: skip

# Statements and appeals have no PLOVER counterpart (CODING.md): their readings carry plover null.
NO_PLOVER_ROOTS = frozenset({"01", "02"})

# A root (01-20) followed by up to two digits: the 2-, 3- and 4-digit levels of the codebook.
_CODE_RE = re.compile(r"(?:0[1-9]|1[0-9]|20)[0-9]{0,2}")
# Modes and contexts are identifiers that other tables and queries match on, so keep them strict.
_MODE_RE = re.compile(r"[a-z][a-z0-9_-]*")
_CONTEXT_RE = re.compile(r"[a-z][a-z0-9_]*")
_NONE = ("", "-")


def quad_class_of_root(root: str) -> int:
    """QuadClass of a CAMEO root: 1 verbal cooperation, 2 material cooperation, 3 verbal and 4 material conflict."""
    number = int(root)
    if 1 <= number <= 5:
        return 1
    if 6 <= number <= 9:
        return 2
    if 10 <= number <= 14:
        return 3
    if 15 <= number <= 20:
        return 4
    raise ValueError(f"not a CAMEO root: {root!r}")


@dataclass(frozen=True)
class _Where:
    """Where a row came from, so checks made after layering can still name the file and line."""

    path: str
    line: int


@dataclass
class _Table:
    kind: str  # "cameo" | "plover"
    cameo: dict[str, tuple[records.CameoCode, _Where]]
    plover: dict[str, tuple[records.PloverCode, _Where]]


class Ontology:
    """CAMEO codes with their Goldstein score and QuadClass, and the PLOVER type of each."""

    def __init__(
        self,
        cameo: dict[str, records.CameoCode],
        plover: dict[str, records.PloverCode],
        data_files: Sequence[Path] = (),
    ):
        self._cameo = dict(cameo)
        self._plover = dict(plover)
        self.data_files: list[Path] = list(data_files)

    @classmethod
    def load(cls, extra_files: Sequence[str | Path] = ()) -> Ontology:
        """The package tables, then each user file in order, later rows replacing earlier ones by code."""
        if isinstance(extra_files, str | Path):  # a lone path would otherwise be read character by character
            extra_files = (extra_files,)
        paths = [*PACKAGE_FILES, *(Path(p) for p in extra_files)]
        cameo: dict[str, tuple[records.CameoCode, _Where]] = {}
        plover: dict[str, tuple[records.PloverCode, _Where]] = {}
        for path in paths:
            table = _read_table(path)
            cameo.update(table.cameo)
            plover.update(table.plover)
        _check_combined(cameo, plover)
        return cls(
            {code: row for code, (row, _) in cameo.items()},
            {code: row for code, (row, _) in plover.items()},
            [path.resolve() for path in paths],
        )

    def cameo(self, code: str) -> records.CameoCode:
        """The CAMEO record of a code; THU-E203 when no table defines it."""
        try:
            return self._cameo[code]
        except (KeyError, TypeError):
            raise ThucydidesError(Codes.E203, f"unknown CAMEO code {code!r}") from None

    def add_foreign(self, code: str, origin: str = "an imported dictionary") -> records.CameoCode:
        """Carry a code the CAMEO table lacks (a PETRARCH dictionary's WEIS or test code, "174L"), as
        written: null Goldstein score and QuadClass, no PLOVER type, and a note saying so."""
        if code in self._cameo:
            return self._cameo[code]
        row = records.CameoCode(
            code=code, root=code[:2], name=f"{code} (not a CAMEO code)", goldstein=None, quad_class=None,
            foreign=True, note=f"code {code} of {origin} is not in the CAMEO table: no Goldstein score or QuadClass",
        )
        self._cameo[code] = row
        return row

    def plover(self, code: str) -> records.PloverCode | None:
        """The PLOVER type of a code: its own row, else its parent's; None for the 01 and 02 families."""
        if self.cameo(code).foreign:  # unknown codes are an error, not "no PLOVER counterpart"
            return None  # a WEIS code's meaning is not its CAMEO parent's
        if code[:2] in NO_PLOVER_ROOTS:
            return None
        # A sub-code without its own row acts like its parent (4 digits -> 3 -> root).
        for length in range(len(code), 1, -1):
            row = self._plover.get(code[:length])
            if row is not None:
                return row
        return None

    def codes(self) -> list[str]:
        """Every CAMEO code, in codebook order (string order puts each code before its sub-codes)."""
        return sorted(self._cameo)

    def has(self, code: str) -> bool:
        return isinstance(code, str) and code in self._cameo

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and self.has(code)

    def __len__(self) -> int:
        return len(self._cameo)

    def __repr__(self) -> str:
        return f"Ontology({len(self._cameo)} CAMEO codes, {len(self._plover)} PLOVER rows)"


@functools.lru_cache(maxsize=1)
def default_ontology() -> Ontology:
    """The package tables alone, loaded once per process."""
    return Ontology.load()


# ---------------------------------------------------------------- reading and validation


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataFileError(str(path), f"cannot read the file: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8-sig")  # tolerate the BOM that spreadsheet exports add
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataFileError(str(path), "not UTF-8 text", line) from None


def _read_table(path: Path) -> _Table:
    name = str(path)
    table: _Table | None = None
    first_seen: dict[str, int] = {}
    for number, raw in enumerate(_read_text(path).splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        fields = [field.strip() for field in raw.split("\t")]
        if table is None:
            table = _table_for_columns(fields, name, number)
            continue
        code = fields[0]
        if code in first_seen:
            raise DataFileError(
                name, f"code {code} is listed twice (first on line {first_seen[code]})", number
            )
        first_seen[code] = number
        where = _Where(name, number)
        if table.kind == "cameo":
            table.cameo[code] = (_parse_cameo_row(fields, where), where)
        else:
            table.plover[code] = (_parse_plover_row(fields, where), where)
    if table is None:
        raise DataFileError(
            name, f"no column line: expected {_column_line(CAMEO_COLUMNS)} or {_column_line(PLOVER_COLUMNS)}"
        )
    return table


def _column_line(columns: tuple[str, ...]) -> str:
    return "'" + "<TAB>".join(columns) + "'"


def _table_for_columns(fields: list[str], path: str, line: int) -> _Table:
    columns = tuple(field.lower() for field in fields)
    if columns == CAMEO_COLUMNS:
        return _Table("cameo", {}, {})
    if columns == PLOVER_COLUMNS:
        return _Table("plover", {}, {})
    raise DataFileError(
        path,
        f"the first line that is not a comment must name the columns, {_column_line(CAMEO_COLUMNS)} "
        f"or {_column_line(PLOVER_COLUMNS)}; found {'<TAB>'.join(fields)!r}",
        line,
    )


def _check_code(code: str, where: _Where) -> None:
    if not _CODE_RE.fullmatch(code):
        raise DataFileError(
            where.path,
            f"bad CAMEO code {code!r}: expected 2 to 4 digits beginning with a root 01-20",
            where.line,
        )


def _parsed(text: str, convert, what: str, kind: str, where):
    try:
        return convert(text)
    except ValueError:
        raise DataFileError(where.path, f"{what} {text!r} is not {kind}", where.line) from None


def _parse_cameo_row(fields: list[str], where: _Where) -> records.CameoCode:
    if len(fields) != len(CAMEO_COLUMNS):
        raise DataFileError(
            where.path,
            f"expected {len(CAMEO_COLUMNS)} tab-separated columns, found {len(fields)}",
            where.line,
        )
    code, name, goldstein_text, quad_text = fields
    _check_code(code, where)
    if not name:
        raise DataFileError(where.path, f"code {code} has no name", where.line)
    goldstein = _parsed(goldstein_text, float, "Goldstein score", "a number", where)
    if not math.isfinite(goldstein) or not -10.0 <= goldstein <= 10.0:
        raise DataFileError(where.path, f"Goldstein score {goldstein_text} is outside -10..10", where.line)
    quad_class = _parsed(quad_text, int, "quad_class", "a whole number", where)
    root = code[:2]
    expected = quad_class_of_root(root)
    if quad_class != expected:
        raise DataFileError(
            where.path,
            f"quad_class {quad_text!r} does not follow from root {root}: expected {expected}",
            where.line,
        )
    return records.CameoCode(code=code, root=root, name=name, goldstein=goldstein, quad_class=expected)


def _parse_plover_row(fields: list[str], where: _Where) -> records.PloverCode:
    # Mode and contexts may be left off the end of a row: editors often strip trailing tabs.
    if not 2 <= len(fields) <= len(PLOVER_COLUMNS):
        raise DataFileError(
            where.path,
            f"expected 2 to {len(PLOVER_COLUMNS)} tab-separated columns, found {len(fields)}",
            where.line,
        )
    code, plover_type, mode_text, contexts_text = (fields + ["", ""])[:4]
    _check_code(code, where)
    if code[:2] in NO_PLOVER_ROOTS:
        raise DataFileError(
            where.path,
            f"code {code}: CAMEO 01 and 02 have no PLOVER counterpart (plover is null)",
            where.line,
        )
    if plover_type not in PLOVER_TYPES:
        raise DataFileError(
            where.path,
            f"unknown PLOVER type {plover_type!r}: expected one of {', '.join(sorted(PLOVER_TYPES))}",
            where.line,
        )
    mode = None if mode_text in _NONE else mode_text
    if mode is not None and not _MODE_RE.fullmatch(mode):
        raise DataFileError(
            where.path, f"bad mode {mode!r}: lower-case letters, digits, '-' and '_'", where.line
        )
    contexts: tuple[str, ...] = ()
    if contexts_text not in _NONE:
        contexts = tuple(part.strip() for part in contexts_text.split(","))
        for context in contexts:
            if not _CONTEXT_RE.fullmatch(context):
                raise DataFileError(
                    where.path,
                    f"bad context {context!r}: comma-separated lower-case names (letters, digits, '_')",
                    where.line,
                )
    return records.PloverCode(type=plover_type, mode=mode, contexts=contexts)


def _check_combined(
    cameo: dict[str, tuple[records.CameoCode, _Where]],
    plover: dict[str, tuple[records.PloverCode, _Where]],
) -> None:
    """Checks that need every file: the hierarchy is whole and every PLOVER row has its CAMEO code."""
    for code, (_, where) in cameo.items():
        if len(code) == 4 and code[:3] not in cameo:
            raise DataFileError(where.path, f"code {code} has no parent code {code[:3]}", where.line)
        if len(code) == 3 and code[:2] not in cameo:
            raise DataFileError(where.path, f"code {code} has no root code {code[:2]}", where.line)
    for code, (_, where) in plover.items():
        if code not in cameo:
            raise DataFileError(
                where.path, f"PLOVER row for {code}, which no CAMEO table defines", where.line
            )
    for code, (_, where) in cameo.items():
        if code[:2] in NO_PLOVER_ROOTS:
            continue
        if not any(code[:length] in plover for length in range(len(code), 1, -1)):
            raise DataFileError(
                where.path, f"code {code} has no PLOVER row, nor has any code above it", where.line
            )
