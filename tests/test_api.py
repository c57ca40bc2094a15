"""The Python API mirrors the CLI: code(), annotate(), Pipeline, run(), open()."""

from __future__ import annotations

import pytest

import thucydides
from thucydides.errors import InputError

from .conftest import EXAMPLE

pytestmark = pytest.mark.slow


def test_code_returns_readings():
    readings = thucydides.code("Moscow recognized Abkhazia on August 26.", published="2008-09-09", clean=False)
    assert [(r.source.country, r.target.name, r.cameo.code, r.event_date) for r in readings] == [
        ("RUS", "Abkhazia", "054", "2008-08-26")]


def test_annotate_is_the_function_even_after_every_stage_is_imported():
    import thucydides.parsing  # noqa: F401  (a stage module must not shadow the API function)
    import thucydides.pipeline  # noqa: F401

    result = thucydides.annotate("Georgian troops attacked South Ossetia.", published="2008-08-09", clean=False)
    assert {m.text for m in result.actors} >= {"Georgian troops", "South Ossetia"}
    assert result.readings


def test_rejected_text_raises_a_coded_error():
    with pytest.raises(InputError) as info:
        thucydides.annotate("   ")
    assert info.value.code.startswith("THU-E1")


def test_run_then_open_reads_events(tmp_path):
    db = tmp_path / "api.duckdb"
    summary = thucydides.run([EXAMPLE], db)
    assert summary.coded == 1 and summary.rejected == 0
    with thucydides.open(db) as store:
        table = store.events(actor="RUS")
        assert table.num_rows >= 5
        assert "South Ossetia" in set(table.to_pandas()["target_name"])
