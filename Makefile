# Two commands matter: `make run` starts the app, `make test` runs every test.
# Both create .venv and install the project into it when needed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean package

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/reflect

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check reflect tests bench packaging
	$(BIN)/ruff format --check reflect tests bench packaging
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m bench

# The one-folder Linux app in dist/reflect/ (docs/packaging.md); packaging/smoke.sh checks it.
PACKAGE_STAMP := $(VENV)/.installed-package

$(PACKAGE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,package]'
	touch $(PACKAGE_STAMP)

package: $(PACKAGE_STAMP)
	$(BIN)/pyinstaller packaging/reflect.spec --noconfirm --clean \
		--distpath dist --workpath build/pyinstaller

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache .mypy_cache
