"""The one outside thing signalling needs: something that delivers a frame to a connection.

Two adapters (functions/live/adapters): API Gateway's Management API in the cloud
(PostToConnection), the local platform's in-process WebSocket registry under `make dev`.
"""

from __future__ import annotations

from typing import Protocol


class ConnectionGone(Exception):
    """The connection no longer exists (API Gateway's 410 GoneException, a closed socket)."""


class ConnectionGateway(Protocol):
    def send(self, connection_id: str, frame: str) -> None:
        """Deliver one frame; ConnectionGone when the connection is gone."""
        ...
