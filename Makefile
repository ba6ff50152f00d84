# Coprod: the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The demo runs as a deployment does, with DEBUG off, on the embedded defaults: SQLite,
# Celery in-process, email to the console. Its secret key is made once into .env
# (git-ignored); WhiteNoise serves the collected static files over plain http.
DEMO_ENV := set -a && . ./.env && set +a && DEBUG=0 ALLOWED_HOSTS=localhost,127.0.0.1,[::1] \
	SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 COPROD_REQUIRE_STAFF_MFA=0 \
	SITE_URL=http://127.0.0.1:$(PORT)
# Tools that load the settings outside a deployment (migrations check, mypy) use DEBUG.
DEV_ENV := DEBUG=1
# The locks: every package pinned with its hashes, for Python 3.11 and later on any platform.
LOCK := $(BIN)/uv pip compile pyproject.toml --quiet --generate-hashes --universal \
	--python-version 3.11 --custom-compile-command "make lock"

.PHONY: demo test install install-dev lock browser-deps css css-check lint format check bench backup restore clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements/base.txt pyproject.toml
	$(BIN)/pip install --quiet --require-hashes -r requirements/base.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: $(BIN)/python requirements/dev.txt pyproject.toml
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# After changing pyproject.toml's dependencies: keeps every other pin, adds what is new.
# `make lock LOCK_FLAGS=--upgrade` moves every package to its newest allowed release.
lock: install-dev
	$(LOCK) $(LOCK_FLAGS) -o requirements/base.txt
	$(LOCK) $(LOCK_FLAGS) --extra dev -c requirements/base.txt -o requirements/dev.txt

demo: install
	@grep -qs '^SECRET_KEY=' .env || (umask 077 && $(BIN)/python -c \
		'import secrets; print("SECRET_KEY=" + secrets.token_urlsafe(50))' >> .env)
	$(DEMO_ENV) $(BIN)/python manage.py migrate --no-input
	$(DEMO_ENV) $(BIN)/python manage.py seed_demo
	$(DEMO_ENV) $(BIN)/python manage.py seed_projects
	$(DEMO_ENV) $(BIN)/python manage.py seed_plan
	$(DEMO_ENV) $(BIN)/python manage.py collectstatic --no-input --verbosity 0
	$(DEMO_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

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
	$(BIN)/lint-imports

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: install-dev
	$(DEV_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(DEV_ENV) $(BIN)/mypy coprod network projects reporting

bench: install-dev
	$(BIN)/python bench/run.py

# The database named by DATABASE_URL (or the demo's SQLite file) to one file, and back.
# `make backup` writes backups/coprod-<time>.backup; `make restore FILE=...` replaces the
# database's contents with that backup, after asking.
backup: install
	$(BIN)/python manage.py backup_database

restore: install
	$(BIN)/python manage.py restore_database $(FILE)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles node_modules
