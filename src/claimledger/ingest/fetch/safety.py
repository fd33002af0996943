"""Which addresses we refuse to fetch, checked on every resolved IP of a host.

A URL in a feed is written by someone else. Without this check a feed entry could make
claimledger read the cloud metadata service (``169.254.169.254``), a router's admin
page or a database on localhost, and archive the answer in the store. Host names are
resolved by the operating system first, so every spelling of an address (``2130706433``,
``0x7f.1``, ``[::ffff:127.0.0.1]``) is judged by the address it really reaches.
"""

from __future__ import annotations

import ipaddress
import socket

from claimledger.errors import FetchError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

#: Metadata services of the big clouds, named in the error so the refusal is understood.
METADATA_IPS = frozenset(
    {
        ipaddress.ip_address("169.254.169.254"),  # AWS, GCP, Azure, OpenStack, ...
        ipaddress.ip_address("169.254.170.2"),  # AWS ECS task metadata
        ipaddress.ip_address("169.254.170.23"),  # AWS EKS Pod Identity agent
        ipaddress.ip_address("fd00:ec2::23"),  # AWS EKS Pod Identity agent over IPv6
        ipaddress.ip_address("169.254.0.23"),  # Tencent Cloud
        ipaddress.ip_address("100.100.100.200"),  # Alibaba Cloud
        ipaddress.ip_address("fd00:ec2::254"),  # AWS over IPv6
        # a public address: only this list refuses it (Azure's WireServer, a VM's own host agent)
        ipaddress.ip_address("168.63.129.16"),
        ipaddress.ip_address("192.0.0.192"),  # Oracle Cloud
    }
)
#: NAT64 (RFC 6052) embeds an IPv4 address in its last 32 bits.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, 6to4, Teredo, NAT64), if any."""
    if isinstance(ip, ipaddress.IPv4Address):
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def blocked_reason(ip: IPAddress) -> str | None:
    """Why ``ip`` must not be fetched by default, or None if it is a public address."""
    inner = embedded_ipv4(ip)
    if inner is not None:
        why = blocked_reason(inner)
        return f"{why} (inside IPv6 {ip})" if why else None
    if ip in METADATA_IPS:
        return "a cloud metadata address"
    for attr, name in (
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_unspecified", "the unspecified address"),
        ("is_reserved", "a reserved address"),
        ("is_private", "a private address"),
    ):
        if getattr(ip, attr):
            return name
    if not ip.is_global:  # shared (CGNAT), documentation, benchmarking ranges
        return "not a public address"
    return None


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address ``host`` resolves to, via the operating system's resolver."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise FetchError(f"cannot resolve host {host!r}: {getattr(exc, 'strerror', None) or exc}") from exc
    seen: list[IPAddress] = []
    for info in infos:
        addr = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if addr not in seen:
            seen.append(addr)
    if not seen:
        raise FetchError(f"cannot resolve host {host!r}: no addresses")
    return seen


def checked_addresses(host: str, port: int, *, allow_private: bool = False) -> list[IPAddress]:
    """Resolve ``host`` and refuse it if any of its addresses is not public.

    Every address is checked, not just the first: a host with one public and one
    private record could otherwise be steered to the private one at connect time.
    ``allow_private`` lifts the check except for cloud metadata addresses.
    """
    addrs = resolve(host, port)
    for ip in addrs:
        why = blocked_reason(ip)
        shown = host if host == str(ip) else f"{host} ({ip})"
        if why and (is_metadata(ip) or not allow_private):
            hint = "" if is_metadata(ip) else "; use --allow-private to allow it"
            raise FetchError(f"refused to fetch {shown}: {why}{hint}")
    return addrs


def is_metadata(ip: IPAddress) -> bool:
    """Cloud metadata services are refused even with ``--allow-private``: no intranet feed
    lives there, and they hand out credentials to whoever asks."""
    return (embedded_ipv4(ip) or ip) in METADATA_IPS
