"""Fetching one URL politely and safely: the one place httpx errors become FetchError.

Redirects are followed by hand so that every hop is resolved and checked
(:mod:`claimledger.ingest.fetch.safety`) before we connect to it. The connection is then
pinned to the address we checked: the request goes to the IP literal, with the
original ``Host`` header and TLS server name, so a DNS answer that changes between
our check and httpx's connect (DNS rebinding) cannot redirect us elsewhere.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType

import httpx

from claimledger.errors import BudgetSpent, FetchError
from claimledger.ingest.fetch.deadline import deadline, transport
from claimledger.ingest.fetch.decoding import decode_stream
from claimledger.ingest.fetch.safety import checked_addresses
from claimledger.ingest.reading import MAX_BYTES

USER_AGENT = "claimledger/0.1 (+local research tool)"
_HOST = re.compile(r"^[A-Za-z0-9._:-]+$")  # after IDNA encoding; IPv6 without brackets
REDIRECTS = frozenset({301, 302, 303, 307, 308})
PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/x-rss+xml",
    "text/html",  # misconfigured servers; feedparser decides
    "text/plain",
)


@dataclass(frozen=True)
class FetchOptions:
    """Limits and manners for every request; one object passed through."""

    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    #: A server that trickles bytes never trips the read timeout; this bounds the whole body.
    total_timeout: float = 60.0
    max_bytes: int = MAX_BYTES
    max_redirects: int = 5
    retries: int = 2
    retry_delay: float = 1.0
    #: Minimum seconds between two requests to the same host.
    host_delay: float = 1.0
    allow_private: bool = False


@dataclass(frozen=True)
class Response:
    """A fetched body with what we need to archive and revalidate it."""

    url: str
    final_url: str
    status: int
    content: bytes
    content_type: str | None
    charset: str | None
    etag: str | None
    last_modified: str | None
    fetched_at: str

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def _timed_out(
    url: str, exc: httpx.TimeoutException, o: FetchOptions, *, deadline_hit: bool, by_budget: bool
) -> FetchError:
    """The error for a timeout: the caller's budget, the whole-exchange deadline, or one wait."""
    if deadline_hit and by_budget:
        return BudgetSpent("the time budget ran out during the exchange", source=url)
    if deadline_hit:
        return FetchError(
            f"no complete answer within {o.total_timeout:g} s (connect, headers and body)", source=url
        )
    what = type(exc).__name__.replace("Timeout", " timeout").lower().strip()
    limit = o.connect_timeout if isinstance(exc, httpx.ConnectTimeout) else o.read_timeout
    return FetchError(f"no answer within {limit:g} s ({what})", source=url)


