# Quick start: `make demo` then `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= newsgraph.duckdb

.PHONY: demo test install clean

$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[model,spark,test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/newsgraph ingest examples/ --db $(DB) --published 2024-03-15
	$(BIN)/newsgraph events --db $(DB)
	$(BIN)/newsgraph clusters --db $(DB) --min-outlets 2
	@echo
	@echo "Next, try:"
	@echo "  $(BIN)/newsgraph events --db $(DB) --actor RUS --format json"
	@echo "  $(BIN)/newsgraph clusters --db $(DB) --contested --format json"
	@echo "  $(BIN)/newsgraph events --db $(DB) --cluster <CLUSTER-ID>"
	@echo "  $(BIN)/newsgraph actor RUS --db $(DB)"
	@echo "  $(BIN)/newsgraph show <ARTICLE-ID> --db $(DB)"
	@echo "  $(BIN)/newsgraph serve --db $(DB)          # the web UI on http://127.0.0.1:8000/"
	@echo "  $(BIN)/newsgraph analyze examples/caracas-asylum.txt --published 2024-03-15"
	@echo "  $(BIN)/newsgraph export --db $(DB) --format csv -o events.csv"

# The browser tests drive Debian's chromium (never a browser that Playwright downloads).
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

$(CHROMIUM):
	$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium \
	  || { [ -z "$$CI" ] && echo "could not install chromium: the browser tests will skip"; }

test: $(STAMP) $(CHROMIUM)
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) $(DB) build dist src/*.egg-info
