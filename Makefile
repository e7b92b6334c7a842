# ipscrm: `make run` to try it, `make test` to test it. Both create .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PLUGIN_DIRS := $(sort $(dir $(wildcard plugins/*/setup.cfg)))
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run test test-safe install lint format translations bench clean

$(STAMP): setup.cfg pyproject.toml $(wildcard plugins/*/setup.cfg)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "ipscrm needs Python 3.11 or newer; this is " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,postgres]' $(foreach d,$(PLUGIN_DIRS),-e $(d))
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/ipscrm db upgrade
	@$(BIN)/ipscrm demo --if-empty
	@echo "ipscrm is served on http://$(HOST):$(PORT)/ (stop with Ctrl+C)"
	$(BIN)/ipscrm run --host $(HOST) --port $(PORT)

test: install
	$(BIN)/python -m pytest

# The same suite in safe mode: no plugin runs (plugin tests skip themselves).
test-safe: install
	IPSCRM_SAFE_MODE=true $(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .

format: install
	$(BIN)/ruff format .

translations: install
	$(BIN)/python tools/i18n.py update
	$(BIN)/python tools/i18n.py missing || true
	$(BIN)/python tools/i18n.py compile

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
