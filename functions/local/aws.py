"""moto's server inside this process, configured and wired like the cloud.

    with EmbeddedAws(port=0, reset=True) as aws:
        boto3.client("s3", endpoint_url=aws.endpoint_url)...
        aws.wait_idle()  # let asynchronous EventBridge / Lambda deliveries finish

moto keeps its state in module-level backends, so there is one AWS per process: starting a
second EmbeddedAws while one runs shares (and with reset=True, wipes) the same resources.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import urllib.request
from types import TracebackType

from functions.local.async_dispatch import AsyncDispatcher, DeliveryFailure, Redrive
from functions.local.dynamodb_indexes import IndexedQueries
from functions.local.dynamodb_streams import TrimmedStreams
from functions.local.dynamodb_transactions import AtomicTransactions
from functions.local.eventbridge_targets import EventBridgeTargetAdapter
from functions.local.lambda_runtime import InProcessLambdaRuntime
from functions.local.model_tracking import UntrackedModels
from functions.local.snapshot_gate import SnapshotGate
from functions.local.sqs_wakeups import QueueWakeups

# Step Functions runs the real ASL; Lambda runs without Docker (our in-process runtime).
MOTO_CONFIG = {
    "stepfunctions": {"execute_state_machine": True},
    "lambda": {"use_docker": False},
}
DUMMY_CREDENTIAL = "testing"


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


class EmbeddedAws:
    def __init__(
        self,
        port: int = 0,
        region: str = "eu-west-1",
        *,
        reset: bool = False,
        host: str = "127.0.0.1",
    ) -> None:
        self.region = region
        self._requested_port = port
        self._host = host
        self._reset = reset
        self._port: int | None = None
        self._server: object | None = None
        self._saved_env: dict[str, str | None] = {}
        self._dispatcher: AsyncDispatcher | None = None
        self._runtime: InProcessLambdaRuntime | None = None
        self._adapter: EventBridgeTargetAdapter | None = None
        self._models = UntrackedModels()
        self._transactions = AtomicTransactions()
        self._streams = TrimmedStreams(self._transactions.lock)
        # LOCAL_VERIFY_QUERIES=1 answers each Query moto's way too and counts differences.
        self.queries = IndexedQueries(
            self._transactions.lock, verify=os.environ.get("LOCAL_VERIFY_QUERIES") == "1"
        )
        self._queues = QueueWakeups()
        self.gate = SnapshotGate()

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> EmbeddedAws:
        if self._server is not None:
            return self
        from moto.server import ThreadedMotoServer

        # ThreadedMotoServer cannot report a port it picked, so pick one first.
        self._port = self._requested_port or free_port(self._host)
        self._set_env(self._port)
        # One access-log line per AWS call drowns the application's own logs.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        server = ThreadedMotoServer(ip_address=self._host, port=self._port, verbose=False)
        server.start()
        # The state snapshot's gate in front of moto's WSGI app (werkzeug reads it per request).
        wsgi = server._server
        assert wsgi is not None
        wsgi.app = self.gate.wrap(wsgi.app)
        self._server = server
        if self._reset:
            self._post("/moto-api/reset", {})
        self._post("/moto-api/config", MOTO_CONFIG)
        self._install_wiring()
        return self

    def stop(self, drain: bool = True) -> None:
        """`drain`: wait for asynchronous deliveries first; else leave them (their redrives
        are in the state snapshot) and return at once."""
        if self._server is None:
            return
        if drain:
            self.wait_idle()
        self._uninstall_wiring(drain)
        self._server.stop()  # type: ignore[attr-defined]
        self._server = None
        self._restore_env()

    def __enter__(self) -> EmbeddedAws:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- what callers use ------------------------------------------------------------------

    @property
    def endpoint_url(self) -> str:
        if self._port is None:
            raise RuntimeError("EmbeddedAws is not started")
        return f"http://{self._host}:{self._port}"

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("EmbeddedAws is not started")
        return self._port

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Wait for queued EventBridge / async Lambda deliveries (not for SFN executions)."""
        return self._dispatcher.wait_idle(timeout) if self._dispatcher else True

    def unfinished(self) -> list[Redrive]:
        """Asynchronous deliveries queued or running (what the state snapshot re-drives)."""
        return self._dispatcher.unfinished() if self._dispatcher else []

    @property
    def delivery_failures(self) -> list[DeliveryFailure]:
        return self._dispatcher.failures if self._dispatcher else []

    # -- internals -------------------------------------------------------------------------

    def _install_wiring(self) -> None:
        self._dispatcher = AsyncDispatcher()
        self._runtime = InProcessLambdaRuntime(self._dispatcher)
        self._adapter = EventBridgeTargetAdapter(self._dispatcher)
        self._runtime.install()
        self._adapter.install()
        self._models.install()
        self._transactions.install()
        self.queries.install()
        self._streams.install()
        self._queues.install()

    def _uninstall_wiring(self, drain: bool = True) -> None:
        self._queues.uninstall()
        self._streams.uninstall()
        self.queries.uninstall()
        self._transactions.uninstall()
        self._models.uninstall()
        if self._adapter:
            self._adapter.uninstall()
        if self._runtime:
            self._runtime.uninstall()
        if self._dispatcher:
            self._dispatcher.shutdown(wait=drain)
        self._dispatcher = self._runtime = self._adapter = None

    def _env(self, port: int) -> dict[str, str]:
        return {
            # moto's ASL interpreter calls Lambda & co. at localhost:$MOTO_PORT.
            "MOTO_PORT": str(port),
            # Stable pool and client ids across restarts, so saved users and SPA config hold.
            "MOTO_COGNITO_IDP_USER_POOL_ID_STRATEGY": "HASH",
            "MOTO_COGNITO_IDP_USER_POOL_CLIENT_ID_STRATEGY": "HASH",
            "AWS_ACCESS_KEY_ID": DUMMY_CREDENTIAL,
            "AWS_SECRET_ACCESS_KEY": DUMMY_CREDENTIAL,
            "AWS_SECURITY_TOKEN": DUMMY_CREDENTIAL,
            "AWS_SESSION_TOKEN": DUMMY_CREDENTIAL,
            "AWS_DEFAULT_REGION": self.region,
            "AWS_REGION": self.region,
        }

    def _set_env(self, port: int) -> None:
        for key, value in self._env(port).items():
            self._saved_env[key] = os.environ.get(key)
            os.environ[key] = value

    def _restore_env(self) -> None:
        for key, value in self._saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        self._saved_env = {}

    def _post(self, path: str, body: object) -> None:
        request = urllib.request.Request(  # noqa: S310 - our own loopback server
            self.endpoint_url + path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            response.read()
