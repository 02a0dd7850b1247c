"""Which fields of which items are personal data, and how they are sealed in the table.

`SEALED` names, per item kind, the paths inside the item's `data` map that are stored encrypted
(functions/storage/pii.py holds the keys). Record.serialize seals them and Record.from_raw_data
unseals them (functions/storage/records.py), so repositories and domain models see plaintext
and every write path, transactions included, stores ciphertext. A sealed value is a small map

    {"$pii": "c", "v": "<base64 nonce + AES-256-GCM ciphertext of the JSON value>"}

where "$pii" names the key: "c" the company's, "k:<blind index>" the candidate's. The AAD is
"<company id>|<path>", so a value moved to another company or field does not decrypt. A value
sealed under a shredded candidate key reads as the erased placeholder (ERASED_EMAIL for an
`email` field, ERASED_TEXT for any other).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag

from functions.storage import pii

MARK = "$pii"
COMPANY_KEY = "c"
ERASED_TEXT = "[erased]"
ERASED_EMAIL = "erased@erased.example"


@dataclass(frozen=True)
class Sealed:
    paths: tuple[str, ...]  # dotted paths in `data`
    candidate_email: str | None = None  # the path of a candidate's email: seal under their key


SEALED: dict[str, Sealed] = {
    "user": Sealed(("email", "name")),
    # The candidate's own fields and what a recruiter wrote about them, under the candidate's key.
    "interview": Sealed(
        ("candidate.name", "candidate.email", "decision.note"), candidate_email="candidate.email"
    ),
    "candidate": Sealed(("name", "email", "phone"), candidate_email="email"),
    # An event's payload may name a candidate or a member (invitations, decisions, mentions).
    "outbox": Sealed(("data",)),
    "webhook_delivery": Sealed(("event.data",)),
    # Members' names copied onto what they wrote, and the free text itself.
    "comment": Sealed(("author_name", "mentions", "text")),
    "notification": Sealed(("actor_name", "candidate_name", "excerpt")),
    "scorecard": Sealed(("reviewer_name", "notes", "ratings")),
    # A decision in an interview's history: the recruiter's note about the candidate.
    "decision": Sealed(("note",)),
    # Live interviews (functions/live): the candidate, and each participant's name in the room.
    "live_interview": Sealed(
        ("candidate.name", "candidate.email"), candidate_email="candidate.email"
    ),
    "live_connection": Sealed(("name",)),
    # An interviewer's private notes on a live interview (functions/live/store.py).
    "live_note": Sealed(("text",)),
    "live_connection_pointer": Sealed(("name",)),
    # Candidates' data requests and exports (functions/privacy): they name the candidate.
    "privacy_request": Sealed(("email", "name", "reason"), candidate_email="email"),
    "privacy_export": Sealed(("email",), candidate_email="email"),
}


def is_sealed(value: Any) -> bool:
    return isinstance(value, dict) and MARK in value and "v" in value


def company_of(pk: str, data: dict[str, Any]) -> str | None:
    if pk.startswith("COMPANY#"):
        return pk.removeprefix("COMPANY#")
    found = data.get("company_id")
    return str(found) if found else None


def _get(data: dict[str, Any], path: str) -> Any:
    value: Any = data
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _set(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy of `data` with `path` set (the containers on the way copied, the rest shared)."""
    head, _, rest = path.partition(".")
    copy = dict(data)
    copy[head] = _set(dict(copy.get(head) or {}), rest, value) if rest else value
    return copy


def seal(kind: str | None, pk: str, data: dict[str, Any]) -> dict[str, Any] | None:
    """`data` with the kind's personal fields sealed; None when there is nothing to seal."""
    spec = SEALED.get(kind or "")
    company_id = company_of(pk, data)
    if spec is None or company_id is None:
        return None
    keys = pii.ring()
    ref, key = COMPANY_KEY, b""
    email = _get(data, spec.candidate_email) if spec.candidate_email else None
    if isinstance(email, str):
        index = keys.candidate_index(company_id, email)
        ref, key = f"k:{index}", keys.candidate_key(company_id, index, create=True)
    elif isinstance(email, dict) and is_sealed(email):
        ref = str(email[MARK])  # written as read (the email is still sealed): same key
        key = _key(company_id, ref)
    else:
        key = keys.company_key(company_id)
    sealed = data
    for path in spec.paths:
        value = _get(data, path)
        if value is None or is_sealed(value):
            continue
        text = pii.encrypt(key, json.dumps(value).encode(), f"{company_id}|{path}")
        sealed = _set(sealed, path, {MARK: ref, "v": text})
    return sealed if sealed is not data else None


def unseal(kind: str | None, pk: str, data: dict[str, Any]) -> dict[str, Any] | None:
    """`data` with sealed fields decrypted; None when none was sealed."""
    spec = SEALED.get(kind or "")
    if spec is None:
        return None
    company_id = company_of(pk, data)
    plain = data
    for path in spec.paths:
        value = _get(data, path)
        if not is_sealed(value) or company_id is None:
            continue
        plain = _set(plain, path, _open(company_id, path, value))
    return plain if plain is not data else None


def _open(company_id: str, path: str, value: dict[str, Any]) -> Any:
    ref, text, aad = str(value[MARK]), str(value["v"]), f"{company_id}|{path}"
    try:
        try:
            return json.loads(pii.decrypt(_key(company_id, ref), text, aad))
        except InvalidTag:
            if ref == COMPANY_KEY:
                raise
            # The candidate's key was shredded and made again since this was sealed (or this
            # process still caches the old one): read the key item afresh; what still does not
            # open was sealed under a key that no longer exists.
            pii.ring().forget()
            try:
                return json.loads(pii.decrypt(_key(company_id, ref), text, aad))
            except InvalidTag:
                raise pii.KeyErased(ref) from None
    except pii.KeyErased:
        return ERASED_EMAIL if path.rsplit(".", 1)[-1] == "email" else ERASED_TEXT


def _key(company_id: str, ref: str) -> bytes:
    keys = pii.ring()
    if ref == COMPANY_KEY:
        return keys.company_key(company_id)
    return keys.candidate_key(company_id, ref.removeprefix("k:"), create=False)


def seal_value(company_id: str, purpose: str, value: Any) -> dict[str, Any]:
    """Any JSON value sealed under the company's key, for stores that are not Records (the
    idempotency utility's saved responses)."""
    key = pii.ring().company_key(company_id)
    text = pii.encrypt(key, json.dumps(value).encode(), f"{company_id}|{purpose}")
    return {MARK: COMPANY_KEY, "v": text}


def open_value(company_id: str, purpose: str, value: Any) -> Any:
    """What `seal_value` sealed (a value stored before sealing existed is returned as it is)."""
    if not is_sealed(value):
        return value
    return _open(company_id, purpose, value)
