# Two commands on a fresh machine: `make run` (the app with demo data) and `make test` (the suite).
PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint setup

setup: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $(STAMP)

run: $(STAMP)
	$(VPY) scripts/devstack.py run

test: $(STAMP)
	$(VPY) scripts/devstack.py test $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
