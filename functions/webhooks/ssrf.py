"""Where a webhook may be sent: https to public addresses only.

Checked when an endpoint is saved and again, with a fresh DNS answer, at every delivery; the
connection then goes to the address that was checked (no second look-up a rebinding DNS
server could answer differently). Loopback (and plain http) only when the local platform
sets APP_WEBHOOKS_ALLOW_LOOPBACK=true.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from functions.domain.errors import InvalidInput

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class UnsafeUrl(InvalidInput):
    """The URL is not a public https address."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str  # with the query


def parse_url(url: str, *, allow_loopback: bool) -> Target:
    parts = urlsplit(url)
    allowed = ("https", "http") if allow_loopback else ("https",)
    if parts.scheme not in allowed:
        raise UnsafeUrl(f"webhook URLs must use https, not {parts.scheme or 'no scheme'}")
    if not parts.hostname:
        raise UnsafeUrl("the webhook URL has no host")
    if parts.username or parts.password:
        raise UnsafeUrl("the webhook URL must not carry credentials")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise UnsafeUrl("the webhook URL has an invalid port") from None
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(parts.scheme, parts.hostname, port, path)


def refused(address: IpAddress, *, allow_loopback: bool) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address.is_loopback:
        return not allow_loopback
    return not address.is_global or address.is_multicast or address.is_reserved


def resolve(target: Target, *, allow_loopback: bool) -> IpAddress:
    """The first address of the host, refusing the URL if any address is not public."""
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise UnsafeUrl(f"the webhook host {target.host} does not resolve") from None
    addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    for address in addresses:
        if refused(address, allow_loopback=allow_loopback):
            raise UnsafeUrl(
                f"the webhook host {target.host} resolves to {address}, which is not a public "
                "address"
            )
    if not addresses:
        raise UnsafeUrl(f"the webhook host {target.host} does not resolve")
    return addresses[0]


def check_url(url: str, *, allow_loopback: bool) -> Target:
    target = parse_url(url, allow_loopback=allow_loopback)
    resolve(target, allow_loopback=allow_loopback)
    return target
