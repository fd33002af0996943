"""Every list page filters, sorts and pages (issue 19, item 3): claims by a date range,
articles by outlet and dates (newest first on request), contradictions by the claims'
filters, and the estimates page in pages (a 546 KB page of 1,000 figures of "%" on
PolNeAR before); each filter form carries its fields."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

pytestmark = pytest.mark.model


def _get(client: TestClient, path: str, **params: Any) -> Any:
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_claims_take_until_and_the_form_has_source_and_dates(client: TestClient) -> None:
    every = _get(client, "/claims.json", limit=1000)["claims"]
    days = sorted({c["first_seen"] for c in every if c["first_seen"]})
    cut = days[1]
    until = _get(client, "/claims.json", until=cut, limit=1000)
    assert until["claims"] and all(c["first_seen"] <= cut for c in until["claims"])
    assert until["page"]["total"] == len(until["claims"]) < len(every)
    bad = client.get("/claims.json", params={"until": "2025-13-01"})
    assert bad.status_code == 422 and "--until must be a date" in bad.json()["error"]
    worse = client.get("/claims.json", params={"until": "May"})
    assert worse.status_code == 422 and worse.json()["error"].startswith("until: must be a date like")
    page = client.get("/claims", params={"until": cut, "since": "", "source": ""}).text
    for field in ("about", "source", "since", "until", "grade", "polarity", "outlet", "sort", "search"):
        assert f'name="{field}"' in page, field


def test_articles_filter_by_outlet_and_dates_and_sort(client: TestClient) -> None:
    every = _get(client, "/articles.json")["articles"]
    outlet = every[-1]["outlet"]
    mine = _get(client, "/articles.json", outlet=outlet.lower())
    assert {a["outlet"] for a in mine["articles"]} == {outlet}
    assert mine["page"]["total"] == len(mine["articles"]) < len(every)
    last = max(a["published"] for a in every if a["published"])[:10]
    since = _get(client, "/articles.json", since=last)["articles"]
    assert since and all(a["published"] >= last for a in since)
    recent = _get(client, "/articles.json", sort="recent", limit=1)["articles"]
    assert recent[0]["published"][:10] == last
    page = client.get("/articles", params={"outlet": "", "since": "", "until": "", "sort": "recent"})
    assert page.status_code == 200
    for field in ("outlet", "since", "until", "sort"):
        assert f'name="{field}"' in page.text, field


def test_contradictions_filter_by_the_claims_filters(client: TestClient) -> None:
    every = _get(client, "/contradictions.json")
    denials = _get(client, "/contradictions.json", about="Iranian foreign ministry")
    assert 0 < denials["page"]["total"] == len(denials["contradictions"]) < every["page"]["total"]
    assert {x["kind"] for x in denials["contradictions"]} == {"denial"}
    graded = _get(client, "/contradictions.json", grade="5")
    assert all(5 in (x["a"]["credibility"], x["b"]["credibility"]) for x in graded["contradictions"])
    assert client.get("/contradictions", params={"about": "", "grade": ""}).status_code == 200
    assert 'name="grade"' in client.get("/contradictions").text


def test_the_estimates_page_is_a_page(client: TestClient) -> None:
    thing = "Iranian instructors"
    whole = _get(client, "/estimates.json", thing=thing)
    assert whole["page"]["total"] == whole["estimate_count"] > 2
    second = _get(client, "/estimates.json", thing=thing, limit=2, offset=2)
    assert [e["claim_id"] for e in second["estimates"]] == [e["claim_id"] for e in whole["estimates"][2:4]]
    assert second["page"] == {"total": whole["estimate_count"], "offset": 2, "limit": 2, "shown": 2}
    html = client.get("/estimates", params={"thing": thing, "limit": 2, "offset": 2}).text
    assert f"Figures 3–4 of {whole['estimate_count']:,}" in html
    assert 'rel="next"' in html and 'rel="prev"' in html


def test_search_counts_everything_it_found_and_pages(client: TestClient) -> None:
    """A search was cut at 50, silently: "Claims (50)" on PolNeAR for 1,651 matches."""
    whole = _get(client, "/search.json", q="drones", limit=1000)
    n_claims, n_articles = len(whole["claims"]), len(whole["articles"])
    assert n_claims > 2 and n_articles > 2
    assert whole["pages"]["claims"]["total"] == n_claims and whole["pages"]["articles"]["total"] == n_articles
    cut = _get(client, "/search.json", q="drones", limit=2, offset=1)
    assert [c["id"] for c in cut["claims"]] == [c["id"] for c in whole["claims"][1:3]]
    assert [a["id"] for a in cut["articles"]] == [a["id"] for a in whole["articles"][1:3]]
    assert cut["pages"]["claims"] == {"total": n_claims, "offset": 1, "limit": 2, "shown": 2}
    html = client.get("/search", params={"q": "drones", "limit": 2}).text
    assert f"Claims (1–2 of {n_claims})" in html and f"Articles (1–2 of {n_articles})" in html
    assert "/claims?search=drones" in html and 'rel="next"' in html
    assert client.get("/search", params={"q": ""}).status_code == 200
