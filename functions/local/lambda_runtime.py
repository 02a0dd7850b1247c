"""The in-process Lambda runtime: moto's Lambda calls our handlers in this very process.

moto's Docker-less Lambda backend (`LambdaSimpleBackend`) only echoes payloads. We replace its
`invoke` so that a function's `Handler` string (`functions.media.handlers.verify_upload`) is
imported and called with the decoded event and a Lambda context, and its result or unhandled
exception comes back exactly as the Lambda service returns it: an `X-Amz-Function-Error:
Unhandled` header and `{"errorType", "errorMessage", "stackTrace"}`, so ASL `Retry`/`Catch`
match exception class names as in the cloud.

Not emulated: per-function environment variables (one process shares one environment),
timeouts (the deadline only feeds `get_remaining_time_in_millis`), concurrency limits and the
two automatic retries of asynchronous invocations.
"""

from __future__ import annotations

import importlib
import json
import logging
import time
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from functions.local.async_dispatch import AsyncDispatcher, Redrive

logger = logging.getLogger(__name__)

Handler = Callable[[Any, Any], Any]


@dataclass(frozen=True)
class LambdaContext:
    """What the Python runtime passes as `context`; enough for aws_lambda_powertools."""

    function_name: str
    function_version: str
    invoked_function_arn: str
    memory_limit_in_mb: int
    aws_request_id: str
    log_group_name: str
    log_stream_name: str
    deadline_epoch_seconds: float
    identity: Any = None
    client_context: Any = None
    tenant_id: str | None = None

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self.deadline_epoch_seconds - time.time()) * 1000))


@dataclass(frozen=True)
class FunctionSpec:
    """The parts of a moto LambdaFunction the runtime needs."""

    name: str
    arn: str
    handler: str
    version: str = "$LATEST"
    memory_mb: int = 128
    timeout_seconds: int = 3

    @classmethod
    def from_moto(cls, fn: Any) -> FunctionSpec:
        return cls(
            name=fn.function_name,
            arn=fn.function_arn,
            handler=fn.handler or "",
            version=str(fn.version),
            memory_mb=int(fn.memory_size),
            timeout_seconds=int(fn.timeout),
        )


@dataclass(frozen=True)
class InvocationResult:
    payload: bytes
    function_error: str | None = None  # "Unhandled" when the handler raised
    request_id: str = field(default_factory=lambda: str(uuid.uuid4()))

    @property
    def failed(self) -> bool:
        return self.function_error is not None


class HandlerLoadError(Exception):
    """A failure of the runtime itself; `error_type` is what Lambda reports, e.g. Runtime.X."""

    def __init__(self, error_type: str, message: str) -> None:
        super().__init__(message)
        self.error_type = error_type


def resolve_handler(handler: str) -> Handler:
    """Import `package.module.attribute` and return the callable, as the Python runtime does."""
    module_name, _, attribute = handler.rpartition(".")
    if not module_name:
        raise HandlerLoadError("Runtime.MalformedHandlerName", f"Bad handler '{handler}'")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise HandlerLoadError(
            "Runtime.ImportModuleError", f"Unable to import module '{module_name}': {error}"
        ) from error
    target = getattr(module, attribute, None)
    if not callable(target):
        raise HandlerLoadError(
            "Runtime.HandlerNotFound", f"Handler '{attribute}' missing on module '{module_name}'"
        )
    return target  # type: ignore[no-any-return]


def make_context(spec: FunctionSpec, request_id: str) -> LambdaContext:
    return LambdaContext(
        function_name=spec.name,
        function_version=spec.version,
        invoked_function_arn=spec.arn,
        memory_limit_in_mb=spec.memory_mb,
        aws_request_id=request_id,
        log_group_name=f"/aws/lambda/{spec.name}",
        log_stream_name=f"{time.strftime('%Y/%m/%d')}/[{spec.version}]{uuid.uuid4().hex}",
        deadline_epoch_seconds=time.time() + spec.timeout_seconds,
    )


def error_payload(error_type: str, error: BaseException) -> bytes:
    """The body Lambda returns for an unhandled error, matched by ASL on `errorType`."""
    return json.dumps(
        {
            "errorType": error_type,
            "errorMessage": str(error),
            "stackTrace": _user_frames(error),
        }
    ).encode()


