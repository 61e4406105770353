# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_DIR ?= demo

.PHONY: demo test lint typecheck unit install clean bench bench-quick bench-extract browser

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[dev,embeddings]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/realpolitik build examples/corpus -o $(DEMO_DIR)/model.db
	$(BIN)/realpolitik docs --db $(DEMO_DIR)/model.db
	$(BIN)/realpolitik dyads --db $(DEMO_DIR)/model.db
	$(BIN)/realpolitik report --db $(DEMO_DIR)/model.db -o $(DEMO_DIR)/site
	@echo ""
	@echo "model:  $(DEMO_DIR)/model.db"
	@echo "report: $(DEMO_DIR)/site/index.html  (open it in a browser)"
	@echo "try:    $(BIN)/realpolitik serve --db $(DEMO_DIR)/model.db"
	@echo "        $(BIN)/realpolitik dyad CHN IND --db $(DEMO_DIR)/model.db"
	@echo "        $(BIN)/realpolitik ask \"why did the border talks resume?\" --db $(DEMO_DIR)/model.db"

test: $(STAMP) lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts examples
	$(BIN)/ruff format --check src tests bench scripts examples

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP) browser
	$(BIN)/pytest

clean:
	rm -rf $(VENV) $(DEMO_DIR) .pytest_cache .mypy_cache .ruff_cache

# Benchmarks (bench/README.md): ratios against baselines measured in the same run.
bench: $(STAMP)
	$(BIN)/python -m bench.run

bench-quick: $(STAMP)
	@$(BIN)/python -m bench.run --quick

bench-extract: $(STAMP)
	@$(BIN)/python -m bench.bench_extract

# Debian's Chromium for the Playwright browser tests (never `playwright install`).
# Root runs apt-get directly; anyone else through sudo.
browser:
	@if [ -x /usr/bin/chromium ]; then echo "chromium: /usr/bin/chromium"; else \
	  if [ "$$(id -u)" = "0" ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; fi
