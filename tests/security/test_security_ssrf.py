"""SSRF: no spelling of a private address, no DNS answer and no redirect gets a fetch inside.

``tests/ingest/fetch/test_fetch_safety.py`` checks ``blocked_reason`` on address objects and a few
spellings of 127.0.0.1. Added here: every private range and encoding as a *host string*
through the operating system's resolver, host names whose DNS answers we control (a fake
``socket.getaddrinfo``, the function ``safety.resolve`` calls), redirects from a public-looking
host to private ones served by a real HTTP server, DNS rebinding (the connection must go to
the address that was checked, not to a second answer), feed entries and XML entities that
point inside, and proxy variables that would fetch on our behalf.

Nothing leaves the machine: the "internet" is an httpx transport that routes the fake public
address to the local test server and refuses every other non-loopback address.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from secshared import Page

from claimledger.errors import FetchError
from claimledger.ingest.fetch.client import Fetcher, FetchOptions
from claimledger.ingest.fetch.feeds import parse_feed, poll_feed
from claimledger.ingest.fetch.safety import blocked_reason, checked_addresses
from claimledger.store import Store

PUBLIC = "93.184.215.14"  # stands for "somewhere on the internet"; routed to the local server
SECRET = (
    b"<html><body><article><p>"
    + b"TOP SECRET intranet page with credentials " * 4
    + b"</p></article></body></html>"
)
REAL_GETADDRINFO = socket.getaddrinfo


class FakeDNS:
    """``socket.getaddrinfo`` for names under ``.example``: each call takes the next answer."""

    def __init__(self, answers: dict[str, list[list[str]]]) -> None:
        self.answers = answers
        self.calls: Counter[str] = Counter()

    def __call__(
        self, host: Any, port: Any, family: int = 0, type: int = 0, proto: int = 0, flags: int = 0
    ) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name not in self.answers:
            if name.endswith(".example"):
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
            return REAL_GETADDRINFO(host, port, family, type, proto, flags)
        self.calls[name] += 1
        seq = self.answers[name]
        out: list[Any] = []
        for ip in seq[min(self.calls[name], len(seq)) - 1]:
            if ipaddress.ip_address(ip.split("%")[0]).version == 6:
                out.append((socket.AF_INET6, socket.SOCK_STREAM, 6, "", (ip, port or 0, 0, 0)))
            else:
                out.append((socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port or 0)))
        return out


class Internet(httpx.BaseTransport):
    """The network as the fetcher sees it: PUBLIC is the local test server, loopback is
    reachable as it really is, every other address is unreachable (and recorded)."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.seen: list[tuple[str, str | None]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        self.seen.append((host, request.headers.get("host")))
        try:
            ip = ipaddress.ip_address(host)
        except ValueError:
            raise httpx.ConnectError(f"{host}: a name reached the network layer (not pinned)") from None
        if host == PUBLIC:
            request.url = request.url.copy_with(host="127.0.0.1")
        elif not ip.is_loopback:
            raise httpx.ConnectError(f"test network: no route to {host}", request=request)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> FakeDNS:
    fake = FakeDNS(
        {
            "news.example": [[PUBLIC]],
            "intranet.example": [["10.20.30.40"]],
            "router.example": [["192.168.1.1"]],
            "corp.example": [["172.20.0.5"]],
            "loopback.example": [["127.0.0.1"]],
            "loop6.example": [["::1"]],
            "mapped.example": [["::ffff:127.0.0.1"]],
            "linklocal6.example": [["fe80::1%1"]],
            "ula.example": [["fd12:3456::1"]],
            "metadata.example": [["169.254.169.254"]],
            "cgnat.example": [["100.64.1.1"]],
            "mixed.example": [[PUBLIC, "10.0.0.7"]],
            "mixed6.example": [[PUBLIC, "::1"]],
            "rebind.example": [[PUBLIC], ["127.0.0.1"]],  # public when checked, loopback afterwards
        }
    )
    monkeypatch.setattr(socket, "getaddrinfo", fake)
    return fake


@pytest.fixture
def internet() -> Iterator[Internet]:
    net = Internet()
    yield net
    net.close()


def _fetcher(internet: Internet, **options: Any) -> Fetcher:
    opts = FetchOptions(host_delay=0, retries=0, connect_timeout=1.0, read_timeout=2.0, **options)
    return Fetcher(opts, client=httpx.Client(transport=internet, follow_redirects=False, trust_env=False))


