"""The story around a set of actors: its claims, estimates and contradictions.

Three renderings of one dict: text for the terminal, JSON, and a single self-contained
HTML file (inline CSS, no script, no external asset) in which every piece of text from
an article is escaped, since articles are untrusted input.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape
from typing import Any

from claimledger.ledger.estimates import estimate_dict
from claimledger.ledger.queries import actor_claims_filter, actor_ids, list_claims_where, list_contradictions
from claimledger.store.store import Store

Row = dict[str, Any]


def story(store: Store, actors: list[str]) -> Row:
    """Claims by or about any of ``actors``, their figures and their contradictions."""
    ids = actor_ids(store, actors)
    names = [str(store.actors.find(a)["name"]) for a in actors]
    involved = actor_claims_filter(*ids)
    claims = list_claims_where(store, involved)
    claim_ids = {c["id"] for c in claims}
    estimates: dict[str, list[Row]] = defaultdict(list)
    for row in store.estimate_rows():
        if row["claim_id"] in claim_ids:
            estimates[row["thing_head"]].append(estimate_dict(row))
    return {
        "actors": names,
        "claims": claims,
        "estimates": dict(sorted(estimates.items())),
        "contradictions": list_contradictions(store, among=involved),
    }


def to_text(report: Row) -> str:
    lines = [f"Story: {', '.join(report['actors'])}", ""]
    lines.append(f"Claims ({len(report['claims'])}):")
    for c in report["claims"]:
        flag = "  CONTRADICTED" if c["contradicted_by"] else ""
        mark = "✗ " if c["polarity"] == "negative" else ""
        lines.append(
            f"  [{c['admiralty']}] {c['id']}  {mark}{c['reads']}\n"
            f"      origins: {', '.join(c['origins']) or '-'}; outlets: {', '.join(c['outlets'])}{flag}"
        )
    for head, rows in report["estimates"].items():
        lines.append("")
        lines.append(f"Estimates of {head}:")
        for e in rows:
            lines.append(
                f"  {e['published'] or '-'}  {e['text']}  ({e['qualifier']}; {e['origin'] or e['source']})"
            )
    lines.append("")
    lines.append(f"Contradictions ({len(report['contradictions'])}):")
    for x in report["contradictions"]:
        lines.append(f"  {x['a']['id']} vs {x['b']['id']}: {x['reason']}")
    return "\n".join(lines) + "\n"


_CSS = """
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.5rem}h2{font-size:1.2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%}
td,th{border:1px solid #ddd;padding:.3rem;text-align:left;vertical-align:top}
.g1,.g2{background:#e6f4e6}.g3{background:#f7f7df}.g4,.g5{background:#f8e3e3}.g6{background:#eee}
.flag{color:#a00;font-weight:bold}.denial{color:#862e9c;font-weight:bold}
"""


def to_html(report: Row) -> str:
    e = escape
    title = "Story: " + ", ".join(report["actors"])
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        f"<h2>Claims ({len(report['claims'])})</h2>",
        "<table><tr><th>grade</th><th>claim</th><th>origins</th><th>outlets</th><th>seen</th></tr>",
    ]
    for c in report["claims"]:
        flag = ' <span class="flag">contradicted</span>' if c["contradicted_by"] else ""
        denial = '<span class="denial">✗ denies:</span> ' if c["polarity"] == "negative" else ""
        grade = int(c["credibility"])
        parts.append(
            f'<tr class="g{grade}"><td>{e(c["admiralty"])} {e(c["credibility_label"])}</td>'
            f"<td>{denial}{e(c['text'])}{flag}<br><small>{e(c['id'])}</small></td>"
            f"<td>{e(', '.join(c['origins']))}</td><td>{e(', '.join(c['outlets']))}</td>"
            f"<td>{e(str(c['first_seen'] or ''))} – {e(str(c['last_seen'] or ''))}</td></tr>"
        )
    parts.append("</table>")
    for head, rows in report["estimates"].items():
        parts.append(f"<h2>Estimates of {e(head)}</h2>")
        parts.append(
            "<table><tr><th>published</th><th>figure</th><th>qualifier</th><th>source</th><th>origin</th></tr>"
        )
        for r in rows:
            parts.append(
                f"<tr><td>{e(str(r['published'] or ''))}</td><td>{e(r['text'])}</td>"
                f"<td>{e(r['qualifier'])}</td>"
                f"<td>{e(str(r['source'] or ''))}</td><td>{e(str(r['origin'] or ''))}</td></tr>"
            )
        parts.append("</table>")
    parts.append(f"<h2>Contradictions ({len(report['contradictions'])})</h2><ul>")
    for x in report["contradictions"]:
        parts.append(f"<li><b>{e(x['a']['id'])}</b> vs <b>{e(x['b']['id'])}</b>: {e(x['reason'])}</li>")
    parts.append("</ul></body></html>")
    return "\n".join(parts) + "\n"
