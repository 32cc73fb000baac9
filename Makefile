# Everything lives in .venv at the repository root.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup run test lint bench spark

$(BIN)/unspin: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(BIN)/unspin

setup: $(BIN)/unspin

run: setup
	$(BIN)/unspin compare examples/ingenuity/source.txt examples/ingenuity/suspicious.txt

test: setup spark
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/pytest -q

# The crawl's extra (pyspark) and a Java runtime for it, on a fresh machine too.
spark: setup
	$(BIN)/pip install -q -e '.[spark]'
	command -v java >/dev/null || (apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless)

bench: setup
	$(BIN)/python benchmarks/run_all.py
