"""A stopped server stops: a client that stalls in the middle of a long export does not keep
``serve`` alive after SIGTERM for longer than ``--shutdown-timeout``."""

from __future__ import annotations

import signal
import socket
import subprocess
import time
from pathlib import Path

from reliability_helpers import cli, cli_env

from claimledger.ledger.build import rebuild
from claimledger.store import Store
from ledger_helpers import make_analysis


def _store(db: Path, n: int) -> None:
    """``n`` articles of two claims each: a STIX bundle of several MB, more than the sockets hold."""
    with Store.open(str(db)) as s:
        for i in range(n):
            text = (
                f"Officials in Town{i} said the river authority opened gate {i} on Tuesday night. "
                f"The mayor of Town{i} told reporters that {i} families left the streets near mill {i}."
            )
            atts = [
                {
                    "source": f"Officials in Town{i}",
                    "content": f"the river authority opened gate {i} on Tuesday night",
                },
                {
                    "source": f"The mayor of Town{i}",
                    "content": f"{i} families left the streets near mill {i}",
                },
            ]
            s.add_analysis(make_analysis(text, outlet=f"Outlet {i % 7}", atts=atts))
        rebuild(s)


def test_sigterm_ends_serve_while_a_client_stalls_in_a_long_export(tmp_path: Path) -> None:
    db = tmp_path / "big.db"
    _store(db, 1500)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    server = subprocess.Popen(
        cli("serve", "--db", str(db), "--port", str(port), "--shutdown-timeout", "2"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=cli_env(),
    )
    client = socket.socket()
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "serve did not start"
                time.sleep(0.2)
        client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # a slow reader: takes 4 KB, then stalls
        client.connect(("127.0.0.1", port))
        client.sendall(b"GET /export/stix HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert client.recv(64).startswith(b"HTTP/1.1 200")
        time.sleep(2)  # the server is now blocked writing the rest of the bundle
        assert server.poll() is None
        stopped = time.monotonic()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)  # before the fix: still serving the stalled download after minutes
        assert time.monotonic() - stopped < 15
    finally:
        client.close()
        if server.poll() is None:
            server.kill()
            server.wait()
