"""The base of a rate ("for every four shares") counts nothing: the ledger keeps no estimate of it."""

from __future__ import annotations

from claimledger.ledger.build import rebuild
from claimledger.store import Store
from ledger_helpers import make_analysis

TEXT = "Holders will get three shares of Bond Media for every four Bond Corp shares, the company said."


def test_the_base_of_a_rate_is_no_estimate(store: Store) -> None:
    a = make_analysis(
        TEXT,
        atts=[
            {
                "source": "the company",
                "content": "Holders will get three shares of Bond Media for every four Bond Corp shares",
                "quantity": "four Bond Corp shares",
                "q": (4, None, None, "exact", "Bond Corp shares"),
            },
            {
                "source": "the company",
                "content": "Holders will get three shares of Bond Media",
                "quantity": "three shares of Bond Media",
                "q": (3, None, None, "exact", "shares of Bond Media"),
            },
        ],
    )
    store.add_analysis(a)
    rebuild(store)
    assert sorted(r["text"] for r in store.estimate_rows()) == ["three shares of Bond Media"]
