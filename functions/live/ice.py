"""ICE servers for a participant: STUN, and TURN with short-lived credentials of their own.

TURN is coturn with its REST API authentication (`use-auth-secret`): the username is
`<expiry unix time>:<participant>`, the password base64(HMAC-SHA1(static-auth-secret,
username)); coturn checks both without a call to us and refuses them after the expiry. No TURN
(local runs) leaves the host candidates, enough on one machine or one network.
See docs/architecture.md (Live interviews) for why coturn rather than Kinesis Video Streams.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime

from pydantic import BaseModel


class IceServer(BaseModel):
    """One RTCIceServer of the browser's RTCPeerConnection configuration."""

    urls: list[str]
    username: str | None = None
    credential: str | None = None


def turn_credentials(secret: str, participant: str, expires_at: int) -> tuple[str, str]:
    username = f"{expires_at}:{participant}"
    digest = hmac.new(secret.encode(), username.encode(), hashlib.sha1).digest()
    return username, base64.b64encode(digest).decode()


def ice_servers(
    *,
    stun_urls: list[str],
    turn_urls: list[str],
    turn_secret: str | None,
    ttl_seconds: int,
    participant: str,
    now: datetime,
) -> list[IceServer]:
    servers = [IceServer(urls=stun_urls)] if stun_urls else []
    if turn_urls and turn_secret:
        expires = int(now.timestamp()) + ttl_seconds
        username, credential = turn_credentials(turn_secret, participant, expires)
        servers.append(IceServer(urls=turn_urls, username=username, credential=credential))
    return servers
