# J&J Therapy back-pain assistant. `make help` lists every target.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
export PYTHONPATH := $(CURDIR)
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL ?= 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export RASA_PORT ?= 5005
export ACTIONS_PORT ?= 5055
export WEB_PORT ?= 8080
export ACTIONS_URL ?= http://localhost:$(ACTIONS_PORT)/webhook
export ACTIONS_SECRET ?=# empty: the per-install secret in var/ (bot/action_auth.py)

TRAINING_INPUTS := config.yml domain.yml $(shell find data -name '*.yml' 2>/dev/null) $(shell find bot/nlu -name '*.py' -o -name '*.yml' 2>/dev/null)
TRAINING_INPUTS += tests/eval/probes.yml $(wildcard tests/eval/blind/round-*/*_probes.yml)  # the semantic reader's measured probe tables
MODEL := models/current.tar.gz
NODE_DEPS := node_modules/.installed

.PHONY: help setup lock lint run rasa actions web train test test-stories validate bench crossval explain eval report purge clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

setup: $(VENV)/.installed $(NODE_DEPS) ## create the Python 3.10 venv, install pinned dependencies and the widget's npm files

$(VENV)/.installed: requirements.txt requirements-nodeps.txt constraints.txt
	@py=""; for p in python3.10 $$HOME/.pyenv/versions/3.10*/bin/python3.10 /usr/local/bin/python3.10 /usr/bin/python3.10; do \
	  if command -v "$$p" >/dev/null 2>&1 && "$$p" -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null; then py="$$p"; break; fi; \
	done; \
	if [ -z "$$py" ]; then echo "Python 3.10 is needed (Rasa 3.6 runs on it) but none was found: install Python 3.10 (e.g. 'pyenv install 3.10') and run make again." >&2; exit 1; fi; \
	echo "Using $$py"; [ -x $(PY) ] || "$$py" -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv==0.13.9
	$(VENV)/bin/uv pip install --python $(PY) -r requirements.txt -c constraints.txt \
	  || $(PY) -m pip install -r requirements.txt -c constraints.txt
	$(VENV)/bin/uv pip install --python $(PY) --no-deps -r requirements-nodeps.txt \
	  || $(PY) -m pip install --no-deps -r requirements-nodeps.txt
	@touch $@

# The chat widget's browser files (Socket.IO client; axe-core for the browser test), pinned by
# package-lock.json and served from node_modules/ by `make web`: no build step, no CDN.
$(NODE_DEPS): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm is needed for the chat widget's files: install Node.js 20 and npm (e.g. 'apt-get install nodejs npm') and run make again." >&2; exit 1; }
	npm ci --no-audit --no-fund
	@touch $@

PLATFORM := --python-version 3.10 --python-platform x86_64-unknown-linux-gnu
lock: $(VENV)/.installed ## regenerate constraints.txt from requirements.txt (current pins kept where they fit; UPGRADE=1 refreshes all)
	$(VENV)/bin/uv pip compile requirements.txt $(PLATFORM) -o constraints.txt $(if $(UPGRADE),--upgrade)

lint: $(VENV)/.installed ## ruff on everything, mypy (strict) on bot/
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

$(MODEL): $(VENV)/.installed $(TRAINING_INPUTS)
	@echo "{\"load_before\": $$(cut -d' ' -f1 /proc/loadavg)," > models.train.tmp; started=$$(date +%s); \
	$(PY) -m bot.nlu.vector_cache --warm & warmer=$$!; \
	$(RASA) train --fixed-model-name next --out models; trained=$$?; \
	kill $$warmer 2>/dev/null; wait $$warmer 2>/dev/null; [ $$trained -eq 0 ] && \
	echo "\"train_seconds\": $$(( $$(date +%s) - started )), \"load_after\": $$(cut -d' ' -f1 /proc/loadavg)}" >> models.train.tmp
	@mv models/next.tar.gz $@  # atomic: a server starting meanwhile never reads half a model
	@mv models.train.tmp models/current.train.json  # how long it took, for make bench

train: $(MODEL) ## train the model if data, domain or config changed

rasa: $(MODEL) ## the Rasa server alone (REST, Socket.IO; HTTP API only with BOT_API_TOKEN; CORS_ORIGINS)
	$(PY) -m bot.server

actions: $(VENV)/.installed ## the action server alone (ACTIONS_HOST, default 127.0.0.1; calls need ACTIONS_SECRET; bot/rasa_fixes.py applied)
	$(PY) -m bot.action_server

web: $(VENV)/.installed $(NODE_DEPS) ## the demo clinic page with the chat widget alone (RASA_PUBLIC_URL)
	$(PY) -m bot.web

run: $(MODEL) $(NODE_DEPS) ## the whole bot: Rasa server, action server and demo page (Ctrl-C stops all)
	@trap 'kill 0' INT TERM EXIT; \
	$(MAKE) --no-print-directory actions & \
	$(MAKE) --no-print-directory web & \
	$(MAKE) --no-print-directory rasa & \
	wait

validate: $(VENV)/.installed ## rasa data validate
	$(PY) .ci/validate_data.py

test: $(VENV)/.installed $(NODE_DEPS) ## every test: lint, data validation, pytest, Rasa test stories, end-to-end (browser too)
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory validate
	$(PY) -m pytest -q tests
	$(MAKE) --no-print-directory test-stories
	@rm -f results/eval-summary.txt
	$(PY) -m pytest -q -m e2e --durations=12 tests/e2e
	@echo "run_eval.py against the live bot:"; cat results/eval-summary.txt

test-stories: $(MODEL) ## the Rasa test stories, failing on any prediction error
	$(RASA) test core --model $(MODEL) --stories tests/stories --fail-on-prediction-errors --out results/stories

bench: $(MODEL) ## latency, throughput, memory and the targets, against a stack it starts (~30 min; BENCH_SMOKE=1: a minute or two, figures mean nothing)
	$(PY) -m tests.bench

explain: $(MODEL) ## why a message was read as it was: rules, contexts, semantic scores and neighbours (TEXT="...")
	@test -n "$$TEXT" || { echo 'usage: make explain TEXT="my legs keep giving way"' >&2; exit 2; }
	@$(PY) -m bot.nlu.explain "$$TEXT"

FOLDS ?= 5
crossval: $(VENV)/.installed ## cross-validated intent F1, FAQ response selection, and the red-flag reader's curve (FOLDS=5, ~15 min)
	$(RASA) test nlu --cross-validation --folds $(FOLDS) --config config.yml --nlu data/nlu \
	  --domain domain.yml --out results/crossval
	@$(PY) -m tests.crossval_summary results/crossval
	$(PY) -m tests.crossval_red_flags --folds $(FOLDS) --json results/crossval/red_flags.json

eval: $(VENV)/.installed ## the simulated patient on our own cases, against a bot started with BOT_API_TOKEN set
	@test -n "$$BOT_API_TOKEN" || { echo "start the bot with BOT_API_TOKEN=... make run, and run make eval with the same token" >&2; exit 2; }
	$(PY) ../shared/eval/run_eval.py --url http://localhost:$(RASA_PORT) --token "$$BOT_API_TOKEN" \
	  --probes tests/eval/probes.yml --vignettes tests/eval/vignettes.yml --out results/eval

report: $(VENV)/.installed ## the clinic's summary of stored assessments
	$(PY) -m bot.report

purge: $(VENV)/.installed ## remove stored data older than DAYS days (make purge DAYS=30)
	@test -n "$(DAYS)" || { echo "usage: make purge DAYS=N" >&2; exit 2; }
	$(PY) -m bot.purge --days $(DAYS)

clean: ## remove trained models and test results (keeps var/ data)
	rm -rf models results test-artifacts
