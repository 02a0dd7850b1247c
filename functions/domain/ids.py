"""Identifiers: time-ordered, so that sort keys list newest or oldest first without an index."""

from __future__ import annotations

import secrets
import time


def new_id() -> str:
    """26 lowercase hex-ish characters: 12 of milliseconds since the epoch, 14 random."""
    return f"{int(time.time() * 1000):012x}{secrets.token_hex(7)}"
