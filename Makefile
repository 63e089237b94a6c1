# Muster: `make run` serves a seeded site; `make test` runs the whole suite.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python

# The first Python >= 3.12 on PATH (Django 6 needs it). pyenv shims for versions
# that are not selected fail the check and are skipped.
FIND_PYTHON := for p in python3.14 python3.13 python3.12 python3 python; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; \
	then echo $$p; break; fi; done

.PHONY: help install install-dev run test lint bench-pages worker clean

help:
	@echo "make run    - set up and serve a seeded site on http://127.0.0.1:$(PORT) with the task worker"
	@echo "make test   - set up and run the whole test suite (DATABASE_URL selects PostgreSQL)"
	@echo "make lint   - ruff and hadolint"

$(PY):
	@python="$$($(FIND_PYTHON))"; \
	if [ -z "$$python" ]; then \
		echo "Muster needs Python 3.12 or newer. Found: $$(python3 --version 2>&1 || echo 'no python3')." >&2; \
		echo "Install Python 3.12+ (with pyenv: 'pyenv install 3.12'; .python-version selects it)." >&2; \
		exit 1; \
	fi; \
	echo "Creating $(VENV) with $$python ($$($$python --version))"; \
	$$python -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(PY) requirements.txt
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@echo
	@echo "  Site:   http://127.0.0.1:$(PORT)/"
	@echo "  Admin:  http://127.0.0.1:$(PORT)/admin/"
	@$(PY) manage.py demo_admin_account
	@echo "  Ctrl-C stops the web server and the task worker."
	@echo
	@# The trap clears itself first: kill 0 signals this shell too, and re-entering the trap recursed until bash crashed.
	@trap 'trap - INT TERM EXIT; kill 0' INT TERM EXIT; \
	$(PY) manage.py db_worker & \
	$(PY) manage.py runserver --noreload 127.0.0.1:$(PORT)

worker: install
	$(PY) manage.py db_worker

test: install-dev
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/hadolint Dockerfile

bench-pages: install-dev
	$(PY) bench/pages.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
