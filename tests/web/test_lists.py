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


@pytest.mark.parametrize(
    ("path", "key", "count"), [("/sources", "sources", "claims"), ("/actors", "actors", "reports")]
)
def test_sources_and_actors_filter_by_outlet_dates_and_grade(
    client: TestClient, path: str, key: str, count: str
) -> None:
    """Both lists took no filter: now those with reports in the articles of an outlet or a
    date range, counting only those reports, and those of a reliability grade."""
    every = _get(client, f"{path}.json", limit=1000)
    counts = {r["id"]: r[count] for r in every[key]}
    outlet = _get(client, "/articles.json", limit=1)["articles"][0]["outlet"]
    mine = _get(client, f"{path}.json", outlet=outlet.upper(), limit=1000)
    assert 0 < mine["page"]["total"] == len(mine[key]) < every["page"]["total"]
    assert all(0 < r[count] <= counts[r["id"]] for r in mine[key])
    assert any(r[count] < counts[r["id"]] for r in mine[key])  # reports elsewhere are not counted
    late = _get(client, f"{path}.json", since="2025-03-12", until="2025-03-31", limit=1000)
    early = _get(client, f"{path}.json", until="2025-03-11", limit=1000)
    assert late[key] and early[key] and late["page"]["total"] < every["page"]["total"]
    for r in late[key]:
        assert r[count] + next((e[count] for e in early[key] if e["id"] == r["id"]), 0) == counts[r["id"]]
    assert _get(client, f"{path}.json", grade="A-E")["page"]["total"] == 0  # every actor is F here
    assert _get(client, f"{path}.json", grade="f")["page"]["total"] == every["page"]["total"]
    bad = client.get(f"{path}.json", params={"grade": "9"})
    assert bad.status_code == 422
    assert bad.json()["error"] == "grade: must be a reliability A-F or a range like A-C, not '9'"
    assert (
        "--since must be a date" in client.get(f"{path}.json", params={"since": "2025-13-01"}).json()["error"]
    )
    worse = client.get(f"{path}.json", params={"until": "May"})
    assert worse.status_code == 422 and worse.json()["error"].startswith("until: must be a date like")
    page = client.get(path, params={"outlet": outlet, "since": "", "until": "", "grade": ""})
    assert page.status_code == 200 and f"Counting only the reports in articles of {outlet}" in page.text
    for field in ("outlet", "since", "until", "grade"):
        assert f'name="{field}"' in page.text, field


def test_an_article_page_lists_its_attributions_and_claims_a_page_at_a_time(client: TestClient) -> None:
    """The longest PolNeAR article was a 327 KB page: both tables whole under the text."""
    import re
    from html import unescape
    from urllib.parse import parse_qsl, urlsplit

    ids = [a["id"] for a in _get(client, "/articles.json")["articles"]]
    article = max(ids, key=lambda i: len(_get(client, f"/articles/{i}.json")["attributions"]))
    atts = _get(client, f"/articles/{article}.json")["attributions"]  # the JSON keeps them all
    assert len(atts) >= 3
    html = client.get(
        f"/articles/{article}", params={"limit": 1, "attributions_offset": 1, "claims_offset": 2}
    ).text
    rows = re.findall(r'<tr id="row-([^"]+)"', html)
    assert rows == [atts[1]["id"]]  # text order: the second attribution
    claims = html.split('<section id="claims">', 1)[1]
    assert re.findall(r'<td><a href="#attr-([^"]+)"', claims) == [atts[2]["id"]]
    # the whole text is still highlighted, by offsets
    assert html.count('class="hl hl-content" data-start=') == len(atts)
    # a label in the text leads to the page of the table that lists its row
    first = atts[0]["id"]
    assert f'href="?attributions_offset=0&amp;limit=1#row-{first}"' in html
    assert f'href="#row-{atts[1]["id"]}"' in html
    # each pager keeps the other table's page
    links = {
        (rel, tuple(sorted(parse_qsl(urlsplit(unescape(href)).query))))
        for rel, href in re.findall(r'<a rel="(prev|next)" href="([^"]+)"', html)
    }

    def link(rel: str, attributions: int, claims: int) -> tuple[str, tuple[tuple[str, str], ...]]:
        q = {"attributions_offset": str(attributions), "claims_offset": str(claims), "limit": "1"}
        return (rel, tuple(sorted(q.items())))

    assert links == {link("prev", 0, 2), link("next", 2, 2), link("prev", 1, 1)}
    assert f"2–2 of {len(atts)}" in html and f"3–3 of {len(atts)}" in html
    for bad in ({"attributions_offset": -1}, {"claims_offset": "x"}, {"limit": 0}):
        assert client.get(f"/articles/{article}", params=bad).status_code == 422
    whole = client.get(f"/articles/{article}").text
    assert len(re.findall(r'<tr id="row-', whole)) == len(atts) <= 25  # a short article: one page
    assert 'rel="next"' not in whole
