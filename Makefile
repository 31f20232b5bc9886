# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint i18n translations venv bench clean screenshot

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

translations: $(STAMP)
	$(BIN)/pybabel compile --domain=motcua --directory=translations --use-fuzzy --statistics 2>&1 | tail -n 4

run: translations
	$(BIN)/motcua-desktop

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools

test: translations lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

# Extract strings, update both catalogues, compile them.
i18n: $(STAMP)
	$(BIN)/pybabel extract --mapping=babel.cfg --keywords=_ --keywords=N_ --keywords=ngettext:1,2 \
		--project=motcua-desktop --msgid-bugs-address=none --sort-by-file --no-wrap \
		--output-file=translations/motcua.pot src
	$(BIN)/pybabel update --domain=motcua --input-file=translations/motcua.pot --output-dir=translations --no-wrap --no-fuzzy-matching
	$(MAKE) translations

bench: translations
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
