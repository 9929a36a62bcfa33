# Two commands from a fresh clone: `make run` (install, then the bot; the console chat without a token)
# and `make test` (install, then the whole test suite). `make check` adds the linters CI runs.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test check lint eval validate bench

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

run: $(VENV)/.installed
	$(PY) -m bot

test: $(VENV)/.installed
	$(PY) -m pytest

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/hadolint Dockerfile

check: lint test

validate: $(VENV)/.installed
	$(PY) -m bot validate

eval: $(VENV)/.installed
	$(PY) -m bot eval tests/eval/eval.yaml --show-failures

bench: $(VENV)/.installed
	$(PY) benchmarks/matching_latency.py
	$(PY) benchmarks/telegram_throughput.py
