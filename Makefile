# Coprod: the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The demo runs on the embedded defaults: SQLite, Celery in-process, email to the console.
DEMO_ENV := DEBUG=1 COPROD_REQUIRE_STAFF_MFA=0

.PHONY: demo test install install-dev browser-deps css css-check lint format check bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/pip install --quiet -c requirements.lock -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -c requirements.lock -e ".[dev]"
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

demo: install
	$(DEMO_ENV) $(BIN)/python manage.py migrate --no-input
	$(DEMO_ENV) $(BIN)/python manage.py seed_demo
	$(DEMO_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

test: install-dev
	$(BIN)/pytest

# Chromium from Debian and axe-core from npm, for the browser tests (needs root on Debian).
browser-deps:
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium libatomic1 fonts-liberation)
	npm ci --no-audit --no-fund --silent

# The stylesheet: static/scss/coprod.scss with GOV.UK Frontend (npm), compiled to
# static/css/coprod.css, and GOV.UK Frontend's script copied beside ours. Both results are
# committed, so `make demo` needs no Node. `make css-check` fails if they are out of date.
SASS := node_modules/.bin/sass --load-path=node_modules --no-source-map --style=compressed --quiet-deps --silence-deprecation=import
GOVUK_JS := node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js

css:
	$(SASS) static/scss/coprod.scss static/css/coprod.css
	cp $(GOVUK_JS) $(GOVUK_JS).map static/js/

css-check:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(SASS) static/scss/coprod.scss "$$tmp/coprod.css" && \
	diff -q "$$tmp/coprod.css" static/css/coprod.css && \
	diff -q $(GOVUK_JS) static/js/govuk-frontend.min.js || \
	{ echo "static/ is out of date: run make css and commit the result" >&2; exit 1; }

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: install-dev
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/mypy coprod network projects reporting

bench: install-dev
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles node_modules
