"""Reading while a run writes (issue 19, item 4): a run opens the database for writing only while a
batch commits (store/windows.py, store/locking.py), so readers see the last committed state meanwhile
and a run can start while readers hold the file. The speed of it is benchmarks/serve_under_load.py's.

The run here is runner.store_run with a hand-made coder (tests/store_fakes.py): no spaCy.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from thucydides.errors import Codes, StoreError
from thucydides.store import Store
from thucydides.store import open as open_store
from thucydides.store.windows import StoreWindows

from .store_fakes import Coded, news_result

ROOT = Path(__file__).resolve().parents[1]

# A run in a child process: `n` text files run through runner.store_run, `batch` documents per
# commit, each coded (slowly, `pause` seconds a document) by a fake coder; "committed N" after each
# commit, "finished" at the end.
RUN = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from tests.store_fakes import Coded, news_result
    from thucydides.records import RawDoc
    from thucydides.runner import store_run
    from thucydides.settings import load_settings

    db, inputs, batch, pause = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    settings = load_settings()
    settings["pipeline"]["docs_per_commit"] = batch

    def code(items):
        for item in items:
            time.sleep(pause)
            if not isinstance(item, RawDoc):
                yield item
                continue
            yield news_result(item.doc_id, [Coded("Russia accused Georgia of shelling.", "RUS", "GEO", "111",
                                                  "2008-08-07")],
                              headline=item.text.strip(), content_hash=item.content_hash)

    print("starting", flush=True)
    summary = store_run(sorted(Path(inputs).glob("*.txt")), db, code=code, settings=settings,
                        coder_version="concurrency-test", run_settings={},
                        progress=lambda s: print("committed", s.documents, flush=True))
    print("finished", summary.coded, summary.skipped_done, flush=True)
    """
)


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "src"), env.get("PYTHONPATH", "")])
    return env


def inputs(folder: Path, n: int) -> Path:
    folder.mkdir()
    for k in range(n):
        words = " ".join(hashlib.sha256(f"{k}-{i}".encode()).hexdigest()[:8] for i in range(12))
        (folder / f"story-{k:03d}.txt").write_text(f"Story {k} {words}\n")  # no two alike
    return folder


