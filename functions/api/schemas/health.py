from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from functions.health.use_cases import CheckResult


class HealthPublic(BaseModel):
    status: Literal["ok", "degraded"]
    stage: str
    checks: dict[str, CheckResult]
