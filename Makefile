# The entry points: `make run` (serve like production on 127.0.0.1) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1
WEB_CONCURRENCY ?= 3
PIP_FLAGS := --quiet --disable-pip-version-check
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run dev test test-fast check bench eval-reader prepare content clean

# Reinstall only when the pinned dependencies change.
$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "Installing pinned dependencies into $(VENV) ..."
	@$(PY) -m pip install $(PIP_FLAGS) --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
	@$(PY) -m pip install $(PIP_FLAGS) -e '.[test]' 2>&1 | grep -v "^WARNING: Location" ; test $${PIPESTATUS[0]} -eq 0
	@touch $@

# Migrate, collect static files, create groups and (first run only) the demo account, load content.
prepare: $(VENV)/.installed
	@$(PY) manage.py migrate --verbosity 0
	@$(PY) manage.py collectstatic --noinput --verbosity 0
	@$(PY) manage.py setup_clinic --demo
	@$(PY) manage.py load_content
	@$(PY) manage.py prepare_reader

# Production-style: gunicorn, whitenoise, debug off. Plain HTTP on loopback, so no HTTPS redirect here.
run: prepare
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl-C stops)"
	DJANGO_HTTPS=0 $(VENV)/bin/gunicorn aid.wsgi:application --bind $(HOST):$(PORT) \
		--workers $(WEB_CONCURRENCY) --access-logfile - --forwarded-allow-ips 127.0.0.1

# Autoreloading development server with debug on.
dev: prepare
	DJANGO_DEBUG=1 DJANGO_HTTPS=0 $(PY) manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed
	$(PY) -m pytest -q

test-fast: $(VENV)/.installed
	$(PY) -m pytest -q -m "not browser"

check: $(VENV)/.installed
	$(PY) manage.py check_content

bench: $(VENV)/.installed
	$(PY) -m aid.core.bench

eval-reader: $(VENV)/.installed
	$(PY) -m aid.reader.evaluate

clean:
	rm -rf $(VENV) var
