"""Personal data sealed at the application level: envelope encryption and blind indexes.

Names and emails of candidates and members (and whatever else a kind lists in
functions/storage/sealing.py) are stored as AES-256-GCM ciphertext; the domain models keep
plaintext, because sealing happens where an item is serialized (functions/storage/records.py).

Keys (none in clear), in their own table (functions/resources.py PII_KEYS_TABLE, model
DataKey), never in the platform table: that table's point-in-time backups hold ciphertext only,
and the keys table keeps no backup, so a shredded candidate key is gone from every copy:
    company key    pk=COMPANY#<cid>  sk=DEK#COMPANY
                   a 256-bit data key from KMS GenerateDataKey under the pii key, stored as KMS
                   ciphertext with the encryption context {purpose: pii, company_id: <cid>}
    candidate key  pk=COMPANY#<cid>  sk=DEK#CANDIDATE#<blind index of the email>
                   a random 256-bit key, wrapped (AES-GCM) under the company key; one per
                   candidate email in a company. `shred_candidate_key` deletes it, and every
                   field sealed under it reads as the erased placeholder from then on.
    index key      pk=PII#KEYS       sk=BLIND_INDEX
                   the HMAC-SHA256 key of the blind indexes, KMS ciphertext (context
                   {purpose: blind-index}); platform-wide, because an email belongs to one
                   company only and sign-in looks it up before any company is known.

Unwrapped keys are cached in-process for `pii_key_cache_seconds` (5 minutes by default) in a
bounded LRU, so a warm function makes one KMS Decrypt per company per cache period and none per
item; candidate keys cost one GetItem each per period (no KMS call: the company key unwraps them).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

if TYPE_CHECKING:
    from mypy_boto3_kms import KMSClient

NONCE_BYTES = 12
KEY_CACHE_SIZE = 2048  # unwrapped keys kept per process (LRU beyond it)
KEYS_PK = "PII#KEYS"
INDEX_KEY_SK = "BLIND_INDEX"
COMPANY_KEY_SK = "DEK#COMPANY"
CANDIDATE_KEY_PREFIX = "DEK#CANDIDATE#"
LEGACY_KIND = "data_key"  # a key item in the platform table, as written before the keys table


class KeyErased(Exception):
    """The candidate's data key was shredded: what was sealed under it is gone for good."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def candidate_key_sk(index: str) -> str:
    return f"{CANDIDATE_KEY_PREFIX}{index}"


class _TtlCache:
    """A small thread-safe LRU whose entries expire `ttl` seconds after they were stored."""

    def __init__(self, ttl: float, size: int, clock: Callable[[], float]) -> None:
        self._ttl, self._size, self._clock = ttl, size, clock
        self._items: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, name: str) -> bytes | None:
        with self._lock:
            found = self._items.get(name)
            if found is None or found[0] <= self._clock():
                self._items.pop(name, None)
                return None
            self._items.move_to_end(name)
            return found[1]

    def put(self, name: str, value: bytes) -> None:
        with self._lock:
            self._items[name] = (self._clock() + self._ttl, value)
            self._items.move_to_end(name)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def drop(self, name: str) -> None:
        with self._lock:
            self._items.pop(name, None)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def encrypt(key: bytes, plaintext: bytes, aad: str) -> str:
    nonce = os.urandom(NONCE_BYTES)
    return base64.b64encode(nonce + AESGCM(key).encrypt(nonce, plaintext, aad.encode())).decode()


def decrypt(key: bytes, sealed: str, aad: str) -> bytes:
    raw = base64.b64decode(sealed)
    return AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], aad.encode())


