# Everything lives in .venv at the repository root.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup run test lint bench

$(BIN)/unspin: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(BIN)/unspin

setup: $(BIN)/unspin

run: setup
	$(BIN)/unspin compare examples/ingenuity/source.txt examples/ingenuity/suspicious.txt

test: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/pytest -q

bench: setup
	$(BIN)/python benchmarks/run_all.py
