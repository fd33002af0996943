"""`claimledger eval`, the built-in scorer against the reference one, and the eval gate's floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from tools.evalgate import check, updated_floors

from claimledger.cli.main import cli
from claimledger.errors import EvalError
from claimledger.evaluation.evaluate import evaluate
from claimledger.evaluation.scoring import score_pairs, tf1

GOLD = {
    "text": "The mayor said the bridge would reopen in May. About 300 cars use it daily, officials said.",
    "attributions": [
        {"source": "The mayor", "cue": "said", "channel": None, "content": "the bridge would reopen in May"},
        {"source": "officials", "cue": "said", "channel": None, "content": "About 300 cars use it daily"},
    ],
    "quantities": [
        {
            "text": "About 300 cars",
            "value": 300,
            "low": None,
            "high": None,
            "unit_or_thing": "cars",
            "qualifier": "approximate",
        }
    ],
    "hedges": [],
}


@pytest.mark.model
def test_eval_command_on_own_annotations(nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "one.json").write_text(json.dumps(GOLD))
    res = CliRunner().invoke(cli, ["eval", str(gold), "--format", "json", "--out", str(tmp_path / "pred")])
    assert res.exit_code == 0, res.output
    layers = json.loads(res.stdout)["layers"]
    old_flag = CliRunner().invoke(
        cli, ["eval", str(gold), "--json"]
    )  # as every other command now, and as before
    assert old_flag.exit_code == 0 and json.loads(old_flag.stdout)["layers"] == layers
    assert (layers["attribution"]["tp"], layers["attribution"]["gold"]) == (2, 2)
    assert layers["attribution_full"]["f1"] == 1.0
    assert (layers["quantity"]["tp"], layers["quantity_qualifier"]["tp"]) == (1, 1)
    assert (tmp_path / "pred" / "one.json").is_file()


@pytest.mark.model
def test_builtin_scorer_equals_the_reference_on_dev(nlp, shared: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dev = shared / "eval" / "dev"
    ours = evaluate(dev, out_dir=tmp_path / "a")
    ref = evaluate(dev, out_dir=tmp_path / "b", scorer=shared / "eval" / "score.py")
    assert ours.scorer != ref.scorer
    for layer, v in ref.layers.items():
        for key in ("tp", "gold", "pred"):
            assert ours.layers[layer][key] == v[key], (layer, key)
        assert ours.layers[layer]["f1"] == pytest.approx(v["f1"])


@pytest.mark.parametrize(
    "content, error",
    [
        (None, r"no \*\.json annotation files"),
        ("not json", "not readable JSON"),
        (json.dumps({"attributions": []}), 'needs an object with a "text" string'),
    ],
)
def test_bad_gold_folder(tmp_path: Path, content: str | None, error: str) -> None:
    if content is not None:
        (tmp_path / "x.json").write_text(content)
    with pytest.raises(EvalError, match=error):
        evaluate(tmp_path)


def test_scoring_rules_match_spec() -> None:
    assert tf1("as many as 10,000 troops", "10,000 troops") == pytest.approx(
        2 / 3
    )  # "10,000" is two \w+ tokens
    gold = dict(GOLD)
    pred = {
        "attributions": [
            {
                "source": {"text": "Mayor"},
                "cue": {"text": "has said"},
                "content": {"text": "the bridge would reopen"},
            },
            {"source": "the council", "cue": "noted", "content": "the ferry is cancelled"},
        ]
    }
    res = score_pairs([(gold, pred)])
    assert (res["attribution"]["tp"], res["attribution"]["pred"]) == (1, 2)
    assert res["attribution_full"]["tp"] == 1  # last word of the gold source, content word of the cue
    assert res["quantity"]["gold"] == 1 and res["quantity"]["tp"] == 0


def _scores(f1: float) -> dict:  # type: ignore[type-arg]
    names = (
        "attribution",
        "attribution_full",
        "quantity",
        "quantity_qualifier",
        "hedge",
        "actor_b3",
        "actor_names",
    )
    layers = {k: {"f1": f1} for k in names}
    return {
        "dev": {"layers": layers},
        "polnear_dev": {"layers": layers},
        "polnear_actors": {"layers": layers},
    }


def test_gate_fails_below_a_floor_and_never_lowers_silently() -> None:
    floors = {"dev": {"attribution": 0.9}, "polnear_dev": {}, "polnear_actors": {"actor_b3": 0.7}}
    assert check(_scores(0.95), floors) == []
    assert check(_scores(0.85), floors) == ["dev/attribution: F1 0.850 is below its floor 0.900"]
    assert check(_scores(0.65), floors)[-1] == "polnear_actors/actor_b3: F1 0.650 is below its floor 0.700"
    raised = updated_floors(_scores(0.9567), floors, allow_regression=False)
    assert raised["dev"]["attribution"] == 0.956
    with pytest.raises(EvalError, match="would drop"):
        updated_floors(_scores(0.8), floors, allow_regression=False)
    assert updated_floors(_scores(0.8), floors, allow_regression=True)["dev"]["attribution"] == 0.8


@pytest.mark.parametrize(
    "gold_source, predicted, ok",
    [
        ("Jo Lin, a tax professor at Harbor College", "Jo Lin", True),
        ("Jo Lin who teaches tax law", "Lin", True),
        ("Jo Lin, a tax professor at Harbor College", "Harbor College", True),  # the last word still counts
        ("Jo Lin, a tax professor at Harbor College", "Ben Roe", False),
    ],
)
def test_a_source_with_an_appositive_is_matched_by_its_head(
    gold_source: str, predicted: str, ok: bool
) -> None:
    from claimledger.evaluation.scoring import source_ok

    assert source_ok({"source": gold_source}, {"source": predicted}) is ok


def test_builtin_source_rule_agrees_with_the_reference_scorer(shared: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("reference_score", shared / "eval" / "score.py")
    assert spec is not None and spec.loader is not None
    reference = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(reference)
    from claimledger.evaluation.scoring import source_ok

    cases = [
        ("Jo Lin, a tax professor at Harbor College", "Jo Lin"),
        ("Jo Lin who teaches tax law", "Lin"),
        ("the mayor's office", "the office"),
        ("Ana Ruiz", "Ruiz"),
        ("Ana Ruiz, whose son Ben spoke", "Ben"),
    ]
    for gold_source, predicted in cases:
        g, p = {"source": gold_source}, {"source": predicted}
        assert source_ok(g, p) == reference.source_ok(g, p), gold_source
