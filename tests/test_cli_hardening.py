"""Issue 19, the command line and the database: every option value checked (exit 2 with a message),
readers that never write to a database they did not create, `sql` within a time and a memory limit,
the web server's Host check on every interface and a port in use, and runs killed without a chance
to finish marked interrupted. No spaCy is needed: databases are built from tests/store_fakes.py."""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
import warnings
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from thucydides.cli import main
from thucydides.cli_options import date_problem, host_problem
from thucydides.errors import Codes, QueryError, StoreError
from thucydides.settings import load_settings
from thucydides.store import Store, query
from thucydides.store import open as open_store

from .store_fakes import apology, ossetia

ROOT = Path(__file__).resolve().parents[1]


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "news.duckdb"
    with Store.open(path) as store:
        run_id = store.start_run({"test": True}, "test-1")
        store.write_batch([ossetia("oss-1", "Xinhua"), apology("apology/ap", "AP")], [], run_id)
        store.finish_run(run_id, {"documents": 2})
    return path


@pytest.fixture
def foreign(tmp_path):
    """Someone else's DuckDB database: one table of theirs, no Thucydides tables."""
    path = tmp_path / "other.duckdb"
    conn = duckdb.connect(str(path))
    conn.execute("CREATE TABLE accounts (id INTEGER, owner VARCHAR)")
    conn.execute("INSERT INTO accounts VALUES (1, 'someone')")
    conn.close()
    return path


def tables(path: Path) -> list[str]:
    conn = duckdb.connect(str(path), read_only=True)
    try:
        return sorted(row[0] for row in conn.execute("SHOW TABLES").fetchall())
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ------------------------------------------------------------------ dates


@pytest.mark.parametrize("given", ["09/09/2008", "03/04/2008", "2008/09/09", "9.9.2008", "2008-9-9", "Sept 9"])
def test_a_publication_date_in_another_form_than_iso_is_refused_not_guessed(tmp_path, given):
    # "09/09/2008" used to be accepted and every event lost its day.
    db = tmp_path / "never.duckdb"
    result = invoke("run", ROOT / "README.md", "--db", db, "--published", given)
    assert result.exit_code == 2, result.output
    assert "--published" in result.output and "YYYY-MM-DD" in result.output and given in result.output
    assert not db.exists()  # refused before anything ran


def test_an_ambiguous_date_says_both_readings():
    message = date_problem("03/04/2008")
    assert message and "ambiguous" in message and "2008-04-03" in message and "2008-03-04" in message
    assert "2008-09-13" in date_problem("13/09/2008")  # one reading only: offered, still refused


def test_iso_dates_are_accepted_and_checked_against_the_calendar():
    assert date_problem("2008-09-09") is None
    assert date_problem("2008-09-09T08:00", with_time=True) is None
    assert date_problem("2008-09-09T08:00:00+03:00", with_time=True) is None
    assert date_problem("2008-09", partial=True) is None and date_problem("2008", partial=True) is None
    assert date_problem("2008-09") is not None  # a publication date needs its day
    assert "calendar" in date_problem("2008-02-30")
    assert date_problem("2008-13", partial=True) is not None


@pytest.mark.parametrize("command", [("code",), ("annotate",), ("explain", "Russia attacked Georgia.")])
def test_every_published_option_refuses_a_non_iso_date(command):
    result = invoke(*command, "--published", "09/09/2008")
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


@pytest.mark.parametrize("option", ["--since", "--until"])
def test_event_date_filters_refuse_a_non_iso_date(db, option):
    result = invoke("events", "--db", db, option, "09/09/2008")
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output
    assert invoke("events", "--db", db, option, "2008-08").exit_code == 0


def test_relations_as_of_refuses_a_non_iso_date(db):
    result = invoke("relations", "--db", db, "--as-of", "09/09/2008")
    assert result.exit_code == 2 and "THU-E403" in result.output


# ------------------------------------------------------------------ numbers and other values


@pytest.mark.parametrize("limit", ["99999999999999999999", "9223372036854775808", "-1", "ten"])
def test_events_limit_out_of_range_is_a_usage_error_not_a_traceback(db, limit):
    result = invoke("events", "--db", db, "--limit", limit)
    assert result.exit_code == 2, result.output
    assert "--limit" in result.output and "Traceback" not in result.output


