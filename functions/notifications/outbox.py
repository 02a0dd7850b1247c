"""Read the local outbox from the command line.

.venv/bin/python -m functions.notifications.outbox            list every email
.venv/bin/python -m functions.notifications.outbox <id>       print one (plain text)
.venv/bin/python -m functions.notifications.outbox --html <id>
"""

from __future__ import annotations

import sys

from functions.local.settings import outbox_dir
from functions.notifications.adapters.outbox import LocalOutbox
from functions.settings import get_settings


def main(argv: list[str]) -> int:
    get_settings()  # the local stage's rules: addresses at demo.local are valid
    outbox = LocalOutbox(outbox_dir())  # the folder `make dev` writes to
    html = "--html" in argv
    ids = [a for a in argv if not a.startswith("--")]
    if not ids:
        messages = outbox.messages()
        for m in messages:
            print(
                f"{m.message_id}  {m.sent_at:%Y-%m-%d %H:%M}  {m.language}  {m.to:<32}  {m.subject}"
            )
        print(f"{len(messages)} email(s) in {outbox.folder}")
        return 0
    message = outbox.get(ids[0])
    if message is None:
        print(f"no email {ids[0]} in {outbox.folder}", file=sys.stderr)
        return 1
    print(f"To: {message.to}\nFrom: {message.sender}\nSubject: {message.subject}\n")
    print(message.html if html else message.text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
