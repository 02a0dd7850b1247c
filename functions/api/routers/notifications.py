"""Unsubscribe links from emails: no sign-in, the signed token says who and what.

GET shows a page with one button and changes nothing (mail scanners follow links); POST
unsubscribes, which also serves one-click unsubscribe (RFC 8058) from mail clients.
"""

from __future__ import annotations

from html import escape
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from functions import wiring
from functions.api.deps import Interviews, Users
from functions.notifications.unsubscribe import unsubscribe, verify

router = APIRouter(prefix="/notifications", tags=["notifications"])

Token = Annotated[str, Query(min_length=10, max_length=2048, description="From the email")]

_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>{title}</title></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem">
<h1 style="font-size:1.4rem">{title}</h1><p>{body}</p>{form}</body></html>"""


def _what(kind: str) -> str:
    return "deadline reminders" if kind == "reminder" else kind.replace("_", " ") + " emails"


@router.get(
    "/unsubscribe",
    operation_id="showUnsubscribe",
    response_class=HTMLResponse,
    include_in_schema=True,
)
def show_unsubscribe(token: Token) -> HTMLResponse:
    what = verify(token, wiring.unsubscribe_key())
    form = (
        f'<form method="post" action="/notifications/unsubscribe?token={escape(token)}">'
        '<button type="submit" style="font-size:1rem;padding:.6rem 1.2rem">Unsubscribe</button>'
        "</form>"
    )
    body = f"Stop receiving {escape(_what(what.kind))}?"
    return HTMLResponse(_PAGE.format(title="Unsubscribe", body=body, form=form))


@router.post(
    "/unsubscribe",
    operation_id="unsubscribe",
    response_class=HTMLResponse,
)
def do_unsubscribe(token: Token, users: Users, interviews: Interviews) -> HTMLResponse:
    what = verify(token, wiring.unsubscribe_key())
    unsubscribe(what, users, interviews)
    body = f"You will no longer receive {escape(_what(what.kind))}."
    return HTMLResponse(_PAGE.format(title="Unsubscribed", body=body, form=""))
