"""The Stripe adapter against hand-written exchanges (tests/fixtures/stripe): the request it
sends (method, path, form body field by field, headers) and what it makes of the answer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import stripe

from functions.billing.adapters.stripe import (
    PaymentProviderFailed,
    StripePaymentProvider,
    stripe_client,
)
from functions.billing.plans import PlanName

EXCHANGES = Path(__file__).parents[2] / "fixtures" / "stripe"


class ReplayHttpClient(stripe.HTTPClient):
    """Stripe's HTTP client seam: answers each request from one exchange file, after checking
    the request is the one the file expects."""

    name = "replay"

    def __init__(self, *exchanges: str) -> None:
        super().__init__()
        self.exchanges = [json.loads((EXCHANGES / f"{n}.json").read_text()) for n in exchanges]
        self.seen = 0

    def request(
        self, method: str, url: str, headers: Any, post_data: Any = None
    ) -> tuple[bytes, int, dict[str, str]]:
        exchange = self.exchanges[self.seen]
        self.seen += 1
        expected = exchange["request"]
        assert method.lower() == expected["method"]
        assert urlsplit(url).path == expected["path"]
        body = post_data.decode() if isinstance(post_data, bytes) else post_data or ""
        assert dict(parse_qsl(body, keep_blank_values=True)) == expected["form"]
        for name, value in expected["headers"].items():
            assert headers.get(name) == value, (name, headers.get(name))
        response = exchange["response"]
        return json.dumps(response["body"]).encode(), response["status"], {}

    def close(self) -> None:
        pass


def _provider(*exchanges: str) -> tuple[StripePaymentProvider, ReplayHttpClient]:
    http = ReplayHttpClient(*exchanges)
    return StripePaymentProvider(stripe_client("sk_test_fixture", http_client=http)), http


def test_creates_the_companys_customer_once() -> None:
    provider, http = _provider("create_customer")
    customer = provider.create_customer(
        company_id="c_fixture", name="Acme Recruiting", email="ada@acme.example"
    )
    assert customer == "cus_NffrFeUfNV2Hib" and http.seen == 1


def test_creates_a_subscription_checkout_for_the_plans_price() -> None:
    provider, _ = _provider("create_checkout_session")
    url = provider.create_checkout_session(
        company_id="c_fixture",
        customer_id="cus_NffrFeUfNV2Hib",
        plan=PlanName.PLUS,
        price_id="price_1PlusMonthly",
        success_url="https://app.example.com/app/billing?checkout=done",
        cancel_url="https://app.example.com/app/billing?checkout=cancelled",
    )
    assert url == "https://checkout.stripe.com/c/pay/cs_test_a1b2c3d4e5f6g7h8i9j0"


def test_opens_the_customer_portal() -> None:
    provider, _ = _provider("create_portal_session")
    url = provider.create_portal_session(
        customer_id="cus_NffrFeUfNV2Hib", return_url="https://app.example.com/app/billing"
    )
    assert url.startswith("https://billing.stripe.com/p/session/")


def test_a_refusal_is_a_502_problem_with_stripes_message() -> None:
    provider, _ = _provider("error_no_such_customer")
    with pytest.raises(PaymentProviderFailed, match="No such customer"):
        provider.create_portal_session(
            customer_id="cus_gone", return_url="https://app.example.com/app/billing"
        )


def test_a_request_unlike_the_exchange_fails() -> None:
    """The replay is strict: another return URL is not the request the file describes."""
    provider, _ = _provider("create_portal_session")
    with pytest.raises(AssertionError):
        provider.create_portal_session(
            customer_id="cus_NffrFeUfNV2Hib", return_url="https://elsewhere.example.com/"
        )
