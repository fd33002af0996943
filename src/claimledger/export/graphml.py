"""GraphML for network tools (Gephi, yEd, networkx): who relays whom, and who backs what.

Nodes are actors (sources and origins), outlets and claims; a claim node carries its
``polarity`` (``negative``: a denial, whose label reads "denies: ..."). Edges: ``asserts``
(source -> claim), ``origin_of`` (origin -> claim), ``relays`` (source -> the origin it
passed on, when they differ) and ``published`` (outlet -> claim), weighted by reports;
and ``contradicts`` (claim -> claim, with its ``kind`` and ``reason``), which for a
denial runs from the denial to the claim it denies.
"""

from __future__ import annotations

import io

import networkx as nx

from claimledger.export.snapshot import Snapshot


def build_graph(snap: Snapshot) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(name="claimledger")
    for actor_id, a in snap.actors.items():
        g.add_node(
            f"actor:{actor_id}",
            label=str(a["name"]),
            type="actor",
            kind=str(a["kind"]),
            grade=str(a["grade"]),
        )
    weights: dict[tuple[str, str, str], int] = {}
    for c in snap.claims:
        cid = f"claim:{c['id']}"
        g.add_node(
            cid,
            label=c["reads"][:200],
            type="claim",
            credibility=int(c["credibility"]),
            polarity=str(c["polarity"]),
        )
        for m in c["reports"]:
            src = f"actor:{m['source_actor_id']}" if m["source_actor_id"] in snap.actors else None
            org = f"actor:{m['origin_actor_id']}" if m["origin_actor_id"] in snap.actors else None
            if m["outlet"]:
                out = f"outlet:{m['outlet']}"
                g.add_node(out, label=str(m["outlet"]), type="outlet")
                weights[(out, cid, "published")] = weights.get((out, cid, "published"), 0) + 1
            if src:
                weights[(src, cid, "asserts")] = weights.get((src, cid, "asserts"), 0) + 1
            if org:
                weights[(org, cid, "origin_of")] = weights.get((org, cid, "origin_of"), 0) + 1
            if src and org and src != org:
                weights[(src, org, "relays")] = weights.get((src, org, "relays"), 0) + 1
    for (head, tail, kind), n in sorted(weights.items()):
        g.add_edge(head, tail, key=kind, type=kind, weight=n)
    for x in snap.contradictions:
        a, b = (
            (x["b"], x["a"]) if x["b"]["polarity"] == "negative" != x["a"]["polarity"] else (x["a"], x["b"])
        )
        head, tail = f"claim:{a['id']}", f"claim:{b['id']}"
        if head in g and tail in g:
            g.add_edge(
                head,
                tail,
                key="contradicts",
                type="contradicts",
                kind=x["kind"],
                reason=x["reason"],
                weight=1,
            )
    return g


def to_graphml(snap: Snapshot) -> str:
    buf = io.BytesIO()
    nx.write_graphml(build_graph(snap), buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8")
