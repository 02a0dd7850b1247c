# Two commands do all set-up on a fresh machine:
#   make dev   installs everything and starts the whole platform on http://localhost:8000
#   make test  installs everything and runs every check
SHELL := /bin/bash
PYTHON ?= python3
TOOLS := .local/tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
PYTEST := $(VENV)/bin/pytest -p no:cacheprovider
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
export JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION := 1

.PHONY: dev test install frontend lint typecheck unit integration infra synth openapi clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==0.13.8

# Installs exactly what uv.lock pins (fails if pyproject.toml and the lock disagree).
install: $(UV)
	$(UV) sync --frozen --python $(PYTHON)

# Builds the web app when there is one (it arrives with the frontend issue).
frontend:
	@if [ -f frontend/package.json ]; then cd frontend && npm ci --no-audit --no-fund && npm run build; \
	else echo "frontend/: nothing to build yet"; fi

dev: install frontend
	$(PY) -m functions.local

lint: install
	$(VENV)/bin/ruff check functions cdk tests
	$(VENV)/bin/ruff format --check functions cdk tests

typecheck: install
	$(VENV)/bin/mypy

unit: install
	$(PYTEST) tests/unit -q

# moto's backends are process-wide: each suite that owns the embedded AWS runs in its own process.
integration: install
	$(PYTEST) tests/integration/local -q
	$(PYTEST) tests/integration/api tests/integration/platform tests/integration/analysis -q

infra: install
	$(PYTEST) tests/infra -q

test: lint typecheck unit integration infra

synth: install
	$(PY) cdk/app.py

openapi: install
	$(PY) -c "import json; from functions.api.main import app; print(json.dumps(app.openapi(), indent=2))" > docs/openapi.json

clean:
	rm -rf $(VENV) $(TOOLS) cdk.out .pytest_cache .mypy_cache .ruff_cache
