"""Time and size of each page of the web app on a given store, as a user meets them: every
list page, and the detail pages (the claim with most reports, the first article, the source
with most claims, an actor, a story: the claims about that source).

Each page is fetched once to warm up, then three times; the best time is reported with
the size of the HTML. Runs the app in this process (no server, no network).
``--all-articles`` also fetches every article page once and reports the sizes (the largest
article page was the one page over the 200 KB target); the largest one's delete page is
then timed with the detail pages.

    python -m tools.pagetimes --db pn.db [--all-articles]
"""

from __future__ import annotations

import argparse
import time
from urllib.parse import quote

PAGES = (
    "/",
    "/claims",
    "/claims?grade=1",
    "/claims?search=oil",
    "/claims?offset=10000",
    "/contradictions",
    "/sources",
    "/actors",
    "/articles",
    "/search?q=oil",
    "/estimates",
    "/articles?sort=recent&since=2016",
    "/contradictions?grade=1-6",
    "/sources?since=2016-02&until=2016-03&order=claims",
    "/sources?outlet=wash-post&grade=A-F",
    "/actors?outlet=wash-post",
    "/actors?since=2016-02&until=2016-03",
)

#: The targets of issue 19: a list page under 300 ms, any page under 200 KB.
LIST_MS, PAGE_KB = 300, 200


def article_sizes(client: object) -> list[tuple[int, str]]:
    """(size in bytes, path) of every article page, largest first; the article ids are read
    from ``/articles.json`` a page at a time."""
    get = client.get  # type: ignore[attr-defined]
    ids: list[str] = []
    while True:
        rows = get(f"/articles.json?limit=1000&offset={len(ids)}").json()["articles"]
        if not rows:
            break
        ids += [r["id"] for r in rows]
    sizes = []
    for i in ids:
        r = get(f"/articles/{i}")
        sizes.append((len(r.content) if r.status_code == 200 else -1, f"/articles/{i}"))
    return sorted(sizes, reverse=True)


def detail_pages(client: object) -> list[str]:
    """The detail pages worth timing, found through the JSON twins: the biggest of each kind."""
    get = client.get  # type: ignore[attr-defined]
    claim = get("/claims.json?sort=reports&limit=1").json()["claims"]
    article = get("/articles.json?limit=1").json()["articles"]
    source = get("/sources.json?order=claims&limit=1").json()["sources"]
    actor = get("/actors.json?limit=1").json()["actors"]
    things = get("/estimates.json").json().get("things") or []
    pages = []
    if claim:
        pages.append(f"/claims/{claim[0]['id']}")
    if article:
        pages += [f"/articles/{article[0]['id']}", f"/articles/{article[0]['id']}/delete"]
    if source:
        pages += [
            f"/sources/{source[0]['id']}",
            f"/actors/{source[0]['id']}",
            f"/claims?about={quote(source[0]['name'])}",
        ]
    if actor:
        pages.append(f"/actors/{actor[0]['id']}")
    if things:
        pages.append(f"/estimates?thing={quote(things[0]['thing'])}")
    return pages


def main(argv: list[str] | None = None) -> int:
    from fastapi.testclient import TestClient

    from claimledger.web import create_app

    parser = argparse.ArgumentParser(prog="python -m tools.pagetimes", description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True, help="the store to serve (SQLite path or PostgreSQL URL)")
    parser.add_argument("--all-articles", action="store_true", help="also fetch every article page")
    args = parser.parse_args(argv)
    failed = 0
    with TestClient(create_app(args.db), base_url="http://127.0.0.1") as client:
        details = detail_pages(client)
        if args.all_articles:
            sizes = article_sizes(client)
            over = [(n, p) for n, p in sizes if n >= PAGE_KB * 1024 or n < 0]
            kbs = sorted(n / 1024 for n, _ in sizes)
            print(f"{len(sizes)} article pages: largest {kbs[-1]:.0f} KB, median {kbs[len(kbs) // 2]:.0f} KB")
            print(
                f"{len(over)} over {PAGE_KB} KB or not 200: "
                + ", ".join(f"{p} {n / 1024:.0f} KB" for n, p in over)
            )
            print("largest: " + ", ".join(f"{p} {n / 1024:.0f} KB" for n, p in sizes[:5]) + "\n")
            failed += len(over)
            if sizes:
                details += [sizes[0][1], f"{sizes[0][1]}/delete"]
        print("| page | status | best of 3 (ms) | size (KB) |")
        print("|---|---|---|---|")
        for path in (*PAGES, *details):
            client.get(path)
            best = float("inf")
            for _ in range(3):
                t0 = time.perf_counter()
                r = client.get(path)
                best = min(best, time.perf_counter() - t0)
            kb = len(r.content) / 1024
            slow = path not in details and best * 1000 >= LIST_MS
            big = kb >= PAGE_KB
            failed += slow or big or r.status_code != 200
            flag = " (over target)" if slow or big else ""
            print(f"| `{path}` | {r.status_code} | {best * 1000:.0f} | {kb:.0f}{flag} |")
    print(f"\n{failed} page(s) over target (list page {LIST_MS} ms, any page {PAGE_KB} KB) or not 200")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
