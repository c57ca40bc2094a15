"""Office-holder tables (CSV or TSV) read as person entries of the actor knowledge base.

The format (docs/OFFICEHOLDERS.md) is what a Wikidata query export gives, one row per term of office:

    name,aliases,country,office,start,end,sector
    Angela Merkel,Merkel|Angela Dorothea Merkel,DEU,Chancellor,2005-11-22,2021-12-08,GOV

- ``name``: the person's full name; rows with the same name are one person with several roles, in
  the order of the file (the first role covering a date wins, as in people.yaml).
- ``aliases``: other names separated by "|" (may be empty).
- ``country``: the KB id the role acts for: an ISO3 state (DEU), a territory (XKX, PSE), a group
  (PSEHMS) or an organisation (IGOUNO).
- ``office``: the title ("Prime Minister"); it becomes the role's ``title``.
- ``start``/``end``: ISO dates (YYYY-MM-DD, YYYY-MM or YYYY; Wikidata's "2005-11-22T00:00:00Z" is
  fine); ``start`` inclusive, ``end`` exclusive; an empty ``end`` means still in office.
- ``sector`` (optional column): sector codes separated by "|" or spaces; when the column is absent
  or the cell empty, GOV.
Other columns (a Wikidata item URL ...) are ignored. The person id is the name as a slug
(``Angela Merkel`` -> ``person:angela-merkel``), so a table row for someone already in the package
data replaces that person's roles (a later layer's person replaces, see actorkb.py).

``read_officeholders`` returns ``{"people": [...]}`` in the YAML layout, with line numbers, so the
loader validates a table like a YAML file and names the file and line of a bad row.
"""

from __future__ import annotations

import csv
import datetime as _dt
import re
import unicodedata
from pathlib import Path
from typing import Any

from ..errors import DataFileError

__all__ = ["OFFICEHOLDER_COLUMNS", "looks_like_officeholders", "person_slug", "read_officeholders"]

OFFICEHOLDER_COLUMNS = ("name", "aliases", "country", "office", "start", "end")
_REQUIRED = ("name", "country", "office", "start", "end")
_ISO_DATE = re.compile(r"(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:T[\d:.]+Z?)?")
_ID = re.compile(r"[A-Z][A-Z0-9]*")
_SECTOR = re.compile(r"[A-Z0-9]{3}")


def _delimiter(path: Path) -> str:
    return "\t" if path.suffix.lower() == ".tsv" else ","


def _header(row: list[str]) -> list[str]:
    return [cell.strip().lstrip("\ufeff").strip().lower() for cell in row]


def looks_like_officeholders(path: Path) -> bool:
    """True when the file's first line names the office-holder columns (name, country, office, start,
    end); a CAMEO table or anything unreadable is False."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            first = next(csv.reader(handle, delimiter=_delimiter(path)), [])
    except (OSError, UnicodeDecodeError, csv.Error):
        return False
    return set(_REQUIRED) <= set(_header(first))


def person_slug(name: str) -> str:
    """'Édouard Philippe' -> 'edouard-philippe', "Massimo D'Alema" -> 'massimo-dalema'."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"['\u2019`]", "", text)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _date(value: str, column: str, path: Path, line: int) -> str | None:
    value = value.strip()
    if not value:
        return None
    match = _ISO_DATE.fullmatch(value)
    day = match.group(1) if match else ""
    try:
        _dt.date.fromisoformat((day + "-01-01"[len(day) - 4:]) if len(day) < 10 else day)
    except ValueError:
        raise DataFileError(str(path), f"'{column}' must be an ISO date (YYYY-MM-DD, YYYY-MM or YYYY), "
                            f"not '{value}'", line) from None
    return day


def read_officeholders(path: Path) -> dict[str, Any]:
    """The table as a ``people:`` section (records carry ``__line__``); DataFileError(file, line) for a
    bad row: a missing name, country or office, a date that is not ISO, an end before the start."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(str(path), f"cannot read: {exc}") from exc
    rows = csv.reader(text.splitlines(), delimiter=_delimiter(path))
    try:
        header = _header(next(rows))
    except StopIteration:
        raise DataFileError(str(path), "empty office-holder table", 1) from None
    missing = [column for column in _REQUIRED if column not in header]
    if missing:
        raise DataFileError(str(path), f"office-holder table lacks column(s) {', '.join(missing)} "
                            f"(expected {','.join(OFFICEHOLDER_COLUMNS)}[,sector])", 1)
    people: dict[str, dict[str, Any]] = {}
    try:
        for row in rows:
            line = rows.line_num  # the record's (last) line, quoted line breaks included
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header) and any(cell.strip() for cell in row[len(header):]):
                raise DataFileError(str(path), f"{len(row)} cells but {len(header)} columns", line)
            cells = dict(zip(header, (cell.strip() for cell in row), strict=False))
            _add_row(people, cells, path, line)
    except csv.Error as exc:
        raise DataFileError(str(path), f"not a valid CSV row: {exc}") from exc
    return {"people": list(people.values()), "__line__": 1, "__keys__": {"people": 1}}


def _add_row(people: dict[str, dict[str, Any]], cells: dict[str, str], path: Path, line: int) -> None:
    for column in ("name", "country", "office"):
        if not cells.get(column):
            raise DataFileError(str(path), f"'{column}' is empty", line)
    name = " ".join(cells["name"].split())
    slug = person_slug(name)
    if not slug:
        raise DataFileError(str(path), f"name '{name}' has no letters or digits", line)
    country = cells["country"].upper()
    if not _ID.fullmatch(country):
        raise DataFileError(str(path), f"country '{cells['country']}' must be a KB id (an ISO3 code such "
                            "as RUS, or IGOUNO, PSEHMS)", line)
    start = _date(cells.get("start", ""), "start", path, line)
    end = _date(cells.get("end", ""), "end", path, line)
    if start and end and end <= start:
        raise DataFileError(str(path), f"the term ends ({end}) before it starts ({start})", line)
    sectors = re.split(r"[|\s,;]+", cells.get("sector", "").upper().strip()) if cells.get("sector") else ["GOV"]
    bad = [s for s in sectors if not _SECTOR.fullmatch(s)]
    if bad:
        raise DataFileError(str(path), f"sector '{bad[0]}' must be a 3-character code (GOV, MIL ...)", line)
    key = "org" if country[:3] in ("IGO", "NGO") else "country"
    role: dict[str, Any] = {key: country, "sector": sectors, "title": " ".join(cells["office"].split()),
                            "__line__": line, "__keys__": {}}
    if start:
        role["from"] = start
    if end:
        role["to"] = end
    person = people.get(slug)
    if person is None:
        person = people[slug] = {"id": slug, "name": name, "aliases": [], "roles": [],
                                 "__line__": line, "__keys__": {}}
    elif person["name"] != name:
        raise DataFileError(str(path), f"'{name}' and '{person['name']}' (line {person['__line__']}) "
                            f"would share the id '{slug}'", line)
    for alias in (a.strip() for a in cells.get("aliases", "").split("|")):
        alias = " ".join(alias.split())
        if alias and alias != name and alias not in person["aliases"]:
            person["aliases"].append(alias)
    person["roles"].append(role)
