"""Frames to API Gateway WebSocket connections through the Management API (PostToConnection).

API Gateway answers 410 (GoneException) for a connection that closed without its $disconnect
having run yet; that surfaces as ConnectionGone, and the room removes that connection.
"""

from __future__ import annotations

from typing import Any

from functions.live.ports import ConnectionGone


class ApiGatewayConnections:
    def __init__(self, client: Any) -> None:  # a boto3 apigatewaymanagementapi client
        self._client = client

    def send(self, connection_id: str, frame: str) -> None:
        try:
            self._client.post_to_connection(ConnectionId=connection_id, Data=frame.encode())
        except self._client.exceptions.GoneException as gone:
            raise ConnectionGone(connection_id) from gone
