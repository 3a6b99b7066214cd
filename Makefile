# 技能政策进度看板 · Skills Policy Progress Dashboard
#   make run    set up and run the app on the bundled demo snapshot (http://localhost:8501)
#   make test   set up and pass every test, browser tests included (installs Chromium if missing)

SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8501
# Debian packages the tests need, one file per purpose in packages/debian/ (browser, documents, servers …):
# `make system` installs whichever are missing.
SYSTEM_PACKAGES := $(shell sed -e 's/\#.*//' packages/debian/*.txt)

.PHONY: run test setup setup-dev system browser lint format bench bench-load bench-records test-faults fuzz cluster cluster-stop demo published provincial clean

run: $(VENV)/.runtime
	$(BIN)/streamlit run app.py --server.port $(PORT)

test: $(VENV)/.dev system
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	REQUIRE_BROWSER=1 $(BIN)/python -m pytest -q -m "not long"

setup: $(VENV)/.runtime
setup-dev: $(VENV)/.dev

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/python -m pip install -q -r requirements-dev.txt
	touch $@

browser: system
system:
	@missing=""; \
	for package in $(SYSTEM_PACKAGES); do dpkg -s $$package >/dev/null 2>&1 || missing="$$missing $$package"; done; \
	if [ -n "$$missing" ]; then \
		sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
		echo "installing:$$missing"; \
		$$sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -q --no-install-recommends $$missing; \
	fi

lint: $(VENV)/.dev
	$(BIN)/ruff format --check . && $(BIN)/ruff check .

format: $(VENV)/.dev
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

bench: $(VENV)/.dev system
	$(BIN)/python -m bench.bench_pages --runs 9
	$(BIN)/python -m bench.bench_views --runs 9
	$(BIN)/python -m bench.bench_upload --runs 9
	$(BIN)/python -m bench.bench_exports --runs 3
	$(BIN)/python -m bench.bench_store --runs 9
	$(BIN)/python -m bench.bench_alerts --runs 7

# The readers fuzzed for longer than `make test` does (random and mutated CSV/xlsx/xls bytes; ~10 min).
fuzz: $(VENV)/.dev system
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-3000} $(BIN)/python -m pytest -q tests/upload/test_fuzz_readers.py

# Every fault test, the long ones too (a replica killed mid-session, a slow client): ~3 min.
test-faults: $(VENV)/.dev system
	REQUIRE_BROWSER=1 $(BIN)/python -m pytest -q tests/faults

# Many users at once through nginx + 2 replicas (~10 min): sessions held, throughput curve against the floor's.
bench-load: $(VENV)/.dev system
	$(BIN)/python -m bench.bench_load

# PostgreSQL + 2 replicas + nginx on loopback (deploy/cluster.py); prints the address. STATE=dir to choose the folder.
cluster: $(VENV)/.runtime system
	$(BIN)/python -m deploy.cluster start $(if $(STATE),--state $(STATE))

cluster-stop:
	$(BIN)/python -m deploy.cluster stop $(if $(STATE),--state $(STATE))

# record-level data in DuckDB (10M and 100M generated records, CSV and Parquet) and PostgreSQL (10M):
# ~1 hour and ~10 GB of scratch space under /tmp (deleted after); not part of `make bench`
bench-records: $(VENV)/.dev system
	$(BIN)/python -m bench.bench_records --sizes 10000000,100000000 --runs 3 --big-runs 1

demo: $(VENV)/.runtime
	$(BIN)/python -m lib.store.demo

published: $(VENV)/.runtime
	$(BIN)/python -m lib.store.published

provincial: $(VENV)/.runtime
	$(BIN)/python -m lib.store.provincial

clean:
	rm -rf $(VENV) artifacts .pytest_cache .ruff_cache
