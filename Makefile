# Two commands: `make run` serves the demo story, `make test` runs the whole suite.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
PORT ?= 5000
PYTHON ?= python3
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export PYTHONUNBUFFERED := 1
# Links in e-mails and API answers point at the port `make run` serves on, unless set.
export VOXLOOP_PUBLIC_BASE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run test install translations browser lint format messages bench clean

install: $(VENV)/.installed translations

$(VENV)/.installed: pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	# The CPU build of torch lies on local disk; installing it first keeps pip from
	# fetching a multi-GB CUDA build for sentence-transformers.
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -c constraints.txt -e ".[dev]"
	@touch $@

translations: $(VENV)/.installed
	@$(BIN)/pybabel compile -d app/translations >/dev/null

browser:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

run: install
	$(BIN)/voxloop db upgrade
	$(BIN)/voxloop demo --if-empty
	@echo "Serving on http://127.0.0.1:$(PORT) (scheduler running alongside; Ctrl-C stops both)"
	@$(BIN)/voxloop scheduler & sched=$$!; trap 'kill $$sched 2>/dev/null' EXIT INT TERM; \
	  PORT=$(PORT) $(BIN)/voxloop serve --port $(PORT)

test: install browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) -m pytest -q

lint:
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format:
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ -o app/translations/messages.pot .
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations

bench: install
	$(PY) -m pip install -q -c constraints.txt -e ".[dev,bench]"
	$(PY) benchmarks/themes.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
