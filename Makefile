# Portal JAC — the project's verbs. `make run` and `make test` are the two commands of the README.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help run test lint format serve worker install install-dev assets pdf-libs chromium libreoffice migrate seed check-deploy backup restore bench soak lighthouse clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt $(VENV)/bin/activate
	$(PIP) install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/bin/activate
	$(PIP) install -q -r requirements-dev.txt
	touch $(VENV)/.installed $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed assets pdf-libs ## Runtime dependencies and front-end assets

install-dev: $(VENV)/.installed-dev assets pdf-libs ## Plus test and lint tools

assets: node_modules/.package-lock.json ## Bootstrap, icons and Chart.js from the npm registry (lockfile)

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate ## Demo data (only if the database holds no organization yet), then the accounts
	DEBUG=True PORT=$(PORT) $(PY) manage.py seed_demo --si-vacia

run: seed ## Fresh machine → venv, install, migrate, demo data, server on http://127.0.0.1:$(PORT) and a job worker
	@DEBUG=True $(PY) manage.py run_huey --workers 1 & trabajador=$$!; \
	trap 'kill $$trabajador 2>/dev/null; wait $$trabajador 2>/dev/null' EXIT INT TERM; \
	DEBUG=True $(PY) manage.py runserver 127.0.0.1:$(PORT)

pdf-libs: ## Debian's Pango, HarfBuzz and fonts for WeasyPrint's PDFs (installed only if missing)
	@{ ldconfig -p | grep -q libpangoft2-1.0.so.0 && ldconfig -p | grep -q libharfbuzz-subset.so.0 && \
	   fc-list 2>/dev/null | grep -q LiberationSans; } || { \
	  echo "Installing Debian's Pango, HarfBuzz and Liberation fonts for the PDFs..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation >/dev/null || \
	  echo "Could not install them (apt-get needs root): every page works, PDFs do not until they are installed."; }

chromium: ## Debian's Chromium for the browser tests (installed only if missing)
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

lint: install-dev ## ruff lint and format check, and the layers (import-linter, pyproject.toml)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: install-dev ## Apply ruff's fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

libreoffice: ## Debian's LibreOffice Calc (headless) to build test files the way Calc writes them
	@command -v soffice >/dev/null 2>&1 || { \
	  echo "Installing Debian's LibreOffice Calc for the import tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    libreoffice-calc-nogui >/dev/null; }

test: install-dev chromium libreoffice lint ## Whole suite on PostgreSQL (starts or creates a local cluster if needed)
	@url=$$($(PY) scripts/ensure_postgres.py) || exit 1; \
	echo "Testing against $${url%%@*}@…"; \
	DATABASE_URL="$$url" $(PY) manage.py makemigrations --check --dry-run >/dev/null || \
	  { echo "Models and migrations disagree: run manage.py makemigrations."; exit 1; }; \
	DATABASE_URL="$$url" $(VENV)/bin/pytest -n 2 $(PYTEST_ARGS)

check-deploy: install ## Django's deployment checklist with production settings
	DEBUG=False SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	  ALLOWED_HOSTS=portal.example.org $(PY) manage.py check --deploy --fail-level WARNING

serve: install ## Production server: collectstatic, then gunicorn (set DEBUG=False, SECRET_KEY, DATABASE_URL)
	$(PY) manage.py collectstatic --noinput -v 0
	$(PY) manage.py migrate --noinput
	$(VENV)/bin/gunicorn jac_portal.wsgi:application --bind 127.0.0.1:$(PORT) \
	  --workers $${WEB_CONCURRENCY:-3} --access-logfile - --timeout 60

worker: install ## Background-job worker (Huey): imports, exports, syncs; run one or more beside `make serve`
	$(PY) manage.py run_huey --workers $${HUEY_WORKERS:-2} --worker-type thread

wrk:
	@command -v wrk >/dev/null 2>&1 || { \
	  echo "Installing Debian's wrk for the benchmark..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

bench: install wrk ## 429 vs 64,000 Juntas on PostgreSQL behind gunicorn: seed, import (XLSX and each CSV kind), p50/p95, queries → docs/benchmarks.md
	$(PY) scripts/bench.py $(BENCH_ARGS)

scripts/lighthouse/node_modules/.package-lock.json: scripts/lighthouse/package.json scripts/lighthouse/package-lock.json
	cd scripts/lighthouse && npm ci --no-audit --no-fund --loglevel=error
	touch $@

lighthouse: install chromium scripts/lighthouse/node_modules/.package-lock.json ## Lighthouse (mobile) on each role's key pages behind gunicorn → docs/lighthouse.md
	$(PY) scripts/lighthouse.py $(LIGHTHOUSE_ARGS)

$(VENV)/.installed-bench: requirements.txt requirements-bench.txt $(VENV)/bin/activate
	$(PIP) install -q -r requirements-bench.txt
	touch $@

soak: install $(VENV)/.installed-bench ## 60 s of mixed traffic at 32 users, then a PostgreSQL restart under load → docs/soak.md
	$(PY) scripts/soak.py $(SOAK_ARGS)

backup: install ## Database (pg_dump, custom format) and uploaded files into respaldos/jac-respaldo-….tar
	$(PY) manage.py respaldar

restore: install ## make restore FILE=respaldos/jac-respaldo-….tar — replaces the current data and files
	@test -n "$(FILE)" || { echo "Use: make restore FILE=respaldos/jac-respaldo-….tar"; exit 2; }
	$(PY) manage.py restaurar "$(FILE)" --si

clean: ## Remove the venv, node_modules and generated files (not the database)
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache
