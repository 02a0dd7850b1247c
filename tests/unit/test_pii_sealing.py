"""Sealing by the catalog (functions/storage/sealing.py) and the key cache, without AWS: a key
ring that keeps its keys in memory stands in for the KMS-backed one."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from typing import Any, cast

import pytest
from cryptography.exceptions import InvalidTag

from functions.storage import pii, sealing
from functions.storage.pii import KeyErased, _TtlCache


class MemoryRing:
    def __init__(self) -> None:
        self.companies: dict[str, bytes] = {}
        self.candidates: dict[tuple[str, str], bytes] = {}

    def company_key(self, company_id: str) -> bytes:
        return self.companies.setdefault(company_id, os.urandom(32))

    def candidate_index(self, company_id: str, email: str) -> str:
        return hashlib.sha256(f"{company_id}|{email.lower()}".encode()).hexdigest()[:40]

    def candidate_key(self, company_id: str, index: str, *, create: bool) -> bytes:
        if (company_id, index) not in self.candidates:
            if not create:
                raise KeyErased(index)
            self.candidates[company_id, index] = os.urandom(32)
        return self.candidates[company_id, index]

    def forget(self) -> None:
        pass


@pytest.fixture
def ring() -> Iterator[MemoryRing]:
    saved = dict(pii._state)
    memory = MemoryRing()
    pii.install(lambda: cast(pii.KeyRing, memory))
    yield memory
    pii._state.update(saved)


INTERVIEW = {
    "id": "i1",
    "template_name": "Backend",
    "candidate": {"name": "Ada Lovelace", "email": "ada@example.com", "language": "en"},
    "decision": None,
}


def test_the_catalogs_fields_are_sealed_and_open_again(ring: MemoryRing) -> None:
    sealed = sealing.seal("interview", "COMPANY#c1", INTERVIEW)
    assert sealed is not None
    assert "Ada" not in str(sealed) and "ada@" not in str(sealed)
    assert sealed["candidate"]["language"] == "en" and sealed["template_name"] == "Backend"
    assert sealed["candidate"]["name"][sealing.MARK].startswith("k:")  # the candidate's key
    assert INTERVIEW["candidate"]["name"] == "Ada Lovelace"  # the input is not changed
    assert sealing.unseal("interview", "COMPANY#c1", sealed) == INTERVIEW
    assert sealing.seal("interview", "COMPANY#c1", sealed) is None  # sealed already: as is
    assert sealing.seal("template", "COMPANY#c1", {"name": "x"}) is None  # not personal


def test_a_shredded_candidate_opens_as_the_placeholder(ring: MemoryRing) -> None:
    sealed = sealing.seal("interview", "COMPANY#c1", INTERVIEW)
    assert sealed is not None
    ring.candidates.clear()
    opened = sealing.unseal("interview", "COMPANY#c1", sealed)
    assert opened is not None
    assert opened["candidate"]["name"] == sealing.ERASED_TEXT
    assert opened["candidate"]["email"] == sealing.ERASED_EMAIL


def test_a_value_moved_to_another_field_or_company_does_not_open(ring: MemoryRing) -> None:
    sealed = sealing.seal("user", "COMPANY#c1", {"name": "Ada", "email": "ada@example.com"})
    assert sealed is not None
    swapped = {"name": sealed["email"], "email": sealed["name"]}
    with pytest.raises(InvalidTag):
        sealing.unseal("user", "COMPANY#c1", swapped)
    ring.companies["c2"] = ring.companies["c1"]  # even under the same key bytes
    with pytest.raises(InvalidTag):
        sealing.unseal("user", "COMPANY#c2", sealed)


def test_the_cache_expires_entries_and_keeps_its_bound() -> None:
    now = [0.0]
    cache = _TtlCache(ttl=300, size=2, clock=lambda: now[0])
    cache.put("a", b"1")
    cache.put("b", b"2")
    assert cache.get("a") == b"1"  # a is now the most recent
    cache.put("c", b"3")  # over the bound: the least recent (b) goes
    assert cache.get("b") is None and cache.get("a") == b"1" and cache.get("c") == b"3"
    now[0] = 299.0
    assert cache.get("a") == b"1"
    now[0] = 300.0
    assert cache.get("a") is None and cache.get("c") is None


def test_open_value_passes_a_value_stored_before_sealing(ring: MemoryRing) -> None:
    plain: dict[str, Any] = {"id": "x"}
    assert sealing.open_value("c1", "idempotency", plain) == plain
    sealed = sealing.seal_value("c1", "idempotency", plain)
    assert sealing.open_value("c1", "idempotency", sealed) == plain
