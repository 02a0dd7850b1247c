"""The integrations API against the embedded AWS: the API suite's platform and tenants."""

from __future__ import annotations

from tests.integration.api.conftest import (  # noqa: F401 - fixtures
    _answer_pipeline_off,
    client,
    make_tenant,
    other_tenant,
    platform,
    tenant,
)
