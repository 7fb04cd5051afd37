# Two commands on a fresh machine: `make run` (the app with demo data) and `make test` (the suite).
PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
ASSETS := static/vendor/.installed
MESSAGES := locale/.compiled
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test bench lint setup assets browser wrk gettext messages office pdftools

setup: $(STAMP) $(ASSETS) $(MESSAGES)

$(STAMP): requirements.txt requirements-dev.txt constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $(STAMP)

# Front-end libraries from npm at the versions of package-lock.json, copied to static/vendor/
# (git-ignored) and served by whitenoise: no page loads anything from another host.
$(ASSETS): package.json package-lock.json scripts/vendor_assets.sh
	npm ci --no-audit --no-fund --loglevel=error
	sh scripts/vendor_assets.sh
	touch $(ASSETS)

assets: $(ASSETS)

# The interface in Spanish, French and Portuguese: the catalogues (locale/) compiled by gettext's
# msgfmt, installed here when it is missing (root, apt).
gettext:
	@command -v msgfmt >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's gettext for the translation catalogues"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
	  else \
	    echo "msgfmt is missing: install gettext (Debian's gettext package)" >&2; exit 1; \
	  fi; }

$(MESSAGES): $(wildcard locale/*/LC_MESSAGES/*.po) scripts/messages.py | gettext
	$(PYTHON) scripts/messages.py compile
	touch $(MESSAGES)

# After changing marked strings: the catalogues updated (then translate what is new, see README).
messages: $(STAMP) gettext
	$(VPY) scripts/messages.py update

# The browser tests drive Debian's Chromium; installed here when it is missing (root, apt).
browser:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Chromium is missing at $(CHROMIUM): install Debian's chromium package or set CHROMIUM=/path" >&2; exit 1; \
	  fi; }

# The benchmark's load tool: Debian's wrk, installed here when it is missing (root, apt).
wrk:
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's wrk for the benchmark"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else \
	    echo "wrk is missing: install Debian's wrk package" >&2; exit 1; \
	  fi; }

# The workbook tests open every workbook the tracker writes in LibreOffice (tests/support/
# workbooks.py): Debian's libreoffice-calc-nogui, installed here when it is missing (root, apt).
# Never fails the make: without it those tests skip and say how to install it.
office: pdftools
	@command -v soffice >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's libreoffice-calc-nogui for the workbook tests"; \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	      libreoffice-calc-nogui >/dev/null; } || echo "Could not install libreoffice-calc-nogui: the LibreOffice tests will skip" >&2; \
	  else \
	    echo "LibreOffice is missing: the LibreOffice tests will skip (install Debian's libreoffice-calc-nogui)" >&2; \
	  fi; }

# The PDF tests' second opinion (tests/reports/test_pdf_accessibility.py): Debian's qpdf
# (`qpdf --check`) and poppler-utils (`pdfinfo`: "Tagged: yes"), installed the same way; without
# them those two checks are left out and the structure-tree checks still run.
pdftools:
	@{ command -v qpdf >/dev/null && command -v pdfinfo >/dev/null; } || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's qpdf and poppler-utils for the PDF tests"; \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	      qpdf poppler-utils >/dev/null; } || echo "Could not install qpdf and poppler-utils: their checks are left out" >&2; \
	  else \
	    echo "qpdf or pdfinfo is missing: the PDF tests leave their checks out (install qpdf and poppler-utils)" >&2; \
	  fi; }

run: setup
	$(VPY) scripts/devstack.py run

test: setup browser office
	CHROMIUM=$(CHROMIUM) $(VPY) scripts/devstack.py test $(ARGS)

# The tracker at scale (README, Performance): `make bench`, or `make bench ARGS=--quick` (a smoke
# test with small sizes, run by CI). `make bench ARGS=--help` lists the sizes and options.
bench: setup wrk
	$(VPY) scripts/devstack.py bench $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