# --- host strings, resolved by the operating system -------------------------------------------


@pytest.mark.parametrize(
    "host, why",
    [
        ("10.0.0.1", "private"),
        ("10.255.255.255", "private"),
        ("172.16.0.1", "private"),
        ("172.31.255.254", "private"),
        ("192.168.0.1", "private"),
        ("192.168.255.255", "private"),
        ("127.0.0.1", "loopback"),
        ("127.1", "loopback"),
        ("127.0.1", "loopback"),
        ("127.255.255.254", "loopback"),
        ("localhost", "loopback"),
        ("LOCALHOST", "loopback"),
        ("2130706433", "loopback"),  # decimal
        ("017700000001", "loopback"),  # octal, one number
        ("0177.0.0.1", "loopback"),  # octal dotted
        ("0177.1", "loopback"),
        ("0x7f000001", "loopback"),  # hex
        ("0x7f.0.0.1", "loopback"),
        ("0x7f.1", "loopback"),
        ("167772161", "private"),  # 10.0.0.1
        ("3232235521", "private"),  # 192.168.0.1
        ("0xac100001", "private"),  # 172.16.0.1
        ("169.254.169.254", "cloud metadata"),
        ("2852039166", "cloud metadata"),  # 169.254.169.254, decimal
        ("0xa9fea9fe", "cloud metadata"),
        ("0251.0376.0251.0376", "cloud metadata"),
        ("169.254.1.1", "link-local"),
        ("0.0.0.0", "unspecified"),
        ("0", "unspecified"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:7f00:1", "loopback"),
        ("::ffff:10.0.0.1", "private"),
        ("::ffff:a9fe:a9fe", "cloud metadata"),
        ("::127.0.0.1", "reserved"),  # IPv4-compatible (deprecated) form
        ("::", "unspecified"),
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("fd12:3456::1", "private"),
        ("64:ff9b::7f00:1", "loopback"),  # NAT64
        ("2002:a00:1::", "private"),  # 6to4 of 10.0.0.1
        ("2001:0:4136:e378:8000:63bf:80ff:fffe", "loopback"),  # Teredo, client 127.0.0.1
    ],
)
def test_every_spelling_of_an_inside_address_is_refused(host: str, why: str) -> None:
    with pytest.raises(FetchError, match=f"refused to fetch .*{why}"):
        checked_addresses(host, 80)


@pytest.mark.parametrize("host", ["172.15.255.255", "172.32.0.1", "192.169.0.1", "11.0.0.1", "1.1.1.1"])
def test_neighbours_of_private_ranges_are_public(host: str) -> None:
    """The ranges are exact: the check is not "refuse anything that looks odd"."""
    assert blocked_reason(ipaddress.ip_address(host)) is None


@pytest.mark.parametrize(
    "url",
    [
        "http://127.1:{port}/secret",
        "http://0177.0.0.1:{port}/secret",
        "http://017700000001:{port}/secret",
        "http://0x7f000001:{port}/secret",
        "http://LOCALHOST:{port}/secret",
        "http://[::ffff:7f00:1]:{port}/secret",
        "http://[0:0:0:0:0:ffff:127.0.0.1]:{port}/secret",
        "http://news.example@127.0.0.1:{port}/secret",
        "http://news.example:80@127.0.0.1:{port}/secret",
        "http://127.0.0.1:{port}/secret#@news.example/",
        "http://127.0.0.1:{port}/secret?@news.example/",
    ],
)
def test_loopback_server_is_never_reached(site: Any, url: str) -> None:
    """Against a real server on 127.0.0.1: refused before connecting, whatever the spelling."""
    target = url.format(port=site.port)
    with (
        Fetcher(FetchOptions(host_delay=0, retries=0)) as f,
        pytest.raises(FetchError, match="refused to fetch|invalid URL"),
    ):
        f.get(target)
    assert site.hits["/secret"] == 0


# --- names whose DNS answers we control ---------------------------------------------------------


@pytest.mark.parametrize(
    "name, why",
    [
        ("intranet.example", "private"),
        ("router.example", "private"),
        ("corp.example", "private"),
        ("loopback.example", "loopback"),
        ("loop6.example", "loopback"),
        ("mapped.example", "loopback"),
        ("linklocal6.example", "link-local"),
        ("ula.example", "private"),
        ("metadata.example", "cloud metadata"),
        ("cgnat.example", "not a public address"),
        ("mixed.example", "private"),  # one public and one private answer: refused
        ("mixed6.example", "loopback"),
    ],
)
def test_names_resolving_inside_are_refused_before_connecting(
    dns: FakeDNS, internet: Internet, name: str, why: str
) -> None:
    with _fetcher(internet) as f, pytest.raises(FetchError) as err:
        f.get(f"http://{name}/news/story.html")
    assert f"refused to fetch {name} (" in str(err.value) and why in str(err.value)
    assert internet.seen == []  # no connection was even attempted
    assert dns.calls[name] == 1


def test_metadata_names_are_refused_even_with_allow_private(dns: FakeDNS, internet: Internet) -> None:
    with _fetcher(internet, allow_private=True) as f, pytest.raises(FetchError, match="cloud metadata"):
        f.get("http://metadata.example/latest/meta-data/iam/")
    assert internet.seen == []


def test_the_connection_goes_to_the_address_that_was_checked(
    dns: FakeDNS, internet: Internet, site: Any
) -> None:
    """DNS rebinding: the name answers public when checked, loopback when asked again.

    The fetcher must connect to the checked IP with the name in Host, and never resolve twice."""
    url = f"http://rebind.example:{site.port}/news/port-strike.html"
    with _fetcher(internet) as f:
        resp = f.get(url)
    assert resp.status == 200 and b"Velmara" in resp.content
    assert internet.seen == [(PUBLIC, f"rebind.example:{site.port}")]
    assert dns.calls["rebind.example"] == 1
    assert socket.getaddrinfo("rebind.example", 80)[0][4][0] == "127.0.0.1"  # what a second lookup says


# --- redirects from a public host to inside addresses (real HTTP server) ------------------------

REDIRECT_TARGETS = [
    "http://127.0.0.1:{port}/secret",
    "http://localhost:{port}/secret",
    "http://2130706433:{port}/secret",
    "http://0x7f.1:{port}/secret",
    "http://[::1]:{port}/secret",
    "http://[::ffff:127.0.0.1]:{port}/secret",
    "http://loopback.example:{port}/secret",
    "http://mapped.example:{port}/secret",
    "http://intranet.example/secret",
    "http://10.0.0.1/secret",
    "http://192.168.0.1/secret",
    "http://169.254.169.254/latest/meta-data/",
    "http://metadata.example/latest/meta-data/",
    "http://[fd00:ec2::254]/latest/meta-data/",
    "http://203.0.113.7/secret",
    "//127.0.0.1:{port}/secret",  # scheme-relative
    "http://news.example@127.0.0.1:{port}/secret",
]


@pytest.mark.parametrize("target", REDIRECT_TARGETS)
def test_redirect_from_a_public_host_to_inside_is_refused(
    dns: FakeDNS, internet: Internet, site: Any, target: str
) -> None:
    port = site.port
    site.routes["/secret"] = Page(SECRET)
    for status in (301, 302, 303, 307, 308):
        site.routes[f"/go{status}"] = Page(b"", status=status, headers={"Location": target.format(port=port)})
        url = f"http://news.example:{port}/go{status}"
        with _fetcher(internet) as f, pytest.raises(FetchError) as err:
            f.get(url)
        assert str(err.value).startswith(f"{url}: redirected to ") and "refused to fetch" in str(err.value)
        assert site.hits[f"/go{status}"] == 1
    assert site.hits["/secret"] == 0
    assert {host for host, _ in internet.seen} == {PUBLIC}


def test_a_redirect_chain_is_checked_at_every_hop(dns: FakeDNS, internet: Internet, site: Any) -> None:
    port = site.port
    site.routes["/secret"] = Page(SECRET)
    site.routes["/hop1"] = Page(b"", status=302, headers={"Location": "/hop2"})
    site.routes["/hop2"] = Page(b"", status=307, headers={"Location": f"http://news.example:{port}/hop3"})
    site.routes["/hop3"] = Page(b"", status=301, headers={"Location": f"http://[::1]:{port}/secret"})
    with _fetcher(internet) as f, pytest.raises(FetchError, match="redirected to .*loopback"):
        f.get(f"http://news.example:{port}/hop1")
    assert [site.hits[p] for p in ("/hop1", "/hop2", "/hop3", "/secret")] == [1, 1, 1, 0]


@pytest.mark.parametrize(
    "target",
    ["file:///etc/passwd", "gopher://127.0.0.1:6379/_INFO", "ftp://10.0.0.1/", "dict://127.0.0.1:11211/"],
)
def test_redirect_to_another_scheme_is_refused(
    dns: FakeDNS, internet: Internet, site: Any, target: str
) -> None:
    site.routes["/go"] = Page(b"", status=302, headers={"Location": target})
    with _fetcher(internet) as f, pytest.raises(FetchError, match="is not http or https"):
        f.get(f"http://news.example:{site.port}/go")
    assert {host for host, _ in internet.seen} == {PUBLIC}


def test_the_ingest_command_refuses_a_name_that_resolves_inside(dns: FakeDNS, tmp_path: Path) -> None:
    from claimledger.cli.main import cli

    db = tmp_path / "l.db"
    result = CliRunner().invoke(cli, ["ingest", "http://intranet.example/news/story.html", "--db", str(db)])
    assert result.exit_code == 2
    assert "refused to fetch intranet.example (10.20.30.40): a private address" in result.stderr


# --- feeds ----------------------------------------------------------------------------------------


def test_feed_entries_linking_inside_are_never_fetched(site: Any, tmp_path: Path) -> None:
    port = site.port
    site.routes["/secret"] = Page(SECRET)
    links = [
        f"http://127.0.0.1:{port}/secret",
        f"http://2130706433:{port}/secret",
        f"http://[::ffff:127.0.0.1]:{port}/secret",
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
    ]
    items = "".join(
        f"<item><title>t{n}</title><link>{link}</link><guid>g{n}</guid></item>"
        for n, link in enumerate(links)
    )
    feed = tmp_path / "feed.xml"
    feed.write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{items}</channel></rss>',
        encoding="utf-8",
    )
    with Store.open(str(tmp_path / "f.db")) as store, Fetcher(FetchOptions(host_delay=0, retries=0)) as f:
        poll = poll_feed(store, f, str(feed))
    assert poll.entries == len(links)
    errors = [str(i) for i in poll.items if isinstance(i, Exception)]
    assert len(errors) == len(links), poll.items
    assert all("refused to fetch" in e or "is not http or https" in e for e in errors), errors
    assert site.hits["/secret"] == 0


