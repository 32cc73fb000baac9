# Everything lives in .venv at the repository root.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup run test lint bench serve-deps spark

$(BIN)/unspin: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(BIN)/unspin

setup: $(BIN)/unspin

run: setup
	$(BIN)/unspin compare examples/ingenuity/source.txt examples/ingenuity/suspicious.txt

# The service's extras and a browser for its tests (Debian's chromium; CI runs as root).
$(VENV)/.serve-deps: pyproject.toml $(BIN)/unspin
	$(BIN)/pip install -q -e '.[dev,serve,serve-test]'
	touch $@

serve-deps: $(VENV)/.serve-deps
	@[ -x /usr/bin/chromium ] || [ "$$(id -u)" != 0 ] || \
	  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }
	@[ -x /usr/bin/chromium ] || echo "serve-deps: no /usr/bin/chromium (not root): browser tests skip"

test: setup serve-deps spark
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/pytest -q

# The crawl's extra (pyspark) and a Java runtime for it, on a fresh machine too.
spark: setup
	$(BIN)/pip install -q -e '.[spark]'
	command -v java >/dev/null || (apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless)

bench: setup
	$(BIN)/python benchmarks/run_all.py
