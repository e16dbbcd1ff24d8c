# Newsroom: `make demo` to try it, `make test` to check it.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# The first Python 3.12+ found: $(PYTHON) if given, else python3.13, python3.12, python3.
PYTHON ?= $(shell for p in python3.13 python3.12 python3; do \
	  if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; \
	  then command -v $$p; break; fi; done)

.PHONY: install demo test lint format serve bench clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock
	@if [ -z "$(PYTHON)" ]; then \
	  echo "Newsroom needs Python 3.12 or newer (python3.12 or python3.13 on PATH, or make PYTHON=/path/to/python)." >&2; \
	  exit 1; fi
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	@touch $@

demo: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py ingest seeds/
	DEBUG=1 $(PY) manage.py ensure_editor --url http://$(HOST):$(PORT)/
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

serve: install
	$(PY) manage.py collectstatic --noinput -v 0
	$(VENV)/bin/gunicorn newsroom.wsgi --config gunicorn.conf.py --bind $(HOST):$(PORT)

bench: install
	DEBUG=1 $(PY) bench/extraction.py

clean:
	rm -rf $(VENV) var staticfiles
