# Every target installs what it needs into .venv first; `make run` and `make test` work on a
# fresh machine with only Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SHARED ?= ../shared
OUT := out

.PHONY: install run test lint typecheck eval eval-textonly bench bench-dask bench-dates golden clean test-cluster

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: install  ## build and print the chronology of the embedded sample corpus
	$(BIN)/timeline build data/seeds

lint: install
	$(BIN)/ruff check timeline tests scripts
	$(BIN)/ruff format --check timeline tests scripts

typecheck: install
	$(BIN)/mypy timeline

test: lint typecheck  ## ruff, mypy and the whole test suite (the slow end-to-end tests too)
	$(BIN)/python -m pytest -q

eval: install  ## build the sample corpus and score it against its gold chronology
	@mkdir -p $(OUT)
	$(BIN)/timeline build data/seeds --format yaml -o $(OUT)/seeds.yaml
	$(BIN)/timeline eval data/seeds.gold.yaml $(OUT)/seeds.yaml

eval-textonly: install  ## the same without the manifest: document dates from the text only
	@rm -rf $(OUT)/seeds-textonly && mkdir -p $(OUT)/seeds-textonly
	cp data/seeds/*.txt $(OUT)/seeds-textonly/
	$(BIN)/timeline build $(OUT)/seeds-textonly --format yaml -o $(OUT)/seeds-textonly.yaml
	$(BIN)/timeline eval data/seeds.gold.yaml $(OUT)/seeds-textonly.yaml

bench: install  ## throughput against bare spaCy, warm rebuilds, jobs, memory, merge; out/bench.json
	$(BIN)/python scripts/bench.py --shared $(SHARED) --out $(OUT)/bench.json

bench-dask: install  ## Dask overhead (--scheduler local vs --jobs 2), partitioned merge at 100k-1M; out/bench-dask.json
	$(BIN)/python scripts/bench_dask.py --shared $(SHARED) --out $(OUT)/bench-dask.json

test-cluster: install  ## only the cluster build's and the partitioned merge's tests
	$(BIN)/python -m pytest -q tests/test_cluster.py tests/test_merge_partition.py

golden: install  ## rebuild the chronology snapshot of the sample corpus and every renderer's golden file
	$(BIN)/timeline build data/seeds --quiet --format yaml -o tests/golden/seeds.timeline.yaml
	$(BIN)/python scripts/make_golden.py

clean:
	rm -rf $(OUT) .pytest_cache .ruff_cache .mypy_cache

bench-dates: install  ## score the temporal tagger and the naive baseline on WikiWars (TempEval-3 rules)
	@mkdir -p $(OUT)
	$(BIN)/python scripts/bench_dates.py $(SHARED)/eval/wikiwars-train --json $(OUT)/bench-dates.json
