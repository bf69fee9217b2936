# The two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/lifeskills_test
CHROMIUM ?= /usr/bin/chromium

.PHONY: run serve setup test test-postgres bench deploy-check lint format browser-check gettext-check messages clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

## make run: install, migrate, load the starter curriculum and demo accounts, serve on :8000
run: setup
	@$(PY) manage.py demo_sign_ins
	$(PY) manage.py runserver 127.0.0.1:8000

setup: $(VENV)/.installed messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_starter_curriculum
	$(PY) manage.py load_demo_accounts

## make test: the whole suite (SQLite), browser tests included
test: $(VENV)/.installed browser-check gettext-check messages
	$(BIN)/pytest

## make test-postgres: the same suite on PostgreSQL (DATABASE_URL overrides PG_URL),
## but for the screen-size sweeps (marker screen_geometry), which measure what the
## browser draws and do not depend on the database: `make test` runs them.
test-postgres: $(VENV)/.installed browser-check gettext-check messages
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(BIN)/pytest -m "not screen_geometry"

# The interface catalogues are compiled from their text on every build; the
# committed .mo files serve a machine without GNU gettext.
messages: $(VENV)/.installed
	@if command -v msgfmt >/dev/null; then $(PY) manage.py compilemessages --ignore=.venv -v0; \
	else echo "GNU gettext not installed: using the committed translations (locale/*/*.mo)"; fi

gettext-check:
	@command -v msgattrib >/dev/null || { \
	echo "The catalogue tests need GNU gettext:  sudo apt-get install gettext"; exit 1; }

# Browser tests must run, never skip: stop here with a clear message when no
# Chromium can be found.
browser-check:
	@if [ -x "$${LIFESKILLS_CHROMIUM:-$(CHROMIUM)}" ]; then exit 0; fi; \
	if ls $${PLAYWRIGHT_BROWSERS_PATH:-$$HOME/.cache/ms-playwright}/chromium*/chrome-linux*/chrome >/dev/null 2>&1; then exit 0; fi; \
	echo "No Chromium for the browser tests. Install one of:"; \
	echo "  Debian/Ubuntu:  sudo apt-get install chromium fonts-wqy-microhei fonts-noto-core"; \
	echo "  or Playwright's: $(BIN)/playwright install chromium"; \
	echo "or point LIFESKILLS_CHROMIUM at a Chromium binary."; \
	exit 1

## make bench: a school period against gunicorn on PostgreSQL (BENCH_DATABASE_URL
## overrides the database; BENCH_ARGS, e.g. "--reuse --minutes 3", are passed on).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/lifeskills_bench
$(VENV)/.bench: pyproject.toml | $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[dev,bench]"
	touch $@

bench: $(VENV)/.bench messages
	$(PY) bench/run.py --database $(BENCH_DATABASE_URL) $(BENCH_ARGS)

## make deploy-check: nginx (deploy/nginx) before two gunicorn app servers on loopback,
## sharing a database it creates and drops and a Redis database it empties; an editor's
## publish, children's quizzes while an app server is killed, static files and media.
DEPLOY_CHECK_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/lifeskills_deploycheck
DEPLOY_CHECK_REDIS_URL ?= redis://127.0.0.1:6379/7
DEPLOY_CHECK_PORT ?= 18180
deploy-check: $(VENV)/.installed messages
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { \
	echo "The deploy check needs nginx:  sudo apt-get install nginx"; exit 1; }
	$(PY) deploy/check/run.py --database-url $(DEPLOY_CHECK_DATABASE_URL) \
		--redis-url $(DEPLOY_CHECK_REDIS_URL) --port $(DEPLOY_CHECK_PORT) $(DEPLOY_CHECK_ARGS)

## make restore-drill: seed a small programme on PostgreSQL, back it up, drop the database and
## delete the media, restore into a new database and compare every table and media file
## (deploy/backup/drill.py, deploy/BACKUPS.md). DRILL_DATABASE_URL names the server and the
## base of the databases' names; DRILL_REDIS_URL, if set, checks the restore clears the cache.
.PHONY: restore-drill
# Exported, not written on the command line: make would print a password in it.
restore-drill: export DRILL_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/lifeskills_drill
restore-drill: $(VENV)/.installed
	$(PY) deploy/backup/drill.py

## make lint: ruff, formatting, the app dependency contract, Django checks, migrations
lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=lifeskills.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=lifeskills.settings.test $(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 test-artifacts staticfiles
