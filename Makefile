# Two commands on a fresh machine with Python 3.11: `make run` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= thucydides.duckdb
EXAMPLE := examples/xinhua-2008-09-09-russia-south-ossetia-abkhazia.txt

.PHONY: run test install install-dev lint eval clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(BIN)/thucydides run $(EXAMPLE) --db $(DB)
	$(BIN)/thucydides events --db $(DB)

test: install-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest -q

eval: install
	$(BIN)/thucydides eval examples/gold/*.gold.json

clean:
	rm -rf $(VENV) $(DB) .pytest_cache build src/*.egg-info
