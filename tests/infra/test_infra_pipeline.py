"""State machines deploy the very ASL files; rules use the catalog's patterns and targets."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from cdk_synth import REPO_ROOT, Synthesized, get_att_arn, role_statements
from moto.events.models import EventPattern

from functions.resources import (
    ANALYZE_INTERVIEW,
    ANSWER_UPLOADED_RULE,
    CATALOG,
    FUNCTIONS_BY_BASE,
    PROCESS_ANSWER,
    REQUEST_INTERVIEW_ANALYSIS,
    START_ANSWER_PROCESSING,
    STITCH_CHUNK_TRANSCRIPTS,
    TRANSCRIBE_AUDIO_CHUNK,
    Function,
    Rule,
    StateMachine,
    Target,
)

PLACEHOLDER = re.compile(r"\$\{([A-Za-z0-9_]+)\}")


def _function_id(synth: Synthesized, base: str) -> str:
    logical_id, _ = synth.one(
        synth.platform.pipeline,
        "AWS::Lambda::Function",
        FunctionName=FUNCTIONS_BY_BASE[base].name(synth.stage),
    )
    return logical_id


def _state_machine(synth: Synthesized, spec: StateMachine) -> tuple[str, dict[str, Any]]:
    return synth.one(
        synth.platform.pipeline,
        "AWS::StepFunctions::StateMachine",
        StateMachineName=spec.name(synth.stage),
    )


@pytest.mark.parametrize("spec", CATALOG.state_machines, ids=lambda s: s.base)
def test_state_machine_is_the_asl_file_with_catalog_substitutions(
    synth: Synthesized, spec: StateMachine
) -> None:
    asl = (REPO_ROOT / "statemachines" / spec.definition_file).read_text()
    _, machine = _state_machine(synth, spec)
    props = machine["Properties"]
    definition = props["DefinitionString"]
    substitutions = props["DefinitionSubstitutions"]

    # Every ${Key} of the file has a substitution and there is no extra key.
    assert set(PLACEHOLDER.findall(asl)) == set(substitutions)
    assert set(substitutions) == set(spec.substitutions(lambda fn: fn.base))
    # Each key points at the catalog function it names.
    by_key = spec.substitutions(lambda fn: fn.base)
    for key, base in by_key.items():
        assert substitutions[key] == get_att_arn(_function_id(synth, base))

    # Once substituted, the deployed definition equals the file (substituted the same way).
    def substitute(text: str) -> Any:
        return json.loads(PLACEHOLDER.sub(lambda m: f"arn-of-{by_key[m.group(1)]}", text))

    assert substitute(definition) == substitute(asl)


@pytest.mark.parametrize("spec", CATALOG.state_machines, ids=lambda s: s.base)
def test_state_machine_logs_traces_and_may_invoke_its_functions(
    synth: Synthesized, spec: StateMachine
) -> None:
    pipeline = synth.platform.pipeline
    _, machine = _state_machine(synth, spec)
    props = machine["Properties"]
    assert props["LoggingConfiguration"]["Level"] == "ALL"
    assert props["TracingConfiguration"] == {"Enabled": True}
    role_id = props["RoleArn"]["Fn::GetAtt"][0]
    invoked = set()
    for policy in synth.resources(pipeline, "AWS::IAM::Policy").values():
        if {"Ref": role_id} not in policy["Properties"]["Roles"]:
            continue
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
            if statement["Action"] == "lambda:InvokeFunction":
                invoked |= {json.dumps(r, sort_keys=True) for r in statement["Resource"]}
    for base in spec.functions:
        assert json.dumps(get_att_arn(_function_id(synth, base)), sort_keys=True) in invoked


@pytest.mark.parametrize(
    ("starter", "machine", "variable"),
    [
        (START_ANSWER_PROCESSING, PROCESS_ANSWER, "APP_PROCESS_ANSWER_STATE_MACHINE_ARN"),
        (REQUEST_INTERVIEW_ANALYSIS, ANALYZE_INTERVIEW, "APP_ANALYZE_INTERVIEW_STATE_MACHINE_ARN"),
    ],
    ids=lambda v: getattr(v, "base", v),
)
def test_starter_knows_and_may_start_its_state_machine(
    synth: Synthesized, starter: Function, machine: StateMachine, variable: str
) -> None:
    pipeline = synth.platform.pipeline
    machine_id, _ = _state_machine(synth, machine)
    _, function = synth.one(
        pipeline, "AWS::Lambda::Function", FunctionName=starter.name(synth.stage)
    )
    variables = function["Properties"]["Environment"]["Variables"]
    assert variables[variable] == {"Ref": machine_id}
    role_id = function["Properties"]["Role"]["Fn::GetAtt"][0]
    statements = [
        statement
        for policy in synth.resources(pipeline, "AWS::IAM::Policy").values()
        if {"Ref": role_id} in policy["Properties"]["Roles"]
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
    ]
    assert {
        "Action": "states:StartExecution",
        "Effect": "Allow",
        "Resource": {"Ref": machine_id},
    } in statements


def _target_arn(synth: Synthesized, target: Target) -> dict[str, Any]:
    pipeline = synth.platform.pipeline
    if target.kind == "function":
        return get_att_arn(_function_id(synth, target.ref))
    if target.kind == "state_machine":
        machine_id, _ = _state_machine(
            synth, next(s for s in CATALOG.state_machines if s.base == target.ref)
        )
        return {"Ref": machine_id}
    queue = next(q for q in CATALOG.queues if q.base == target.ref)
    queue_id, _ = synth.one(pipeline, "AWS::SQS::Queue", QueueName=queue.name(synth.stage))
    return get_att_arn(queue_id)


@pytest.mark.parametrize("spec", CATALOG.rules, ids=lambda r: r.base)
def test_rule_matches_the_catalog(synth: Synthesized, spec: Rule) -> None:
    pipeline = synth.platform.pipeline
    _, rule = synth.one(pipeline, "AWS::Events::Rule", Name=spec.name(synth.stage))
    props = rule["Properties"]
    assert props["EventPattern"] == spec.pattern(synth.stage, synth.account)
    if spec.bus == "default":
        assert "EventBusName" not in props
    else:
        assert props["EventBusName"]  # the platform bus, read from the events stack
    queues = synth.resources(pipeline, "AWS::SQS::Queue")
    assert [t["Arn"] for t in props["Targets"]] == [_target_arn(synth, t) for t in spec.targets]
    for target in props["Targets"]:
        dlq_id = target["DeadLetterConfig"]["Arn"]["Fn::GetAtt"][0]
        assert queues[dlq_id]["Properties"]["SqsManagedSseEnabled"] is True
        assert target["RetryPolicy"]["MaximumRetryAttempts"] > 0


def test_uploads_rule_watches_the_bucket_the_data_stack_names(synth: Synthesized) -> None:
    """The pattern names the bucket by Bucket.name(stage, account): both must be the same."""
    bucket_names = {
        resource["Properties"]["BucketName"]
        for resource in synth.resources(synth.platform.data, "AWS::S3::Bucket").values()
    }
    for spec in CATALOG.rules:
        if spec.bucket is None:
            continue
        pattern: Any = spec.pattern(synth.stage, synth.account)
        assert set(pattern["detail"]["bucket"]["name"]) <= bucket_names


def _s3_event(bucket: str, key: str) -> dict[str, Any]:
    return {
        "source": "aws.s3",
        "detail-type": "Object Created",
        "detail": {"bucket": {"name": bucket}, "object": {"key": key}},
    }


def test_only_recordings_start_answer_processing(synth: Synthesized) -> None:
    """The deployed pattern (matched as EventBridge matches it) takes an answer's recording,
    not the audio chunks or chunk transcripts the recorder stores beside it."""
    _, rule = synth.one(
        synth.platform.pipeline,
        "AWS::Events::Rule",
        Name=ANSWER_UPLOADED_RULE.name(synth.stage),
    )
    pattern = rule["Properties"]["EventPattern"]
    [bucket] = pattern["detail"]["bucket"]["name"]
    keys = {
        "answers/c/i/a.webm": True,
        "answers/c/i/a.mp4": True,
        "answers/c/i/a/chunks/0000-0.wav": False,
        "answers/c/i/a/chunks/0000-0.transcript.json": False,
        "media/c/i/a/video.mp4": False,
    }
    matcher = EventPattern.load(json.dumps(pattern))
    assert {k: matcher.matches_event(_s3_event(bucket, k)) for k in keys} == keys
    assert pattern["detail"]["object"]["key"] == [
        {"wildcard": f"answers/*.{ext}"} for ext in ("webm", "mp4", "mov", "weba", "bin")
    ]


def _s3_grants(synth: Synthesized, spec: Function) -> list[tuple[set[str], str]]:
    """(actions, the resources as JSON) of each S3 statement of a pipeline function's role."""
    pipeline = synth.platform.pipeline
    _, function = synth.one(pipeline, "AWS::Lambda::Function", FunctionName=spec.name(synth.stage))
    role_id = function["Properties"]["Role"]["Fn::GetAtt"][0]
    grants = []
    for statement in role_statements(synth, pipeline, role_id):
        actions = statement["Action"]
        actions = {actions} if isinstance(actions, str) else set(actions)
        if any(a.startswith("s3:") for a in actions):
            grants.append((actions, json.dumps(statement["Resource"])))
    return grants


def test_the_chunk_consumer_reads_and_writes_only_the_recorders_chunks(synth: Synthesized) -> None:
    grants = _s3_grants(synth, TRANSCRIBE_AUDIO_CHUNK)
    objects = [resources for _, resources in grants if "/*" in resources]
    assert objects and all("/answers/*/chunks/*" in r for r in objects), grants
    assert any("s3:PutObject" in actions for actions, _ in grants)


def test_stitching_reads_the_recordings_and_writes_only_derived_media(synth: Synthesized) -> None:
    grants = _s3_grants(synth, STITCH_CHUNK_TRANSCRIPTS)
    puts = [r for actions, r in grants if "s3:PutObject" in actions]
    assert puts and all("/media/*" in r and "/answers/" not in r for r in puts), puts
    reads = [r for actions, r in grants if any(a.startswith("s3:GetObject") for a in actions)]
    assert any("/answers/*" in r for r in reads), reads
