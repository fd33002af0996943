"""Suggested actor merges: likely duplicates with a reason and the exact command; nothing applied."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

from click.testing import CliRunner

from claimledger.cli.main import cli
from claimledger.ledger.build import rebuild
from claimledger.ledger.suggest import suggest_merges, suggest_merges_memo
from claimledger.models import ArticleAnalysis
from claimledger.store import Store
from ledger_helpers import make_analysis

STATEMENTS = (
    ("The United Nations", "organization", "aid convoys will resume on Monday"),
    ("Christopher Hale", "person", "the port is open again"),
    ("The Security Council", "organization", "a vote is planned for next week"),
    ("The Washington Post", "organization", "officials were told to stay home"),
    ("China and Russia", "organization", "the sanctions were unfair"),
    ("Ms. Ortiz's campaign", "organization", "the rally was moved indoors"),
    ("Leonard E. Marsh", "person", "tolls will rise in spring"),
)
LATER = (
    ("U.N.", "organization", "food prices rose sharply in the north"),
    ("Chris Hale", "person", "ferries will run twice a day"),
    ("The United Nations Security Council", "organization", "envoys met in private"),
    ("The New York Post", "organization", "the mayor declined to comment"),
    ("The Post", "organization", "the bridge was closed overnight"),
    ("China", "organization", "its trade with the region grew"),
    ("Ortiz", "person", "the campaign raised more money than ever"),
    ("Lena Ortiz", "person", "she will not run again"),
    ("Len Marsh", "person", "the tunnel needs new pumps"),
)


def _article(statements: tuple[tuple[str, str, str], ...], outlet: str) -> ArticleAnalysis:
    text = " ".join(f"{src} said {content}." for src, _kind, content in statements)
    atts = [
        {"source": src, "cue": "said", "content": content, "type": kind} for src, kind, content in statements
    ]
    return make_analysis(text, outlet=outlet, atts=atts)


def _store(db: str) -> Store:
    store = Store.open(db)
    store.add_analysis(_article(STATEMENTS, "Harbor Wire"))
    store.add_analysis(_article(LATER, "River Post"))
    rebuild(store)
    return store


def test_likely_duplicates_are_suggested_with_a_reason_and_nothing_is_merged(db_url: str) -> None:
    with _store(db_url) as store:
        before = store.actors.all()
        found = {(s.other, s.into): s for s in suggest_merges(store)}
        assert set(found) == {
            ("U.N.", "United Nations"),
            ("Chris Hale", "Christopher Hale"),
            ("Security Council", "United Nations Security Council"),
            ("Len Marsh", "Leonard E. Marsh"),
        }
        assert found[("U.N.", "United Nations")].rule == "acronym"
        assert "'Chris' is a short form of 'Christopher'" in found[("Chris Hale", "Christopher Hale")].reason
        assert "'Len' is a short form of 'Leonard'" in found[("Len Marsh", "Leonard E. Marsh")].reason
        assert found[("U.N.", "United Nations")].command == "claimledger actor merge 'United Nations' U.N."
        assert store.actors.all() == before  # suggesting merges nothing


def test_the_suggested_command_merges_and_a_split_pair_is_not_suggested_again(tmp_path: Path) -> None:
    db = str(tmp_path / "ledger.db")
    _store(db).close()
    runner = CliRunner()
    listed = runner.invoke(cli, ["actor", "suggest", "--db", db, "--format", "json"])
    assert listed.exit_code == 0, listed.output
    suggestion = next(s for s in json.loads(listed.output) if s["other"] == "U.N.")
    argv = shlex.split(suggestion["command"])
    assert argv[:3] == ["claimledger", "actor", "merge"]
    merged = runner.invoke(cli, [*argv[1:], "--db", db])
    assert merged.exit_code == 0, merged.output
    with Store.open(db) as store:
        assert store.actors.find("U.N.")["name"] == "United Nations"
        assert ("U.N.", "United Nations") not in {(s.other, s.into) for s in suggest_merges(store)}
    split = runner.invoke(cli, ["actor", "split", "U.N.", "--db", db])
    assert split.exit_code == 0, split.output
    with Store.open(db) as store:
        assert ("U.N.", "United Nations") not in {(s.other, s.into) for s in suggest_merges(store)}
    text = runner.invoke(cli, ["actor", "suggest", "--db", db])
    assert "claimledger actor merge 'Christopher Hale' 'Chris Hale'" in text.output
    assert "nothing was merged" in text.output
    assert "Chris Hale (1 claim) -> Christopher Hale (1 claim):" in text.output  # not "(1 claims)"
    assert "1 claims" not in text.output


def test_the_memo_is_computed_again_after_every_change_of_the_actors(tmp_path: Path) -> None:
    """The web's actors page keeps the suggestions between requests: a merge, a split, a
    rebuild over new articles must each be seen at the next request, as a fresh computation."""
    db = str(tmp_path / "ledger.db")
    with _store(db) as store:

        def pairs() -> set[tuple[str, str]]:
            memo = {(s.other, s.into) for s in suggest_merges_memo(store)}
            assert memo == {(s.other, s.into) for s in suggest_merges(store)}
            return memo

        assert ("U.N.", "United Nations") in pairs()
        assert store.actors.state() == store.actors.state()
        store.actors.merge("United Nations", "U.N.")
        assert ("U.N.", "United Nations") not in pairs()
        store.actors.split("U.N.")
        assert ("U.N.", "United Nations") not in pairs()  # split apart: never again
        board = (("The Lake Water Board", "organization", "the dam will hold"),)
        store.add_analysis(_article(board, "Lake News"))
        store.add_analysis(_article((("L.W.B.", "organization", "the levee will hold too"),), "Bay News"))
        rebuild(store)
        assert ("L.W.B.", "Lake Water Board") in pairs()


def test_a_hostile_name_is_quoted_for_the_shell(tmp_path: Path) -> None:
    hostile = ("The United $(touch pwned) Nations", "organization", "aid convoys will resume on Monday")
    acronym = ("U.$.N.", "organization", "food prices rose sharply in the north")
    contained = ("$(touch pwned) Nations", "organization", "the port is open again")
    with Store.open(str(tmp_path / "h.db")) as store:
        store.add_analysis(_article((hostile, acronym, contained), "Harbor Wire"))
        rebuild(store)
        (s,) = suggest_merges(store)
    assert shlex.split(s.command) == ["claimledger", "actor", "merge", s.into, s.other]
    assert "$(touch pwned)" in s.into and s.command.count("'") >= 2


def test_a_possessor_is_not_the_thing_it_has(tmp_path: Path) -> None:
    """ "Rivera Group" is not "Rivera Group's foundation board"; "Harbor Authority" is the
    "Old Harbor Authority" (a name standing inside one longer name)."""
    statements = (
        ("Rivera Group", "organization", "aid convoys will resume on Monday"),
        ("Rivera Group's Allied Partners", "organization", "the port is open again"),
        ("Harbor Authority", "organization", "a vote is planned for next week"),
        ("The Old Harbor Authority", "organization", "officials were told to stay home"),
    )
    with Store.open(str(tmp_path / "p.db")) as store:
        store.add_analysis(_article(statements, "Harbor Wire"))
        rebuild(store)
        found = {(s.other, s.into) for s in suggest_merges(store)}
    assert found == {("Harbor Authority", "Old Harbor Authority")}
