"""The API's Lambda module imports no pipeline code: media, the AI providers' SDKs and models,
and the adapters that pull them are loaded by the functions that process answers, never by an
API cold start (issue 18; the time it takes is measured by `python -m benchmarks.coldstart`).
Nor does it import PynamoDB or botocore: the first request that reads the table loads them.
Each check imports in a fresh interpreter, so nothing another test imported can hide a leak."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

API_MODULE = "functions.api.main"

# Third-party packages of the pipeline (video, audio, models, the Groq SDK) and our modules
# that import them. The X-Ray SDK, boto3 and the Stripe SDK are loaded at request time, on
# first use.
PIPELINE_PACKAGES = ("av", "numpy", "faster_whisper", "ctranslate2", "groq")
PIPELINE_MODULES = (
    "functions.media",
    "functions.analysis.groq",
    "functions.analysis.offline",
    "functions.transcription.groq",
    "functions.transcription.local",
)
LAZY_PACKAGES = ("aws_xray_sdk", "boto3", "pynamodb", "stripe")
# pydantic-settings loads every configuration source it has (CLI, dotenv, TOML, YAML, cloud
# secret stores); the settings read the environment without it (functions/environment_settings).
UNUSED_PACKAGES = ("pydantic_settings",)
# The sealing of stored idempotent responses (cryptography's Rust bindings) loads with the first
# request that carries an Idempotency-Key.
SEALING = ("cryptography", "functions.storage.sealing")
# The storage adapters (PynamoDB, hence botocore): wiring imports them for the first request that
# needs a repository; the routers name them only for the type checker.
STORAGE_MODULES = (
    "functions.storage.records",
    "functions.storage.repositories",
    "functions.integrations.store",
    "functions.webhooks.repository",
    "functions.collaboration.store",
    "functions.notifications.inbox_store",
)


def imported_by(module: str, **environment: str) -> set[str]:
    script = f"import json, sys; import {module}; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(  # noqa: S603 - this interpreter, a module name of ours
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **environment},
    )
    return set(json.loads(result.stdout))


@pytest.fixture(scope="module")
def api_modules() -> set[str]:
    return imported_by(API_MODULE)


def _loaded(modules: set[str], package: str) -> list[str]:
    return sorted(m for m in modules if m == package or m.startswith(f"{package}."))


@pytest.mark.parametrize(
    "package",
    PIPELINE_PACKAGES
    + PIPELINE_MODULES
    + LAZY_PACKAGES
    + STORAGE_MODULES
    + UNUSED_PACKAGES
    + SEALING,
)
def test_the_api_module_does_not_import(api_modules: set[str], package: str) -> None:
    assert _loaded(api_modules, package) == [], f"{API_MODULE} imports {package}"


def test_the_api_module_does_not_load_botocore(api_modules: set[str]) -> None:
    # Powertools imports the bare `botocore` package to see whether it is installed (a few
    # milliseconds); clients, sessions, models and endpoints are what cost (~0.3 s).
    assert [m for m in api_modules if m.startswith("botocore.")] == []


def test_the_api_module_imports_no_router(api_modules: set[str]) -> None:
    # Each router (its schemas and use cases) loads with the first request under its paths.
    assert _loaded(api_modules, "functions.api.routers") == []


def test_an_init_no_request_waits_for_loads_every_router_and_the_xray_sdk() -> None:
    # SnapStart's snapshot (and a provisioned instance) is taken after the init: what the first
    # requests would load lazily is loaded there instead.
    modules = imported_by(API_MODULE, AWS_LAMBDA_INITIALIZATION_TYPE="snap-start")
    assert {"functions.api.routers.accounts", "functions.api.routers.question_bank"} <= modules
    assert _loaded(modules, "aws_xray_sdk") != []
    on_demand = imported_by(API_MODULE, AWS_LAMBDA_INITIALIZATION_TYPE="on-demand")
    assert _loaded(on_demand, "aws_xray_sdk") == []


def test_the_check_sees_what_a_module_imports() -> None:
    # The same check on the pipeline's adapters does find media and the Groq SDK.
    assert _loaded(imported_by("functions.media.ffmpeg"), "functions.media") != []
    assert _loaded(imported_by("functions.analysis.groq"), "groq") != []


def test_the_api_module_resumes_the_collector_and_freezes_what_it_built() -> None:
    # The import pauses the cyclic collector (cold start); it must be running again afterwards,
    # with the import's long-lived objects frozen out of its generations.
    script = f"import gc; import {API_MODULE}; print(gc.isenabled(), gc.get_freeze_count() > 0)"
    result = subprocess.run(  # noqa: S603 - this interpreter, a module name of ours
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["True", "True"]
