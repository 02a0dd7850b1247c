"""Every catalog function has its own grant entry (cdk/access.py); no synthesis needed."""

from __future__ import annotations

import pytest

from cdk.access import ACCESS, access_of, missing_entries
from functions.resources import CATALOG


def test_every_catalog_function_has_an_access_entry() -> None:
    assert missing_entries() == [], (
        "add an entry to cdk/access.py ACCESS for each: what its handler calls, nothing more"
    )


def test_no_access_entry_for_a_function_the_catalog_lacks() -> None:
    assert set(ACCESS) <= {spec.base for spec in CATALOG.functions}


def test_a_missing_entry_fails_loudly() -> None:
    with pytest.raises(KeyError, match=r"cdk/access\.py"):
        access_of("not-a-catalog-function")
