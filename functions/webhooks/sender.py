"""The webhook HTTP client: one POST to a checked address, no redirects, a hard timeout."""

from __future__ import annotations

import http.client
import socket
import ssl
import time
from dataclasses import dataclass

from functions.webhooks.ssrf import IpAddress, Target


@dataclass(frozen=True)
class Response:
    status_code: int | None
    error: str | None
    retry_after: float | None
    duration_ms: int


class _PinnedHttps(http.client.HTTPSConnection):
    """HTTPS to `address`, with the certificate checked against the URL's host name."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        raw = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)  # type: ignore[attr-defined]


class _PinnedHttp(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


def retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError):
            return None


def post(
    target: Target, address: IpAddress, body: bytes, headers: dict[str, str], timeout: float
) -> Response:
    """POST once; a redirect is an answer like any other non-2xx (never followed)."""
    kind = _PinnedHttps if target.scheme == "https" else _PinnedHttp
    connection = kind(target.host, target.port, str(address), timeout)
    started = time.perf_counter()
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(64 * 1024)  # the body is not kept; read a little to end the exchange
        elapsed = int((time.perf_counter() - started) * 1000)
        return Response(
            response.status, None, retry_after_seconds(response.getheader("Retry-After")), elapsed
        )
    except (OSError, http.client.HTTPException) as error:
        elapsed = int((time.perf_counter() - started) * 1000)
        return Response(None, f"{type(error).__name__}: {error}"[:300], None, elapsed)
    finally:
        connection.close()
