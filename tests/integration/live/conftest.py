"""Live interviews against the embedded AWS: the API suite's platform, mail to a local outbox."""

from __future__ import annotations

from tests.integration.api.conftest import (  # noqa: F401 - fixtures
    _answer_pipeline_off,
    client,
    make_tenant,
    other_tenant,
    platform,
    tenant,
)
from tests.integration.notifications.conftest import outbox  # noqa: F401 - fixture
