"""Web UI page timings on a large database (default one million events).

    .venv/bin/python benchmarks/web_pages.py [--events 1000000] [--db /tmp/web-bench.duckdb] [--repeat 3]

Generates the database in DuckDB itself (a few seconds per million events: synthetic actors,
codes from the package's CAMEO table, ten years of days, one reading and one source per event,
five events per document), unless --db names one that exists; then requests each page in
process (no network) and prints the median and worst time of --repeat requests, the first
request of each page apart (cold: the database is opened per request, so nothing but the OS
page cache is warm between requests).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

COUNTRIES = [
    ("RUS", "Russia", 55.75, 37.62), ("UKR", "Ukraine", 50.45, 30.52), ("GEO", "Georgia", 41.72, 44.79),
    ("USA", "United States", 38.90, -77.04), ("CHN", "China", 39.90, 116.40), ("FRA", "France", 48.86, 2.35),
    ("DEU", "Germany", 52.52, 13.40), ("GBR", "United Kingdom", 51.51, -0.13), ("TUR", "Turkey", 39.93, 32.86),
    ("ISR", "Israel", 31.77, 35.21), ("IRN", "Iran", 35.69, 51.39), ("IRQ", "Iraq", 33.31, 44.36),
    ("SYR", "Syria", 33.51, 36.29), ("EGY", "Egypt", 30.04, 31.24), ("SAU", "Saudi Arabia", 24.71, 46.68),
    ("IND", "India", 28.61, 77.21), ("PAK", "Pakistan", 33.69, 73.05), ("AFG", "Afghanistan", 34.56, 69.21),
    ("JPN", "Japan", 35.68, 139.69), ("KOR", "South Korea", 37.57, 126.98), ("PRK", "North Korea", 39.04, 125.76),
    ("BRA", "Brazil", -15.79, -47.88), ("MEX", "Mexico", 19.43, -99.13), ("VEN", "Venezuela", 10.48, -66.90),
    ("NGA", "Nigeria", 9.08, 7.40), ("ETH", "Ethiopia", 9.03, 38.74), ("SDN", "Sudan", 15.50, 32.56),
    ("ZAF", "South Africa", -25.75, 28.19), ("KEN", "Kenya", -1.29, 36.82), ("POL", "Poland", 52.23, 21.01),
]
OUTLETS = ["Xinhua", "Reuters", "AP", "AFP", "BBC", "Al Jazeera", "TASS", "DW", "NHK", "Anadolu"]
VERBS = ["met", "accused", "attacked", "praised", "threatened", "agreed with", "criticised", "visited"]


def build_database(path: Path, events: int) -> None:
    import pyarrow as pa

    from thucydides.knowledge.ontology import default_ontology
    from thucydides.store import Store, schema

    ontology = default_ontology()
    codes = [code for code in ontology.codes() if len(code) >= 3]
    rows = [ontology.cameo(code) for code in codes]
    plover = [ontology.plover(code) for code in codes]
    code_table = pa.table({
        "k": list(range(len(codes))),
        "code": codes, "root": [r.root for r in rows], "name": [r.name for r in rows],
        "goldstein": [float(r.goldstein) for r in rows], "quad": [r.quad_class for r in rows],
        "plover": [p.type if p else None for p in plover],
    })
    country_table = pa.table({
        "k": list(range(len(COUNTRIES))), "iso": [c[0] for c in COUNTRIES], "cname": [c[1] for c in COUNTRIES],
        "lat": [c[2] for c in COUNTRIES], "lon": [c[3] for c in COUNTRIES],
    })
    documents = max(1, events // 5)
    with Store.open(path) as store:
        conn = store.conn
        conn.register("codes", code_table)
        conn.register("countries", country_table)
        nc, nk = len(COUNTRIES), len(codes)
        verbs = "[" + ", ".join(f"'{v}'" for v in VERBS) + "]"
        outlets = "[" + ", ".join(f"'{o}'" for o in OUTLETS) + "]"
        conn.execute("BEGIN TRANSACTION")
        # Skewed choices (a few busy dyads and common codes), as in real event data.
        conn.execute(f"""
            CREATE TEMP TABLE gen AS
            SELECT i,
                   CAST(floor({nc} * pow((hash(i) % 100000) / 100000.0, 2)) AS INTEGER) AS s,
                   CAST(floor({nk} * pow((hash(i * 7 + 1) % 100000) / 100000.0, 1.6)) AS INTEGER) AS kc,
                   (hash(i * 13 + 5) % ({nc} - 1)) AS t_shift,
                   DATE '2015-01-01' + CAST(hash(i * 3 + 2) % 3650 AS INTEGER) AS day,
                   hash(i * 17 + 11) % 100 AS r
            FROM range({events}) t(i)
        """)
        sources = ""
        if "sources" in schema.column_names(schema.EVENT_COLUMNS):
            # One report per event, in the schema's field order, so no aggregation is needed after.
            entry = {
                "doc_id": f"'bench/doc-' || CAST(i % {documents} AS VARCHAR)",
                "outlet": f"{outlets}[1 + CAST(hash('bench/doc-' || CAST(i % {documents} AS VARCHAR)) % "
                f"{len(OUTLETS)} AS INTEGER)]",
                "published": "CAST(day AS VARCHAR) || 'T12:00'",
                "story_index": "0",
                "sentence_index": f"CAST(i // {documents} AS INTEGER) + 1",
                "reading_id": "'rd-' || CAST(i AS VARCHAR)",
                "mentions": "1 + CAST(r % 3 AS INTEGER)",
                "source": "sc.iso",
                "target": "tc.iso",
            }
            fields = ", ".join(f'"{name}" := {entry.get(name, "NULL")}' for name, _ in schema.SOURCE_ENTRY_FIELDS)
            sources = f"CAST([struct_pack({fields})] AS {schema.SOURCES_TYPE}) AS sources,"
        conn.execute(f"""
            INSERT INTO events BY NAME
            SELECT {sources} 'ev-' || lpad(CAST(i AS VARCHAR), 10, '0') AS event_id, 'rd-' || CAST(i AS VARCHAR) AS reading_id,
                   sc.iso || '|' || tc.iso || '|' || c.code || '|' || CAST(day AS VARCHAR) || '|' || CAST(i AS VARCHAR)
                       AS merge_key,
                   'bench/doc-' || CAST(i % {documents} AS VARCHAR) AS doc_id,
                   CAST(i // {documents} AS INTEGER) AS reading_index, 0 AS story_index,
                   CAST(i // {documents} AS INTEGER) + 1 AS sentence_index,
                   sc.cname || ' ' || {verbs}[1 + CAST(r % {len(VERBS)} AS INTEGER)] || ' ' || tc.cname
                       || ' in talks on ' || strftime(day, '%d %B') || ', officials said.' AS evidence_text,
                   {verbs}[1 + CAST(r % {len(VERBS)} AS INTEGER)] AS trigger,
                   CAST(day AS VARCHAR) || 'T12:00' AS published, CAST(day AS VARCHAR) AS event_date, day AS event_day,
                   'day' AS date_precision, CASE WHEN r < 70 THEN 'text' ELSE 'publication' END AS date_basis,
                   sc.iso AS source_id, sc.cname AS source_name, sc.cname AS source_text, 'state' AS source_kind,
                   sc.iso AS source_country, sc.iso AS source_code, [] AS source_sector, [] AS source_contested_with,
                   tc.iso AS target_id, tc.cname AS target_name, tc.cname AS target_text, 'state' AS target_kind,
                   tc.iso AS target_country, tc.iso AS target_code, [] AS target_sector, [] AS target_contested_with,
                   c.code AS cameo_code, c.root AS cameo_root, c.name AS cameo_name, c.goldstein, c.quad AS quad_class,
                   c.plover AS plover_type,
                   CASE WHEN r < 90 THEN 'asserted' WHEN r < 94 THEN 'negated' WHEN r < 97 THEN 'future'
                        ELSE 'reported_claim' END AS factuality,
                   CASE WHEN r < 60 THEN tc.cname END AS location_name,
                   CASE WHEN r < 60 THEN tc.iso END AS location_country,
                   CASE WHEN r < 60 THEN tc.lat + (r % 7) * 0.3 END AS location_lat,
                   CASE WHEN r < 60 THEN tc.lon + (r % 5) * 0.3 END AS location_lon,
                   CASE WHEN r < 60 THEN 'city' END AS location_precision,
                   1 + CAST(r % 3 AS INTEGER) AS mentions, 'bench' AS pattern_id, 'bench-1' AS coder_version,
                   1 + CAST(r % 3 AS INTEGER) AS num_mentions, 1 AS num_articles, 1 AS num_sources,
                   CAST(day AS VARCHAR) || 'T12:00' AS first_reported, CAST(day AS VARCHAR) || 'T12:00' AS last_reported
            FROM gen
            JOIN countries sc ON sc.k = gen.s
            JOIN countries tc ON tc.k = (gen.s + 1 + gen.t_shift) % {nc}
            JOIN codes c ON c.k = gen.kc
        """)
        conn.execute(
            "INSERT INTO readings BY NAME SELECT * EXCLUDE (event_day, num_mentions, num_articles, num_sources, "
            f"first_reported, last_reported{', sources' if sources else ''}), event_day FROM events"
        )
        conn.execute(f"""
            INSERT INTO event_sources BY NAME
            SELECT event_id, doc_id, doc_id AS reading_doc_id, reading_index, reading_id,
                   {outlets}[1 + CAST(hash(doc_id) % {len(OUTLETS)} AS INTEGER)] AS outlet, published, story_index,
                   sentence_index, mentions, source_id, target_id
            FROM events
        """)
        conn.execute("""
            INSERT INTO documents BY NAME
            SELECT doc_id, doc_id || '.txt' AS path, 'text' AS format, 'ok' AS status, 'en' AS language,
                   any_value(source_name) || ' and ' || any_value(target_name) || ' hold talks' AS headline,
                   any_value(s.outlet) AS source, any_value(s.outlet) AS outlet, min(e.published) AS published,
                   'page-text' AS published_basis, 'bench-1' AS coder_version,
                   string_agg(evidence_text, ' ' ORDER BY e.reading_index) AS text, count(*) AS n_readings
            FROM events e JOIN event_sources s USING (event_id, doc_id)
            GROUP BY doc_id
        """)
        conn.execute("""
            INSERT INTO actors BY NAME
            SELECT iso AS actor_id, cname AS name, 'state' AS kind, iso AS country, iso AS code FROM countries
        """)
        conn.execute("COMMIT")
        conn.execute("CHECKPOINT")


PAGES = [
    "/", "/?norm=docs&freq=week", "/events", "/events?page=5000", "/events?actor=RUS", "/events?dyad=RUS>UKR",
    "/events?q=praised&country=IRN", "/events?quad_class=4&since=2020&until=2020-06", "/events?sort=-articles",
    "/events/ev-0000000042", "/documents", "/documents/bench/doc-42", "/dyads", "/dyads/RUS/UKR", "/network",
    "/map", "/map?since=2023", "/api/events?limit=100", "/api/events?dyad=USA>CHN&limit=100", "/api/stats?freq=month",
    "/api/dyads?limit=50", "/events.csv?per_page=200", "/events.json?per_page=200",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/thucydides-web-bench.duckdb"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    if not args.db.exists():
        started = time.perf_counter()
        build_database(args.db, args.events)
        print(f"built {args.db} ({args.events:,} events) in {time.perf_counter() - started:.1f}s, "
              f"{args.db.stat().st_size / 2**20:.0f} MiB")
    with warnings.catch_warnings():  # starlette's notice about its test client's HTTP library
        warnings.filterwarnings("ignore", message=".*httpx.*", category=UserWarning)
        from fastapi.testclient import TestClient

    from thucydides.store import open as open_store
    from thucydides.web import create_app

    with open_store(args.db) as store:
        counts = store.counts()
    print(f"database: {counts['events']:,} events, {counts['documents']:,} documents")
    client = TestClient(create_app(args.db, cache_pages=0), base_url="http://127.0.0.1")
    print(f"{'page':58} {'status':>6} {'first':>8} {'median':>8} {'worst':>8} {'KiB':>7}")
    for page in PAGES:
        times, status, size = [], 0, 0
        for _ in range(1 + args.repeat):
            started = time.perf_counter()
            response = client.get(page)
            times.append(time.perf_counter() - started)
            status, size = response.status_code, len(response.content)
        rest = times[1:]
        print(f"{page:58} {status:>6} {times[0] * 1000:>6.0f}ms {statistics.median(rest) * 1000:>6.0f}ms "
              f"{max(rest) * 1000:>6.0f}ms {size / 1024:>7.0f}")


if __name__ == "__main__":
    main()