def test_the_largest_limit_duckdb_takes_still_works(db):
    result = invoke("events", "--db", db, "--limit", str(2**63 - 1), "--format", "jsonl")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("args", [
    ("serve", "--port", "0"), ("serve", "--port", "70000"), ("serve", "--port", "-1"),
    ("run", "README.md", "--workers", "0"), ("events", "--quad-class", "5"),
    ("sql", "SELECT 1", "--time-limit", "-1"), ("sql", "SELECT 1", "--memory-limit", "lots"),
    ("sql", "SELECT 1", "--memory-limit", "1KB"), ("sql", "SELECT 1", "--memory-limit", "99999999999999TB"),
    ("run", "README.md", "--engine", "dask", "--scheduler", "tcp://scheduler.example:99999"),
    ("run", "README.md", "--engine", "dask", "--scheduler", "http://scheduler.example:8786"),
])
def test_numbers_out_of_range_exit_2(db, args):
    result = invoke(*args, "--db", db)
    assert result.exit_code == 2, result.output


@pytest.mark.parametrize("filters", [("--code", "abc"), ("--root", "1x"), ("--factuality", "maybe")])
def test_a_filter_value_the_store_refuses_is_a_usage_error(db, filters):
    result = invoke("events", "--db", db, *filters)
    assert result.exit_code == 2, result.output
    assert "THU-E403" in result.output


def test_store_paging_refuses_values_duckdb_cannot_take(db):
    with open_store(db) as store:
        for paging in ({"offset": 2**63}, {"limit": 2**63}, {"offset": -1}):
            with pytest.raises(QueryError) as error:
                store.events(**paging)
            assert error.value.code == Codes.E403
        assert store.events(offset=2**63 - 1).num_rows == 0


@pytest.mark.parametrize("host", ["bad host", "http://example.org", "example.org:8000", "-x.org", "*", ""])
def test_host_values_are_checked(host):
    assert host_problem(host, pattern=True) is not None
    result = invoke("serve", "--db", "none.duckdb", "--allowed-host", host)
    assert result.exit_code == 2, result.output


def test_host_values_that_are_fine():
    for host in ["localhost", "news.example.org", "*.example.org", "192.168.1.5", "::1", "[::1]"]:
        assert host_problem(host, pattern=True) is None, host
    assert host_problem("*.example.org") is not None  # a pattern only where patterns are allowed


def test_serve_host_must_resolve():
    result = invoke("serve", "--db", "none.duckdb", "--host", "no-such-host.invalid")
    assert result.exit_code == 2 and "--host" in result.output


# ------------------------------------------------------------------ the web API's parameters


def web_client(path):
    pytest.importorskip("fastapi")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*httpx.*", category=UserWarning)
        from fastapi.testclient import TestClient
    from thucydides.web import create_app

    return TestClient(create_app(path), base_url="http://127.0.0.1", raise_server_exceptions=False)


@pytest.mark.parametrize("url", [
    "/api/events?offset=9223372036854775808", "/api/documents?offset=9223372036854775808",
    "/api/dyads?offset=9223372036854775808", "/api/events?offset=99999999999999999999999",
    "/api/events?limit=99999999999999999999", "/api/events?offset=-1", "/api/events?since=09/09/2008",
])
def test_api_parameters_out_of_range_are_400_with_a_message(db, url):
    response = web_client(db).get(url)
    assert response.status_code in (400, 422), (url, response.status_code, response.text)
    assert "internal" not in response.text and response.json()["error"]["message"]


# ------------------------------------------------------------------ readers never write


READ_COMMANDS = [
    ("events",), ("events", "--format", "jsonl"), ("stats",), ("sql", "SELECT 1"), ("runs",), ("relations",),
    ("export", "--format", "jsonl", "-o", "-"), ("export", "--format", "csv", "--table", "documents", "-o", "-"),
]


@pytest.mark.parametrize("command", READ_COMMANDS + [("serve", "--port", "1")])
def test_read_commands_refuse_a_foreign_database_and_leave_it_untouched(foreign, command):
    # `events --db other.duckdb` used to create 16 tables in someone else's database.
    before = digest(foreign)
    result = invoke(*command, "--db", foreign)
    assert result.exit_code == 1, result.output
    assert "THU-E304" in result.output and "not a Thucydides database" in result.output
    assert tables(foreign) == ["accounts"]
    assert digest(foreign) == before


