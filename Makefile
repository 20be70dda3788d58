# mstudio-sdkgen. `make help` lists the targets.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SHARED_SPEC := ../shared/specs/mstudio-v2.json
SPEC ?= $(if $(MSTUDIO_SPEC),$(MSTUDIO_SPEC),$(SHARED_SPEC))
OUT ?= build/mstudio
PACKAGE ?= mstudio
EXAMPLES := $(wildcard specs/examples/*.yaml)

.PHONY: help install generate golden check test test-all lint clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(BIN)/sdkgen: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

install: $(BIN)/sdkgen ## Create .venv and install the generator with its test tools

generate: install golden ## Generate the SDK from the official spec (SPEC=path-or-url, OUT=folder) and the examples
	@if [ -f "$(SPEC)" ] || echo "$(SPEC)" | grep -qE '^https?://'; then \
		$(BIN)/sdkgen generate --spec "$(SPEC)" --out "$(OUT)" --package "$(PACKAGE)"; \
	else \
		echo "no official spec at $(SPEC): set SPEC=path-or-url or MSTUDIO_SPEC (the bundled examples were generated)"; \
	fi

golden: install ## Regenerate generated/<example>/ from specs/examples/ (the golden record the tests compare)
	@for spec in $(EXAMPLES); do \
		name=$$(basename $$spec .yaml); \
		$(BIN)/sdkgen generate -q --spec $$spec --out generated/$$name --package $$name || exit $$?; \
	done

check: install ## Exit 1 if generated/ is stale for specs/examples/
	@for spec in $(EXAMPLES); do \
		name=$$(basename $$spec .yaml); \
		$(BIN)/sdkgen generate -q --check --spec $$spec --out generated/$$name --package $$name || exit $$?; \
	done

test: install ## Run the test suite (official-spec tests skip unless ../shared/specs or MSTUDIO_SPEC exists)
	$(BIN)/pytest -q -n 2 -m "not slow"

test-all: install ## The test suite plus the slow sweeps
	$(BIN)/pytest -q -n 2

lint: install ## mypy --strict on the generator and the runtime
	$(BIN)/mypy --strict generator
	cd templates && ../$(BIN)/mypy --strict runtime

clean: ## Remove build output and caches
	rm -rf build .pytest_cache .mypy_cache
