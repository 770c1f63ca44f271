# Two commands for users: `make report` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CORPUS ?= iran-missiles-2018
DEFAULT_CORPUS := iran-missiles-2018

.PHONY: report test bench venv clean-reports

venv: $(STAMP)

# Recreated whenever the lock file or the package metadata change.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# The whole study: clears and re-executes the numbered notebooks, rewrites figures.
# On another corpus (CORPUS=NAME) everything goes to reports/NAME/ instead.
report: $(STAMP)
ifeq ($(CORPUS),$(DEFAULT_CORPUS))
	$(BIN)/framing report
else
	$(BIN)/framing run $(CORPUS)
endif

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m bench