def test_the_python_api_refuses_a_foreign_database_for_reading_and_writing(foreign):
    for opener in (open_store, Store.open, lambda p: Store.open(p, read_only=True)):
        with pytest.raises(StoreError) as error:
            opener(foreign)
        assert error.value.code == Codes.E304
    assert tables(foreign) == ["accounts"]


def test_a_run_refuses_a_foreign_database_too(foreign, tmp_path):
    from thucydides.runner import store_run

    text = tmp_path / "story.txt"
    text.write_text("Russia recognized Abkhazia on August 26.\n")
    with pytest.raises(StoreError) as error:
        store_run([text], foreign, code=lambda items: iter(()), settings=load_settings(), coder_version="v",
                  run_settings={})
    assert error.value.code == Codes.E304
    assert tables(foreign) == ["accounts"]


def test_an_empty_duckdb_file_is_not_read_as_a_store_but_may_become_one(tmp_path):
    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()
    with pytest.raises(StoreError) as error:
        open_store(path)
    assert error.value.code == Codes.E304 and tables(path) == []
    Store.open(path).close()  # a writer turns an empty file into a store
    assert "events" in tables(path)


@pytest.mark.parametrize("command", READ_COMMANDS + [("recode",)])
def test_read_commands_on_a_missing_database_fail_and_create_nothing(tmp_path, command):
    # `recode --db typo` used to create an empty database and exit 0.
    missing = tmp_path / "typo.duckdb"
    result = invoke(*command, "--db", missing)
    assert result.exit_code == 1, result.output
    assert "THU-E303" in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_reader_does_not_change_a_current_database(db):
    before = digest(db)
    for command in READ_COMMANDS:
        assert invoke(*command, "--db", db).exit_code == 0, command
    assert digest(db) == before


# ------------------------------------------------------------------ sql within limits


def test_sql_limits_are_settings_with_defaults():
    limits = load_settings()["sql"]
    assert limits["time_limit_seconds"] > 0 and query.parse_size(limits["memory_limit"]) > 0


CROSS_JOIN = "SELECT count(*) FROM range(100000) a, range(100000) b, range(100000) c"


def test_a_cross_join_stops_at_the_time_limit_with_a_clear_error(db):
    # A cross join used to run past a minute with no way to stop it but Ctrl+C.
    with open_store(db) as store:
        with pytest.raises(QueryError) as error:
            store.sql(CROSS_JOIN, time_limit=0.5)
        assert error.value.code == Codes.E404 and "time limit" in error.value.message
        assert store.sql("SELECT 42 AS answer").column("answer").to_pylist() == [42]  # still usable


def test_the_sql_command_stops_at_its_time_limit(db):
    result = invoke("sql", CROSS_JOIN, "--db", db, "--time-limit", "0.5")
    assert result.exit_code == 1 and "THU-E404" in result.output


def test_the_time_limit_comes_from_the_settings_file(db, tmp_path):
    settings = tmp_path / "settings.toml"
    settings.write_text("[sql]\ntime_limit_seconds = 0.5\n")
    result = invoke("sql", CROSS_JOIN, "--db", db, "--settings", settings)
    assert result.exit_code == 1 and "THU-E404" in result.output


def test_a_writable_store_stops_at_the_time_limit_and_rolls_back(db):
    with Store.open(db) as store:
        with pytest.raises(QueryError) as error:
            store.sql(CROSS_JOIN, time_limit=0.5)
        assert error.value.code == Codes.E404
        store.write_batch([apology("apology/reuters", "Reuters")], [], store.start_run({}, "v"))


def test_sql_stops_at_the_memory_limit(db):
    with open_store(db) as store:
        with pytest.raises(QueryError) as error:  # a result larger than the limit
            store.sql("SELECT range AS n FROM range(50000000)", memory_limit="64MB")
        assert error.value.code == Codes.E405 and "memory limit" in error.value.message
        with pytest.raises(QueryError) as error:  # DuckDB itself needing more than the limit
            store.sql("SELECT list(range) FROM range(100000000)", memory_limit="64MB")
        assert error.value.code == Codes.E405
        assert store.sql("SELECT 1 AS one").num_rows == 1
        setting = store.conn.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
        assert "MiB" not in setting  # the limit is lifted after the query


def test_sql_without_limits_still_answers(db):
    with open_store(db) as store:
        assert store.sql("SELECT count(*) AS n FROM events", time_limit=0, memory_limit="").num_rows == 1


# ------------------------------------------------------------------ serve


