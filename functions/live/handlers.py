"""Entry points of the room's signalling: the WebSocket API's Lambda routes ($connect,
$default for every message, $disconnect) and the shared pieces the local endpoint uses too.

A participant connects with `?token=<link token>` (the candidate) or
`?live_interview_id=<id>&access_token=<access token>` (a member); browsers cannot set headers
on a WebSocket, so the credential rides in the query string (our logs never record it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from functions import wiring
from functions.accounts.use_cases import authenticate
from functions.domain.clock import utcnow
from functions.domain.errors import DomainError, Unauthenticated
from functions.live import signalling
from functions.live.ice import ice_servers
from functions.observability import lambda_handler, logger
from functions.settings import get_settings


def room(transcribing: bool = True) -> signalling.Room:
    """The room's ports; `transcribing` False where no audio arrives ($connect, $disconnect:
    no Groq client or model made for them)."""
    s = get_settings()
    secret = wiring.turn_secret()

    def ice(participant: str) -> list[Any]:
        return ice_servers(
            stun_urls=s.live_stun_urls,
            turn_urls=s.live_turn_urls,
            turn_secret=secret,
            ttl_seconds=s.live_turn_ttl_seconds,
            participant=participant,
            now=utcnow(),
        )

    return signalling.Room(
        lives=wiring.live_interviews(),
        connections=wiring.live_connections(),
        gateway=wiring.connection_gateway(),
        ice=ice,
        transcriber=wiring.live_transcriber() if transcribing else None,
        transcripts=wiring.live_transcripts(),
    )


def identify(query: Mapping[str, str]) -> signalling.Identity:
    """Who connects, from the query string (DomainError: 401, 404, 409 or 410)."""
    now = utcnow()
    lives = wiring.live_interviews()
    if query.get("token"):
        return signalling.candidate_identity(lives, query["token"], now)
    access_token, live_id = query.get("access_token"), query.get("live_interview_id")
    if not access_token or not live_id:
        raise Unauthenticated(
            "connect with ?token=<your link's token>, or ?live_interview_id=<id>"
            "&access_token=<access token>"
        )
    user = authenticate(wiring.token_verifier(), wiring.users(), access_token)
    return signalling.member_identity(lives, user, live_id, now)


def _connection_id(event: dict[str, Any]) -> str:
    return str(event["requestContext"]["connectionId"])


@lambda_handler(correlation_id_path="requestContext.requestId")
def connect(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """$connect: a refused credential is the handshake's HTTP status (no socket opens)."""
    try:
        identity = identify(event.get("queryStringParameters") or {})
    except DomainError as refused:
        logger.info("live connection refused", extra={"status": refused.status})
        return {"statusCode": refused.status, "body": refused.detail}
    signalling.connect(room(transcribing=False), _connection_id(event), identity, utcnow())
    return {"statusCode": 200}


@lambda_handler(correlation_id_path="requestContext.requestId")
def message(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """$default: every frame (the protocol's `type` routes it inside the use case)."""
    body = event.get("body") or ""
    signalling.receive(room(), _connection_id(event), body, utcnow())
    return {"statusCode": 200}


@lambda_handler(correlation_id_path="requestContext.requestId")
def disconnect(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    signalling.disconnect(room(transcribing=False), _connection_id(event))
    return {"statusCode": 200}
