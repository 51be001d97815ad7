# Talenta developer and CI commands. Everything runs from .venv/bin, so a fresh shell needs no
# `source .venv/bin/activate`. See docs/operations.md for the run modes behind `demo` and `test`.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Reinstall only when a requirements file changes (the stamp is older than it).
VENV_STAMP := $(VENV)/.requirements-installed
PORT ?= 8000

# `check --deploy` needs production settings and their required variables. These values are dummies
# that only have to pass Django's checks (a secret of >= 50 varied characters, a real-looking host).
DEPLOY_CHECK_ENV := DJANGO_SETTINGS_MODULE=talenta.settings.production \
	DJANGO_SECRET_KEY=9Ag88gErIDO5piqk9kZK05BZQC3Nu1mgUi1ozLnxaRKVgQtycjr3glMfa1dB \
	DJANGO_ALLOWED_HOSTS=talenta.example.go.id
TEST_SETTINGS := DJANGO_SETTINGS_MODULE=talenta.settings.test

# pytest runs in two passes. The bulk runs in parallel (pytest-xdist, one test database per xdist
# worker). Tests marked `worker` start a real Celery worker on the shared Redis queues; two of those
# at once (one per xdist worker) would take each other's tasks, which are bound to the other test
# database, so they run afterwards, serially. A pass that collects no test fails (pytest's exit
# code 5), so a typo in a marker or a path cannot pass silently.
# `make test PYTEST_XDIST=` runs everything serially; PYTEST_ARGS adds options to both passes.
PYTEST_XDIST ?= -n 2
PYTEST_ARGS ?=

.PHONY: help venv system-packages demo test test-embedded-worker check-all lint format messages clean backup restore

help:
	@echo "make venv      create .venv (python3) and install requirements-dev.txt when they change"
	@echo "make demo      embedded PostgreSQL + Redis, migrate, seed, web + Celery worker + beat (PORT=$(PORT))"
	@echo "make test      all checks and the test suite (DATABASE_URL/REDIS_URL if both set, else embedded)"
	@echo "make test-embedded-worker  the worker tests on embedded PostgreSQL + Redis, whatever the environment"
	@echo "make lint      ruff check + ruff format --check"
	@echo "make format    ruff format + ruff check --fix"
	@echo "make messages  refresh the English catalog from the (Indonesian) source strings + compile"
	@echo "make backup   database (pg_dump) + media + manifest into var/backups/ (BACKUP_DIR=...)"
	@echo "make restore ARCHIVE=...  into a fresh database + media dir (RESTORE_ARGS=\"--database-url ... --force\")"
	@echo "make clean     stop leftover embedded servers and DELETE var/ (demo database, media, logs)"

venv: $(VENV_STAMP)

$(VENV_STAMP): requirements.txt requirements-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check --quiet -r requirements-dev.txt
	@touch $@

# Debian packages (PDF stack, Chromium, ...): installed when run as root on Debian, else stops with
# the command to run. Listed once in scripts/system_packages.sh, which .ci/run uses too. The demo
# needs no browser: its target narrows the groups (a target variable reaches its prerequisites).
SYSTEM_PACKAGE_GROUPS := runtime test
system-packages:
	@scripts/system_packages.sh $(SYSTEM_PACKAGE_GROUPS)

demo: SYSTEM_PACKAGE_GROUPS := runtime
demo: system-packages venv
	$(BIN)/python -m devserver.embedded demo --port $(PORT)

test: system-packages venv
	$(BIN)/python -m devserver.embedded run -- $(MAKE) --no-print-directory check-all

# The worker pass in the embedded run mode even where DATABASE_URL/REDIS_URL are set (.ci/run runs it
# after `make test`, which used its services): the real worker must reach the embedded servers too.
test-embedded-worker: system-packages venv
	env -u DATABASE_URL -u REDIS_URL $(BIN)/python -m devserver.embedded run -- \
		env $(TEST_SETTINGS) $(BIN)/pytest -m worker $(PYTEST_ARGS)

# Internal: expects DATABASE_URL and REDIS_URL in the environment (`make test` provides them).
check-all:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(TEST_SETTINGS) $(BIN)/python manage.py makemigrations --check --dry-run
	@mkdir -p var
	$(TEST_SETTINGS) $(BIN)/python manage.py spectacular --validate --fail-on-warn --file var/schema.yml
	$(DEPLOY_CHECK_ENV) $(BIN)/python manage.py check --deploy --fail-level WARNING
	$(BIN)/python scripts/check_compose.py
	$(TEST_SETTINGS) $(BIN)/pytest $(PYTEST_XDIST) -m "not worker" $(PYTEST_ARGS)
	$(TEST_SETTINGS) $(BIN)/pytest -m worker $(PYTEST_ARGS)

# Backup and restore (docs/operations.md, "Backup and restore"): the database of DATABASE_URL, else
# the embedded one (the running `make demo`'s through var/embedded.env, or started for the run).
BACKUP_DIR ?=
RESTORE_ARGS ?=
MANAGE_WITH_SERVICES = if [ -n "$$DATABASE_URL" ] || [ -f var/embedded.env ]; then $(BIN)/python manage.py $(1); \
	else $(BIN)/python -m devserver.embedded run -- $(BIN)/python manage.py $(1); fi

backup: venv
	@$(call MANAGE_WITH_SERVICES,backup $(BACKUP_DIR))

restore: venv
	@test -n "$(ARCHIVE)" || { echo "usage: make restore ARCHIVE=var/backups/talenta-backup-....tar [RESTORE_ARGS=...]"; exit 2; }
	@$(call MANAGE_WITH_SERVICES,restore $(ARCHIVE) $(RESTORE_ARGS))

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Source strings are Bahasa Indonesia; only English needs a catalog. Keep these flags in step with
# tests/test_i18n.py, which fails when the committed catalog is behind the code.
messages: venv
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=tests --ignore=bench --no-obsolete
	$(BIN)/python manage.py compilemessages -l en --ignore=.venv

# A dev convenience that asks nothing: deletes var/ (embedded PostgreSQL data, Redis dir, uploaded
# media under var/media, beat schedule, logs). Refuses while `make demo`/`make test` is running.
clean:
	@if [ -x $(BIN)/python ]; then $(BIN)/python -m devserver.embedded clean; else rm -rf var; fi
