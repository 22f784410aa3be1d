# The two commands a newcomer needs: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-services lint browser-deps gettext-deps messages bench-deps bench-pages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e ".[dev]"
	touch $(STAMP)

## Web server, Celery worker and beat (three processes, Ctrl-C stops all) on SQLite and a folder broker, with demo data.
run: $(STAMP) gettext-deps
	mkdir -p var/mail
	$(PY) manage.py catalogues --compile-only --verbosity 0
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo_data
	bin/run-local

## Debian's chromium (never a downloaded browser) and a Chinese font (Noto CJK; Arabic and Cyrillic
## come with DejaVu), axe-core and the Nu HTML Checker (vnu-jar, run
## with the system's java: --ignore-scripts keeps its installer from downloading one), for the tests.
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing: install Debian's chromium package (sudo apt-get install chromium)"; fi; \
	fi
	@if ! fc-list :lang=zh 2>/dev/null | grep -q .; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null; \
	  else echo "no Chinese font (pages in Chinese would show boxes): sudo apt-get install fonts-noto-cjk"; fi; \
	fi
	@if ! command -v java >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	  else echo "java is missing (the HTML checker needs it): sudo apt-get install default-jre-headless"; fi; \
	fi
	@if { [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ]; } \
	  && command -v npm >/dev/null; then npm ci --silent --no-audit --no-fund --ignore-scripts; fi

## GNU gettext, which compiles the translation catalogues (locale/*.po) that pages and emails read.
gettext-deps:
	@if ! command -v msgfmt >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
	  else echo "gettext is missing (translations need msgfmt): sudo apt-get install gettext"; fi; \
	fi

## The catalogues made current with the code's strings (new entries empty, to translate; README, Translations).
messages: $(STAMP) gettext-deps
	$(PY) manage.py catalogues

## Debian's wrk, the load generator of bench/pages.py.
bench-deps:
	@if ! command -v wrk >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else echo "wrk is missing: install Debian's wrk package (sudo apt-get install wrk)"; fi; \
	fi

## Every page on ten times the IGF's data against a bare Django page, on the machine's PostgreSQL
## and Redis (bench/pages.py; BENCH_ARGS="--scale 100" and the like).
bench-pages: $(STAMP) bench-deps
	$(PY) bench/pages.py $(BENCH_ARGS)

## The whole test suite on SQLite, browser tests included.
test: $(STAMP) browser-deps gettext-deps
	$(PY) manage.py catalogues --compile-only --verbosity 0
	$(PY) -m pytest $(PYTEST_ARGS)

## The same suite on PostgreSQL and Redis (CI runs both).
test-services: $(STAMP) browser-deps gettext-deps
	$(PY) manage.py catalogues --compile-only --verbosity 0
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/igfmag} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/15} \
	IGFMAG_REQUIRE_SERVICES=1 $(PY) -m pytest $(PYTEST_ARGS)

## Format and lint (ruff), Django idioms up to date (django-upgrade), imports one way (import-linter).
lint: $(STAMP)
	$(VENV)/bin/ruff format --check --diff .
	$(VENV)/bin/ruff check .
	git ls-files -z '*.py' | xargs -0 $(VENV)/bin/django-upgrade --target-version 5.2
	$(VENV)/bin/lint-imports

clean:
	rm -rf var staticfiles
