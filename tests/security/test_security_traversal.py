"""Path traversal: no request reads a file outside the static folder.

Requests go over a raw socket to a real uvicorn server, so the path reaches the app exactly
as written (an HTTP client would normalise ``../`` away before sending). Every mount the app
has (the static folder today) and every GET route with a path parameter is attacked with
``../``, percent-encoded and double-encoded dots and slashes, overlong UTF-8, backslashes,
absolute paths and NUL bytes. The answer must be 400 or 404 and carry none of the files
outside: the project's pyproject.toml, /etc/passwd, the app's own source and templates.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from approutes import app_routes, get_routes
from secshared import LiveServer

import claimledger
from claimledger.web import create_app

ROOT = Path(__file__).resolve().parents[2]
PKG = Path(claimledger.__file__).resolve().parent
#: Files outside the static folder, and a line of each that must never be served.
SECRETS = {
    ROOT / "pyproject.toml": "[tool.pytest.ini_options]",
    PKG / "web" / "app.py": "def create_app(",
    PKG / "web" / "templates" / "base.html": "{% block content %}",
    PKG / "lexicons" / "data" / "cues.json": '"clausal"',
    Path("/etc/passwd"): "root:",
}
TRAVERSALS = (
    "../pyproject.toml",
    "../../pyproject.toml",
    "../../../pyproject.toml",
    "../../../../../../../../etc/passwd",
    "../app.py",
    "../templates/base.html",
    "../../lexicons/data/cues.json",
    "..%2fapp.py",
    "%2e%2e/app.py",
    "%2e%2e%2fapp.py",
    "%2E%2E%2Ftemplates%2Fbase.html",
    "%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fpyproject.toml",
    "%252e%252e%252fapp.py",
    "%252e%252e/%252e%252e/pyproject.toml",
    "%c0%ae%c0%ae/app.py",
    "%c0%af..%c0%afapp.py",
    "..\\app.py",
    "..%5capp.py",
    "..%5c..%5c..%5cpyproject.toml",
    "/etc/passwd",
    "%2fetc%2fpasswd",
    "//etc/passwd",
    "file:///etc/passwd",
    "style.css%00.txt",
    "%00../app.py",
    "..%00/app.py",
    "..;/app.py",
    "....//....//app.py",
    "%e2%80%a5/app.py",
    ".%2e/app.py",
)


def _get(port: int, target: str) -> tuple[int, bytes]:
    """One GET over a raw socket: the target is sent byte for byte."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(
            b"GET " + target.encode("latin-1") + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    from secshared import build_hostile_store

    db = build_hostile_store(str(tmp_path_factory.mktemp("traversal") / "t.db"))
    with LiveServer(Path(db)) as live:
        yield live


def _leaks(body: bytes) -> list[str]:
    text = body.decode("utf-8", "replace")
    return [str(path) for path, marker in SECRETS.items() if marker in text]


def test_the_secrets_are_real_and_the_static_file_is_served(server: LiveServer) -> None:
    """Guards the rest: each marker is in its file, and a real static file comes back."""
    for path, marker in SECRETS.items():
        if path.exists():
            assert marker in path.read_text(encoding="utf-8", errors="replace"), path
    status, body = _get(server.port, "/static/style.css")
    assert status == 200 and b"{" in body


def test_no_mount_serves_a_file_outside_its_folder(server: LiveServer) -> None:
    _routes, mounts = app_routes(create_app(None))
    assert [m.path for m in mounts] == ["/static"]  # a new mount is attacked too, below
    bad = []
    for mount in mounts:
        for attack in TRAVERSALS:
            target = f"{mount.path}/{attack}"
            status, body = _get(server.port, target)
            if status not in (400, 404) or _leaks(body):
                bad.append(f"{target}: {status} {_leaks(body)}")
    assert bad == []


def test_path_parameters_are_not_file_paths(server: LiveServer) -> None:
    bad = []
    routes = [r for r in get_routes(create_app(None)) if r.path_params]
    assert routes
    for route in routes:
        for attack in TRAVERSALS[:20]:
            target = route.path
            for name in route.path_params:
                target = target.replace("{" + name + "}", attack)
            status, body = _get(server.port, target)
            if status not in (400, 404, 422) or _leaks(body):
                bad.append(f"{target}: {status} {_leaks(body)}")
    assert bad == []
