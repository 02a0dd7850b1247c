"""The live interviews' signalling WebSocket under `make dev`: /interviews/live/signal.

The same code as the cloud's WebSocket API routes (functions/live/handlers.py: identify, then
the signalling use cases) with the local connection gateway in place of API Gateway's
Management API. A refused credential is an error frame, then a close (4000 + the HTTP status).
API Gateway's 2-hour cut is not imitated; its 10-minute idle limit neither (clients ping anyway).
"""

from __future__ import annotations

import asyncio
import uuid

from fastapi import FastAPI, WebSocket, WebSocketDisconnect
from starlette.concurrency import run_in_threadpool

from functions import wiring
from functions.domain.clock import utcnow
from functions.domain.errors import DomainError
from functions.live import handlers, signalling
from functions.live.adapters.local import LocalConnections
from functions.live.signalling_rules import encode

PATH = "/interviews/live/signal"


def _gateway() -> LocalConnections:
    gateway = wiring.connection_gateway()
    if not isinstance(gateway, LocalConnections):
        raise RuntimeError("the local signalling endpoint needs APP_LIVE_GATEWAY_KIND=local")
    return gateway


async def signal(websocket: WebSocket) -> None:
    await websocket.accept()
    try:
        identity = await run_in_threadpool(handlers.identify, dict(websocket.query_params))
    except DomainError as refused:
        frame = {"type": "error", "code": refused.slug, "detail": refused.detail}
        await websocket.send_text(encode(frame))
        await websocket.close(code=4000 + refused.status)
        return
    connection_id = uuid.uuid4().hex
    gateway = _gateway()
    gateway.register(connection_id, websocket, asyncio.get_running_loop())
    room = handlers.room()
    await run_in_threadpool(signalling.connect, room, connection_id, identity, utcnow())
    try:
        while True:
            text = await websocket.receive_text()
            await run_in_threadpool(signalling.receive, room, connection_id, text, utcnow())
    except WebSocketDisconnect:
        pass
    finally:
        gateway.unregister(connection_id)
        await run_in_threadpool(signalling.disconnect, room, connection_id)


def with_live_signalling(app: FastAPI) -> FastAPI:
    app.add_api_websocket_route(PATH, signal)
    return app
