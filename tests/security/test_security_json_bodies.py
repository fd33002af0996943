"""A write's JSON body that the parser or the database would choke on gets a 4xx naming it.

Deeply nested JSON (RecursionError), lone surrogates (``"\\ud800"``: UnicodeEncodeError
when stored or looked up) and bytes that are not UTF-8 once gave 500 on ``POST /articles``
and the actor merge; each now gets a 422 with a message, and the store is unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from secdata import fingerprint

from claimledger.store import Store
from claimledger.web import create_app

JSON = {"content-type": "application/json", "accept": "application/json"}
NESTED = b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
#: (body, words the error must carry).
BODIES = [
    (NESTED, "nested too deeply"),
    (b"[" * 100_000, "nested too deeply"),
    (b'{"text": ', "not valid JSON"),
    (b'{"text": "Officials said \\ud800 the road was shut.", "outlet": "Wire"}', "lone surrogate"),
    (b'{"text": "Officials said the road was shut on Monday.", "outlet": "\\udfff"}', "lone surrogate"),
    (b'{"\\ud800": "x", "text": "Officials said the road was shut on Monday."}', "lone surrogate"),
    (b'{"text": "caf\xe9 owners said the road was shut."}', "not valid UTF-8"),
]


@pytest.fixture
def writable(hostile_copy: Path) -> Iterator[tuple[TestClient, Path]]:
    with TestClient(create_app(str(hostile_copy)), base_url="http://127.0.0.1") as c:
        yield c, hostile_copy


def _first_actor(db: Path) -> int:
    with Store.open(str(db)) as store:
        return min(store.actors.all())


@pytest.mark.parametrize(("body", "words"), BODIES, ids=range(len(BODIES)))
def test_post_article_with_a_body_json_cannot_carry_gets_422(
    writable: tuple[TestClient, Path], body: bytes, words: str
) -> None:
    client, db = writable
    before = fingerprint(str(db))
    r = client.post("/articles", content=body, headers=JSON)
    assert r.status_code == 422, r.text
    assert r.json()["error"].startswith("body: ") and words in r.json()["error"], r.json()
    assert fingerprint(str(db)) == before


@pytest.mark.parametrize(
    "body",
    [
        b'{"other": "\\ud800"}',
        b'{"other": "Reuters\\udc00"}',
        b'{"other": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    ],
    ids=["lone", "trailing", "nested"],
)
def test_merge_with_a_body_json_cannot_carry_gets_422(writable: tuple[TestClient, Path], body: bytes) -> None:
    client, db = writable
    before = fingerprint(str(db))
    r = client.post(f"/actors/{_first_actor(db)}/merge", content=body, headers=JSON)
    assert r.status_code == 422, r.text
    assert r.json()["error"].startswith("body: ")
    assert fingerprint(str(db)) == before
