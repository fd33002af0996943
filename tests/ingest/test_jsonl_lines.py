"""A bad JSONL line is reported with its file and line number and skipped; the others are stored.

Once, one invalid byte on line 10 of 40 stored nothing (the file was decoded in blocks, so
the error came before lines 1-9 were handed over) and named no line; a lone surrogate
(``"\\ud800"``) passed the reader and crashed the store with a UnicodeEncodeError, losing
every input of the run; a deeply nested line ended in a RecursionError.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimledger.cli.main import cli
from claimledger.errors import InputError
from claimledger.ingest import items
from claimledger.ingest.items import Item, read_inputs
from claimledger.store import Store


def _article(n: int) -> bytes:
    text = f"The mayor of Town {n} said {n + 10} bridges were closed on Monday after the flood."
    return json.dumps({"text": text, "outlet": f"Paper {n}"}).encode() + b"\n"


#: Line number -> the bad line and the words its error must carry.
BAD: dict[int, tuple[bytes, str]] = {
    3: (b'{"text": "caf\xe9 owners said the road was shut.", "outlet": "X"}\n', "not valid UTF-8"),
    5: (b'{"text": "half a line\n', "not valid JSON"),
    7: (b'{"text": "Officials said \\ud800 the road was shut.", "outlet": "Y"}\n', "lone surrogate"),
    8: (b'{"text": "ok", "outlet": "\\udfff"}\n', "lone surrogate"),
    9: (b"[" * 100_000 + b"]" * 100_000 + b"\n", "nested too deeply"),
    11: (b'{"text": 42}\n', "'text'"),
}
LINES = 12


def _write(path: Path) -> Path:
    path.write_bytes(b"".join(BAD[n][0] if n in BAD else _article(n) for n in range(1, LINES + 1)))
    return path


def test_each_bad_line_is_named_and_the_rest_is_read(tmp_path: Path) -> None:
    path = _write(tmp_path / "mixed.jsonl")
    got = list(read_inputs([str(path)]))
    errors = {str(e).split(":")[1]: str(e) for e in got if isinstance(e, InputError)}
    assert sorted(map(int, errors)) == sorted(BAD)
    for n, (_line, words) in BAD.items():
        assert errors[str(n)].startswith(f"{path}:{n}: ") and words in errors[str(n)], errors[str(n)]
    good = [g for g in got if isinstance(g, Item)]
    assert [g.name for g in good] == [f"{path}:{n}" for n in range(1, LINES + 1) if n not in BAD]


def test_a_utf8_bom_and_crlf_are_read(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + _article(1).replace(b"\n", b"\r\n") + _article(2))
    got = list(read_inputs([str(path)]))
    assert [g.meta.outlet for g in got if isinstance(g, Item)] == ["Paper 1", "Paper 2"], got


def test_an_overlong_line_is_skipped_without_reading_it_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(items, "MAX_LINE_BYTES", 1000)
    path = tmp_path / "long.jsonl"
    path.write_bytes(_article(1) + b'{"text": "' + b"a" * 5000 + b'"}\n' + _article(3))
    got = list(read_inputs([str(path)]))
    assert [str(g) for g in got if isinstance(g, InputError)] == [
        f"{path}:2: line is over the 1,000-byte cap"
    ]
    assert [g.name for g in got if isinstance(g, Item)] == [f"{path}:1", f"{path}:3"]


@pytest.mark.model
def test_ingest_stores_every_good_line_and_exits_non_zero(nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _write(tmp_path / "mixed.jsonl")
    db = tmp_path / "ledger.db"
    res = CliRunner().invoke(cli, ["ingest", str(path), "--db", str(db)])
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    assert res.exit_code == 2, res.output
    for n in BAD:
        assert f"error: {path}:{n}: " in res.output
    assert f"ingested {LINES - len(BAD)} new article(s)" in res.output
    with Store.open(str(db)) as store:
        outlets = {m["outlet"] for m in store.article_meta().values()}
    assert outlets == {f"Paper {n}" for n in range(1, LINES + 1) if n not in BAD}
