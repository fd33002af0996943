"""Address checks: every spelling of a private address is judged by where it really goes."""

from __future__ import annotations

import ipaddress

import pytest

from claimledger.errors import FetchError
from claimledger.ingest.fetch.client import Fetcher, FetchOptions, parse_url
from claimledger.ingest.fetch.safety import blocked_reason, checked_addresses
from conftest import Site


@pytest.mark.parametrize(
    "ip, why",
    [
        ("127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "cloud metadata"),
        ("169.254.10.1", "link-local"),
        ("100.100.100.200", "cloud metadata"),
        ("100.64.0.1", "not a public address"),
        ("224.0.0.251", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("fd00:ec2::254", "cloud metadata"),
        ("ff02::1", "multicast"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:169.254.169.254", "cloud metadata"),
        ("::ffff:10.0.0.1", "private"),
        ("64:ff9b::a9fe:a9fe", "cloud metadata"),
        ("2002:7f00:1::", "loopback"),
    ],
)
def test_blocked_addresses(ip: str, why: str) -> None:
    reason = blocked_reason(ipaddress.ip_address(ip))
    assert reason is not None and why in reason


@pytest.mark.parametrize("ip", ["93.184.215.14", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses_pass(ip: str) -> None:
    assert blocked_reason(ipaddress.ip_address(ip)) is None


@pytest.mark.parametrize("host", ["2130706433", "0x7f000001", "0177.0.0.1", "127.1", "localhost", "::1"])
def test_encoded_loopback_is_resolved_then_refused(host: str) -> None:
    with pytest.raises(FetchError, match="refused to fetch .*loopback.*--allow-private"):
        checked_addresses(host, 80)


#: Metadata and host-agent services beyond 169.254.169.254 (issue 20): the first is a public
#: address, the rest were allowed under --allow-private. Only checked here, never connected to.
MORE_METADATA = ["168.63.129.16", "192.0.0.192", "169.254.0.23", "169.254.170.23", "fd00:ec2::23"]


@pytest.mark.parametrize("ip", MORE_METADATA)
@pytest.mark.parametrize("allow_private", [False, True])
def test_every_cloud_metadata_address_is_refused_always(ip: str, allow_private: bool) -> None:
    assert blocked_reason(ipaddress.ip_address(ip)) == "a cloud metadata address"
    with pytest.raises(FetchError, match=r"refused to fetch .*: a cloud metadata address$"):
        checked_addresses(ip, 80, allow_private=allow_private)  # a literal: resolved without traffic


@pytest.mark.parametrize("ip", ["::ffff:168.63.129.16", "64:ff9b::a83f:8110", "::ffff:192.0.0.192"])
def test_metadata_inside_ipv6_is_refused_with_allow_private(ip: str) -> None:
    with pytest.raises(FetchError, match="cloud metadata address"):
        checked_addresses(ip, 80, allow_private=True)


def test_allow_private_lifts_everything_but_metadata() -> None:
    assert checked_addresses("127.0.0.1", 80, allow_private=True)
    with pytest.raises(FetchError, match="cloud metadata"):
        checked_addresses("169.254.169.254", 80, allow_private=True)


@pytest.mark.parametrize(
    "url",
    [
        "http://2130706433:{port}/news/port-strike.html",
        "http://127.0.0.1:{port}/news/port-strike.html",
        "http://localhost:{port}/news/port-strike.html",
        "http://[::1]:{port}/news/port-strike.html",
        "http://[::ffff:127.0.0.1]:{port}/news/port-strike.html",
        "http://0x7f.0.0.1:{port}/news/port-strike.html",
    ],
)
def test_loopback_server_refused_without_allow_private(site: Site, url: str) -> None:
    with Fetcher(FetchOptions(host_delay=0)) as f, pytest.raises(FetchError) as err:
        f.get(url.format(port=site.port))
    msg = str(err.value)
    assert msg.startswith(url.format(port=site.port) + ": refused to fetch")
    assert "--allow-private" in msg
    assert site.hits["/news/port-strike.html"] == 0  # refused before connecting


@pytest.mark.parametrize(
    "url, problem",
    [
        ("ftp://example.org/feed", "scheme 'ftp' is not http or https"),
        ("http://", "invalid URL"),
        ("https:///path-only", "invalid URL"),
        ("http://exa mple.org/", "invalid URL"),
    ],
)
def test_invalid_urls(url: str, problem: str) -> None:
    with pytest.raises(FetchError, match=problem) as err:
        parse_url(url)
    assert str(err.value).startswith(url)


def test_unresolvable_host_is_one_clear_error() -> None:
    with Fetcher(FetchOptions(host_delay=0)) as f, pytest.raises(FetchError, match="cannot resolve host"):
        f.get("http://no-such-host.invalid/")
