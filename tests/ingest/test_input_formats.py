"""Articles come as text (with an optional front matter), JSONL or CSV, alone or in folders.

Once, a CSV file was analysed as one article of comma-separated text, a text file could
carry no metadata but a headline, and ``analyze`` refused a folder holding only .jsonl.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from claimledger.errors import InputError
from claimledger.ingest import items
from claimledger.ingest.ingest import ingest
from claimledger.ingest.items import Item, read_inputs
from claimledger.ingest.reading import decode_article, front_matter
from claimledger.models import ArticleAnalysis, ArticleMeta, article_id
from claimledger.store import Store

BODY = "The mayor said the bridge would reopen in May. Residents said they had waited a year."


def _read(*paths: Path) -> tuple[list[Item], list[str]]:
    got = list(read_inputs([str(p) for p in paths]))
    return [g for g in got if isinstance(g, Item)], [str(g) for g in got if isinstance(g, InputError)]


def test_a_csv_file_is_read_as_one_article_a_row(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Text", "url", "outlet", "title", "author", "published", "wire", "tags"])
        w.writerow([BODY, "https://a.example/1", "Harbor Wire", "Bridge", "Ann Lee", "May 3, 2016", "", "x"])
        w.writerow(["", "https://a.example/2", "", "", "", "", "", ""])  # line 3: no text
        w.writerow(
            ['A second story,\nover two lines, "quoted".', "", "Paper", "", "", "2016-13-45", "AP", ""]
        )
        w.writerow([BODY + " Again.", "", "Paper", "", "", "", "AP", ""])  # starts on line 6
    items, errors = _read(path)
    assert errors == [
        f"{path}:3: missing or empty 'text' field",
        f"{path}:4: published: '2016-13-45' is not a real date",
    ]
    assert [i.name for i in items] == [f"{path}:2", f"{path}:6"]
    first = items[0]
    assert first.text == BODY
    assert first.meta == ArticleMeta(
        title="Bridge",
        url="https://a.example/1",
        outlet="Harbor Wire",
        author="Ann Lee",
        published="2016-05-03",
        published_text="May 3, 2016",
    )
    assert items[1].meta.wire == "AP" and items[1].meta.published is None


def test_a_csv_without_a_text_column_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("body,url\nhello,https://a.example/\n")
    items, errors = _read(path)
    assert (
        items == [] and len(errors) == 1 and errors[0].startswith(f"{path}: CSV header has no 'text' column")
    )


def test_a_csv_row_of_invalid_utf8_is_named_and_the_rows_before_kept(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes(b"text,outlet\n" + BODY.encode() + b",A\n" + b"caf\xe9 owners said so,B\n" * 2000)
    items, errors = _read(path)
    assert [i.meta.outlet for i in items] == ["A"]
    assert len(errors) == 1 and "not valid UTF-8" in errors[0] and errors[0].startswith(f"{path}:")


def test_a_front_matter_gives_a_text_file_its_metadata(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(
        "---\n"
        "title: Bridge to reopen\n"
        'outlet: "Harbor Wire"\n'
        "# a comment\n"
        "published: 3 May 2016\n"
        "tags: bridges, floods\n"
        "url: https://a.example/bridge\n"
        "---\n\n" + BODY + "\n"
    )
    items, errors = _read(path)
    assert errors == []
    assert items[0].text == BODY
    assert items[0].meta == ArticleMeta(
        title="Bridge to reopen",
        url="https://a.example/bridge",
        outlet="Harbor Wire",
        published="2016-05-03",
        published_text="3 May 2016",
    )


def test_a_front_matter_without_a_title_keeps_the_headline_rule() -> None:
    text, meta = decode_article(f"---\noutlet: Paper\n---\nBridge to reopen\n{BODY}".encode(), "s.txt")
    assert text == BODY and meta.title == "Bridge to reopen" and meta.outlet == "Paper"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("--- not a front matter\n" + BODY, None),  # the first line is not exactly ---
        ("---\ntitle: x\n" + BODY, None),  # never closed: a text that starts with a rule
    ],
)
def test_what_is_not_a_front_matter_is_text(given: str, expected: object) -> None:
    assert front_matter(given, "s.txt") == (given, expected)


def test_a_bad_front_matter_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_text("---\ntitle: ok\nthis line has no key\n---\n" + BODY)
    items, errors = _read(path)
    assert items == [] and errors == [
        f"{path}: front matter line 3: expected 'key: value', not 'this line has no key'"
    ]
    path.write_text("---\npublished: 2016-13-45\n---\n" + BODY)
    assert _read(path)[1] == [f"{path}: published: '2016-13-45' is not a real date"]


def test_a_folder_of_jsonl_and_csv_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "dump"
    folder.mkdir()
    (folder / "a.jsonl").write_text(json.dumps({"text": BODY, "outlet": "J"}) + "\n")
    (folder / "b.csv").write_text(f'text,outlet\n"{BODY} Two.",C\n')
    items, errors = _read(folder)
    assert errors == []
    assert [(i.name, i.meta.outlet) for i in items] == [
        (f"{folder}/a.jsonl:1", "J"),
        (f"{folder}/b.csv:2", "C"),
    ]


def _analyzer(items: Iterable[tuple[str, ArticleMeta]]) -> Iterator[ArticleAnalysis]:
    for body, meta in items:
        yield ArticleAnalysis(article_id(body), body, meta, (), (), ())


def test_ingest_stores_csv_rows_with_their_metadata(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text(f'text,outlet,published\n"{BODY}",Harbor Wire,"May 3, 2016"\n')
    with Store.open(str(tmp_path / "l.db")) as store:
        report = ingest(store, [str(path)], analyzer=_analyzer)
        assert report.added == 1 and report.errors == []
        (row,) = store.articles()
    assert (row["outlet"], row["published"], row["input"]) == ("Harbor Wire", "2016-05-03", f"{path}:2")


def test_an_overlong_csv_line_stops_the_file_after_the_rows_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(items, "MAX_LINE_BYTES", 1000)
    path = tmp_path / "long.csv"
    path.write_text(f'text\n"{BODY}"\n"{"a" * 5000}"\n')
    got, errors = _read(path)
    assert [i.text for i in got] == [BODY]
    assert errors == [f"{path}:3: a line over the 1,000-byte cap; the rest of the file is not read"]
