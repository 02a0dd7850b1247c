"""One point in time for the state snapshot, and a cheap "has anything changed?".

Every request to a service whose data the snapshot keeps (DynamoDB, S3, Cognito) passes a gate
in front of moto's server. `closed()` waits for the ones under way to finish and holds new
ones back until the snapshot is read, so DynamoDB items, S3 objects and Cognito users come from
the same instant; the snapshot's own requests carry `SNAPSHOT_HEADER` and pass. Requests to
other services (a Lambda invoke that runs a whole pipeline, an SQS long poll) never wait.

`writes` counts the requests that may have changed kept data (anything but a read), so the
periodic save can skip an idle platform instead of scanning everything every few seconds.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import unquote

SNAPSHOT_HEADER = "X-Local-State-Snapshot"
_SNAPSHOT_ENVIRON = "HTTP_" + SNAPSHOT_HEADER.upper().replace("-", "_")
_TARGETS = {"DynamoDB_": "dynamodb", "AWSCognitoIdentityProviderService.": "cognito-idp"}
_KEPT = {"dynamodb", "s3", "cognito-idp"}
_SCOPE = re.compile(r"Credential=[^/]+/\d{8}/[^/]+/([^/]+)/aws4_request")
_READS = ("Get", "Describe", "List", "Query", "Scan", "BatchGet", "TransactGet", "AdminGet")

Wsgi = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def kept_service(environ: dict[str, Any]) -> str | None:
    """'dynamodb', 's3' or 'cognito-idp' for a request to a service the snapshot keeps."""
    target = environ.get("HTTP_X_AMZ_TARGET", "")
    if target:
        return next((svc for prefix, svc in _TARGETS.items() if target.startswith(prefix)), None)
    signed = environ.get("HTTP_AUTHORIZATION", "") + unquote(environ.get("QUERY_STRING", ""))
    scope = _SCOPE.search(signed.replace("X-Amz-Credential=", "Credential="))
    return scope.group(1) if scope and scope.group(1) in _KEPT else None


def is_read(environ: dict[str, Any]) -> bool:
    target = environ.get("HTTP_X_AMZ_TARGET", "")
    if target:
        return bool(target.rsplit(".", 1)[-1].startswith(_READS))
    return bool(environ.get("REQUEST_METHOD") in ("GET", "HEAD"))


class SnapshotGate:
    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._active = 0
        self._closed = False
        self.writes = 0

    def wrap(self, app: Wsgi) -> Wsgi:
        def gated(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
            if environ.get(_SNAPSHOT_ENVIRON) or kept_service(environ) is None:
                return app(environ, start_response)
            with self._passing(not is_read(environ)):
                return app(environ, start_response)

        return gated

    @contextmanager
    def _passing(self, write: bool) -> Iterator[None]:
        with self._changed:
            self._changed.wait_for(lambda: not self._closed)
            self._active += 1
            self.writes += write
        try:
            yield
        finally:
            with self._changed:
                self._active -= 1
                self._changed.notify_all()

    @contextmanager
    def closed(self) -> Iterator[None]:
        """No request to a kept service runs inside this block (but the snapshot's own)."""
        with self._changed:
            self._changed.wait_for(lambda: not self._closed)
            self._closed = True
            self._changed.wait_for(lambda: self._active == 0)
        try:
            yield
        finally:
            with self._changed:
                self._closed = False
                self._changed.notify_all()
