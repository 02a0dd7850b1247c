"""/local/checkout and /local/portal: the local stand-in for Stripe's hosted pages (local
platform only; the cloud API has no such routes). Paying, cancelling or failing a payment here
posts the signed Stripe events to our own webhook endpoint, as Stripe would."""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from fastapi import FastAPI, HTTPException
from fastapi.responses import HTMLResponse, RedirectResponse

from functions import wiring
from functions.billing.adapters.local import LocalPaymentProvider
from functions.billing.plans import plan

_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>{title}</title></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem">
<p style="color:#868e96">Local stand-in for Stripe: no card, no network.</p>
<h1 style="font-size:1.4rem">{title}</h1>{body}</body></html>"""
_BUTTON = (
    '<form method="post" action="{action}" style="display:inline-block;margin-right:1rem">'
    '<button type="submit" style="font-size:1rem;padding:.6rem 1.2rem">{label}</button></form>'
)


def _provider() -> LocalPaymentProvider:
    provider = wiring.payment_provider()
    if not isinstance(provider, LocalPaymentProvider):
        raise HTTPException(404, "billing goes through Stripe here, not the local checkout")
    return provider


def with_checkout(app: FastAPI) -> FastAPI:
    @app.get("/local/checkout/{session_id}", include_in_schema=False, response_class=HTMLResponse)
    def checkout(session_id: str) -> str:
        session = _provider().session(session_id)
        if session is None:
            raise HTTPException(404, "no such checkout (it was paid, or the platform restarted)")
        chosen = plan(session.plan)
        limit = chosen.monthly_interviews
        body = (
            f"<p>{escape(chosen.title)}: {limit or 'unlimited'} interviews a month.</p>"
            + _BUTTON.format(action=f"/local/checkout/{escape(session_id)}/pay", label="Pay")
            + f'<a href="{escape(session.cancel_url)}">Cancel</a>'
        )
        return _PAGE.format(title=f"Upgrade to {escape(chosen.title)}", body=body)

    @app.post("/local/checkout/{session_id}/pay", include_in_schema=False)
    def pay(session_id: str) -> RedirectResponse:
        provider = _provider()
        if provider.session(session_id) is None:
            raise HTTPException(404, "no such checkout")
        return RedirectResponse(provider.pay(session_id), status_code=303)

    @app.get("/local/portal/{customer_id}", include_in_schema=False, response_class=HTMLResponse)
    def portal(customer_id: str, return_url: str) -> str:
        subscription = _provider().subscription(customer_id)
        if subscription is None:
            body = "<p>No subscription.</p>"
        else:
            action = f"/local/portal/{escape(customer_id)}"
            state = f"{escape(subscription['id'])}: {escape(subscription['status'])}"
            body = (
                f"<p>Subscription {state}</p>"
                + _BUTTON.format(action=f"{action}/cancel", label="Cancel subscription")
                + _BUTTON.format(action=f"{action}/fail-payment", label="Fail next payment")
            )
        body += f'<p><a href="{escape(return_url)}">Back</a></p>'
        return _PAGE.format(title="Billing portal", body=body)

    @app.post("/local/portal/{customer_id}/{action}", include_in_schema=False)
    def act(customer_id: str, action: str) -> RedirectResponse:
        provider = _provider()
        steps = {"cancel": provider.cancel, "fail-payment": provider.fail_payment}
        if action not in steps:
            raise HTTPException(404, f"no portal action {action}")
        try:
            steps[action](customer_id)
        except LookupError as missing:
            raise HTTPException(404, str(missing)) from None
        return RedirectResponse(f"/local/portal/{quote(customer_id)}?return_url=/app/billing", 303)

    return app
