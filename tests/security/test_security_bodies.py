"""Write bodies on a real uvicorn server on 127.0.0.1: the token before the body, a cap on the
body, and a bound on the analyses running at once.

The unauthenticated and oversized requests are written on a raw socket: headers that
announce 800 MB, then only a little of it. A server that reads the body before it
answers waits for the rest; ours answers at once and reads no more.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from secshared import serving

from claimledger.models import ArticleAnalysis, ArticleMeta
from claimledger.web import create_app

TOKEN = "s3cret-T0ken/with+chars=="
ARTICLE = "The harbour office said that two ferries were cancelled on Monday."


def _announce_huge_post(host: str, path: str, headers: dict[str, str], sent: int = 65536) -> str:
    """POST announcing 800 MB of body, send ``sent`` bytes of it, and read the status line
    (within 3 s; a server waiting for the rest of the body answers nothing)."""
    port = int(host.rsplit(":", 1)[1])
    head = [f"POST {path} HTTP/1.1", f"Host: {host}", "Content-Length: 800000000", "Connection: close"]
    head += [f"{k}: {v}" for k, v in headers.items()]
    with socket.create_connection(("127.0.0.1", port), timeout=3) as conn:
        conn.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + b"text=" + b"a" * (sent - 5))
        try:
            return conn.recv(4096).decode("latin-1").split("\r\n", 1)[0]
        except TimeoutError:
            return "no answer within 3 s"


@pytest.mark.parametrize(
    "headers",
    [
        {"Content-Type": "application/json"},
        {"Content-Type": "application/x-www-form-urlencoded", "Authorization": "Bearer wrong"},
        {"Content-Type": "application/json", "Cookie": "claimledger_token=wrong"},
    ],
)
@pytest.mark.parametrize("open_reads", [True, False])
def test_token_is_checked_before_the_body_is_read(
    hostile_copy: Path, headers: dict[str, str], open_reads: bool
) -> None:
    app = create_app(str(hostile_copy), host="0.0.0.0", token=TOKEN, open_reads=open_reads)
    with serving(app) as host:
        started = time.monotonic()
        assert _announce_huge_post(host, "/articles", headers) == "HTTP/1.1 401 Unauthorized"
        assert time.monotonic() - started < 2


def test_a_declared_body_over_the_cap_is_refused_before_reading(hostile_copy: Path) -> None:
    app = create_app(str(hostile_copy), host="0.0.0.0", token=TOKEN)
    with serving(app) as host:
        for headers in (
            {"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"},
            # no Bearer, no cookie: only a form may carry the token, and its read is capped too
            {"Content-Type": "application/x-www-form-urlencoded"},
        ):
            assert _announce_huge_post(host, "/articles", headers) == "HTTP/1.1 413 Request Entity Too Large"


def test_a_chunked_body_is_refused_once_it_passes_the_cap(hostile_copy: Path) -> None:
    """No declared length: the server answers 413 as soon as the cap is passed, while the
    client has not finished (here: never finishes) sending."""
    app = create_app(str(hostile_copy), host="0.0.0.0", token=TOKEN, max_body=100_000)
    with serving(app) as host:
        port = int(host.rsplit(":", 1)[1])
        head = (
            f"POST /articles HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {TOKEN}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        chunk = b"a" * 10_000
        with socket.create_connection(("127.0.0.1", port), timeout=3) as conn:
            conn.sendall(head.encode() + b"5\r\ntext=\r\n")
            for _ in range(15):  # 150 KB of an endless body, then we wait
                conn.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            answer = ""
            with contextlib.suppress(TimeoutError):
                while "cap" not in answer and (part := conn.recv(65536)):
                    answer += part.decode("latin-1")
        assert answer.startswith("HTTP/1.1 413 Request Entity Too Large")
        assert "over the 100,000-byte cap" in answer
        with httpx.Client(base_url=f"http://{host}", timeout=10) as c:
            small = c.post("/articles", data={"text": ""}, headers={"Authorization": f"Bearer {TOKEN}"})
        assert small.status_code == 422  # under the cap: read, and judged on its content


def _blocking_analysis(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """An analysis that holds its slot until released: what a minute-long real one does,
    made deterministic (the gate is under test here, not the model)."""
    from claimledger.analysis import article as analysis

    started, release = threading.Event(), threading.Event()

    def slow(text: str, meta: ArticleMeta | None = None, **_kw: Any) -> ArticleAnalysis:
        started.set()
        release.wait(20)
        return ArticleAnalysis(
            id=analysis.article_id(text),
            text=text,
            meta=meta or ArticleMeta(),
            attributions=(),
            quantities=(),
            hedges=(),
        )

    monkeypatch.setattr(analysis, "analyze", slow)
    return started, release


def test_analyses_at_once_are_bounded(hostile_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started, release = _blocking_analysis(monkeypatch)
    app = create_app(str(hostile_copy), max_analyses=1)
    results: list[httpx.Response] = []
    with serving(app) as host, httpx.Client(base_url=f"http://{host}", timeout=30) as c:
        first = threading.Thread(target=lambda: results.append(c.post("/articles", json={"text": ARTICLE})))
        first.start()
        assert started.wait(10)
        busy = c.post("/articles", json={"text": ARTICLE + " Again."})
        page = c.get("/claims")  # reads are not held up
        release.set()
        first.join(20)
        again = c.post("/articles", json={"text": ARTICLE + " Later."})
    assert busy.status_code == 503 and busy.headers["retry-after"] == "10"
    assert busy.json()["error"].startswith("busy:")
    assert page.status_code == 200
    assert [r.status_code for r in results] == [200] and again.status_code == 200
