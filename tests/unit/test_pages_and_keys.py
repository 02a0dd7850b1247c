from __future__ import annotations

import base64
import json

import pytest

from functions.candidates.use_cases import parse_answer_key
from functions.domain.errors import InvalidInput, UploadRejected
from functions.storage.pages import decode_cursor, encode_cursor


def test_cursor_round_trip() -> None:
    key = {"pk": {"S": "COMPANY#a"}, "sk": {"S": "TEMPLATE#x"}}
    cursor = encode_cursor(key)
    assert cursor is not None and "=" not in cursor
    assert decode_cursor(cursor, partition=("pk", "COMPANY#a")) == key
    assert encode_cursor(None) is None and decode_cursor(None, partition=("pk", "x")) is None


@pytest.mark.parametrize(
    "payload",
    [
        {"pk": {"S": "COMPANY#b"}, "sk": {"S": "TEMPLATE#x"}},  # another tenant
        {"pk": {"S": "COMPANY#a"}, "evil": {"S": "x"}},  # unknown attribute
        {"pk": {"N": "1"}},  # wrong type
        ["not", "a", "dict"],
    ],
)
def test_forged_cursors_are_refused(payload: object) -> None:
    cursor = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()
    with pytest.raises(InvalidInput, match="cursor"):
        decode_cursor(cursor, partition=("pk", "COMPANY#a"))


def test_garbage_cursor_is_refused() -> None:
    with pytest.raises(InvalidInput, match="cursor is not valid"):
        decode_cursor("%%%not-base64", partition=("pk", "COMPANY#a"))


def test_answer_keys_parse_back() -> None:
    assert parse_answer_key("answers/c1/i1/a1.webm") == ("c1", "i1", "a1")
    for bad in ("answers/c1/i1", "other/c/i/a.webm", "answers/c/i/noext"):
        with pytest.raises(UploadRejected):
            parse_answer_key(bad)
