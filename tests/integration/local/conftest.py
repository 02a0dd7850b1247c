"""Fixtures for the embedded local platform: one moto server per test module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from functions.local.aws import EmbeddedAws


@pytest.fixture(scope="module")
def embedded_aws() -> Iterator[EmbeddedAws]:
    # reset=True: moto's backends are process-wide, so a module never sees another's leftovers.
    with EmbeddedAws(port=0, reset=True) as aws:
        yield aws
