"""Webhook deliveries on the local platform: throughput and latency from event to receipt.

    python -m benchmarks.webhooks [--events 30] [--slow-seconds 2] [--timeout 120]

Ten endpoints on 127.0.0.1 (loopback is allowed for this run only), one of them slow; each
event is written to the outbox as a use case writes it, then goes stream -> publisher ->
EventBridge -> SQS -> fan-out -> SQS -> deliverer -> HTTP. Latency: the envelope's `time` to
the receiver's clock. Bounded in count (events x 10) and in time (--timeout).
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

ENDPOINTS = 10


class Receivers:
    def __init__(self, slow_seconds: float) -> None:
        self.latencies: list[float] = []
        self.slow_latencies: list[float] = []
        self.lock = threading.Lock()
        self.servers: list[ThreadingHTTPServer] = []
        self.slow_seconds = slow_seconds

    def start(self, slow: bool) -> str:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                import json
                from datetime import datetime

                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                if slow:
                    time.sleep(owner.slow_seconds)
                sent = datetime.fromisoformat(json.loads(body)["time"]).timestamp()
                with owner.lock:
                    (owner.slow_latencies if slow else owner.latencies).append(time.time() - sent)
                self.send_response(200)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/hooks"

    @property
    def received(self) -> int:
        return len(self.latencies) + len(self.slow_latencies)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else max(values, default=0)


def run(events: int, slow_seconds: float, timeout: float) -> None:
    os.environ.update({"APP_STAGE": "local", "APP_WEBHOOKS_ALLOW_LOOPBACK": "true"})
    from functions import wiring
    from functions.domain.clock import utcnow
    from functions.events import producers
    from functions.events.catalog import InterviewStarted
    from functions.local.aws import EmbeddedAws
    from functions.local.event_sources import LocalEventSources
    from functions.local.provision import local_settings_env, provision
    from functions.settings import get_settings
    from functions.storage.repositories import outbox_record
    from functions.webhooks.domain import WebhookEndpoint, new_secret

    receivers = Receivers(slow_seconds)
    with EmbeddedAws(port=0, reset=True) as aws:
        os.environ["APP_AWS_ENDPOINT_URL"] = aws.endpoint_url
        wiring.reset()
        os.environ.update(local_settings_env(provision(get_settings()), aws.endpoint_url))
        wiring.reset()
        company = "bench-" + secrets.token_hex(4)
        for n in range(ENDPOINTS):
            wiring.webhooks().add_endpoint(
                WebhookEndpoint(
                    company_id=company,
                    id=f"we{n:02d}",
                    url=receivers.start(slow=n == 0),
                    secret=new_secret(),
                    created_by="bench",
                    created_at=utcnow(),
                )
            )
        sources = LocalEventSources(get_settings()).start()
        started = time.perf_counter()
        for n in range(events):
            event = producers.emit(
                InterviewStarted(interview_id=f"iv{n}", started_at=utcnow()), company
            )
            outbox_record(event).save()
        expected = events * ENDPOINTS
        deadline = started + timeout
        while receivers.received < expected and time.perf_counter() < deadline:
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
        sources.stop()
    fast = receivers.latencies
    print(f"webhooks: {events} events x {ENDPOINTS} endpoints (1 slow, {slow_seconds:g} s)")
    print(f"  delivered     {receivers.received}/{expected} in {elapsed:.1f} s")
    print(f"  throughput    {receivers.received / elapsed:.1f} deliveries/s")
    print(f"  p95 latency   {p95(fast):.2f} s event -> receipt (9 fast endpoints)")
    print(f"  p95 latency   {p95(receivers.slow_latencies):.2f} s (the slow endpoint)")
    print(f"  median        {statistics.median(fast) if fast else 0:.2f} s (fast endpoints)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=30)
    parser.add_argument("--slow-seconds", type=float, default=2.0)
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    run(args.events, args.slow_seconds, args.timeout)


if __name__ == "__main__":
    main()
