# Two commands do all set-up on a fresh machine:
#   make dev   installs everything and starts the whole platform on http://localhost:8000
#   make test  installs everything and runs every check
SHELL := /bin/bash
PYTHON ?= python3
# One toolchain, each version declared once: .python-version (local and CI; the Lambda runtime
# stays Python 3.12, cdk/constructs/layers.py) and .nvmrc (Node's line; frontend/package.json's
# engines give its floor). Read by pyenv/nvm and by CI's setup-python/setup-node; refused here
# when older, before anything is installed.
PYTHON_VERSION := $(shell cat .python-version)
NODE_VERSION := $(shell cat .nvmrc)
NODE_FLOOR := $(shell sed -n 's/.*"node": *"[^0-9]*\([0-9][0-9.]*\)".*/\1/p' frontend/package.json)
PYTHON_FOUND := $(shell $(PYTHON) -c 'import platform; print(platform.python_version())' 2>/dev/null)
NODE_FOUND := $(patsubst v%,%,$(shell node --version 2>/dev/null))
at_least = $(shell printf '%s\n' "$(2)" "$(1)" | sort -V -C && echo yes)
ifneq ($(call at_least,$(PYTHON_FOUND),$(PYTHON_VERSION)),yes)
$(error Python $(PYTHON_VERSION) or newer is required (.python-version), but $(PYTHON) is \
	$(or $(PYTHON_FOUND),missing): install it (pyenv install $(PYTHON_VERSION)) or run make \
	PYTHON=/path/to/python$(PYTHON_VERSION))
endif
ifneq ($(NODE_FOUND),)
ifneq ($(call at_least,$(NODE_FOUND),$(NODE_FLOOR)),yes)
$(error Node $(NODE_FLOOR) or newer on the $(NODE_VERSION) line is required (.nvmrc, \
	frontend/package.json engines), but node is $(NODE_FOUND): run nvm install (it reads .nvmrc))
endif
endif
TOOLS := .local/tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
PYTEST := $(VENV)/bin/pytest -p no:cacheprovider
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
export JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION := 1
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 1
STAGE ?= dev
CDK_CLI_VERSION ?= 2.1148.1
CDK_DEPLOY_ARGS ?=
GITHUB_REPOSITORY ?=
CDK := npx --yes aws-cdk@$(CDK_CLI_VERSION)
# Debian packages the tests need: speech for test recordings (espeak-ng; Festival's Russian
# voice) and the browser the end-to-end tests drive (never a browser download).
TEST_PACKAGES := espeak-ng festival festvox-ru chromium
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: asl dev test install test-packages frontend frontend-deps web-test e2e lint typecheck unit integration pipeline infra \
	layers synth deploy deploy-delivery openapi benchmark clean migrate-pii

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==0.13.8

# Installs exactly what uv.lock pins (fails if pyproject.toml and the lock disagree).
install: $(UV)
	$(UV) sync --frozen --python $(PYTHON)

.PHONY: hooks env-example
# Git hooks (.pre-commit-config.yaml): local hooks only, calling the tools pinned in uv.lock
# (.venv) and frontend/package-lock.json (frontend/node_modules); nothing is fetched to run them.
hooks: install frontend-deps
	$(VENV)/bin/pre-commit install

# .env.example and the README's settings table, from the settings' descriptions.
env-example: install
	$(PY) -m functions.settings_documents

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund

frontend-deps: frontend/node_modules/.package-lock.json

# The web app, built into frontend/dist (the local platform serves it on the API's port).
frontend: frontend-deps
	cd frontend && npm run build

web-test: frontend-deps
	cd frontend && npm run typecheck && npm run lint && npm test

# Chromium with a fake camera and microphone fed real speech, against the real local platform.
# Each test file starts its own platform on free ports with its own state; the files run one at
# a time (two at once took 9 min against 15, but under that load the tests' waits time out).
e2e: install test-packages frontend-deps
	cd frontend && npm run e2e

# Installs the missing Debian packages (as root, or through sudo).
test-packages:
	@missing=""; for p in $(TEST_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
		$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

dev: install frontend
	$(PY) -m functions.local

lint: install
	$(VENV)/bin/ruff check functions cdk layers tests benchmarks
	$(VENV)/bin/ruff format --check functions cdk layers tests benchmarks

typecheck: install
	$(VENV)/bin/mypy

unit: install
	$(PYTEST) tests/unit -q

# moto's backends are process-wide: each suite that owns the embedded AWS runs in its own process.
# The long suites run in $(WORKERS) pytest-xdist processes, each with its own embedded AWS (the
# platform is session-scoped: one per process); one process is bound to one core by the GIL.
WORKERS ?= 2
XDIST := -n $(WORKERS)
integration: install test-packages
	$(PYTEST) tests/integration/local -q $(XDIST)
	$(PYTEST) tests/integration/api tests/integration/platform tests/integration/analysis -q \
		--ignore=tests/integration/api/test_contract_fuzz.py $(XDIST)
	$(PYTEST) tests/integration/api/test_contract_fuzz.py -q $(XDIST)
	$(PYTEST) tests/integration/notifications -q
	$(PYTEST) tests/integration/live -q
	$(PYTEST) tests/integration/integrations -q
	$(PYTEST) tests/integration/webhooks -q
	$(PYTEST) tests/integration/analytics -q

# Real FFmpeg and the real offline Whisper model on generated speech, through the real ASL.
pipeline: install test-packages
	$(PYTEST) tests/integration/pipeline -q $(XDIST)

infra: install
	$(PYTEST) tests/infra -q $(XDIST)

test: lint typecheck unit integration pipeline infra web-test e2e

# Lambda layers (dependencies, PyAV, FFmpeg) for arm64, built with pip --platform: no Docker.
layers: install
	$(PY) -m layers

# Seal names and emails written before they were sealed (issue 17); the stage's APP_* settings
# name the table and the KMS key. Idempotent: run it once after deploying, again at will.
migrate-pii: install
	$(PY) -m functions.storage.migrate_pii

synth: install
	$(PY) cdk/app.py stage=$(STAGE)

deploy: install frontend
	$(CDK) deploy --all -c stage=$(STAGE) --concurrency 4 $(CDK_DEPLOY_ARGS)

# Once per account: the role GitHub Actions deploys with, by OIDC (docs/deploy.md).
deploy-delivery: install
	@test -n "$(GITHUB_REPOSITORY)" || { echo "usage: make deploy-delivery GITHUB_REPOSITORY=<org>/<repo>"; exit 2; }
	$(CDK) deploy interviews-delivery -c github_repository=$(GITHUB_REPOSITORY) $(CDK_DEPLOY_ARGS)

benchmark: install test-packages
	$(PY) -m benchmarks.pipeline
	$(PY) -m benchmarks.webhooks
	$(PY) -m benchmarks.scorer
	$(PY) -m benchmarks.coldstart
	$(PY) -m benchmarks.local
	$(PY) -m benchmarks.analytics
	$(PY) -m benchmarks.live

openapi: install
	$(PY) -c "import json; from functions.api.main import app; print(json.dumps(app.openapi(), indent=2))" > docs/openapi.json
	node frontend/scripts/openapi-types.mjs

# The state machines' ASL (statemachines/*.asl.json) is written from cdk/asl_definitions.py.
asl: install
	$(PY) -m cdk.asl_definitions

clean:
	rm -rf $(VENV) $(TOOLS) cdk.out layers/build frontend/node_modules frontend/dist .pytest_cache .mypy_cache .ruff_cache
