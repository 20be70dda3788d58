# mstudio-sdkgen. `make help` lists the targets.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SHARED_SPEC := ../shared/specs/mstudio-v2.json
SPEC ?= $(if $(MSTUDIO_SPEC),$(MSTUDIO_SPEC),$(SHARED_SPEC))
OUT ?= build/mstudio
PACKAGE ?= mstudio
EXAMPLES := $(wildcard specs/examples/*.yaml)

.PHONY: help install generate golden check changelog test test-all fuzz lint bench bench-compare clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

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
		rm -rf generated/$$name; $(BIN)/sdkgen generate -q --spec $$spec --out generated/$$name --package $$name || exit $$?; \
	done

check: install ## Exit 1 if generated/ is stale for specs/examples/
	@for spec in $(EXAMPLES); do \
		name=$$(basename $$spec .yaml); \
		$(BIN)/sdkgen generate -q --check --spec $$spec --out generated/$$name --package $$name || exit $$?; \
	done

changelog: install ## API changes from OLD to NEW (default SPEC) as Markdown (FORMAT=json), with the semver bump
	@if [ -z "$(OLD)" ]; then echo "usage: make changelog OLD=old-spec [NEW=new-spec] [FORMAT=json]" >&2; exit 2; fi
	@$(BIN)/sdkgen diff --format "$(or $(FORMAT),markdown)" "$(OLD)" "$(or $(NEW),$(SPEC))" || [ $$? -eq 4 ]

test: install ## Run the test suite (official-spec tests skip unless ../shared/specs or MSTUDIO_SPEC exists)
	$(BIN)/pytest -q -n 2 -m "not slow"

test-all: install ## The test suite plus the slow sweeps
	$(BIN)/pytest -q -n 2

FUZZ_EXAMPLES ?= 400
FUZZ_MUTATIONS ?= 300
fuzz: install ## Long fuzz run: hostile specs (FUZZ_EXAMPLES=400 each) and official-spec mutations (FUZZ_MUTATIONS=300)
	@mkdir -p build && rm -f build/fuzz-report.txt
	@HYPOTHESIS_PROFILE=fuzz SDKGEN_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) SDKGEN_FUZZ_MUTATIONS=$(FUZZ_MUTATIONS) \
		SDKGEN_FUZZ_REPORT=build/fuzz-report.txt $(BIN)/pytest -q -n 2 \
		tests/test_fuzz_specs.py tests/test_fuzz_mutation.py tests/test_injection.py; \
		status=$$?; echo "cases run:"; cat build/fuzz-report.txt 2>/dev/null; exit $$status

lint: install ## mypy --strict on the generator and the runtime
	$(BIN)/mypy --strict generator
	cd templates && ../$(BIN)/mypy --strict runtime

bench: install ## Benchmark against the peers on SPEC, one table (BENCH_RUNS=5; BENCH_ARGS=--write: bench/RESULTS.md)
	cd bench && SPEC="$(abspath $(SPEC))" ../$(BIN)/python run.py $(BENCH_ARGS)

bench-compare: install ## This checkout's generation time and memory against BASE=<rev> (default HEAD~1), side by side
	cd bench && SPEC="$(abspath $(SPEC))" ../$(BIN)/python compare.py --base "$(or $(BASE),HEAD~1)"

clean: ## Remove build output and caches
	rm -rf build .pytest_cache .mypy_cache

.PHONY: soak
soak: install ## Soak the SDK runtime against the mock server with injected faults
	$(BIN)/pytest -q -s -m slow tests/test_soak.py
