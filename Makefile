# kzjp-kg: the two commands of the README.
#   make run   — set everything up, build the graph, serve SPARQL + pages + UI on http://127.0.0.1:8000/
#   make test  — set everything up (incl. Debian's chromium and Virtuoso for the integration tests), run every test
# Everything installs from the project's own files: Python packages from PyPI into .venv, JS from the npm lock,
# system packages from Debian. Nothing is downloaded at run time.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST_ARGS ?= -n 2 --dist loadgroup

.PHONY: setup run test lint build bench clean system-test-deps web-assets

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,notebooks]'
	touch $(STAMP)

web-assets: $(STAMP)
	bash scripts/install-web-assets.sh

setup: $(STAMP) web-assets

build: setup
	$(BIN)/kzjp-kg build

run: setup
	$(BIN)/kzjp-kg serve

system-test-deps:
	bash scripts/install-test-deps.sh

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

test: setup system-test-deps lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: setup
	$(BIN)/python benchmarks/bench_reason.py
	$(BIN)/python benchmarks/bench_validate.py
	$(BIN)/python benchmarks/bench_endpoint.py

clean:
	rm -rf build .pytest_cache
