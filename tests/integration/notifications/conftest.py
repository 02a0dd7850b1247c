"""Notifications against the embedded AWS: the API suite's platform, with the mail going to a
local outbox in a temporary folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from functions import wiring
from functions.local.aws import EmbeddedAws
from functions.local.provision import LocalResources
from functions.notifications.adapters.outbox import LocalOutbox
from tests.integration.api.conftest import (  # noqa: F401 - fixtures
    _answer_pipeline_off,
    client,
    make_tenant,
    other_tenant,
    platform,
    tenant,
)


@pytest.fixture(scope="session")
def outbox(
    platform: tuple[EmbeddedAws, LocalResources],  # noqa: F811
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[LocalOutbox]:
    folder: Path = tmp_path_factory.mktemp("outbox")
    os.environ["APP_OUTBOX_DIR"] = str(folder)
    wiring.reset()
    yield LocalOutbox(folder)
    os.environ.pop("APP_OUTBOX_DIR", None)
    wiring.reset()
