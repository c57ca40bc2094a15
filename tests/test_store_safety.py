"""The store under pressure: a killed writer, a reader during a run, hostile SQL, old and new schemas."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from thucydides.errors import Codes, QueryError, StoreError
from thucydides.store import Store, schema
from thucydides.store import open as open_store

from .store_fakes import apology, ossetia

ROOT = Path(__file__).resolve().parents[1]

# A run in a child process: documents k = 0..n-1 in batches, skipping those already done,
# printing after each commit. Document k carries 1 + k % 3 readings.
WRITER = textwrap.dedent(
    """
    import sys
    from tests.store_fakes import Coded, news_result
    from thucydides.store import Store

    path, n, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    claims = [Coded("Russia accused Georgia of shelling.", "RUS", "GEO", "111", "2008-08-07"),
              Coded("Georgia attacked South Ossetia.", "GEO", "SOS", "190", "2008-08-08"),
              Coded("Israel apologised to Turkey.", "ISR", "TUR", "055", "2010-05-31")]

    def document(k):
        return news_result(f"doc-{k:05d}", claims[: 1 + k % 3], outlet=f"outlet-{k % 7}",
                           published=f"2010-06-{1 + k % 28:02d}T08:00")

    with Store.open(path) as store:
        run = store.start_run({"batch": batch}, "kill-test")
        skipped = 0
        for start in range(0, n, batch):
            docs = [document(k) for k in range(start, min(n, start + batch))]
            done = store.done_ids([(d.doc.doc_id, d.doc.content_hash) for d in docs], "kill-test")
            skipped += len(done)
            todo = [d for d in docs if d.doc.doc_id not in done]
            if todo:
                store.write_batch(todo, [], run)
            print("committed", start + len(docs), flush=True)
        store.finish_run(run, {"skipped": skipped})
        print("skipped", skipped, flush=True)
    """
)


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "src"), env.get("PYTHONPATH", "")])
    return env


def expected_readings(k: int) -> int:
    return 1 + k % 3


@pytest.mark.slow
def test_kill_mid_run_and_resume_leaves_every_document_exactly_once(tmp_path):
    path = tmp_path / "killed.duckdb"
    n, batch = 96, 6
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    command = [sys.executable, str(script), str(path), str(n), str(batch)]
    child = subprocess.Popen(command, cwd=ROOT, env=child_env(), stdout=subprocess.PIPE, text=True)
    committed_seen = 0
    for line in child.stdout:
        committed_seen = int(line.split()[1])
        if committed_seen >= n // 3:
            break
    time.sleep(random.uniform(0, 0.3))  # most often lands inside the next batch's transaction
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    child.stdout.close()
    assert child.returncode == -signal.SIGKILL

    with Store.open(path) as store:
        per_doc = dict(
            store.conn.execute(
                "SELECT d.doc_id, count(r.reading_id) FROM documents d LEFT JOIN readings r USING (doc_id) GROUP BY 1"
            ).fetchall()
        )
        # Whole batches only: each committed document has all its readings, no partial batch.
        assert len(per_doc) >= committed_seen and len(per_doc) % batch == 0
        assert all(count == expected_readings(int(doc[4:])) for doc, count in per_doc.items())
        after_kill = len(per_doc)
        events_before = store.conn.execute("SELECT * FROM events ORDER BY event_id").fetchall()
        store.rebuild_events()
        assert store.conn.execute("SELECT * FROM events ORDER BY event_id").fetchall() == events_before

    resumed = subprocess.run(command, cwd=ROOT, env=child_env(), capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    skipped = int(resumed.stdout.split()[-1])
    assert skipped == after_kill

    with open_store(path) as store:
        rows = store.conn.execute(
            "SELECT doc_id, count(*) AS n, count(DISTINCT reading_index) AS distinct_n FROM readings GROUP BY 1"
        ).fetchall()
        documents = store.conn.execute("SELECT count(*), count(DISTINCT doc_id) FROM documents").fetchone()
        lost = n - documents[1]
        duplicated = documents[0] - documents[1] + sum(r[1] - r[2] for r in rows)
        wrong = [r for r in rows if r[1] != expected_readings(int(r[0][4:]))]
        (articles,) = store.conn.execute("SELECT sum(num_articles) FROM events").fetchone()
        assert articles == sum(expected_readings(k) for k in range(n))
    print(
        f"\nkill-and-resume: {n} documents in batches of {batch}; killed after {committed_seen} reported "
        f"committed ({after_kill} in the store); resumed skipping {skipped}; "
        f"final {documents[1]} documents, lost {lost}, duplicated {duplicated}, wrong readings {len(wrong)}"
    )
    assert (lost, duplicated, wrong) == (0, 0, [])


HOLDER = textwrap.dedent(
    """
    import sys
    from tests.store_fakes import apology
    from thucydides.store import Store

    with Store.open(sys.argv[1]) as store:
        store.write_batch([apology("a1", "Xinhua")], [], store.start_run({}, "v"))
        print("ready", flush=True)
        sys.stdin.readline()
    """
)


@pytest.mark.slow
def test_reader_while_a_run_writes_gets_a_clear_error_then_reads_after(tmp_path):
    path = tmp_path / "busy.duckdb"
    script = tmp_path / "holder.py"
    script.write_text(HOLDER)
    child = subprocess.Popen(
        [sys.executable, str(script), str(path)],
        cwd=ROOT,
        env=child_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError) as error:
            open_store(path)
        assert error.value.code == Codes.E301
        assert "is being written by a running `thucydides run`; try again when it finishes" in str(
            error.value
        )
        with pytest.raises(StoreError) as error:
            Store.open(path)  # a second writer too
        assert error.value.code == Codes.E301
    finally:
        child.communicate("\n", timeout=30)
    with open_store(path) as store:
        assert store.events().num_rows == 1


def test_same_process_reader_while_writer_open_is_e301(tmp_path):
    path = tmp_path / "here.duckdb"
    with Store.open(path):
        with pytest.raises(StoreError) as error:
            open_store(path)
        assert error.value.code == Codes.E301


@pytest.fixture
def filled(tmp_path) -> Path:
    path = tmp_path / "news.duckdb"
    with Store.open(path) as store:
        store.write_batch([ossetia("o1"), apology("a1", "Xinhua")], [], store.start_run({}, "v"))
    (tmp_path / "secret.csv").write_text("password\nhunter2\n")
    return path


REFUSED_WRITES = [
    "DELETE FROM events",
    "DROP TABLE events",
    "INSERT INTO runs (run_id) VALUES ('x')",
    "UPDATE documents SET status = 'rejected'",
    "CREATE TABLE x AS SELECT 1",
    "SELECT 1; DELETE FROM readings",
    "ATTACH 'other.duckdb' AS other",
    "COPY events TO 'out.csv'",
    "EXPORT DATABASE 'dump'",
    "INSTALL httpfs",
    "LOAD httpfs",
    "SET enable_external_access = true",
    "PRAGMA enable_profiling",
    "CHECKPOINT",
    "BEGIN TRANSACTION",
]
REFUSED_FILES = [
    "SELECT * FROM read_csv('{dir}/secret.csv')",
    "SELECT * FROM read_text('{dir}/secret.csv')",
    "SELECT * FROM read_blob('/etc/passwd')",
    "SELECT * FROM glob('{dir}/*')",
    "SELECT * FROM read_parquet('{dir}/x.parquet')",
    "SELECT * FROM read_json_auto('{dir}/secret.csv')",
]


@pytest.mark.parametrize("read_only", [True, False])
def test_sql_is_read_only_and_cannot_touch_files(filled, read_only):
    store = Store.open(filled, read_only=read_only)
    try:
        before = store.sql("SELECT count(*) AS n FROM events").column("n")[0].as_py()
        assert before == 5
        assert store.sql("SELECT cameo_root, count(*) AS n FROM events GROUP BY 1 ORDER BY 1").num_rows == 4
        for statement in REFUSED_WRITES:
            with pytest.raises(QueryError) as error:
                store.sql(statement)
            assert error.value.code == Codes.E401, statement
        for statement in REFUSED_FILES:
            with pytest.raises(QueryError) as error:
                store.sql(statement.format(dir=filled.parent))
            assert error.value.code == Codes.E401, statement
        # A path used as a table name is not a file read either.
        with pytest.raises(QueryError) as error:
            store.sql(f"SELECT * FROM '{filled.parent}/secret.csv'")
        assert "hunter2" not in str(error.value)
        with pytest.raises(QueryError) as error:
            store.sql("SELEC nonsense")
        assert error.value.code == Codes.E403
        with pytest.raises(QueryError):
            store.sql("   ")
        assert store.sql("SELECT count(*) AS n FROM events").column("n")[0].as_py() == before
        assert store.counts()["documents"] == 2
    finally:
        store.close()
    assert not (filled.parent / "out.csv").exists() and not (filled.parent / "dump").exists()


def _version_one_database(path: Path) -> None:
    conn = duckdb.connect(str(path))
    schema.migrate(conn, str(path), upto=1)
    conn.execute(
        "INSERT INTO events (event_id, doc_id, cameo_code, num_mentions, num_articles, num_sources) "
        "VALUES ('ev-old', 'd1', '055', 3, 2, 2)"
    )
    conn.execute(
        "INSERT INTO event_sources (event_id, doc_id, published) VALUES "
        "('ev-old', 'd1', '2010-05-31T10:00'), ('ev-old', 'd2', '2010-06-02T09:00')"
    )
    conn.close()


def test_an_older_database_is_migrated_in_place(tmp_path):
    path = tmp_path / "old.duckdb"
    _version_one_database(path)
    with Store.open(path) as store:
        assert store.schema_version == schema.SCHEMA_VERSION == 6
        (event,) = store.events().to_pylist()
        assert (event["event_id"], event["num_mentions"]) == ("ev-old", 3)
        assert (event["first_reported"], event["last_reported"]) == ("2010-05-31T10:00", "2010-06-02T09:00")
        assert [source["doc_id"] for source in event["sources"]] == ["d1", "d2"]
        names = store.sql("SELECT name FROM schema_migrations ORDER BY version").column("name").to_pylist()
        assert names == [name for name, _ in schema.MIGRATIONS]
        # ...and it keeps working as a store.
        store.write_batch([apology("a1", "Xinhua")], [], store.start_run({}, "v"))


def test_a_reader_upgrades_an_older_database_first(tmp_path):
    path = tmp_path / "old.duckdb"
    _version_one_database(path)
    with open_store(path) as store:
        assert store.read_only and store.schema_version == schema.SCHEMA_VERSION
        assert store.events().column("first_reported").to_pylist() == ["2010-05-31T10:00"]


def test_a_newer_database_is_refused(tmp_path):
    path = tmp_path / "future.duckdb"
    Store.open(path).close()
    conn = duckdb.connect(str(path))
    conn.execute("INSERT INTO schema_migrations VALUES ('0099_from_the_future', 99, now())")
    conn.close()
    for opener in (Store.open, open_store):
        with pytest.raises(StoreError) as error:
            opener(path)
        assert error.value.code == Codes.E302
        assert "0099_from_the_future" in str(error.value)


def test_a_failed_migration_leaves_the_last_complete_version(tmp_path, monkeypatch):
    path = tmp_path / "half.duckdb"
    _version_one_database(path)

    def broken(conn):
        conn.execute("ALTER TABLE events ADD COLUMN first_reported VARCHAR")
        raise RuntimeError("power cut")

    monkeypatch.setattr(schema, "MIGRATIONS", [schema.MIGRATIONS[0], ("0002_event_report_span", broken)])
    with pytest.raises(RuntimeError):
        Store.open(path)
    monkeypatch.undo()
    conn = duckdb.connect(str(path))
    columns = [row[0] for row in conn.execute("DESCRIBE events").fetchall()]
    assert "first_reported" not in columns
    assert schema.applied_migrations(conn) == ["0001_initial"]
    conn.close()
    with Store.open(path) as store:
        assert store.schema_version == schema.SCHEMA_VERSION
