"""Where a webhook may go: public HTTPS addresses only, checked again at every delivery.

A subscription's URL is checked when it is made (so an admin learns at once) and again
when each delivery connects, after DNS resolution: the connection goes to the very
address that was checked (no second lookup that a rebinding DNS server could answer
differently), redirects are never followed, and timeouts are short. Refused: loopback,
private (RFC 1918, unique-local), shared (100.64/10), link-local (cloud metadata lives at
169.254.169.254 and fd00:ec2::254), multicast, reserved and unspecified addresses, and
IPv4 written inside IPv6 (mapped, compatible, 6to4, NAT64, Teredo). Numeric host forms
such as ``2130706433`` or ``0177.0.0.1`` resolve to the address they encode and are
judged by it. Operators who need internal receivers list their networks in
``WEBHOOK_ALLOWED_NETWORKS``; only those may also use plain http.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from app.services import N_, DomainError

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# Blocks the ipaddress flags miss or that must be named: shared address space (carrier
# NAT), the AWS IPv6 metadata address, NAT64 and the IPv4-compatible block.
EXTRA_BLOCKED = tuple(
    ipaddress.ip_network(n)
    for n in ("100.64.0.0/10", "192.0.0.0/24", "198.18.0.0/15", "fd00:ec2::254/128",
              "64:ff9b::/96", "64:ff9b:1::/48", "::/96")
)  # fmt: skip
MAX_URL_LENGTH = 2000


class TargetRefused(DomainError):
    """The URL may not receive webhooks."""


def allowed_networks(config: Mapping[str, Any]) -> tuple[Network, ...]:
    """``WEBHOOK_ALLOWED_NETWORKS``: a list, or a comma-separated string, of CIDRs."""
    raw = config.get("WEBHOOK_ALLOWED_NETWORKS") or ()
    if isinstance(raw, str):
        raw = [part for part in raw.split(",") if part.strip()]
    return tuple(ipaddress.ip_network(str(item).strip(), strict=False) for item in raw)


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 form carries (mapped, 6to4, Teredo), if any."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    return None


def is_public(address: Address) -> bool:
    """True for an address on the public internet (and not one that hides another)."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = _embedded_ipv4(address)
        if inner is not None:
            return False  # an IPv4 address dressed as IPv6: refused whatever it is
    if (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    ):
        return False
    return not any(address in network for network in EXTRA_BLOCKED if
                   network.version == address.version)  # fmt: skip


def _permitted(address: Address, allowed: Iterable[Network]) -> bool:
    return any(address.version == n.version and address in n for n in allowed)


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str  # path and query, as sent in the request line


def parse(url: str) -> Target:
    """Split a webhook URL; refuse what is not a plain http(s) address.

    Raises:
        TargetRefused: not a URL a webhook can use.
    """
    url = (url or "").strip()
    if not url or len(url) > MAX_URL_LENGTH or any(ord(c) < 33 for c in url):
        raise TargetRefused(N_("Enter the receiver's full address, starting with https://."))
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise TargetRefused(N_("Enter the receiver's full address, starting with https://."))
    if parts.username or parts.password:
        raise TargetRefused(N_("Put credentials in the receiver's check of the signature, "
                               "not in the address."))  # fmt: skip
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise TargetRefused(N_("The address has an invalid port.")) from None
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(parts.scheme, parts.hostname, port, path)


def resolve(target: Target, config: Mapping[str, Any]) -> Address:
    """The address to connect to, after checking every address the name resolves to.

    Raises:
        TargetRefused: the name does not resolve, or resolves to a refused address, or
            plain http is used for a public address.
    """
    allowed = allowed_networks(config)
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise TargetRefused(N_("%(host)s does not resolve."), host=target.host[:100]) from None
    addresses = []
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if not (_permitted(address, allowed) or is_public(address)):
            raise TargetRefused(
                N_("%(host)s points to an internal address (%(address)s); webhooks go to "
                   "public addresses only, unless an operator allows that network."),
                host=target.host[:100], address=str(address),
            )  # fmt: skip
        addresses.append(address)
    if not addresses:
        raise TargetRefused(N_("%(host)s does not resolve."), host=target.host[:100])
    if target.scheme != "https" and not all(_permitted(a, allowed) for a in addresses):
        raise TargetRefused(N_("Webhooks to public addresses must use https://."))
    return addresses[0]


def check(url: str, config: Mapping[str, Any]) -> Target:
    """Parse and resolve ``url`` as a subscription is made (raises TargetRefused)."""
    target = parse(url)
    resolve(target, config)
    return target


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the checked address, whatever the name resolves to now."""

    def __init__(self, host: str, address: Address, port: int, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._address = str(address)

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """TLS to the checked address, verifying the certificate against the host name."""

    def __init__(self, host: str, address: Address, port: int, timeout: float):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = str(address)

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def connection(target: Target, address: Address, timeout: float) -> http.client.HTTPConnection:
    kind = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    return kind(target.host, address, target.port, timeout)
