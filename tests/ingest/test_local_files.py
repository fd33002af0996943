"""Local files: links out of a folder, devices, endless streams, and UTF-16/UTF-32 text.

Once, a symbolic link inside an analysed folder (``notes.txt -> /etc/passwd``) was
followed and analysed; ``analyze /dev/zero`` read until a MemoryError; a pipe
(``<(command)``) was read whole before the 5 MB cap was checked; and UTF-16 files with a
byte-order mark were called binary.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimledger.cli.main import cli
from claimledger.errors import InputError, SkippedInput
from claimledger.ingest.items import Item, read_inputs
from claimledger.ingest.reading import MAX_BYTES, iter_paths, read_article
from claimledger.store import Store

ROOT = Path(__file__).resolve().parents[2]
INSIDE = "The mayor said on Monday that 12 bridges over the river were closed after the flood."
SECRET = "The minister said on Friday that the secret budget had been cut by 40 percent."


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with one article, links out of it (file, JSONL, dangling, a loop) and one within."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    (outside / "secret.jsonl").write_text(f'{{"text": "{SECRET}"}}\n', encoding="utf-8")
    root = tmp_path / "articles"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(INSIDE, encoding="utf-8")
    (root / "sub" / "passwd.txt").symlink_to(outside / "secret.txt")
    (root / "feed.jsonl").symlink_to(outside / "secret.jsonl")
    (root / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (root / "loop.txt").symlink_to(root / "loop.txt")
    (root / "again.txt").symlink_to(root / "a.txt")  # within the folder: read
    (root / "linked").symlink_to(outside, target_is_directory=True)
    return root


def test_links_out_of_a_folder_are_skipped_with_a_warning(folder: Path) -> None:
    got = list(iter_paths([str(folder)]))
    assert sorted(p.name for p in got if isinstance(p, Path)) == ["a.txt", "again.txt"]
    skipped = sorted(str(e) for e in got if isinstance(e, SkippedInput))
    assert skipped == [
        f"{folder}/gone.txt: skipped: a symbolic link that leads nowhere",
        f"{folder}/loop.txt: skipped: a symbolic link that leads nowhere",
        f"{folder}/sub/passwd.txt: skipped: a symbolic link to a file outside the folder",
    ]
    items = list(read_inputs([str(folder)]))
    assert all(SECRET not in i.text for i in items if isinstance(i, Item))
    assert f"{folder}/feed.jsonl: skipped: a symbolic link to a file outside the folder" in map(str, items)


def test_a_link_to_etc_passwd_is_never_read(tmp_path: Path) -> None:
    if not Path("/etc/passwd").is_file():
        pytest.skip("no /etc/passwd here")
    (tmp_path / "story.txt").write_text(INSIDE, encoding="utf-8")
    (tmp_path / "passwd.txt").symlink_to("/etc/passwd")
    got = list(iter_paths([str(tmp_path)]))
    assert [p.name for p in got if isinstance(p, Path)] == ["story.txt"]
    assert [type(e) for e in got if not isinstance(e, Path)] == [SkippedInput]


@pytest.mark.model
def test_analyze_and_ingest_warn_and_go_on(nlp, folder: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    res = CliRunner().invoke(cli, ["analyze", str(folder), "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    assert SECRET not in res.stdout and INSIDE in res.stdout
    assert f"claimledger: warning: {folder}/sub/passwd.txt: skipped" in res.stderr
    db = tmp_path / "ledger.db"
    res = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert f"warning: {folder}/sub/passwd.txt: skipped" in res.stderr
    assert f"warning: {folder}/feed.jsonl: skipped" in res.stderr
    with Store.open(str(db)) as store:
        assert store.count("articles") == 1


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_device_is_refused_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"^/dev/zero: not a regular file \(a character device\)"):
        read_article(Path("/dev/zero"))
    res = CliRunner().invoke(cli, ["analyze", "/dev/zero"])
    assert res.exit_code == 2
    assert res.stderr.strip().splitlines()[0] == (
        "claimledger: error: /dev/zero: not a regular file (a character device); give a file or - for stdin"
    )
    assert "Traceback" not in res.output


def test_a_pipe_is_read_up_to_the_cap_and_no_further(tmp_path: Path) -> None:
    fifo = tmp_path / "endless.txt"
    os.mkfifo(fifo)
    written = 0
    chunk = b"words and more words " * 3000

    def endless() -> None:
        nonlocal written
        with open(fifo, "wb") as out:
            try:
                while written < 50 * MAX_BYTES:
                    out.write(chunk)
                    written += len(chunk)
            except BrokenPipeError:
                pass

    writer = threading.Thread(target=endless, daemon=True)
    writer.start()
    with pytest.raises(InputError, match="over the 5,000,000-byte cap"):
        read_article(fifo)
    writer.join(timeout=30)
    assert not writer.is_alive()
    assert written < MAX_BYTES + 4 * len(chunk) + (1 << 20)  # what the pipe held, not the stream


@pytest.mark.skipif(shutil.which("bash") is None or shutil.which("yes") is None, reason="needs bash and yes")
def test_process_substitution_of_an_endless_stream_ends_in_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(
        ["bash", "-c", f"{sys.executable} -m claimledger analyze <(yes 'an endless stream')"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    first = done.stderr.splitlines()[0]
    assert first.startswith("claimledger: error: /dev/fd/"), done.stderr
    assert first.endswith(": input is over the 5,000,000-byte cap per article"), done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_a_bom_are_decoded(tmp_path: Path, codec: str) -> None:
    text = "Kyiv's mayor said «нет» on Monday: 12 bridges were closed."
    path = tmp_path / "story.txt"
    data = text.encode(codec)
    if codec.endswith(("-le", "-be")):  # these codecs write no mark: put the right one in front
        data = ("\ufeff" + text).encode(codec)
    path.write_bytes(data)
    assert read_article(path)[0] == text
    page = tmp_path / "page.html"
    page.write_bytes(
        ("\ufeff<html><body><article><p>" + text * 3 + "</p></article></body></html>").encode(codec)
    )
    body, _meta = read_article(page)
    assert "12 bridges were closed" in body


def test_broken_utf16_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    path.write_bytes(b"\xff\xfe" + "Some text".encode("utf-16-le") + b"\x00\xd8")  # a lone high surrogate
    with pytest.raises(InputError, match=r"odd\.txt: not valid UTF-16"):
        read_article(path)
