# Two commands for users: `make report` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
KERNEL := framing
CORPUS ?= iran-missiles-2018
DEFAULT_CORPUS := iran-missiles-2018

.PHONY: report test bench venv clean-reports

venv: $(STAMP)

# Recreated whenever the lock file or the package metadata change. The project's
# Jupyter kernel ("Python (framing)") is registered inside .venv (--sys-prefix), so
# JupyterLab or VS Code started from anywhere can run the notebooks with this Python.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (framing)" > /dev/null
	touch $(STAMP)

# Test-only tools (pytest, hypothesis, selenium) have their own lock, installed for `make test` only.
$(TEST_STAMP): $(STAMP) requirements-test.lock
	$(BIN)/python -m pip install --quiet -r requirements-test.lock
	touch $(TEST_STAMP)

# The whole study: clears and re-executes the numbered notebooks, rewrites figures.
# On another corpus (CORPUS=NAME) everything goes to reports/NAME/ instead.
report: $(STAMP)
ifeq ($(CORPUS),$(DEFAULT_CORPUS))
	$(BIN)/framing report
else
	$(BIN)/framing run $(CORPUS)
endif

# Two pytest-xdist workers (most tests keep one core busy), each test module whole on one
# worker; tests/conftest.py starts the modules with slow tests first.
test: $(TEST_STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder

bench: $(STAMP)
	$(BIN)/python -m bench
