"""The pages and their JSON twins over the example story, through FastAPI's TestClient."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from htmlcheck import active_content

from claimledger.web import create_app
from conftest import copy_db

pytestmark = pytest.mark.model


def test_dashboard_twin_counts_what_the_store_holds(client: TestClient) -> None:
    data = client.get("/index.json").json()
    assert data["article_count"] == 12
    assert sum(r["claims"] for r in data["claims_by_credibility"]) == data["claim_count"] > 0
    assert data["contradictions"], "the example story has contradictions"
    assert data["top_sources"][0]["claims"] >= data["top_sources"][-1]["claims"]
    page = client.get("/").text
    assert "Story dashboard" in page and data["articles"][0]["title"] in page


def test_every_list_page_and_its_twin_agree(client: TestClient) -> None:
    for path, key in [
        ("/articles", "articles"),
        ("/claims", "claims"),
        ("/sources", "sources"),
        ("/actors", "actors"),
        ("/contradictions", "contradictions"),
    ]:
        twin = client.get(f"{path}.json")
        assert twin.status_code == 200 and twin.headers["content-type"] == "application/json"
        rows = twin.json()[key]
        assert rows, path
        page = client.get(path)
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert f"{path}.json" in page.text  # the page links to its twin
        assert active_content(page.text) == []


@pytest.mark.parametrize(
    "path,key",
    [("/articles", "articles"), ("/claims", "claims"), ("/actors", "actors"), ("/sources", "sources")],
)
def test_a_list_comes_in_pages_that_say_where_they_sit(client: TestClient, path: str, key: str) -> None:
    whole = client.get(f"{path}.json", params={"limit": 10000}).json()
    ids = [r["id"] for r in whole[key]]
    assert whole["page"] == {"total": len(ids), "offset": 0, "limit": 10000, "shown": len(ids)}
    assert len(ids) > 4
    second = client.get(f"{path}.json", params={"limit": 2, "offset": 2}).json()
    assert [r["id"] for r in second[key]] == ids[2:4]
    assert second["page"]["total"] == len(ids)
    html = client.get(path, params={"limit": 2, "offset": 2}).text
    assert f"3–4 of {len(ids)}" in html
    assert 'rel="next" href="http://127.0.0.1' + path + '?limit=2&amp;offset=4"' in html
    assert 'rel="prev" href="http://127.0.0.1' + path + '?limit=2&amp;offset=0"' in html
    last = client.get(path, params={"limit": 2, "offset": len(ids) - 1}).text
    assert 'rel="next"' not in last
    assert client.get(f"{path}.json", params={"offset": -1}).status_code == 422


def test_the_dashboard_counts_come_from_the_whole_store(client: TestClient) -> None:
    data = client.get("/index.json", params={}).json()
    claims = client.get("/claims.json", params={"limit": 10000}).json()["page"]["total"]
    contradictions = client.get("/contradictions.json", params={"limit": 10000}).json()
    assert data["claim_count"] == claims
    assert (
        data["contradiction_count"]
        == contradictions["page"]["total"]
        == len(contradictions["contradictions"])
    )
    grades = client.get("/claims.json", params={"grade": "3", "limit": 10000}).json()["page"]["total"]
    assert next(g["claims"] for g in data["claims_by_credibility"] if g["credibility"] == 3) == grades


def test_claim_page_shows_grade_reasons_origins_and_history(client: TestClient) -> None:
    claims = client.get("/claims.json").json()["claims"]
    c = max(claims, key=lambda c: len(c["outlets"]))
    data = client.get(f"/claims/{c['id']}.json").json()
    assert data["credibility"] == c["credibility"] and data["credibility_reasons"]
    assert {r["outlet"] for r in data["reports"]} == set(c["outlets"])
    page = client.get(f"/claims/{c['id']}").text
    for reason in data["credibility_reasons"]:
        assert reason.replace("'", "&#39;") in page
    assert '<svg class="graph"' in page
    for outlet in c["outlets"]:
        assert outlet in page


def test_article_page_highlights_and_links_every_attribution_to_its_claim(client: TestClient) -> None:
    article = client.get("/articles.json").json()["articles"][0]
    data = client.get(f"/articles/{article['id']}.json").json()
    assert data["text"] and data["attributions"]
    linked = [a for a in data["attributions"] if a["claim_id"]]
    assert linked
    page = client.get(f"/articles/{article['id']}").text
    assert 'class="hl hl-source' in page and 'class="hl hl-cue' in page
    for a in linked:
        assert f'href="/claims/{a["claim_id"]}"' in page
        assert data["text"][a["content"]["start"] : a["content"]["end"]] == a["content"]["text"]


def test_filters_reach_the_library(client: TestClient) -> None:
    all_claims = client.get("/claims.json").json()["claims"]
    top = client.get("/claims.json?grade=1-2").json()["claims"]
    assert all(c["credibility"] <= 2 for c in top) and len(top) < len(all_claims)
    assert len(client.get("/claims.json?limit=2").json()["claims"]) == 2
    found = client.get("/search.json?q=drone").json()
    assert found["articles"] and found["claims"]
    assert all("drone" in c["text"].lower() for c in found["claims"])


def test_estimates_chart_has_a_band_per_figure(client: TestClient) -> None:
    data = client.get("/estimates.json?thing=Iranian instructors").json()
    assert len(data["estimates"]) >= 3
    page = client.get("/estimates?thing=Iranian instructors").text
    assert '<svg class="chart"' in page
    assert page.count('<g class="est">') == len([e for e in data["estimates"] if e["published"]])
    assert client.get("/estimates.json").json()["things"]


def test_source_and_actor_pages(client: TestClient) -> None:
    source = client.get("/sources.json").json()["sources"][0]
    data = client.get(f"/sources/{source['id']}.json").json()
    assert data["name"] == source["name"] and data["grade"] == source["grade"]
    assert data["track_record"]["claims"] == source["claims"]
    assert len(data["claims"]) == source["claims"]
    page = client.get(f"/actors/{source['id']}").text
    assert 'action="/sources/' in page and 'action="/actors/' in page  # editable grade, merge form


def test_openapi_lists_every_page_and_its_twin(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    for page in [
        "/",
        "/articles",
        "/articles/{article_id}",
        "/claims",
        "/claims/{claim_id}",
        "/sources",
        "/sources/{actor_id}",
        "/actors",
        "/actors/{actor_id}",
        "/estimates",
        "/search",
        "/contradictions",
    ]:
        assert page in paths
        assert ("/index.json" if page == "/" else f"{page}.json") in paths
    assert "/export/{fmt}" in paths and "/sources/{actor_id}/grade" in paths
    assert client.get("/docs").status_code == 404  # Swagger UI would load a CDN


def test_exports_download_from_the_app(client: TestClient) -> None:
    r = client.get("/export/csv")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    assert r.text.startswith("id,text,credibility")
    story = client.get("/export/json?story=Iran").json()
    assert 0 < len(story["claims"]) <= len(client.get("/claims.json").json()["claims"])


def test_merge_actors_rebuilds_the_ledger(story_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "merge.db"
    copy_db(story_db, db)
    with TestClient(create_app(str(db)), base_url="http://127.0.0.1") as c:
        actors = {a["name"]: a for a in c.get("/actors.json").json()["actors"]}
        names = sorted(n for n, a in actors.items() if a["kind"] != "outlet" and not a["merged_into"])
        into, other = actors[names[0]], actors[names[1]]
        r = c.post(f"/actors/{into['id']}/merge", json={"other": other["name"]})
        assert r.status_code == 200 and r.json()["ok"] is True
        after = c.get(f"/actors/{into['id']}.json").json()
        assert other["name"] in after["aliases"] or any(a in after["aliases"] for a in other["aliases"])
        assert [a for a in c.get("/actors.json").json()["actors"] if a["id"] == other["id"]][0]["merged_into"]


@pytest.mark.model
def test_ingest_an_article_over_http(story_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "ingest.db"
    copy_db(story_db, db)
    text = (
        "Officials in Sevastopol said about 30 Iranian instructors had left Crimea by train on Friday. "
        '"They are gone," a port worker told the Harbor Wire.'
    )
    with TestClient(create_app(str(db)), base_url="http://127.0.0.1") as c:
        before = len(c.get("/articles.json").json()["articles"])
        r = c.post("/articles", json={"text": text, "outlet": "Test Gazette", "published": "2025-03-20"})
        assert r.status_code == 200 and r.json()["added"] is True and r.json()["attributions"] >= 2
        article = c.get(f"/articles/{r.json()['id']}.json").json()
        assert article["outlet"] == "Test Gazette"
        assert len(c.get("/articles.json").json()["articles"]) == before + 1
        assert r.json()["warnings"] == [] and article["published"] == "2025-03-20"
        again = c.post("/articles", json={"text": text})
        assert again.status_code == 200 and again.json()["added"] is False
        relative = c.post("/articles", json={"text": text + " More later.", "published": "yesterday"})
        assert relative.status_code == 200 and "relative" in relative.json()["warnings"][0]
        stored = c.get(f"/articles/{relative.json()['id']}.json").json()
        assert stored["published"] is None and stored["published_text"] == "yesterday"
        empty = c.post("/articles", json={"text": "  "})
        assert empty.status_code == 422 and "text" in empty.json()["error"]
        figures = c.get("/estimates.json", params={"thing": "Iranian instructors"}).json()
        assert any(e.get("value") == 30 for e in figures["estimates"])


def test_split_undoes_a_merge(story_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "split.db"
    copy_db(story_db, db)
    with TestClient(create_app(str(db)), base_url="http://127.0.0.1") as c:
        actors = {a["name"]: a for a in c.get("/actors.json").json()["actors"]}
        into, other = actors["Pentagon"], actors["Caspian Security Institute"]

        def merged_into() -> object:
            every = c.get("/actors.json").json()["actors"]
            return next(a for a in every if a["id"] == other["id"])["merged_into"]

        assert not merged_into()
        assert c.post(f"/actors/{into['id']}/merge", json={"other": other["name"]}).status_code == 200
        assert merged_into()
        split = c.post(f"/actors/{other['id']}/split", json={})
        assert split.status_code == 200 and split.json()["ok"] is True
        assert not merged_into()


def test_copies_of_a_story_are_folded_and_long_claims_are_paged(story_db: Path, tmp_path: Path) -> None:
    """A wire story copied by many outlets: its figures are listed once with the number of
    copies, and its claim page lists the first reports, not thousands (make load found both)."""
    db = tmp_path / "copies.db"
    copy_db(story_db, db)
    text = (
        "About 43 Iranian instructors are training Russian crews near Dzhankoi, Ukraine's military "
        "intelligence said on Monday. The instructors arrived in February, the agency said."
    )
    with TestClient(create_app(str(db)), base_url="http://127.0.0.1") as c:
        first = c.post("/articles", json={"text": text, "outlet": "Wire", "published": "2025-03-21"}).json()
        for k in range(1, 6):  # archive copies: near-duplicates of the first
            copy = {"text": f"{text}\n\n(Archive copy {k}.)", "outlet": f"Wire {k}"}
            assert c.post("/articles", json={**copy, "published": f"2025-03-2{k}"}).json()["added"] is True
        folded = c.get("/estimates.json", params={"thing": "Iranian instructors"}).json()
        forty = [e for e in folded["estimates"] if e["value"] == 43]
        assert [(e["article_id"], e["copies"]) for e in forty] == [(first["id"], 5)]
        assert folded["estimate_count"] == len(folded["estimates"])
        listed = c.get("/estimates.json", params={"thing": "Iranian instructors", "copies": "true"}).json()
        assert len([e for e in listed["estimates"] if e["value"] == 43]) == 6
        capped = c.get("/estimates.json", params={"thing": "Iranian instructors", "limit": 2}).json()
        assert len(capped["estimates"]) == 2 and capped["estimate_count"] == folded["estimate_count"]
        page = c.get("/estimates", params={"thing": "Iranian instructors"}).text
        assert "(+5 copies)" in page and "list the copies too" in page

        article = c.get(f"/articles/{first['id']}.json").json()
        claim_id = next(a["claim_id"] for a in article["attributions"] if a["claim_id"])
        whole = c.get(f"/claims/{claim_id}.json").json()
        assert whole["report_count"] == len(whole["reports"]) >= 6
        some = c.get(f"/claims/{claim_id}.json", params={"reports": 2}).json()
        assert some["report_count"] == whole["report_count"] and some["reports"] == whole["reports"][:2]
        page = c.get(f"/claims/{claim_id}", params={"reports": 2}).text
        assert f"The first 2 of {whole['report_count']} reports" in page
        assert c.get(f"/claims/{claim_id}", params={"reports": 0}).status_code == 422


def _denial(client: TestClient) -> dict[str, object]:
    denials = client.get("/claims.json", params={"polarity": "negative", "limit": 10000}).json()["claims"]
    assert denials, "the example story has a denial"
    return dict(denials[0])


def test_the_polarity_filter_splits_the_claims_into_denials_and_assertions(client: TestClient) -> None:
    every = client.get("/claims.json", params={"limit": 10000}).json()
    parts = {
        p: client.get("/claims.json", params={"polarity": p, "limit": 10000}).json()
        for p in ("negative", "positive")
    }
    for p, part in parts.items():
        assert part["claims"] and {c["polarity"] for c in part["claims"]} == {p}
        assert part["page"]["total"] == len(part["claims"])
    ids = {c["id"] for part in parts.values() for c in part["claims"]}
    assert ids == {c["id"] for c in every["claims"]}
    assert sum(part["page"]["total"] for part in parts.values()) == every["page"]["total"]
    assert client.get("/claims.json", params={"polarity": "sideways"}).status_code == 422
    page = client.get("/claims", params={"polarity": "negative"}).text
    assert '<option value="negative" selected>denials</option>' in page
    for c in parts["positive"]["claims"]:
        assert f'href="/claims/{c["id"]}"' not in page


def test_a_denial_reads_as_a_denial_wherever_it_is_shown(client: TestClient) -> None:
    denial = _denial(client)
    text = str(denial["text"])
    assert denial["reads"] == f"denies: {text}"
    marked = (
        f'<span class="denial" title="a denial: its origins reject this statement">✗ denies:</span> {text}'
    )
    assert marked in client.get("/claims").text
    claim_page = client.get(f"/claims/{denial['id']}").text
    assert f'<h1 class="claim-text">{marked}</h1>' in claim_page
    origins = list(denial["origins"])  # type: ignore[call-overload]
    verb = "deny" if len(origins) > 1 else "denies"
    assert f"A denial: {', '.join(origins)} {verb} this statement" in claim_page
    assert marked in client.get("/contradictions").text
    assert marked in client.get("/").text  # the dashboard's open contradictions
    # a claim page lists what contradicts it: the denial, marked
    other = str(denial["contradicted_by"][0])  # type: ignore[index]
    assert marked in client.get(f"/claims/{other}").text
    contradicting = client.get(f"/claims/{other}.json").json()["contradictions"]
    assert {x["reads"] for x in contradicting if x["claim"] == denial["id"]} == {f"denies: {text}"}
    # an assertion is shown as it is
    positive = next(c for c in client.get("/claims.json").json()["claims"] if c["polarity"] == "positive")
    assert positive["reads"] == positive["text"]
    assert "✗ denies:" not in client.get(f"/claims/{positive['id']}").text.split("<h2>")[0]


def test_the_article_page_marks_the_attribution_of_a_denial(client: TestClient) -> None:
    denial = _denial(client)
    article_id = client.get(f"/claims/{denial['id']}.json").json()["reports"][0]["article_id"]
    data = client.get(f"/articles/{article_id}.json").json()
    denying = [a for a in data["attributions"] if a["claim_id"] == denial["id"]]
    assert denying and all(a["claim_polarity"] == "negative" for a in denying)
    page = client.get(f"/articles/{article_id}").text
    assert f"✗ denies:</span> {denying[0]['content']['text']}</td>" in page


def test_a_bad_grade_is_explained_once_in_words(client: TestClient) -> None:
    body = client.get("/claims.json", params={"grade": "9"}).json()
    assert body["error"] == "grade: must be a credibility 1-6 or a range like 1-3, not '9'"
    assert [e["message"] for e in body["errors"]] == [body["error"].split(": ", 1)[1]]
    page = client.get("/claims", params={"grade": "9", "since": "2025"}).text
    assert page.count("must be a credibility 1-6 or a range like 1-3") == 1
    assert "[1-6]" not in page and "pattern" not in page
    both = client.get("/claims", params={"grade": "9", "since": "soon"}).text
    assert both.count("must be a credibility 1-6") == 2  # the message and the list of two errors
    assert "must be a date like 2025-03-14, not &#39;soon&#39;" in both


def test_a_contradiction_says_its_kind_once(client: TestClient) -> None:
    rows = client.get("/contradictions.json", params={"limit": 10000}).json()["contradictions"]
    assert {x["kind"] for x in rows} == {"denial", "estimate"}
    pages = [client.get("/contradictions").text, client.get("/").text]
    pages += [client.get(f"/claims/{x['a']['id']}").text for x in rows]
    for page in pages:
        for kind in ("denial", "estimate"):
            assert f"{kind}: {kind}:" not in page
    page = client.get("/contradictions").text
    for x in rows:
        shown = x["reason"] if x["reason"].startswith(x["kind"] + ": ") else f"{x['kind']}: {x['reason']}"
        assert shown.replace('"', "&#34;") in page


def test_one_figure_is_one_figure(client: TestClient) -> None:
    things = client.get("/index.json").json()["things"]
    assert {t["figures"] == 1 for t in things} == {True, False}, (
        "the story has things with 1 and many figures"
    )
    for path in ("/", "/estimates"):
        page = client.get(path).text
        for t in things:
            n = t["figures"]
            assert f"({n} figure{'' if n == 1 else 's'})" in page
        assert "(1 figures)" not in page


def test_approximate_figures_keep_their_bounds_in_the_json_the_page_and_the_csv(client: TestClient) -> None:
    import csv
    import io

    params = {"thing": "Iranian instructors"}
    rows = client.get("/estimates.json", params=params).json()["estimates"]
    about = [e for e in rows if e["qualifier"] == "approximate"]
    assert about, "the story has 'about N' figures"
    for e in about:
        assert e["low"] is None and e["high"] is None  # the article stated none
        assert e["bound_low"] == round(e["value"] * 0.9, 6) and e["bound_high"] == round(e["value"] * 1.1, 6)
        assert e["bounds"] == f"{e['bound_low']}-{e['bound_high']}"
    at_least = [e for e in rows if e["qualifier"] == "lower_bound"]
    assert at_least and all(e["bound_high"] is None for e in at_least)
    page = client.get("/estimates", params=params).text
    e = about[0]
    assert f"<td>{e['bound_low']}</td><td>{e['bound_high']}</td>" in page
    assert 'href="/estimates.csv?thing=Iranian%20instructors"' in page
    got = client.get("/estimates.csv", params=params)
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(got.text)))
    assert [(r["text"], r["bound_low"], r["bound_high"]) for r in table] == [
        (e["text"], str(e["bound_low"]), "" if e["bound_high"] is None else str(e["bound_high"]))
        for e in rows
    ]
    assert client.get("/estimates.csv").status_code == 422  # which thing?


def test_every_claim_carries_its_admiralty_code(story_db: Path, tmp_path: Path) -> None:
    from claimledger.store import Store

    db = copy_db(story_db, tmp_path / "rated.db")
    with TestClient(create_app(str(db)), base_url="http://127.0.0.1") as c:
        before = c.get("/claims.json", params={"limit": 10000}).json()["claims"]
        assert all(x["admiralty"] == f"F{x['credibility']}" for x in before)  # nobody rated yet
        one_origin = next(x for x in before if len(x["origins"]) == 1 and "anonymous" not in x["origins"][0])
        rated = one_origin["origins"][0]
        with Store.open(str(db)) as store:
            store.actors.set_grade(rated, "B")
        after = c.get("/claims.json", params={"limit": 10000}).json()["claims"]
        for x in after:
            letter = "B" if rated in x["origins"] else "F"  # the best of its origins; unrated is F
            assert x["admiralty"] == f"{letter}{x['credibility']}" and x["reliability"] == letter
        code = f"B{one_origin['credibility']}"
        listed = c.get("/claims").text
        assert (
            f'title="source: Usually reliable; information: {one_origin["credibility_label"]}">{code}</span>'
            in listed
        )
        page = c.get(f"/claims/{one_origin['id']}").text
        assert f"Admiralty code <b>{code}</b>: source reliability B (Usually reliable" in page
        assert c.get(f"/claims/{one_origin['id']}.json").json()["admiralty"] == code
        pairs = c.get("/contradictions.json").json()["contradictions"]
        assert all(x[k]["admiralty"][1:] == str(x[k]["credibility"]) for x in pairs for k in ("a", "b"))


def test_a_filter_form_sent_with_blank_fields_lists_every_claim(client: TestClient) -> None:
    every = client.get("/claims.json").json()["page"]["total"]
    blank = {"about": "", "grade": "", "polarity": "", "search": ""}
    assert client.get("/claims.json", params=blank).json()["page"]["total"] == every
    page = client.get("/claims", params={**blank, "polarity": "negative"})
    assert page.status_code == 200 and '<option value="negative" selected>' in page.text


def test_an_impossible_date_is_refused_with_a_422(client: TestClient) -> None:
    """``?since=2025-13-01`` once matched the pattern and was compared as text."""
    r = client.get("/claims.json", params={"since": "2025-13-01"})
    assert r.status_code == 422 and "2025-13-01" in r.json()["error"]
    assert client.get("/claims.json", params={"since": "2025-12-01"}).status_code == 200
    posted = client.post(
        "/articles", json={"text": "The mayor said the bridge was shut.", "published": "2016-13-45"}
    )
    assert (
        posted.status_code == 422 and posted.json()["error"] == "published: '2016-13-45' is not a real date"
    )


def test_an_empty_search_is_the_search_form_and_plurals_find_singulars(client: TestClient) -> None:
    """``/search?q=`` once answered a 422 page; ``drones`` missed "drone"."""
    for q in ("", "  "):
        page = client.get("/search", params={"q": q})
        assert page.status_code == 200 and 'name="q"' in page.text and "<h1>Search</h1>" in page.text
    assert client.get("/search").status_code == 200
    assert client.get("/search.json").json()["articles"] == []
    singular = client.get("/search.json", params={"q": "drone"}).json()
    plural = client.get("/search.json", params={"q": "drones"}).json()
    assert plural["articles"] and {a["id"] for a in plural["articles"]} == {
        a["id"] for a in singular["articles"]
    }
    assert {c["id"] for c in plural["claims"]} == {c["id"] for c in singular["claims"]}


def test_claims_sort_and_outlet_reach_the_page(client: TestClient) -> None:
    by_reports = client.get("/claims.json", params={"sort": "reports", "limit": 1000}).json()["claims"]
    assert [c["articles"] for c in by_reports] == sorted((c["articles"] for c in by_reports), reverse=True)
    outlet = by_reports[0]["outlets"][0]
    mine = client.get("/claims.json", params={"outlet": outlet, "limit": 1000}).json()
    assert mine["claims"] and all(outlet in c["outlets"] for c in mine["claims"])
    assert mine["page"]["total"] == len(mine["claims"]) < len(by_reports)
    assert client.get("/claims.json", params={"sort": "random"}).status_code == 422
    page = client.get("/claims", params={"sort": "grade", "outlet": ""}).text
    assert "<option selected>grade</option>" in page
