"""Fixtures for the analysis unit tests."""

from __future__ import annotations

from typing import Any

import pytest

from functions.analysis.offline import OfflineAnalyzer
from tests.unit.analysis.answer_samples import load_samples


@pytest.fixture(scope="session")
def samples() -> dict[str, list[dict[str, Any]]]:
    return load_samples()


@pytest.fixture
def analyzer() -> OfflineAnalyzer:
    return OfflineAnalyzer()
