# The two commands a fresh machine needs: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-browser test-faults lint clean openapi bench serve

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

## Install, migrate, load the demo and serve it at http://$(HOST):$(PORT).
run: $(VENV)/.installed
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## Lint, check the project and its migrations, and run the tests.
test: $(VENV)/.installed-dev lint
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest

## The browser tests, in Debian's Chromium (apt-get install chromium).
test-browser: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -m browser

## The database outage test: a PostgreSQL cluster of its own, stopped and started.
test-faults: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -m faults

lint: $(VENV)/.installed-dev
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) db.sqlite3

## The benchmark (PostgreSQL and wrk needed); BENCH_QUICK=1 for a short run.
bench: $(VENV)/.installed-dev
	@command -v wrk > /dev/null || (apt-get update -qq && apt-get install -y -qq wrk > /dev/null)
	$(BIN)/python -m bench.run

## Serve in production: gunicorn with gunicorn.conf.py. Needs DJANGO_DEBUG=false,
## DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL in the environment.
serve: $(VENV)/.installed
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py collectstatic --no-input -v 0
	$(BIN)/gunicorn encounters_project.wsgi -c gunicorn.conf.py

## Regenerate openapi.yaml after a change to the API; review the difference.
openapi: $(VENV)/.installed-dev
	$(BIN)/python manage.py spectacular --file openapi.yaml --validate --fail-on-warn
