"""`thucydides run --workers N`: the same store as one process, bad inputs rejected alone, resumable.

The machinery tests use a stand-in pipeline (no spaCy) that workers build through
`run_parallel(pipeline_factory=...)`, so they run in seconds; one slow test runs the real pipeline in
two workers against the single-process runner on the example and a few generated articles.
"""

from __future__ import annotations

import json
import os
import time

import duckdb
import pytest
from click.testing import CliRunner

from thucydides.cli import EXIT_REJECTS, main
from thucydides.errors import Codes, DataFileError
from thucydides.parallel import WorkerConfig, WorkerPool, tasks_of
from thucydides.records import CleanDoc, DocResult, Paragraph, RawDoc, Reject, Story
from thucydides.runner import run_parallel

from .conftest import EXAMPLE

# ---------------------------------------------------------------------- a stand-in pipeline


class FakePipeline:
    """Codes nothing; "RAISE" in a text makes a per-document failure, "CRASH" kills the worker."""

    coder_version = "fake-1"
    model_name = "fake"

    def __init__(self, **options):
        self.options = options

    def process(self, items, published=None):
        for item in items:
            if isinstance(item, Reject):
                yield item
                continue
            text = item.text or ""
            if "CRASH" in text:
                os._exit(7)  # what a segfault or the out-of-memory killer looks like from outside
            if "SLOW" in text:
                time.sleep(0.3)  # later tasks finish first
            if "RAISE" in text:
                yield Reject(item.path, Codes.E130, "pipeline failed on this document", doc_id=item.doc_id)
                continue
            yield DocResult(doc=CleanDoc(
                doc_id=item.doc_id, path=item.path, text=text,
                stories=[Story(0, None, 0, len(text), 0)], paragraphs=[Paragraph(0, 0, len(text))],
                published=published, content_hash=item.content_hash))


def fake_pipeline(**options):
    return FakePipeline(**options)


def broken_dictionary(**options):
    raise DataFileError("my-actors.yaml", "not valid YAML", line=3)


def write_texts(folder, texts: dict[str, str | bytes]) -> None:
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        path = folder / name
        path.write_bytes(text) if isinstance(text, bytes) else path.write_text(text, encoding="utf-8")


def rows(db, query):
    with duckdb.connect(str(db), read_only=True) as conn:
        return conn.execute(query).fetchall()


def small_settings(tmp_path, docs_per_commit: int):
    path = tmp_path / "settings.toml"
    path.write_text(f"[pipeline]\ndocs_per_commit = {docs_per_commit}\n")
    return str(path)


# ---------------------------------------------------------------------- machinery (fast)


def test_tasks_keep_order_and_split_on_count_and_size():
    docs = [RawDoc(doc_id=f"d{i}", path=f"d{i}", format="text", text="x" * (10 if i != 4 else 500))
            for i in range(7)]
    tasks = list(tasks_of(docs, docs_per_task=3, chars_per_task=400))
    assert [d.doc_id for t in tasks for d in t] == [d.doc_id for d in docs]
    assert [len(t) for t in tasks] == [3, 2, 2]  # the large d4 closes its task early


def test_results_come_back_in_input_order_whichever_worker_finishes_first():
    docs = [RawDoc(doc_id=f"d{i:02d}", path=f"d{i:02d}", format="text",
                   text=f"Story {i}" + (" SLOW" if i % 5 == 0 else ""), content_hash=str(i)) for i in range(30)]
    with WorkerPool(2, WorkerConfig(factory=fake_pipeline), docs_per_task=2) as pool:
        results = list(pool.code(iter(docs)))
    assert [r.doc.doc_id for r in results] == [d.doc_id for d in docs]


def test_a_run_stores_every_document_once(tmp_path):
    texts = {f"{i:03d}.txt": f"Story number {i}." for i in range(40)}
    write_texts(tmp_path / "in", texts)
    db = tmp_path / "p.duckdb"
    summary = run_parallel([tmp_path / "in"], db, workers=2, docs_per_task=3, pipeline_factory=fake_pipeline,
                           settings_file=small_settings(tmp_path, 7))
    assert summary.documents == 40 and summary.coded == 40 and summary.rejected == 0
    stored = dict(rows(db, "SELECT doc_id, text FROM documents"))
    assert {doc_id.rsplit("/", 1)[-1]: text for doc_id, text in stored.items()} == texts
    run = rows(db, "SELECT status, counts FROM runs")
    assert run[0][0] == "finished" and json.loads(run[0][1])["coded"] == 40


def test_bad_inputs_are_rejected_and_the_rest_goes_through(tmp_path):
    write_texts(tmp_path / "in", {
        "a.txt": "A first story.",
        "b.bin": b"\x00\x01\x02\x03 binary \xff\xfe" * 200,  # rejected by ingest
        "c.txt": "A story that RAISEs inside the pipeline.",  # rejected by the worker's pipeline
        "d.txt": "A story that makes its worker CRASH.",  # kills a worker process
        "e.txt": "A last story.",
    })
    db = tmp_path / "p.duckdb"
    summary = run_parallel([tmp_path / "in"], db, workers=2, docs_per_task=2, pipeline_factory=fake_pipeline)
    assert summary.coded == 2 and summary.rejected == 3
    stored = {r[0].rsplit("/", 1)[-1] for r in rows(db, "SELECT doc_id FROM documents")}
    assert stored == {"a.txt", "e.txt"}
    rejected = {r.path.rsplit("/", 1)[-1]: r.code for r in summary.rejects}
    assert rejected["b.bin"].startswith("THU-E1")
    assert rejected["c.txt"] == rejected["d.txt"] == Codes.E130
    assert len(rows(db, "SELECT * FROM rejects")) == 3


def test_a_killed_run_resumes_where_it_stopped(tmp_path):
    texts = {f"{i:02d}.txt": f"Story number {i}." for i in range(12)}
    write_texts(tmp_path / "in", texts)
    db = tmp_path / "p.duckdb"
    settings = small_settings(tmp_path, 4)

    class Killed(Exception):
        pass

    def kill_after_first_batch(summary):
        raise Killed

    with pytest.raises(Killed):
        run_parallel([tmp_path / "in"], db, workers=2, docs_per_task=2, settings_file=settings,
                     pipeline_factory=fake_pipeline, progress=kill_after_first_batch)
    assert len(rows(db, "SELECT doc_id FROM documents")) == 4  # the committed batch, nothing half-written

    again = run_parallel([tmp_path / "in"], db, workers=2, docs_per_task=2, settings_file=settings,
                         pipeline_factory=fake_pipeline)
    assert again.skipped_done == 4 and again.coded == 8
    assert rows(db, "SELECT count(*), count(DISTINCT doc_id) FROM documents") == [(12, 12)]
    third = run_parallel([tmp_path / "in"], db, workers=2, pipeline_factory=fake_pipeline)
    assert third.skipped_done == 12 and third.documents == 0


def test_a_worker_that_cannot_load_its_knowledge_fails_the_run_with_the_code(tmp_path):
    write_texts(tmp_path / "in", {"a.txt": "A story."})
    with pytest.raises(DataFileError) as caught:
        run_parallel([tmp_path / "in"], tmp_path / "p.duckdb", workers=2, pipeline_factory=broken_dictionary)
    assert caught.value.code == Codes.E202 and "my-actors.yaml:3" in str(caught.value)


def test_workers_must_be_positive(tmp_path):
    with pytest.raises(Exception, match="at least 1"):
        run_parallel([tmp_path], tmp_path / "p.duckdb", workers=0, pipeline_factory=fake_pipeline)


def test_a_pipeline_object_cannot_be_sent_to_workers(tmp_path):
    from thucydides import run

    with pytest.raises(Exception, match="in this process only") as caught:
        run([tmp_path], tmp_path / "p.duckdb", pipeline=FakePipeline(), workers=2)
    assert caught.value.code == Codes.E403


# ---------------------------------------------------------------------- batching in the spaCy stage


def _clean_doc(doc_id: str, paragraphs: list[str]) -> CleanDoc:
    text, spans = "", []
    for paragraph in paragraphs:
        spans.append(Paragraph(0, len(text), len(text) + len(paragraph)))
        text += paragraph + "\n\n"
    return CleanDoc(doc_id=doc_id, path=doc_id, text=text, stories=[Story(0, None, 0, len(text), 0)],
                    paragraphs=spans)


def test_batches_cut_by_characters_keep_documents_whole_and_in_order():
    import spacy

    from thucydides.parsing import parse_documents

    nlp = spacy.blank("en")
    docs = [_clean_doc(f"d{i}", [f"Paragraph {j} of document {i} says something." for j in range(i % 4 + 1)])
            for i in range(12)]
    docs.append(_clean_doc("long", ["A sentence that goes on. " * 1000]))  # 25,000 characters, no blank line
    docs.append(CleanDoc(doc_id="empty", path="empty", text="", stories=[], paragraphs=[]))
    parsed = list(parse_documents(nlp, docs, batch_size=3, batch_chars=120))
    assert [clean.doc_id for clean, _ in parsed] == [d.doc_id for d in docs]
    assert all(spacy_doc.text == clean.text for clean, spacy_doc in parsed)


