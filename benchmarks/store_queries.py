"""The store at scale: merge, queries, stats, an incremental batch and an export over >= 1M events.

    .venv/bin/python benchmarks/store_queries.py [--events 1000000] [--db /tmp/bench.duckdb] [--rounds 3]

Readings are generated inside DuckDB (one INSERT ... SELECT FROM range(), not one insert per
row): each of N distinct events gets one reading, and a third more readings repeat random
events from other documents and outlets, so merging has real work to do. Prints one figure per
line; query times are the median of --rounds runs on a warm connection.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from thucydides.records import Actor, CameoCode, CleanDoc, DocResult, Reading, Story
from thucydides.store import Store, merge, schema

COUNTRIES = [
    "RUS",
    "USA",
    "CHN",
    "GEO",
    "UKR",
    "ISR",
    "TUR",
    "IRN",
    "SYR",
    "IRQ",
    "FRA",
    "DEU",
    "GBR",
    "IND",
    "PAK",
    "AFG",
    "EGY",
    "SAU",
    "JPN",
    "KOR",
    "PRK",
    "BRA",
    "MEX",
    "NGA",
    "ZAF",
    "ETH",
    "SDN",
    "LBY",
    "YEM",
    "LBN",
    "PSE",
    "JOR",
    "ARM",
    "AZE",
    "BLR",
    "POL",
    "ITA",
    "ESP",
    "CAN",
    "AUS",
    "IDN",
    "PHL",
    "VNM",
    "THA",
    "MMR",
    "COL",
    "VEN",
    "CUB",
    "KEN",
    "SOM",
]
CODES = [
    ("010", 0.0, 1),
    ("020", 3.0, 1),
    ("036", 4.0, 1),
    ("040", 1.0, 1),
    ("042", 1.9, 1),
    ("046", 7.0, 1),
    ("051", 3.4, 1),
    ("054", 7.0, 1),
    ("055", 3.5, 1),
    ("057", 8.0, 1),
    ("061", 6.4, 2),
    ("071", 7.4, 2),
    ("073", 7.4, 2),
    ("081", 5.0, 2),
    ("0871", 9.0, 2),
    ("111", -2.0, 3),
    ("112", -2.0, 3),
    ("120", -4.0, 3),
    ("130", -4.4, 3),
    ("138", -7.0, 3),
    ("141", -6.5, 3),
    ("163", -8.0, 4),
    ("173", -5.0, 4),
    ("180", -9.0, 4),
    ("190", -10.0, 4),
    ("193", -10.0, 4),
    ("195", -10.0, 4),
]
DAYS = 9000  # about 25 years from 2000-01-01


def sql_list(values: list) -> str:
    return "[" + ", ".join(f"'{v}'" if isinstance(v, str) else str(v) for v in values) + "]"


def generate(store: Store, n_events: int) -> int:
    """Insert documents and readings for n_events distinct events; returns the number of readings."""
    conn = store.conn
    n_readings = n_events + n_events // 3
    countries, codes = sql_list(COUNTRIES), sql_list([c for c, _, _ in CODES])
    goldstein, quads = sql_list([g for _, g, _ in CODES]), sql_list([q for _, _, q in CODES])
    k, m = len(COUNTRIES), len(CODES)
    # Event j's key (source, target, code, day) is a mixed-radix reading of j * P mod K, where K is
    # the number of possible keys and P is prime to K: distinct events get distinct keys, spread
    # evenly over dyads, codes and days.
    keys = DAYS * k * k * m
    conn.execute(
        f"""
        CREATE TEMP TABLE gen AS
        WITH r AS (
            SELECT i,
                   CAST(CASE WHEN i < {n_events} THEN i ELSE hash(i) % {n_events} END AS BIGINT) AS j,
                   i // 4 AS doc
            FROM range({n_readings}) t(i)
        ), p AS (SELECT *, CAST((j * 2654435761) % {keys} AS BIGINT) AS jp FROM r)
        SELECT i, doc, jp % {k} AS s, (jp // {k}) % {k} AS t, (jp // {k * k}) % {m} AS c,
               jp // {k * k * m} AS day_n
        FROM p
        """
    )
    conn.execute(
        """
        INSERT INTO documents (doc_id, path, url, format, status, source, outlet, published, content_hash,
                               coder_version, n_readings, text, captions)
        SELECT 'bench-' || doc, 'bench/' || doc || '.txt', 'https://outlet' || (doc % 300) || '.example/' || doc,
               'text', 'ok', 'Outlet ' || (doc % 300), 'Outlet ' || (doc % 300),
               strftime(DATE '2000-01-01' + CAST(min(day_n) AS INTEGER), '%Y-%m-%d') || 'T12:00',
               md5(doc::VARCHAR), 'bench', count(*), 'Generated text of document ' || doc, []
        FROM gen GROUP BY doc
        """
    )
    key_sql = merge.merge_key_sql(store.merge_key)
    conn.execute(
        f"""
        INSERT INTO readings (reading_id, doc_id, reading_index, story_index, sentence_index, evidence_text,
            evidence_start, evidence_end, doc_start, doc_end, trigger, published, event_date, event_day,
            date_precision, date_basis, source_id, source_name, source_text, source_kind, source_country,
            source_sector, source_code, source_contested_with, target_id, target_name, target_text, target_kind,
            target_country, target_sector, target_code, target_contested_with, cameo_code, cameo_root,
            cameo_name, goldstein, quad_class, factuality, mentions, coder_version, record_json,
            merge_key, event_id)
        WITH g AS (
            SELECT *, DATE '2000-01-01' + CAST(day_n AS INTEGER) AS day,
                   {countries}[s + 1] AS src, {countries}[t + 1] AS tgt, {codes}[c + 1] AS code,
                   {goldstein}[c + 1] AS gs, {quads}[c + 1] AS qc
            FROM gen
        ), x AS (
            SELECT 'rd-' || i AS reading_id, 'bench-' || doc AS doc_id, CAST(i % 4 AS INTEGER) AS reading_index,
                   0 AS story_index, CAST(i % 4 AS INTEGER) AS sentence_index,
                   src || ' did ' || code || ' to ' || tgt || ' (sentence ' || i || ').' AS evidence_text,
                   0 AS evidence_start, 40 AS evidence_end, 0 AS doc_start, 40 AS doc_end, 'did' AS trigger,
                   strftime(day, '%Y-%m-%d') || 'T12:00' AS published, strftime(day, '%Y-%m-%d') AS event_date,
                   day AS event_day, 'day' AS date_precision, 'text' AS date_basis,
                   src AS source_id, src AS source_name, src AS source_text, 'state' AS source_kind,
                   src AS source_country, CAST([] AS VARCHAR[]) AS source_sector, src AS source_code,
                   CAST([] AS VARCHAR[]) AS source_contested_with,
                   tgt AS target_id, tgt AS target_name, tgt AS target_text, 'state' AS target_kind,
                   tgt AS target_country, CAST([] AS VARCHAR[]) AS target_sector, tgt AS target_code,
                   CAST([] AS VARCHAR[]) AS target_contested_with,
                   code AS cameo_code, left(code, 2) AS cameo_root, 'code ' || code AS cameo_name,
                   gs AS goldstein, qc AS quad_class,
                   CASE WHEN i % 11 = 0 THEN 'negated' ELSE 'asserted' END AS factuality,
                   CAST(1 + i % 2 AS INTEGER) AS mentions, 'bench' AS coder_version, '{{}}' AS record_json
            FROM g
        )
        SELECT *, {key_sql}, {merge.event_id_sql(key_sql)} FROM x
        """
    )
    conn.execute("DROP TABLE gen")
    return n_readings


def timed(function, rounds: int = 1) -> tuple[float, object]:
    times, result = [], None
    for _ in range(rounds):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def small_batch(n_docs: int) -> list[DocResult]:
    """n_docs new documents, each reporting one event that already exists and one new one."""
    russia = Actor("RUS", "Russia", "state", "RUS", (), "RUS")
    georgia = Actor("GEO", "Georgia", "state", "GEO", (), "GEO")
    results = []
    for k in range(n_docs):
        text = "Russia criticised Georgia. Russia attacked Georgia."
        doc = CleanDoc(
            f"new-{k}",
            f"new/{k}.txt",
            text,
            [Story(0, None, 0, len(text), 0)],
            [],
            source=f"Outlet {k % 300}",
            published="2008-08-08T10:00",
            content_hash=f"h{k}",
        )
        readings = [
            Reading(
                f"rd-new-{k}-{i}",
                doc.doc_id,
                0,
                i,
                sentence,
                0,
                len(sentence),
                None,
                russia,
                "Russia",
                georgia,
                "Georgia",
                CameoCode(code, code[:2], name, g, q),
                None,
                "asserted",
                f"2008-08-{8 + (k % 20 if i else 0):02d}",
                "day",
                "text",
                published=doc.published,
                coder_version="bench",
            )
            for i, (sentence, code, name, g, q) in enumerate(
                [
                    ("Russia criticised Georgia.", "111", "Criticize", -2.0, 3),
                    ("Russia attacked Georgia.", "190", "Use force", -10.0, 4),
                ]
            )
        ]
        results.append(DocResult(doc=doc, sentences=[(0, 26), (27, len(text))], readings=readings))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument(
        "--db", type=Path, default=None, help="where to build the store (default: a temp dir)"
    )
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    path = args.db or Path(folder.name) / "bench.duckdb"
    if path.exists():
        path.unlink()

    store = Store.open(path)
    seconds, n_readings = timed(lambda: generate(store, args.events))
    print(f"generate {n_readings:,} readings in DuckDB: {seconds:.1f} s")
    seconds, _ = timed(store.rebuild_events)
    counts = store.counts()
    print(
        f"full merge of {counts['readings']:,} readings into {counts['events']:,} events "
        f"({counts['event_sources']:,} sources, {counts['documents']:,} documents): {seconds:.1f} s"
    )
    store.conn.execute("CHECKPOINT")
    print(f"database size: {os.path.getsize(path) / 2**20:.0f} MiB (schema version {schema.SCHEMA_VERSION})")

    queries = {
        "events dyad RUS>GEO, 2008, limit 1000": lambda: store.events(
            dyad="RUS>GEO", since="2008", until="2008", limit=1000
        ),
        "events country ISR, root 19, quad 4, asserted": lambda: store.events(
            country="ISR", root="19", quad_class=4, factuality="asserted"
        ),
        "same, 6 columns (what a results page shows)": lambda: store.events(
            country="ISR",
            root="19",
            quad_class=4,
            factuality="asserted",
            columns=["event_id", "event_date", "source_name", "target_name", "cameo_code", "num_sources"],
        ),
        "events code 05 since 2020-01, first 100": lambda: store.events(
            code="05", since="2020-01", limit=100
        ),
        "events actor RUS (any side, any reading), limit 100": lambda: store.events(actor="RUS", limit=100),
        "stats daily by quad_class (all events)": lambda: store.stats(freq="day", by="quad_class"),
        "stats weekly by dyad with Goldstein sums": lambda: store.stats(freq="week", by="dyad"),
        "stats monthly by dyad, country UKR": lambda: store.stats(freq="month", by="dyad", country="UKR"),
        "sql: top 10 dyads by Goldstein sum": lambda: store.sql(
            "SELECT source_country, target_country, sum(goldstein) g, sum(num_mentions) m FROM events "
            "GROUP BY ALL ORDER BY g LIMIT 10"
        ),
    }
    for name, query in queries.items():
        query()  # warm
        seconds, table = timed(query, args.rounds)
        print(f"{name}: {seconds * 1000:.0f} ms ({table.num_rows:,} rows)")

    run = store.start_run({"benchmark": True}, "bench")
    for n_docs in (1, 1, 1, 100, 1000):
        batch = small_batch(n_docs)
        seconds, _ = timed(lambda b=batch: store.write_batch(b, [], run))
        print(
            f"incremental write_batch of {n_docs} documents ({2 * n_docs} readings) into the store: "
            f"{seconds * 1000:.0f} ms"
        )
    seconds, _ = timed(lambda: store.is_done("new-5", "h5", "bench"), args.rounds)
    print(f"is_done lookup: {seconds * 1000:.1f} ms")

    out = Path(folder.name) / "events.parquet"
    seconds, rows = timed(lambda: store.export(format="parquet", out=out))
    print(
        f"export {rows:,} events to Parquet (nested, with sources): {seconds:.1f} s, "
        f"{out.stat().st_size / 2**20:.0f} MiB"
    )
    out = Path(folder.name) / "events.gdelt.csv"
    seconds, rows = timed(lambda: store.export(format="csv", layout="gdelt", out=out))
    print(f"export {rows:,} events to GDELT-layout CSV: {seconds:.1f} s")
    store.close()
    folder.cleanup()


if __name__ == "__main__":
    main()
