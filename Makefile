# Two commands on a fresh machine: `make run` (local stack) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed
AXE_VERSION := 4.14.1
AXE := $(VENV)/node/node_modules/axe-core/axe.min.js
# Debian packages, each with a file that shows it is there: the extraction tests embed a real CJK TrueType
# font (fpdf2); the page tests drive Chromium (Playwright), which needs CJK fonts to draw Chinese.
DEBS := fonts-wqy-zenhei:/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc chromium:/usr/bin/chromium \
        fonts-noto-cjk:/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

.PHONY: install run test screenshots demo bench package lint clean system-deps

install: $(STAMP) $(AXE) system-deps

$(STAMP): requirements.txt requirements-ocr.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

# axe-core (accessibility rules) is injected into pages by tests/web; npm keeps it inside the venv.
$(AXE): Makefile | $(STAMP)
	npm install --prefix $(VENV)/node --silent --no-audit --no-fund axe-core@$(AXE_VERSION)
	touch $@

# Playwright's own browser download cannot work here (`playwright install` is never run): Debian's chromium.
system-deps:
	@missing=$$(for d in $(DEBS); do test -e "$${d#*:}" || echo "$${d%%:*}"; done); \
	if [ -n "$$missing" ]; then echo "installing" $$missing "(apt-get)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi

run: install
	PORT=$(PORT) $(PY) -m chalicelib.localstack

test: install lint
	$(PY) -m pytest -q -n 2 --timeout 600

# pyflakes, pycodestyle, bugbear and import order (ruff.toml); make test runs it first
lint: install
	$(VENV)/bin/ruff check .

# Every page and document as pictures in out/screenshots/, for a person to look at.
screenshots: install
	SUTIAO_SCREENSHOTS=1 $(PY) -m pytest -q -n 0 tests/web/test_looks.py tests/web/test_admin_cases.py \
		tests/web/test_admin_case_actions.py tests/web/test_admin_roster.py tests/web/test_admin_reports_charts.py \
		tests/web/test_court_console.py

demo: install
	$(PY) -m chalicelib.localstack.demo

bench: install
	$(PY) bench/extraction.py
	$(PY) bench/ocr.py
	$(PY) bench/pipeline.py
	$(PY) bench/request_limits.py
	$(PY) bench/login.py
	$(PY) bench/integrity.py
	$(PY) bench/reports.py

# chalice package + infra/resources.yaml, with templates/ in the zip and requirements in a layer
package: install
	$(PY) infra/package.py --stage prod build/package

clean:
	rm -rf $(VENV) build .pytest_cache
