"""One deadline for a whole HTTP exchange: connect, TLS, request, headers and body.

httpx's timeouts bound each socket operation, not the exchange: a server sending one
header byte every few seconds never trips the read timeout and keeps us waiting for
ever. Every read and write of our connections goes through :class:`DeadlineBackend`,
which shortens its timeout to what is left of the deadline set around the request
(:func:`deadline`), so the socket itself times out when the exchange is out of time.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx


@dataclass
class Deadline:
    """When the exchange must be over, and whether it was what cut a socket wait short."""

    at: float
    seconds: float
    #: The last socket wait was cut to the deadline: if it timed out, the deadline did it.
    hit: bool = False

    def left(self, timeout: float | None, expired: type[Exception]) -> float | None:
        """The timeout for the next socket operation: ``timeout`` or what is left, if less."""
        left = self.at - time.monotonic()
        self.hit = left <= 0 or timeout is None or left < timeout
        if left <= 0:
            raise expired(f"exchange not over within {self.seconds:g} s")
        return left if self.hit else timeout


_current: ContextVar[Deadline | None] = ContextVar("claimledger_fetch_deadline", default=None)


@contextmanager
def deadline(seconds: float) -> Iterator[Deadline]:
    """Bound every socket operation of this thread's requests inside the block."""
    d = Deadline(at=time.monotonic() + seconds, seconds=seconds)
    token = _current.set(d)
    try:
        yield d
    finally:
        _current.reset(token)


def _left(timeout: float | None, expired: type[Exception]) -> float | None:
    d = _current.get()
    return timeout if d is None else d.left(timeout, expired)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname, _left(timeout, httpcore.ConnectTimeout))
        return _DeadlineStream(inner)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's own sync backend with every timeout cut to the current deadline."""

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(
            host, port, _left(timeout, httpcore.ConnectTimeout), local_address, socket_options
        )
        return _DeadlineStream(stream)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_unix_socket(
            path, _left(timeout, httpcore.ConnectTimeout), socket_options
        )
        return _DeadlineStream(stream)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def transport() -> httpx.HTTPTransport:
    """httpx's transport on :class:`DeadlineBackend`.

    httpx does not take a network backend, so the one of the pool it builds is replaced;
    ``test_slow_headers_stop_at_the_deadline`` fails if a new httpx moves it.
    """
    t = httpx.HTTPTransport(trust_env=False)
    pool = t._pool
    if not isinstance(getattr(pool, "_network_backend", None), httpcore.NetworkBackend):
        raise RuntimeError("this httpx has no pool network backend to replace; see fetch/deadline.py")
    pool._network_backend = DeadlineBackend()
    return t
