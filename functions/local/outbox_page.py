"""GET /local/outbox: the emails the platform sent, readable in the browser (local platform
only; the cloud API has no such route)."""

from __future__ import annotations

from html import escape

from fastapi import FastAPI, HTTPException
from fastapi.responses import HTMLResponse

from functions.notifications.adapters.outbox import LocalOutbox
from functions.settings import get_settings


def _outbox() -> LocalOutbox:
    return LocalOutbox(get_settings().outbox_dir)


def with_outbox(app: FastAPI) -> FastAPI:
    @app.get("/local/outbox", include_in_schema=False, response_class=HTMLResponse)
    def outbox() -> str:
        rows = "".join(
            f"<tr><td>{m.sent_at:%Y-%m-%d %H:%M:%S}</td><td>{escape(m.to)}</td>"
            f"<td>{m.language}</td><td>{escape(m.kind)}</td>"
            f'<td><a href="/local/outbox/{m.message_id}">{escape(m.subject)}</a></td></tr>'
            for m in reversed(_outbox().messages())
        )
        return (
            "<!doctype html><meta charset='utf-8'><title>Local outbox</title>"
            "<style>body{font-family:sans-serif;margin:2em}td,th{padding:4px 10px;"
            "text-align:left;border-bottom:1px solid #ddd}</style><h1>Local outbox</h1>"
            "<table><tr><th>Sent</th><th>To</th><th>Lang</th><th>Kind</th><th>Subject</th></tr>"
            f"{rows}</table>"
        )

    @app.get("/local/outbox/{message_id}", include_in_schema=False, response_class=HTMLResponse)
    def message(message_id: str, text: bool = False) -> str:
        found = _outbox().get(message_id)
        if found is None:
            raise HTTPException(404, f"no email {message_id} in the outbox")
        if text:
            return f"<pre>{escape(found.text)}</pre>"
        return found.html

    return app
