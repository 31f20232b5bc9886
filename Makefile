# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint i18n translations venv bench clean screenshot package installer

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

# A one-folder bundle (dist/motcua-desktop: motcua-desktop + motcua) built for this machine,
# then smoke-tested. See packaging/README.md.
PACKAGE_STAMP := $(VENV)/.package-installed
APP_VERSION = $(shell $(BIN)/python -c 'from motcua_desktop import __version__; print(__version__)')

$(PACKAGE_STAMP): $(STAMP)
	$(BIN)/python -c 'import PyInstaller' 2>/dev/null || $(BIN)/python -m pip install --quiet -e '.[dev,package]'
	touch $(PACKAGE_STAMP)

build/icons/motcua-desktop.ico: resources/icons/app.svg packaging/make_icons.py $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python packaging/make_icons.py build/icons

package: translations $(PACKAGE_STAMP) build/icons/motcua-desktop.ico
	$(BIN)/python -m PyInstaller --noconfirm --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/motcua-desktop.spec
	$(BIN)/python packaging/smoke_test.py dist/motcua-desktop

# The Windows installer, compiled with makensis (also on Linux). Its payload is the Windows
# bundle when dist/ holds one, else packaging/windows/placeholder (CI checks the script).
installer: $(STAMP) build/icons/motcua-desktop.ico
	@payload=dist/motcua-desktop; test -f $$payload/motcua-desktop.exe || payload=packaging/windows/placeholder; \
	echo "installer payload: $$payload"; mkdir -p dist; \
	makensis -V2 -INPUTCHARSET UTF8 -DVERSION=$(APP_VERSION) -DPAYLOAD="$(CURDIR)/$$payload" \
		-DICON="$(CURDIR)/build/icons/motcua-desktop.ico" \
		-DOUTFILE="$(CURDIR)/dist/MotCua-Desktop-Setup-$(APP_VERSION).exe" packaging/windows/motcua.nsi
	@ls -l dist/MotCua-Desktop-Setup-$(APP_VERSION).exe

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