def test_long_paragraphs_are_cut_at_sentence_ends_and_rejoin_exactly():
    from thucydides.parsing import paragraph_texts, split_long

    text = "The army said it withdrew. " * 800 + "No break at all " * 1500
    pieces = split_long(text, 10_000)
    assert "".join(pieces) == text and all(0 < len(p) <= 10_000 for p in pieces)
    assert pieces[0].endswith("withdrew. ")
    doc = _clean_doc("d", ["Short headline", text, "A last paragraph."])
    assert "".join(paragraph_texts(doc)) == doc.text


# ---------------------------------------------------------------------- the real pipeline (slow)

GENERATED = {
    "talks-1.txt": "MOSCOW, March 3 (Reuters) - Russian Foreign Minister Sergei Lavrov met Chinese Foreign "
                 "Minister Wang Yi in Moscow on Tuesday to discuss trade and security.\n\nLavrov said Russia "
                 "would send a delegation to Beijing next month.",
    "talks-2.txt": "MOSCOW, March 3 (Reuters) - Russian Foreign Minister Sergei Lavrov met Chinese Foreign "
                   "Minister Wang Yi in Moscow on Tuesday to discuss trade and security.\n\nLavrov said Russia "
                   "would send a delegation to Beijing next month.\n\n",  # the same story, other bytes
    "protest.txt": "Thousands of protesters rallied in Tbilisi on Sunday against the government. Police "
                   "arrested 12 people, the interior ministry said.",
    "strike.txt": "Israeli aircraft struck targets in Gaza on Friday, killing three militants, the army said. "
                  "Hamas condemned the attack and threatened to retaliate.",
    "aid.txt": "The United Nations sent food aid to Sudan on Wednesday. Japan pledged $10 million to the "
               "relief effort.",
    "broken.txt": b"\x00\x00\x00\x00\x89PNG binary garbage \xff\xd8\xff" * 300,
}


def _corpus(tmp_path):
    folder = tmp_path / "corpus"
    write_texts(folder, GENERATED)
    (folder / EXAMPLE.name).write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def _store_contents(db):
    documents = rows(db, "SELECT doc_id, status, duplicate_of, content_hash, coder_version, n_readings, text "
                         "FROM documents ORDER BY doc_id")
    readings = [(doc_id, index, json.loads(record))
                for doc_id, index, record in rows(db, "SELECT doc_id, reading_index, record_json FROM readings "
                                                      "ORDER BY doc_id, reading_index")]
    events = rows(db, "SELECT event_id, cameo_code, num_mentions, num_articles FROM events ORDER BY event_id")
    rejects = rows(db, "SELECT path, code FROM rejects ORDER BY path")
    return documents, readings, events, rejects


@pytest.mark.slow
def test_two_workers_store_what_one_process_stores(tmp_path):
    folder = _corpus(tmp_path)
    single, double = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    one = CliRunner().invoke(main, ["run", str(folder), "--db", str(single), "--quiet", "--workers", "1"])
    two = CliRunner().invoke(main, ["run", str(folder), "--db", str(double), "--quiet", "--workers", "2"])
    assert one.exit_code == two.exit_code == EXIT_REJECTS, (one.output, two.output)
    assert "rejected: " in two.output and "broken.txt" in two.output

    documents, readings, events, rejects = _store_contents(double)
    assert (documents, readings, events, rejects) == _store_contents(single)
    assert len(documents) == 6 and len(rejects) == 1 and "broken.txt" in rejects[0][0]
    assert len(readings) >= 8  # the example alone has more
    by_name = {doc_id.rsplit("/", 1)[-1]: (status, duplicate_of) for doc_id, status, duplicate_of, *_ in documents}
    assert by_name["talks-2.txt"][0] == "duplicate" and by_name["talks-2.txt"][1].endswith("talks-1.txt")

    again = CliRunner().invoke(main, ["run", str(folder), "--db", str(double), "--quiet", "--workers", "2"])
    assert "6 already" in again.output
    assert _store_contents(double)[:3] == (documents, readings, events)
