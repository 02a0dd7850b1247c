"""Templates' intro videos (issue 12): the API presigns the recruiter's upload under intros/,
so its role may put there; no other function may (the pipeline never reads them)."""

from __future__ import annotations

import json
from typing import Any

from cdk_synth import Synthesized, role_statements

from functions.resources import API_FUNCTION, CATALOG, Function


def _puts(synth: Synthesized, spec: Function) -> list[str]:
    """The object patterns a function's role may PutObject on, as JSON text of each resource."""
    for stack in synth.platform.stacks:
        found = synth.resources(stack, "AWS::Lambda::Function")
        for function in found.values():
            if function["Properties"].get("FunctionName") != spec.name(synth.stage):
                continue
            role_id = function["Properties"]["Role"]["Fn::GetAtt"][0]
            statements = role_statements(synth, stack, role_id)
            return [
                json.dumps(resource)
                for s in statements
                if s["Effect"] == "Allow" and "s3:PutObject" in _actions(s)
                for resource in _resources(s)
            ]
    raise AssertionError(f"no function {spec.base}")


def _actions(statement: dict[str, Any]) -> list[str]:
    actions = statement["Action"]
    return [actions] if isinstance(actions, str) else list(actions)


def _resources(statement: dict[str, Any]) -> list[Any]:
    resources = statement["Resource"]
    return resources if isinstance(resources, list) else [resources]


def test_the_api_may_put_intro_videos(synth: Synthesized) -> None:
    assert any("/intros/*" in r for r in _puts(synth, API_FUNCTION))


def test_no_other_function_may_put_intro_videos(synth: Synthesized) -> None:
    for spec in CATALOG.functions:
        if spec != API_FUNCTION:
            assert not any("/intros/*" in r for r in _puts(synth, spec)), spec.base
