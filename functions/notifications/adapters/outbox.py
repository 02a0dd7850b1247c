"""The local outbox: each email one JSON file in a folder (APP_OUTBOX_DIR), newest last.

`make dev` serves it at /local/outbox; `python -m functions.notifications.outbox` prints it.
"""

from __future__ import annotations

import json
from pathlib import Path

from functions.domain.clock import utcnow
from functions.domain.ids import new_id
from functions.notifications.ports import OutgoingEmail, SentEmail


class LocalOutbox:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, email: OutgoingEmail) -> SentEmail:
        self.folder.mkdir(parents=True, exist_ok=True)
        sent = SentEmail(**email.model_dump(), message_id=new_id(), sent_at=utcnow())
        path = self.folder / f"{sent.message_id}.json"
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(sent.model_dump(mode="json"), ensure_ascii=False))
        temporary.replace(path)  # readers never see half a file
        return sent

    def messages(self) -> list[SentEmail]:
        """Every email in the outbox, oldest first (ids are time-ordered)."""
        if not self.folder.is_dir():
            return []
        return [
            SentEmail.model_validate_json(path.read_text(encoding="utf-8"))
            for path in sorted(self.folder.glob("*.json"))
        ]

    def get(self, message_id: str) -> SentEmail | None:
        path = self.folder / f"{message_id}.json"
        if not message_id.isalnum() or not path.is_file():
            return None
        return SentEmail.model_validate_json(path.read_text(encoding="utf-8"))
