# Two commands for a newcomer: `make demo` and `make test`. Both install what they need.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
UIT    := 000_75b6be4361b74030
export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export STREAMLIT_BROWSER_GATHER_USAGE_STATS := false
# llama-cpp-python compiles llama.cpp on install. By default it builds for the build machine's
# CPU (-march=native), which on a VM with AMX crashed in ggml's AMX kernels, and a wheel cached on
# one machine may not run on another. Build for x86-64-v3 (AVX2/FMA) instead, and keep pip's
# cache for these builds apart, so a native wheel cached earlier is never reused.
ifeq ($(shell uname -m),x86_64)
export CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON
export PIP_CACHE_DIR ?= $(HOME)/.cache/pip-jobsum-x86-64-v3
endif

.PHONY: install demo app lint format test test-fast lock record bench bench-scale chaos clean

$(BIN)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

install: $(BIN)/.installed

demo: install
	$(BIN)/jobsum ingest data/postings
	$(BIN)/jobsum list
	$(BIN)/jobsum search "Can I apply before finishing my master's degree?" --posting $(UIT) -k 3
	$(BIN)/jobsum ask "Can I apply before finishing my master's degree?" --posting $(UIT)
	$(BIN)/jobsum ask "What is the application deadline?" --posting $(UIT)
	$(BIN)/jobsum card $(UIT)

# The chat app on the default index (JOBSUM_INDEX_DIR or data/index) at http://localhost:8501;
# with no index yet it offers to ingest the sample postings.
app: install
	$(BIN)/streamlit run app.py

# ruff checks the lint rules and the formatting configured in pyproject.toml; `make format` fixes both
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: install lint
	$(BIN)/python -m pytest

test-fast: install lint
	$(BIN)/python -m pytest -m "not slow"

# Re-resolve requirements.lock (hashes included) after changing pyproject.toml.
lock:
	test -x .lockenv/bin/uv || ($(PYTHON) -m venv .lockenv && .lockenv/bin/pip install --quiet uv)
	.lockenv/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 \
	  --python-platform x86_64-manylinux_2_28 --generate-hashes -o requirements.lock

# Re-record the HTTP cassettes against JOBSUM_MODEL (default: the local model served on loopback).
record: install
	$(BIN)/python -m pytest tests -m vcr --record-mode=rewrite

bench: install
	OMP_NUM_THREADS=1 $(BIN)/python bench/ingest_retrieval.py

# 1k, 2.5k and all 9,952 EURAXESS postings, embedded and (2.5k) against `chroma run`: about two
# hours of e5 on 2 cores. One table; JSON in bench/results/scale.json.
bench-scale: install
	OMP_NUM_THREADS=1 $(BIN)/python bench/scale.py

# kill -9 ingest/update/remove at random moments, check what readers see and what recovery leaves
chaos: install
	$(BIN)/python bench/chaos.py

# The full evaluation with the offline defaults on dev and dev2 together (figures per dataset,
# source and language, and pooled); dev2's held-out slice (eval/dev2_holdout.txt) is scored as
# slice=holdout and never listed item by item. Reports in eval/results/<kind>/report.html.
DEV := ../shared/eval
EVAL_POSTINGS := --postings $(DEV)/postings_dev.jsonl ../shared/seeds $(DEV)/postings_dev2.jsonl --holdout eval/dev2_holdout.txt
eval: install
	$(BIN)/jobsum eval retrieval $(DEV)/qa_dev.jsonl $(DEV)/qa_dev2.jsonl $(EVAL_POSTINGS) --out eval/results/retrieval.jsonl --report eval/results/retrieval
	$(BIN)/jobsum eval cards $(DEV)/cards_dev.jsonl $(DEV)/cards_dev2.jsonl $(EVAL_POSTINGS) --out eval/results/cards.jsonl --report eval/results/cards
	$(BIN)/jobsum eval judge ../shared/faithfulness/judge_dev.jsonl --out eval/results/judge.jsonl --report eval/results/judge
	$(BIN)/jobsum eval qa $(DEV)/qa_dev.jsonl $(DEV)/qa_dev2.jsonl $(EVAL_POSTINGS) --out eval/results/qa.jsonl --report eval/results/qa

# The CI regression gate (also run by `make test` as tests/evaluation/test_regression_gate.py).
eval-ci: install
	$(BIN)/python eval/gate.py --report eval/results/gate

clean:
	rm -rf data/index .pytest_cache
