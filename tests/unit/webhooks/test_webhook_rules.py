"""Retry schedule, URL safety (with a resolver that answers what an attacker's DNS would)."""

from __future__ import annotations

import random
import socket
from typing import Any

import pytest

from functions.webhooks import ssrf
from functions.webhooks.domain import retry_delay
from functions.webhooks.sender import retry_after_seconds

SCHEDULE = [0, 5, 300, 1800, 7200, 18000, 36000, 36000]


def test_the_schedule_has_jitter_and_an_end() -> None:
    rng = random.Random(7)
    for attempt, base in enumerate(SCHEDULE):
        delay = retry_delay(attempt, SCHEDULE, None, rng)
        assert delay is not None and base * 0.9 <= delay <= base * 1.1
    assert retry_delay(len(SCHEDULE), SCHEDULE, None, rng) is None
    assert retry_delay(1, SCHEDULE, 120.0, rng) == 120.0  # Retry-After when longer


def test_retry_after_as_seconds_or_date() -> None:
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert retry_after_seconds("soon") is None


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    answers: dict[str, str] = {}
    real = socket.getaddrinfo

    def fake(host: str, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host in answers:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answers[host], port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    return answers


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "169.254.169.254", "10.1.2.3", "192.168.0.9", "100.64.0.1", "0.0.0.0"],  # noqa: S104
)
def test_a_host_resolving_to_a_private_address_is_refused(
    dns: dict[str, str], address: str
) -> None:
    dns["hooks.attacker.example"] = address
    with pytest.raises(ssrf.UnsafeUrl):
        ssrf.check_url("https://hooks.attacker.example/in", allow_loopback=False)


def test_loopback_and_http_only_when_allowed(dns: dict[str, str]) -> None:
    dns["hooks.example.com"] = "93.184.216.34"
    assert (
        ssrf.check_url("https://hooks.example.com/in?x=1", allow_loopback=False).path == "/in?x=1"
    )
    with pytest.raises(ssrf.UnsafeUrl):
        ssrf.check_url("http://hooks.example.com/in", allow_loopback=False)
    with pytest.raises(ssrf.UnsafeUrl):
        ssrf.check_url("http://127.0.0.1:9/in", allow_loopback=False)
    assert ssrf.check_url("http://127.0.0.1:9/in", allow_loopback=True).port == 9
    with pytest.raises(ssrf.UnsafeUrl):  # metadata stays refused even with loopback allowed
        ssrf.check_url("http://169.254.169.254/latest", allow_loopback=True)
    with pytest.raises(ssrf.UnsafeUrl):
        ssrf.check_url("https://[::ffff:127.0.0.1]/x", allow_loopback=False)


def test_dns_is_checked_again_at_delivery(dns: dict[str, str]) -> None:
    """Saved while public, re-pointed at the metadata service later: refused then."""
    dns["rebind.example"] = "93.184.216.34"
    target = ssrf.check_url("https://rebind.example/in", allow_loopback=False)
    dns["rebind.example"] = "169.254.169.254"
    with pytest.raises(ssrf.UnsafeUrl):
        ssrf.resolve(target, allow_loopback=False)