def test_serve_keeps_the_host_check_on_every_interface(db):
    from thucydides.web.app import allowed_host_names

    for host in ("0.0.0.0", "::", "192.168.1.5"):
        assert "*" not in allowed_host_names(host)
    hosts = allowed_host_names("0.0.0.0", ["ui.example.org", "10.0.0.7"])
    assert {"localhost", "127.0.0.1", "ui.example.org", "10.0.0.7"} <= set(hosts)

    pytest.importorskip("fastapi")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*httpx.*", category=UserWarning)
        from fastapi.testclient import TestClient
    from thucydides.web import create_app

    app = create_app(db, allowed_hosts=hosts)
    assert TestClient(app, base_url="http://rebound.attacker.example").get("/api/events").status_code == 400
    assert TestClient(app, base_url="http://ui.example.org").get("/api/events").status_code == 200
    assert TestClient(app, base_url="http://localhost:8000").get("/api/events").status_code == 200


def test_serve_on_a_port_in_use_exits_1_with_a_clear_message(db):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = invoke("serve", "--db", db, "--port", port)
    assert result.exit_code == 1, result.output
    assert "THU-E406" in result.output and "already in use" in result.output and str(port) in result.output


def test_serve_on_all_interfaces_answers_only_the_names_it_was_given(db):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "thucydides.cli", "serve", "--db", str(db), "--host", "0.0.0.0", "--port", str(port),
         "--allowed-host", "ui.example.org"],
        env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        answers = {}
        for host in ("rebound.attacker.example", "ui.example.org", "localhost"):
            answers[host] = http_status(port, host)
        assert answers == {"rebound.attacker.example": 400, "ui.example.org": 200, "localhost": 200}
    finally:
        server.terminate()
        server.communicate(timeout=30)


def http_status(port: int, host: str) -> int:
    import http.client

    deadline = time.monotonic() + 60
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", "/api/events?limit=1", headers={"Host": host})
            return connection.getresponse().status
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


# ------------------------------------------------------------------ runs killed without a chance to finish


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "src"), env.get("PYTHONPATH", "")])
    return env


# A run in another process: starts, lets the file go (as a run between its write turns does) and
# waits to be killed.
RUNNING = textwrap.dedent(
    """
    import sys, time
    from thucydides.store import Store

    store = Store.open(sys.argv[1])
    print(store.start_run({"child": True}, "v-child"), flush=True)
    store.detach_runs()
    store.close()
    time.sleep(600)
    """
)


def statuses(path: Path) -> dict[str, str]:
    conn = duckdb.connect(str(path), read_only=True)
    try:
        return dict(conn.execute("SELECT run_id, status FROM runs").fetchall())
    finally:
        conn.close()


def test_a_sigkilled_run_is_marked_interrupted_at_the_next_start(db):
    # SIGKILLed runs used to stay "running" in `runs` forever.
    child = subprocess.Popen([sys.executable, "-c", RUNNING, str(db)], env=child_env(),
                             stdout=subprocess.PIPE, text=True)
    try:
        run_id = child.stdout.readline().strip()
        assert run_id.startswith("run-")
        time.sleep(0.5)  # the child has closed the file
        with Store.open(db):  # a writer while the run's process lives: it stays running
            pass
        assert statuses(db)[run_id] == "running"
        with open_store(db) as store:
            shown = {row["run_id"]: row["status"] for row in store.runs().to_pylist()}
            assert shown[run_id] == "running"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
    # Readers (the `runs` command) already show it interrupted; they write nothing.
    result = invoke("runs", "--db", db, "--format", "csv")
    assert result.exit_code == 0
    assert any(run_id in line and "interrupted" in line for line in result.output.splitlines())
    assert statuses(db)[run_id] == "running"
    with Store.open(db) as store:  # the next start records it
        new_run = store.start_run({}, "v")
        store.finish_run(new_run, {})
    found = statuses(db)
    assert found[run_id] == "interrupted" and found[new_run] == "finished"


def test_a_run_that_stops_on_an_error_is_marked_interrupted(db):
    with Store.open(db) as store:
        run_id = store.start_run({}, "v")
    assert statuses(db)[run_id] == "interrupted"


def test_a_run_recorded_before_runs_kept_their_process_is_not_running_forever(db):
    conn = duckdb.connect(str(db))
    conn.execute("INSERT INTO runs (run_id, started_at, status) VALUES ('run-old', now(), 'running')")
    conn.close()
    Store.open(db).close()
    assert statuses(db)["run-old"] == "interrupted"
