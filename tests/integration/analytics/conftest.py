from tests.integration.api.conftest import (  # noqa: F401 - fixtures
    _answer_pipeline_off,
    client,
    make_tenant,
    other_tenant,
    platform,
    tenant,
)
