"""Time and size of each list page of the web app on a given store, as a user meets them.

Each page is fetched once to warm up, then three times; the best time is reported with
the size of the HTML. Runs the app in this process (no server, no network).

    python -m tools.pagetimes --db pn.db
"""

from __future__ import annotations

import argparse
import time

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
)


def main(argv: list[str] | None = None) -> int:
    from fastapi.testclient import TestClient

    from claimledger.web import create_app

    parser = argparse.ArgumentParser(prog="python -m tools.pagetimes", description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True, help="the store to serve (SQLite path or PostgreSQL URL)")
    args = parser.parse_args(argv)
    print("| page | status | best of 3 (ms) | size (KB) |")
    print("|---|---|---|---|")
    with TestClient(create_app(args.db), base_url="http://127.0.0.1") as client:
        for path in PAGES:
            client.get(path)
            best = float("inf")
            for _ in range(3):
                t0 = time.perf_counter()
                r = client.get(path)
                best = min(best, time.perf_counter() - t0)
            print(f"| `{path}` | {r.status_code} | {best * 1000:.0f} | {len(r.content) / 1024:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
