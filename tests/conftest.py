"""Shared fixtures: the spaCy-backed pipeline is loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLE = ROOT / "examples" / "xinhua-2008-09-09-russia-south-ossetia-abkhazia.txt"
EXAMPLE_GOLD = ROOT / "examples" / "gold" / "xinhua-2008-09-09-russia-south-ossetia-abkhazia.gold.json"


@pytest.fixture(scope="session")
def pipeline():
    from thucydides.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def example_result(pipeline):
    return pipeline.code_text(EXAMPLE.read_text(encoding="utf-8"), doc_id=EXAMPLE.name)


def shared_or_skip(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not available (../shared is absent in a user's clone)")
    return path


# The browser tests (tests/browser_support.py): one Chromium for the session; each module serves its
# own database at `base_url`, and `page` is a fresh tab there that fails its test on any console error.
@pytest.fixture(scope="session")
def browser():
    from .browser_support import launched_browser

    yield from launched_browser()


@pytest.fixture
def page(browser, base_url):
    from .browser_support import watched_tab

    yield from watched_tab(browser, base_url)
