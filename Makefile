# Two entry points for a fresh machine: `make serve` and `make test`.
# Each creates its own virtualenv in .venv and installs what it needs.

VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
# Material and a plugin print an MkDocs 2.0 notice on every build unless told not to.
# Set here only: CI, the Pages workflow and the tests all run through these targets.
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: serve build test lint permalinks bench clean

$(VENV)/.site: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.site
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

serve: $(VENV)/.site  ## build and serve the site on http://127.0.0.1:8000/, rebuilding on every change
	SITE_URL=http://127.0.0.1:8000/ $(PY) -m mkdocs serve --strict --dev-addr 127.0.0.1:8000

build: $(VENV)/.site  ## strict build into site/
	$(PY) -m mkdocs build --strict

test: $(VENV)/.dev  ## every test: ruff, unit, strict build, HTML and headless Chromium
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest -n 3 --dist loadfile

lint: $(VENV)/.dev  ## editorial rules and doc examples on every page
	$(PY) -m handbook.lint

permalinks: $(VENV)/.site  ## record newly published question ids
	$(PY) -m handbook.permalinks

bench: $(VENV)/.dev  ## build, size and search benchmark (prints figures)
	$(PY) benchmarks/build.py

clean:
	rm -rf site .pytest_cache