@pytest.mark.parametrize(
    "entity",
    [
        'SYSTEM "http://127.0.0.1:{port}/secret"',
        'SYSTEM "file:///etc/passwd"',
        'PUBLIC "-//x//y" "http://127.0.0.1:{port}/secret"',
    ],
)
def test_feed_xml_entities_are_not_resolved(site: Any, entity: str) -> None:
    """XXE is SSRF too: an external entity must not make the parser fetch or read anything."""
    site.routes["/secret"] = Page(SECRET)
    doc = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe {entity.format(port=site.port)}>]>'
        '<rss version="2.0"><channel><title>Feed &xxe;</title>'
        "<item><title>Entry &xxe;</title><link>https://news.example/a</link><guid>a</guid>"
        "<description>Text &xxe; here.</description></item></channel></rss>"
    )
    try:
        feed = parse_feed(doc.encode(), "feed.xml")
    except FetchError:
        feed = None  # refusing the document outright is fine too
    if feed is not None:
        text = repr(feed)
        assert "TOP SECRET" not in text and "root:" not in text
    assert site.hits["/secret"] == 0


# --- proxies ----------------------------------------------------------------------------------------


class _Proxy(BaseHTTPRequestHandler):
    hits = 0

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        type(self).hits += 1
        body = b"<html><body><p>via the proxy</p></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_proxy_variables_are_ignored(site: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A proxy would connect on our behalf, after our check: the default client must not use one."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Proxy)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        proxy = f"http://127.0.0.1:{server.server_address[1]}"
        for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
            monkeypatch.setenv(var, proxy)
        for var in ("NO_PROXY", "no_proxy"):
            monkeypatch.delenv(var, raising=False)
        with Fetcher(FetchOptions(allow_private=True, host_delay=0, retries=0)) as f:
            resp = f.get(site.url("/news/port-strike.html"))
        assert b"Velmara" in resp.content
        assert _Proxy.hits == 0 and site.hits["/news/port-strike.html"] == 1
    finally:
        server.shutdown()
        server.server_close()