def _user_frames(error: BaseException) -> list[str]:
    # Lambda's trace starts in the function's code; the runtime's own frames are noise.
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename != __file__]
    return traceback.format_list(frames)


def decode_event(body: bytes | str | None) -> Any:
    if not body:
        return {}
    return json.loads(body)


def run_handler(spec: FunctionSpec, body: bytes | str | None) -> InvocationResult:
    """One synchronous invocation; never raises, errors come back as Lambda reports them."""
    request_id = str(uuid.uuid4())
    try:
        handler = resolve_handler(spec.handler)
        result = handler(decode_event(body), make_context(spec, request_id))
    except HandlerLoadError as error:
        return _failure(spec, error.error_type, error, request_id)
    except Exception as error:
        return _failure(spec, type(error).__name__, error, request_id)
    try:
        payload = json.dumps(result).encode()
    except (TypeError, ValueError) as error:
        return _failure(spec, "Runtime.MarshalError", error, request_id)
    return InvocationResult(payload=payload, request_id=request_id)


def _failure(
    spec: FunctionSpec, error_type: str, error: BaseException, request_id: str
) -> InvocationResult:
    # Logged here as well: a caller such as moto's S3 notifier may swallow the result.
    logger.warning("lambda %s failed with %s: %s", spec.name, error_type, error, exc_info=error)
    return InvocationResult(error_payload(error_type, error), "Unhandled", request_id)


def run_or_raise(spec: FunctionSpec, body: bytes | str | None) -> None:
    """An asynchronous invocation: nobody reads the result, so a failure becomes an exception."""
    result = run_handler(spec, body)
    if result.failed:
        raise LambdaInvocationFailed(spec.name, result.payload)


class InProcessLambdaRuntime:
    """Installs itself as moto's Docker-less Lambda `invoke`; `uninstall` puts moto's back."""

    def __init__(self, dispatcher: AsyncDispatcher) -> None:
        self._dispatcher = dispatcher
        self._original: Any = None

    def install(self) -> None:
        from moto.awslambda_simple.models import LambdaSimpleBackend

        if self._original is not None:
            return
        self._original = LambdaSimpleBackend.__dict__["invoke"]
        runtime = self

        def invoke(
            backend: Any,
            function_name: str,
            qualifier: str | None,
            body: Any,
            headers: Any,
            response_headers: Any,
        ) -> bytes:
            fn = backend.get_function(function_name, qualifier)
            invocation_type = headers.get("X-Amz-Invocation-Type") or "RequestResponse"
            return runtime.invoke(
                FunctionSpec.from_moto(fn), body, invocation_type, response_headers
            )

        LambdaSimpleBackend.invoke = invoke  # type: ignore[method-assign,assignment]

    def uninstall(self) -> None:
        from moto.awslambda_simple.models import LambdaSimpleBackend

        if self._original is not None:
            LambdaSimpleBackend.invoke = self._original  # type: ignore[method-assign]
            self._original = None

    def invoke(
        self,
        spec: FunctionSpec,
        body: bytes | str | None,
        invocation_type: str,
        response_headers: dict[str, str],
    ) -> bytes:
        """What moto's Invoke API returns; sets the response headers Lambda would."""
        if invocation_type == "DryRun":
            return b""
        if invocation_type == "Event":
            self.invoke_async(spec, body)
            return b""
        result = run_handler(spec, body)
        response_headers["x-amzn-RequestId"] = result.request_id
        response_headers["X-Amz-Executed-Version"] = spec.version
        if result.function_error:
            response_headers["X-Amz-Function-Error"] = result.function_error
        return result.payload

    def invoke_async(self, spec: FunctionSpec, body: bytes | str | None) -> None:
        """Queue an invocation; its failure is logged and kept by the dispatcher."""

        payload = body.decode() if isinstance(body, bytes) else (body or "{}")
        self._dispatcher.submit(
            f"lambda {spec.name}",
            lambda: run_or_raise(spec, body),
            Redrive("lambda", spec.name, payload),
        )


class LambdaInvocationFailed(Exception):
    def __init__(self, function_name: str, payload: bytes) -> None:
        super().__init__(f"{function_name}: {payload.decode(errors='replace')}")
        self.function_name = function_name
        self.payload = payload
