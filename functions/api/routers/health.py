from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from functions import wiring
from functions.api.schemas.health import HealthPublic
from functions.health.use_cases import check_health
from functions.settings import Settings, get_settings

router = APIRouter(tags=["health"])


def _checks(settings: Settings) -> dict[str, Callable[[], str | None]]:
    def dynamodb() -> str | None:
        status = wiring.dynamodb().describe_table(TableName=settings.table_name)["Table"]
        return f"table {status['TableStatus'].lower()}"

    def s3() -> str | None:
        wiring.recordings().ping()
        return None

    def eventbridge() -> str | None:
        wiring.events().describe_event_bus(Name=settings.event_bus_name)
        return None

    def ai_providers() -> str | None:
        # Groq joins with the pipeline; until a key is set the offline providers serve.
        if not settings.groq_configured:
            return "offline transcriber and analyzer (no GROQ_API_KEY set)"
        wiring.groq_client().models.list(timeout=2)  # reachable, and the key is accepted
        return f"groq: transcriber {settings.transcriber_kind}, analyzer {settings.analyzer_kind}"

    return {
        "dynamodb": dynamodb,
        "s3": s3,
        "eventbridge": eventbridge,
        "ai_providers": ai_providers,
    }


@router.get(
    "/health",
    operation_id="getHealth",
    response_model=HealthPublic,
    responses={503: {"model": HealthPublic, "description": "A dependency is down"}},
)
def get_health() -> JSONResponse:
    settings = get_settings()
    report = check_health(_checks(settings))
    body = HealthPublic(
        status="ok" if report.healthy else "degraded", stage=settings.stage, checks=report.checks
    )
    return JSONResponse(body.model_dump(mode="json"), status_code=200 if report.healthy else 503)
