# Raasta: `make run` serves the site on SQLite with the seed catalog; `make test` runs everything.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# Finds a Python >= 3.12 on PATH, then among pyenv's versions; says what to install otherwise.
define find_python
for c in python3.14 python3.13 python3.12 python3; do \
  p=$$(command -v $$c 2>/dev/null) || continue; \
  $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; exit 0; }; \
done; \
root=$$(pyenv root 2>/dev/null || echo $$HOME/.pyenv); \
for p in $$(ls -d $$root/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
  $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; exit 0; }; \
done; \
exit 1
endef

.PHONY: help setup run test lint format check-deploy bootstrap-test-tools clean messages \
	bench bench-faults bootstrap-bench-tools

help:
	@echo "make run    set up, load the seed catalog and serve on http://$(HOST):$(PORT) (SQLite)"
	@echo "make test   set up and run lint, the migrations check, unit and browser tests"
	@echo "make bench         load the main pages on gunicorn, PostgreSQL and Redis; print req/s and latency"
	@echo "make bench-faults  restart PostgreSQL, then Redis, under load; print errors, recovery, lost marks"

$(VENV)/.synced: pyproject.toml uv.lock
	@python=$$($(find_python)) || { \
	  echo "Raasta needs Python 3.12 or newer and none was found on PATH or in pyenv."; \
	  echo "Install one, e.g. 'pyenv install 3.13' or 'apt-get install python3.13', then run make again."; \
	  exit 1; }; \
	echo "Using $$python"; \
	if uv --version >/dev/null 2>&1; then uv=uv; \
	else $$python -m uv --version >/dev/null 2>&1 || $$python -m pip install --quiet uv; uv="$$python -m uv"; fi; \
	$$uv sync --frozen --python $$python
	@touch $@

MESSAGES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po locale/vendor/*/LC_MESSAGES/*.po))

# Compiled translations (Urdu); without gettext the site still runs, in English.
%.mo: %.po
	@if command -v msgfmt >/dev/null 2>&1; then msgfmt --check -o $@ $<; \
	else echo "gettext's msgfmt is missing, so Urdu is off: apt-get install gettext"; fi

setup: $(VENV)/.synced $(MESSAGES)

run: setup
	DEBUG=$${DEBUG:-true} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-true} $(PY) manage.py load_catalog
	DEBUG=$${DEBUG:-true} $(PY) manage.py runserver $(HOST):$(PORT)

bootstrap-test-tools:
	@missing=""; [ -x "$${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing="chromium"; \
	command -v msgfmt >/dev/null 2>&1 || missing="$$missing gettext"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing$$missing for the browser and translation tests"; \
	  (apt-get install -y -qq $$missing >/dev/null 2>&1 || \
	   (apt-get update -qq && apt-get install -y -qq $$missing >/dev/null)); \
	else echo "The tests need:$$missing. Run 'sudo apt-get install$$missing'."; exit 1; fi

bootstrap-bench-tools:
	@missing=""; command -v redis-server >/dev/null 2>&1 || missing="redis-server"; \
	command -v wrk >/dev/null 2>&1 || missing="$$missing wrk"; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing$$missing for the benchmarks"; \
	  (apt-get install -y -qq $$missing >/dev/null 2>&1 || \
	   (apt-get update -qq && apt-get install -y -qq $$missing >/dev/null)); \
	else echo "The benchmarks need:$$missing. Run 'sudo apt-get install$$missing'."; exit 1; fi

# Both drop and recreate their database (DATABASE_URL, default raasta_bench on 127.0.0.1).
bench: bootstrap-bench-tools setup
	$(PY) -m tests.bench.throughput

bench-faults: bootstrap-bench-tools setup
	$(PY) -m tests.bench.faults

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# axe-core for the accessibility tests, at the version in the lock file.
AXE := tests/browser/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/package.json tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund --silent
	@touch $@

test: bootstrap-test-tools setup lint $(AXE)
	SECRET_KEY=test-only-makemigrations-check $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

check-deploy: setup
	DEBUG=false SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	ALLOWED_HOSTS=raasta.example.com EMAIL_URL=smtp+tls://raasta:secret@smtp.example.com:587 \
	$(PY) manage.py check --deploy --fail-level WARNING

messages: setup
	DEBUG=true $(PY) manage.py makemessages -l ur --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=locale --no-obsolete

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 $(MESSAGES)
