"""Knobs of the local platform itself (APP_LOCAL_*), and where it keeps things: light enough
for the developer tools that read what `make dev` leaves behind (the outbox CLI)."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

REPO = Path(__file__).resolve().parents[2]


class LocalPlatformSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="APP_LOCAL_")

    host: str = "127.0.0.1"
    port: int = 8000
    aws_port: int = 4566
    state_dir: Path = REPO / ".local" / "state"
    save_every_seconds: float = 5.0
    frontend_dist: Path = REPO / "frontend" / "dist"


def outbox_dir(local: LocalPlatformSettings | None = None) -> Path:
    """The folder `make dev` mails into: APP_OUTBOX_DIR when set, else beside its state."""
    explicit = os.environ.get("APP_OUTBOX_DIR")
    if explicit:
        return Path(explicit)
    return (local or LocalPlatformSettings()).state_dir.parent / "outbox"
