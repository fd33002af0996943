"""The actors page's suggested merges: listed with their reason, escaped, merged by a button."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from claimledger.ledger.build import rebuild
from claimledger.store import Store
from claimledger.web import create_app
from ledger_helpers import make_analysis

SCRIPT = "<script>alert(1)</script>"
LONG = f"The United {SCRIPT} Nations"
SHORT = f"{SCRIPT} Nations"


def _db(tmp_path: Path) -> Path:
    db = tmp_path / "suggest.db"
    statements = ((LONG, "aid convoys will resume on Monday"), (SHORT, "food prices rose sharply"))
    text = " ".join(f"{src} said {content}." for src, content in statements)
    atts = [{"source": src, "cue": "said", "content": content} for src, content in statements]
    with Store.open(str(db)) as store:
        store.add_analysis(make_analysis(text, atts=atts))
        rebuild(store)
    return db


def test_suggested_merges_are_listed_escaped_and_the_button_merges(tmp_path: Path) -> None:
    db = _db(tmp_path)
    with TestClient(create_app(str(db)), base_url="http://127.0.0.1") as c:
        (s,) = c.get("/actors.json").json()["suggestions"]
        assert s["rule"] == "contained" and s["other"] == SHORT.removeprefix("The ")
        page = c.get("/actors").text
        assert "Suggested merges (1)" in page
        assert SCRIPT not in page and "&lt;script&gt;" in page
        assert f'action="/actors/{s["into_id"]}/merge"' in page
        assert 'name="other" value="&lt;script&gt;alert(1)&lt;/script&gt; Nations"' in page
        # the button posts the form as a browser does: same origin, the hidden name
        r = c.post(
            f"/actors/{s['into_id']}/merge",
            data={"other": s["other"]},
            headers={"Origin": "http://127.0.0.1"},
            follow_redirects=False,
        )
        assert r.status_code == 303
        assert c.get("/actors.json").json()["suggestions"] == []
        merged = next(a for a in c.get("/actors.json").json()["actors"] if a["id"] == s["other_id"])
        assert merged["merged_into"] == s["into"]
        refused = c.post(
            f"/actors/{s['into_id']}/merge", data={"other": "x"}, headers={"Origin": "http://evil.example"}
        )
        assert refused.status_code == 403
