"""Notifications: the schedule EventBridge Scheduler runs, and what the mail functions may do."""

from __future__ import annotations

from cdk_synth import Synthesized, role_statements

from functions.resources import NOTIFICATION_SCHEDULE, NOTIFY, RUN_NOTIFICATION_SCHEDULE


def test_the_schedule_invokes_its_function_every_15_minutes(synth: Synthesized) -> None:
    pipeline = synth.platform.pipeline
    _, schedule = synth.one(
        pipeline, "AWS::Scheduler::Schedule", Name=NOTIFICATION_SCHEDULE.name(synth.stage)
    )
    properties = schedule["Properties"]
    assert properties["ScheduleExpression"] == "rate(15 minutes)"
    assert properties["FlexibleTimeWindow"] == {"Mode": "OFF"}
    function_id, _ = synth.one(
        pipeline, "AWS::Lambda::Function", FunctionName=RUN_NOTIFICATION_SCHEDULE.name(synth.stage)
    )
    assert properties["Target"]["Arn"] == {"Fn::GetAtt": [function_id, "Arn"]}
    role_id = properties["Target"]["RoleArn"]["Fn::GetAtt"][0]
    statements = role_statements(synth, pipeline, role_id)
    assert [s["Action"] for s in statements] == ["lambda:InvokeFunction"]


def test_mail_functions_may_send_from_the_stage_domain_only(synth: Synthesized) -> None:
    pipeline = synth.platform.pipeline
    for spec in (NOTIFY, RUN_NOTIFICATION_SCHEDULE):
        _, function = synth.one(
            pipeline, "AWS::Lambda::Function", FunctionName=spec.name(synth.stage)
        )
        assert "no-reply@" in function["Properties"]["Environment"]["Variables"]["APP_MAIL_FROM"]
        role_id = function["Properties"]["Role"]["Fn::GetAtt"][0]
        sends = [
            s for s in role_statements(synth, pipeline, role_id) if "ses:SendEmail" in s["Action"]
        ]
        assert len(sends) == 1 and "*" not in str(sends[0]["Resource"])
        # Calendar attachments (live interviews) go as raw MIME, from the same identity only.
        assert sorted(sends[0]["Action"]) == ["ses:SendEmail", "ses:SendRawEmail"]