class KeyRing:
    """Data keys wrapped by KMS and stored in the keys table, unwrapped into a short-lived cache."""

    def __init__(
        self,
        kms: KMSClient,
        key_id: str,
        *,
        cache_seconds: float = 300,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._kms, self._key_id = kms, key_id
        self._cache = _TtlCache(cache_seconds, KEY_CACHE_SIZE, clock)
        self.kms_calls = 0  # GenerateDataKey + Decrypt made (benchmarks and tests read it)

    # Blind indexes ---------------------------------------------------------------------------

    def user_index(self, email: str) -> str:
        """The platform-wide blind index of a member's email (sign-in, uniqueness)."""
        return self._mac(f"user|{normalise_email(email)}")

    def candidate_index(self, company_id: str, email: str) -> str:
        """A candidate email's blind index within one company (two companies' indexes of one
        address differ, so the table does not link a person across tenants)."""
        return self._mac(f"candidate|{company_id}|{normalise_email(email)}")

    def digest(self, value: str) -> str:
        """A keyed digest of any other identifier (a sign-in attempt's email or address)."""
        return self._mac(f"digest|{value.strip().lower()}")

    def _mac(self, message: str) -> str:
        key = self._index_key()
        return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()[:40]

    def _index_key(self) -> bytes:
        context = {"purpose": "blind-index"}
        return self._kms_key("index", KEYS_PK, INDEX_KEY_SK, context)

    # Data keys -------------------------------------------------------------------------------

    def company_key(self, company_id: str) -> bytes:
        context = {"purpose": "pii", "company_id": company_id}
        pk = f"COMPANY#{company_id}"
        return self._kms_key(f"company|{company_id}", pk, COMPANY_KEY_SK, context)

    def candidate_key(self, company_id: str, index: str, *, create: bool) -> bytes:
        """The candidate's key; made on first use when `create` (a write), KeyErased when it
        does not exist on a read (it was shredded, or nothing was ever sealed under it)."""
        name = f"candidate|{company_id}|{index}"
        cached = self._cache.get(name)
        if cached is not None and not create:
            return cached
        aad = f"candidate-key|{company_id}|{index}"
        pk, sk = f"COMPANY#{company_id}", candidate_key_sk(index)
        # A write always reads the key item: a key shredded by another process must not be
        # used from this one's cache to seal new data nobody could read again.
        wrapped = _read_key(pk, sk)
        if wrapped is None:
            if not create:
                raise KeyErased(index)
            key = os.urandom(32)
            wrapped = _put_key_once(pk, sk, encrypt(self.company_key(company_id), key, aad))
        key = decrypt(self.company_key(company_id), wrapped, aad)
        self._cache.put(name, key)
        return key

    def shred_candidate_key(self, company_id: str, index: str) -> None:
        _delete_key(f"COMPANY#{company_id}", candidate_key_sk(index))
        self._cache.drop(f"candidate|{company_id}|{index}")

    def forget(self) -> None:
        """Empty the cache (tests; a rotated key)."""
        self._cache.clear()

    def _kms_key(self, name: str, pk: str, sk: str, context: dict[str, str]) -> bytes:
        cached = self._cache.get(name)
        if cached is not None:
            return cached
        wrapped = _read_key(pk, sk)
        if wrapped is None:
            self.kms_calls += 1
            made = self._kms.generate_data_key(
                KeyId=self._key_id, KeySpec="AES_256", EncryptionContext=context
            )
            blob = base64.b64encode(made["CiphertextBlob"]).decode()
            if _put_key_once(pk, sk, blob) == blob:
                key = made["Plaintext"]
                self._cache.put(name, key)
                return key
            wrapped = _read_key(pk, sk)  # another writer won: use theirs
            assert wrapped is not None
        self.kms_calls += 1
        key = self._kms.decrypt(
            CiphertextBlob=base64.b64decode(wrapped), KeyId=self._key_id, EncryptionContext=context
        )["Plaintext"]
        self._cache.put(name, key)
        return key


def _read_key(pk: str, sk: str) -> str | None:
    from functions.storage.records import DataKey

    try:
        return str(DataKey.get(pk, sk, consistent_read=True).wrapped)
    except DataKey.DoesNotExist:
        return _legacy_key(pk, sk)


def _legacy_key(pk: str, sk: str) -> str | None:
    """A key written to the platform table before the keys table existed, until `make
    migrate-pii` moves it (functions/storage/migrate_pii.py): read, never written there."""
    from functions.storage.records import Record

    try:
        record = Record.get(pk, sk, consistent_read=True)
    except Record.DoesNotExist:
        return None
    return str(record.data["wrapped"]) if record.kind == LEGACY_KIND else None


def _put_key_once(pk: str, sk: str, wrapped: str) -> str:
    """Store a wrapped key unless one is there already; the one that is stored either way."""
    from pynamodb.exceptions import PutError

    from functions.storage.records import DataKey

    item = DataKey(pk, sk, wrapped=wrapped)
    try:
        item.save(condition=DataKey.pk.does_not_exist())
    except PutError as error:
        if getattr(error, "cause_response_code", None) != "ConditionalCheckFailedException":
            raise
        found = _read_key(pk, sk)
        if found is None:  # deleted between the two calls: try again once
            item.save(condition=DataKey.pk.does_not_exist())
            return wrapped
        return found
    return wrapped


def _delete_key(pk: str, sk: str) -> None:
    from functions.storage.records import DataKey, Record

    DataKey(pk, sk).delete()  # deleting a missing item is no error: idempotent
    Record(pk, sk).delete()  # and a legacy copy not migrated yet, if any


# The process's key ring, installed by bind_table (functions/storage/records.py) ----------------

_state: dict[str, Any] = {"ring": None, "factory": None}
_install_lock = threading.Lock()


def install(factory: Callable[[], KeyRing]) -> None:
    """Set how the key ring is made (lazily: a process that never seals makes no KMS client)."""
    with _install_lock:
        _state["ring"], _state["factory"] = None, factory


def ring() -> KeyRing:
    current: KeyRing | None = _state["ring"]
    if current is not None:
        return current
    with _install_lock:
        if _state["ring"] is None:
            factory = _state["factory"]
            if factory is None:
                raise RuntimeError("no key ring: bind_table(settings) first")
            _state["ring"] = factory()
        made: KeyRing = _state["ring"]
        return made


def user_index(email: str) -> str:
    return ring().user_index(email)


def candidate_index(company_id: str, email: str) -> str:
    return ring().candidate_index(company_id, email)


def shred_candidate_key(company_id: str, email: str) -> None:
    """Crypto-shred a candidate: delete the wrapped data key of `email` in `company_id`, so every
    field sealed under it (their name and email on interviews and in the candidate directory)
    reads as the erased placeholder from now on. Idempotent: shredding twice, or a candidate
    that never had a key, is no error. Erasure (functions/… erasure use case) calls this after
    it has removed what it deletes outright; a later write for the same email makes a new key."""
    keys = ring()
    keys.shred_candidate_key(company_id, keys.candidate_index(company_id, email))