def _late_body(url: str, total: float, by_budget: bool) -> FetchError:
    if by_budget:
        return BudgetSpent("the time budget ran out during the body", source=url)
    return FetchError(f"body not received within {total:g} s", source=url)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Fetcher:
    """GETs with safety checks, caps, retries and a per-host rate limit.

    ``client`` is the seam for tests and for callers with their own transport; by
    default we build one that ignores proxy variables (a proxy would make the address
    check meaningless) and never follows redirects on its own.
    """

    def __init__(
        self,
        options: FetchOptions | None = None,
        *,
        client: httpx.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.options = options or FetchOptions()
        o = self.options
        self._own = client is None
        self.client = client or httpx.Client(
            timeout=httpx.Timeout(o.read_timeout, connect=o.connect_timeout),
            follow_redirects=False,
            trust_env=False,
            transport=transport(),
        )
        self._sleep = sleep
        self._clock = clock
        self._last: dict[str, float] = {}
        self._until: float | None = None

    @contextmanager
    def within(self, seconds: float) -> Iterator[None]:
        """Every request inside ends within ``seconds`` from now, retries and redirects
        included: past it, :class:`BudgetSpent` (a feed poll's budget; see ``feeds``)."""
        old = self._until
        self._until = self._clock() + seconds
        try:
            yield
        finally:
            self._until = old

    def _limit(self, url: str) -> tuple[float, bool]:
        """Seconds the next exchange may take, and whether the budget (not ``total_timeout``) says so."""
        total = self.options.total_timeout
        if self._until is None:
            return total, False
        left = self._until - self._clock()
        if left <= 0:
            raise BudgetSpent("the time budget ran out before it was fetched", source=url)
        return (left, True) if left < total else (total, False)

    def close(self) -> None:
        if self._own:
            self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def get(
        self,
        url: str,
        *,
        kind: str = "page",
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> Response:
        """Fetch ``url``; transient failures (5xx, 429, refused connections) are retried with backoff."""
        attempt = 0
        while True:
            try:
                return self._get_once(url, kind=kind, etag=etag, last_modified=last_modified)
            except FetchError as exc:
                if not exc.transient or attempt >= self.options.retries:
                    if exc.source is None:
                        raise FetchError(
                            str(exc), source=url, status=exc.status, transient=exc.transient
                        ) from exc
                    raise
                delay = self.options.retry_delay * 2**attempt
                if self._until is not None and self._clock() + delay >= self._until:
                    raise BudgetSpent(f"the time budget ran out before a retry ({exc})", source=url) from exc
                self._sleep(delay)
                attempt += 1

    def _throttle(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            wait = self.options.host_delay - (self._clock() - last)
            if wait > 0:
                self._sleep(wait)
        self._last[host] = self._clock()

    def _get_once(self, url: str, *, kind: str, etag: str | None, last_modified: str | None) -> Response:
        o = self.options
        current = parse_url(url)
        for hop in range(o.max_redirects + 1):
            host = current.host
            port = current.port or (443 if current.scheme == "https" else 80)
            try:
                addrs = checked_addresses(host, port, allow_private=o.allow_private)
            except FetchError as exc:
                if hop:
                    raise FetchError(f"redirected to {current}: {exc}", source=url) from exc
                raise
            headers = {
                "Host": current.netloc.decode("ascii"),
                "User-Agent": USER_AGENT,
                "Accept-Encoding": "gzip, deflate",
                "Accept": _accept(kind),
            }
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            extensions = {"sni_hostname": host} if current.scheme == "https" else {}
            self._throttle(host)
            response = self._connect_any(url, current, [str(a) for a in addrs], headers, extensions, kind)
            if isinstance(response, httpx.URL):
                current = response
                continue
            return response
        raise FetchError(f"more than {o.max_redirects} redirects", source=url)

    def _connect_any(
        self,
        url: str,
        current: httpx.URL,
        addrs: list[str],
        headers: dict[str, str],
        extensions: dict[str, str],
        kind: str,
    ) -> Response | httpx.URL:
        """Try the checked addresses in the resolver's order, moving on only when one refuses."""
        for n, ip in enumerate(addrs):
            try:
                return self._stream(url, current, current.copy_with(host=ip), headers, extensions, kind)
            except FetchError as exc:
                if n + 1 == len(addrs) or not isinstance(exc.__cause__, httpx.ConnectError):
                    raise
        raise AssertionError("unreachable: addrs is never empty")

    def _stream(
        self,
        url: str,
        current: httpx.URL,
        pinned: httpx.URL,
        headers: dict[str, str],
        extensions: dict[str, str],
        kind: str,
    ) -> Response | httpx.URL:
        """One hop: the response, or the URL a redirect points to."""
        o = self.options
        started = self._clock()
        limit, by_budget = self._limit(url)
        with deadline(limit) as cut:
            try:
                with self.client.stream("GET", pinned, headers=headers, extensions=extensions) as resp:
                    code = resp.status_code
                    if code in REDIRECTS and "location" in resp.headers:
                        return parse_url(str(current.join(resp.headers["location"])), source=url)
                    if code >= 400:
                        raise FetchError(
                            f"HTTP {code} {resp.reason_phrase}".rstrip(),
                            source=url,
                            status=code,
                            transient=code >= 500 or code == 429,
                        )
                    ctype, charset = _content_type(resp.headers.get("content-type"))
                    if code != 304:
                        _check_type(ctype, kind, url)
                    declared = resp.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > o.max_bytes:
                        raise FetchError(
                            f"body is {int(declared):,} bytes, over the {o.max_bytes:,}-byte cap", source=url
                        )
                    body = bytearray()
                    # raw bytes, decoded here in bounded pieces: httpx would inflate each layer of
                    # "gzip, gzip" whole before we could count a byte of it
                    encoding = resp.headers.get("content-encoding")
                    for chunk in decode_stream(resp.iter_raw(), encoding, source=url):
                        body.extend(chunk)
                        if len(body) > o.max_bytes:
                            decoded = f" once decoded ({encoding})" if encoding else ""
                            raise FetchError(
                                f"body is over the {o.max_bytes:,}-byte cap{decoded}", source=url
                            )
                        if self._clock() - started > limit:
                            raise _late_body(url, o.total_timeout, by_budget)
                    return Response(
                        url=url,
                        final_url=str(current),
                        status=code,
                        content=bytes(body),
                        content_type=ctype,
                        charset=charset,
                        etag=resp.headers.get("etag"),
                        last_modified=resp.headers.get("last-modified"),
                        fetched_at=now_iso(),
                    )
            except httpx.TimeoutException as exc:
                raise _timed_out(url, exc, o, deadline_hit=cut.hit, by_budget=by_budget) from exc
            except httpx.ConnectError as exc:
                raise FetchError(f"cannot connect: {exc}", source=url, transient=True) from exc
            except httpx.RemoteProtocolError as exc:
                if str(exc).startswith("Invalid URL in location header"):  # the server's, every time
                    raise FetchError(f"redirect to an invalid URL: {exc}", source=url) from exc
                raise FetchError(f"{type(exc).__name__}: {exc}", source=url, transient=True) from exc
            except httpx.HTTPError as exc:
                raise FetchError(f"{type(exc).__name__}: {exc}", source=url, transient=True) from exc
            except (httpx.InvalidURL, UnicodeError) as exc:
                # httpx builds the request a redirect points to even when it does not follow it,
                # and a Location it cannot read ("http:evil", "http://xn--/") raises outside its
                # HTTPError family (InvalidURL, idna's IDNAError)
                raise FetchError(f"redirect to an invalid URL: {exc}", source=url) from exc


def parse_url(raw: str, *, source: str | None = None) -> httpx.URL:
    """An absolute http(s) URL with a host, or FetchError saying what is wrong with it."""
    try:
        url = httpx.URL(raw.strip())
        host = url.host  # decodes IDNA: "xn--" raises idna's IDNAError, a UnicodeError
        port = url.port
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise FetchError(f"invalid URL: {exc}", source=source or raw) from exc
    if url.scheme not in ("http", "https"):
        raise FetchError(
            f"invalid URL: scheme {url.scheme or '(none)'!r} is not http or https", source=source or raw
        )
    if not host:
        raise FetchError("invalid URL: no host", source=source or raw)
    if not _HOST.match(host):
        raise FetchError(f"invalid URL: host {host!r} is not a name or address", source=source or raw)
    if port is not None and not 0 < port < 65536:
        # the resolver would wrap it silently (99999 reaches port 34463)
        raise FetchError(f"invalid URL: port {port} is out of range", source=source or raw)
    return url.copy_with(fragment=None)


def _accept(kind: str) -> str:
    if kind == "feed":
        return "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"
    return "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.5"


def _content_type(header: str | None) -> tuple[str | None, str | None]:
    if not header:
        return None, None
    mime, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.lower() == "charset" and value:
            charset = value.strip().strip("\"'").lower()
    return mime.strip().lower() or None, charset


def _check_type(ctype: str | None, kind: str, url: str) -> None:
    if ctype is None:
        return  # sniffed later: the HTML and feed readers reject what they cannot use
    allowed = FEED_TYPES if kind == "feed" else PAGE_TYPES
    if ctype not in allowed and not (kind == "feed" and ctype.endswith("+xml")):
        want = "a feed" if kind == "feed" else "a web page"
        raise FetchError(f"content type {ctype} is not {want}", source=url)
