"""Which function may read which secret, written out by hand: a function that gains a secret it
should not read, or lacks one its code needs (the API without Groq: tips from the offline
analyzer, a /health that never asks Groq), fails here until this table is changed on purpose."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aws_cdk import Stack
from cdk_synth import Synthesized, role_statements

from functions.resources import (
    ANALYZE_INTERVIEW_FUNCTION,
    ANALYZE_LIVE_INTERVIEW,
    API_FUNCTION,
    CATALOG,
    LIVE_MESSAGE,
    NOTIFY,
    RUN_NOTIFICATION_SCHEDULE,
    SCORE_ANSWER,
    STITCH_CHUNK_TRANSCRIPTS,
    TRANSCRIBE_AUDIO_CHUNK,
    TRANSCRIBE_AUDIO_PART,
)

GROQ = "groq-api-key"  # transcription, scoring, preparation tips, /health's provider check
UNSUBSCRIBE = "unsubscribe-signing-key"  # signs (mail) and verifies (API) unsubscribe links
ORIGIN = "origin-verify"  # the API refuses requests that did not come through CloudFront
STRIPE_KEY = "stripe-secret-key"  # the API creates checkouts and portal sessions
STRIPE_WEBHOOK = "stripe-webhook-secret"  # the API verifies Stripe's webhook signatures
TURN = "live-turn-secret"  # coturn's static-auth-secret: signs participants' TURN credentials

# The environment variable that carries each secret's ARN to the function's settings.
ARN_SETTING = {
    GROQ: "APP_GROQ_API_KEY_SECRET_ARN",
    UNSUBSCRIBE: "APP_UNSUBSCRIBE_SIGNING_KEY_SECRET_ARN",
    ORIGIN: "APP_ORIGIN_VERIFY_SECRET_ARN",
    STRIPE_KEY: "APP_STRIPE_SECRET_KEY_SECRET_ARN",
    STRIPE_WEBHOOK: "APP_STRIPE_WEBHOOK_SECRET_ARN",
    TURN: "APP_LIVE_TURN_SECRET_ARN",
}

# Every catalog function not named here reads no secret.
EXPECTED: dict[str, frozenset[str]] = {
    API_FUNCTION.base: frozenset({GROQ, UNSUBSCRIBE, ORIGIN, STRIPE_KEY, STRIPE_WEBHOOK}),
    TRANSCRIBE_AUDIO_PART.base: frozenset({GROQ}),
    # The recorder's audio chunks, and what is left of a recording after them (issue 18).
    TRANSCRIBE_AUDIO_CHUNK.base: frozenset({GROQ}),
    STITCH_CHUNK_TRANSCRIPTS.base: frozenset({GROQ}),
    SCORE_ANSWER.base: frozenset({GROQ}),
    ANALYZE_INTERVIEW_FUNCTION.base: frozenset({GROQ}),
    NOTIFY.base: frozenset({UNSUBSCRIBE}),
    RUN_NOTIFICATION_SCHEDULE.base: frozenset({UNSUBSCRIBE}),
    LIVE_MESSAGE.base: frozenset({TURN, GROQ}),  # Groq transcribes the live audio
    # The analysis after a live call: Groq transcribes and scores.
    ANALYZE_LIVE_INTERVIEW.base: frozenset({GROQ}),
}


def _secrets(synth: Synthesized) -> dict[str, str]:
    """Every secret of the platform: logical id -> its name without the stage prefix."""
    prefix = f"interviews-{synth.stage}-"
    return {
        logical_id: secret["Properties"]["Name"].removeprefix(prefix)
        for _, logical_id, secret in synth.all_resources("AWS::SecretsManager::Secret")
    }


def _function(synth: Synthesized, name: str) -> tuple[Stack, dict[str, Any]]:
    (found,) = [
        (stack, resource)
        for stack, _, resource in synth.all_resources("AWS::Lambda::Function")
        if resource["Properties"].get("FunctionName") == name
    ]
    return found


def _actions(statement: dict[str, Any]) -> list[str]:
    actions = statement["Action"]
    return actions if isinstance(actions, list) else [actions]


def _readable(synth: Synthesized, stack: Stack, role_id: str) -> set[str]:
    """The names of the secrets the role may GetSecretValue on (by reference, in any stack)."""
    secrets = _secrets(synth)
    readable: set[str] = set()
    for statement in role_statements(synth, stack, role_id):
        if "secretsmanager:GetSecretValue" not in _actions(statement):
            continue
        resources = json.dumps(statement["Resource"])
        named = {name for logical_id, name in secrets.items() if logical_id in resources}
        assert named, f"{role_id} reads a secret that is none of the platform's: {resources}"
        readable |= named
    return readable


def test_the_table_knows_every_secret_and_function(synth: Synthesized) -> None:
    assert set(_secrets(synth).values()) == set(ARN_SETTING)
    assert set(EXPECTED) <= {spec.base for spec in CATALOG.functions}


@pytest.mark.parametrize("spec", CATALOG.functions, ids=lambda f: f.base)
def test_each_function_reads_exactly_its_secrets(synth: Synthesized, spec: Any) -> None:
    stack, function = _function(synth, spec.name(synth.stage))
    role_id = function["Properties"]["Role"]["Fn::GetAtt"][0]
    variables = function["Properties"]["Environment"]["Variables"]
    expected = EXPECTED.get(spec.base, frozenset())

    assert _readable(synth, stack, role_id) == expected
    assert {s for s, setting in ARN_SETTING.items() if setting in variables} == expected
    # Never a secret's value in the environment, only where to read it.
    values = {"APP_GROQ_API_KEY", "APP_UNSUBSCRIBE_SIGNING_KEY", "APP_STRIPE_SECRET_KEY"}
    assert not (values | {"APP_STRIPE_WEBHOOK_SECRET"}) & set(variables)