def start_run(tmp_path: Path, db: Path, folder: Path, batch: int, pause: float) -> subprocess.Popen:
    script = tmp_path / "run_child.py"
    script.write_text(RUN)
    return subprocess.Popen(
        [sys.executable, str(script), str(db), str(folder), str(batch), str(pause)],
        cwd=ROOT, env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def seeded(db: Path) -> Path:
    """A database holding one document from an earlier run."""
    with Store.open(db) as store:
        run = store.start_run({}, "earlier")
        store.write_batch([news_result("earlier-1", [Coded("Israel apologised to Turkey.", "ISR", "TUR", "055",
                                                           "2010-05-31")])], [], run)
        store.finish_run(run, {})
    return db


def documents(db: Path) -> int:
    with open_store(db) as store:
        return store.conn.execute("SELECT count(*) FROM documents").fetchall()[0][0]


def test_a_run_writes_in_turns_and_leaves_the_database_closed_between_them(tmp_path):
    db = seeded(tmp_path / "turns.duckdb")
    windows = StoreWindows(db)
    run = windows.start_run({}, "turns-test")
    # Between turns any reader opens the file, and the run stays "running", not "interrupted".
    with open_store(db) as store:
        assert store.runs().to_pylist()[-1]["status"] == "running"
    windows.write_batch([news_result("turn-1", [Coded("France criticised Russia.", "FRA", "RUS", "111")])], [], run)
    assert documents(db) == 2
    windows.finish_run(run, {"coded": 1})
    windows.close()
    with open_store(db) as store:
        assert [r["status"] for r in store.runs().to_pylist()] == ["finished", "finished"]


def test_a_run_that_fails_between_turns_is_marked_interrupted(tmp_path):
    db = seeded(tmp_path / "failed.duckdb")
    windows = StoreWindows(db)
    run = windows.start_run({}, "turns-test")
    windows.close()  # what store_run's `finally` does when coding raised
    with open_store(db) as store:
        statuses = {r["run_id"]: r["status"] for r in store.runs().to_pylist()}
    assert statuses[run] == "interrupted"


@pytest.mark.slow
def test_a_run_starts_while_a_reader_holds_the_database(tmp_path):
    db = seeded(tmp_path / "held.duckdb")
    folder = inputs(tmp_path / "in", 4)
    reader = open_store(db)  # a UI request, an `events` command, a notebook: reading
    try:
        child = start_run(tmp_path, db, folder, batch=2, pause=0.0)
        assert child.stdout.readline().strip() == "starting"
        time.sleep(0.5)
        assert child.poll() is None, child.communicate()  # waiting for the reader, not refused
        assert reader.documents().num_rows == 1  # the reader still reads what it opened
    finally:
        reader.close()
    out, err = child.communicate(timeout=120)
    assert child.returncode == 0, err
    assert out.splitlines()[-1] == "finished 4 0"
    assert documents(db) == 5


@pytest.mark.slow
def test_readers_see_every_committed_batch_while_a_run_writes(tmp_path):
    db = seeded(tmp_path / "busy.duckdb")
    n, batch = 12, 3
    folder = inputs(tmp_path / "in", n)
    child = start_run(tmp_path, db, folder, batch=batch, pause=0.15)
    seen: list[int] = []
    errors: list[BaseException] = []
    while child.poll() is None:
        try:
            seen.append(documents(db) - 1)
        except StoreError as error:  # a reader must never be refused during a run
            errors.append(error)
        time.sleep(0.02)
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    assert errors == []
    # Only committed states, whole batches, in order; at least one of them in the middle of the run.
    assert all(count % batch == 0 for count in seen), seen
    assert seen == sorted(seen)
    assert any(0 < count < n for count in seen), seen
    assert documents(db) == n + 1
    # Re-running the same input duplicates nothing: everything is already done.
    again = start_run(tmp_path, db, folder, batch=batch, pause=0.0)
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    assert out.splitlines()[-1] == f"finished 0 {n}"
    assert documents(db) == n + 1


@pytest.mark.slow
def test_the_web_ui_serves_while_a_run_writes_and_the_run_starts_while_it_serves(tmp_path):
    from thucydides.web import create_app

    db = seeded(tmp_path / "served.duckdb")
    n, batch = 9, 3
    folder = inputs(tmp_path / "in", n)
    client = TestClient(create_app(db), base_url="http://127.0.0.1")
    statuses: list[int] = []
    totals: list[int] = []
    stop = threading.Event()

    def browse() -> None:  # the UI busy before, during and after the run
        while not stop.is_set():
            response = client.get("/api/documents")
            statuses.append(response.status_code)
            if response.status_code == 200:
                totals.append(response.json()["total"])

    browsers = [threading.Thread(target=browse) for _ in range(4)]
    for thread in browsers:
        thread.start()
    try:
        while not totals:
            time.sleep(0.05)
        child = start_run(tmp_path, db, folder, batch=batch, pause=0.1)
        out, err = child.communicate(timeout=180)
        time.sleep(0.2)
    finally:
        stop.set()
        for thread in browsers:
            thread.join(timeout=60)
    assert child.returncode == 0, err
    assert out.splitlines()[-1] == f"finished {n} 0"
    assert set(statuses) == {200}
    assert all((total - 1) % batch == 0 for total in totals), totals
    assert totals[-1] == n + 1


def test_a_second_writer_is_refused_at_once_and_a_reader_waits_for_the_turn(tmp_path):
    db = seeded(tmp_path / "turn.duckdb")
    holder = textwrap.dedent(
        """
        import sys
        from tests.store_fakes import Coded, news_result
        from thucydides.store import Store
        with Store.open(sys.argv[1]) as store:
            run = store.start_run({}, "holder")
            print("ready", flush=True)
            sys.stdin.readline()
            store.write_batch([news_result("held-1", [Coded("France criticised Russia.", "FRA", "RUS", "111")])],
                              [], run)
            store.finish_run(run, {})
        """
    )
    script = tmp_path / "holder.py"
    script.write_text(holder)
    child = subprocess.Popen([sys.executable, str(script), str(db)], cwd=ROOT, env=child_env(),
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError) as refused:
            Store.open(db)  # a writer does not wait unless asked to
        assert refused.value.code == Codes.E301
        result: list[int] = []

        def read() -> None:
            with Store.open(db, read_only=True, wait=120) as store:
                result.append(store.documents().num_rows)

        reader = threading.Thread(target=read)
        reader.start()
        time.sleep(0.3)
        child.stdin.write("\n")
        child.stdin.flush()
        reader.join(timeout=120)
    finally:
        child.communicate(timeout=60)
    assert child.returncode == 0
    assert result == [2]  # it waited for the turn to end, then read the committed state


@pytest.mark.slow
def test_a_second_run_is_refused_while_a_run_of_another_process_is_under_way(tmp_path):
    db = seeded(tmp_path / "two.duckdb")
    folder = inputs(tmp_path / "in", 6)
    child = start_run(tmp_path, db, folder, batch=2, pause=0.3)
    try:
        assert child.stdout.readline().strip() == "starting"
        assert child.stdout.readline().startswith("committed")  # under way, between turns
        with pytest.raises(StoreError) as refused:
            StoreWindows(db, wait=60).start_run({}, "second")
        assert refused.value.code == Codes.E301 and "another `thucydides run`" in refused.value.message
    finally:
        out, err = child.communicate(timeout=120)
    assert child.returncode == 0, err
    with open_store(db) as store:
        assert [r["status"] for r in store.runs().to_pylist()] == ["finished", "finished"]
