# Two commands on a fresh machine: `make run` (local stack) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed
FONT := /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc

.PHONY: install run test demo bench package lint clean system-deps

install: $(STAMP) system-deps

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

# The extraction tests embed a real CJK TrueType font (fpdf2); Debian ships it.
system-deps:
	@test -f $(FONT) || { echo "installing fonts-wqy-zenhei (apt-get)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-zenhei >/dev/null) \
	  || echo "warning: fonts-wqy-zenhei unavailable; embedded-font tests will be skipped"; }

run: install
	PORT=$(PORT) $(PY) -m chalicelib.localstack

test: install
	$(PY) -m pytest -q -n 2 --timeout 600

demo: install
	$(PY) -m chalicelib.localstack.demo

bench: install
	$(PY) bench/extraction.py
	$(PY) bench/pipeline.py
	$(PY) bench/request_limits.py

# chalice package + infra/resources.yaml, with templates/ in the zip and requirements in a layer
package: install
	$(PY) infra/package.py --stage prod build/package

clean:
	rm -rf $(VENV) build .pytest_cache
