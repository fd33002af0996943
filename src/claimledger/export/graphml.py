"""GraphML for network tools (Gephi, yEd, networkx): who relays whom, and who backs what.

Nodes are actors (sources and origins), outlets and claims; a claim node carries its
``polarity`` (``negative``: a denial, whose label reads "denies: ..."). Edges: ``asserts``
(source -> claim), ``origin_of`` (origin -> claim), ``relays`` (source -> the origin it
passed on, when they differ) and ``published`` (outlet -> claim), weighted by reports;
and ``contradicts`` (claim -> claim, with its ``kind`` and ``reason``), which for a
denial runs from the denial to the claim it denies.

XML 1.0 cannot hold most control characters (a form feed in a plain-text article), lone
surrogates or U+FFFE/U+FFFF, and the XML writer refuses them; every string that goes
into the graph passes :func:`xml_text`, which writes such a character as an escape
(``\\x0c``), so every stored text can be exported.
"""

from __future__ import annotations

import io
import re

import networkx as nx

from claimledger.export.snapshot import Snapshot

#: What XML 1.0 does not allow in a document, even escaped as a character reference.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def xml_text(value: object) -> str:
    """``value`` as a string XML 1.0 can hold: forbidden characters written as escapes."""
    return _NOT_XML.sub(_escape, str(value))


def build_graph(snap: Snapshot) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(name="claimledger")
    for actor_id, a in snap.actors.items():
        g.add_node(
            f"actor:{actor_id}",
            label=xml_text(a["name"]),
            type="actor",
            kind=xml_text(a["kind"]),
            grade=xml_text(a["grade"]),
        )
    weights: dict[tuple[str, str, str], int] = {}
    for c in snap.claims:
        cid = f"claim:{c['id']}"
        cid = xml_text(cid)
        g.add_node(
            cid,
            label=xml_text(c["reads"][:200]),
            type="claim",
            credibility=int(c["credibility"]),
            polarity=str(c["polarity"]),
        )
        for m in c["reports"]:
            src = f"actor:{m['source_actor_id']}" if m["source_actor_id"] in snap.actors else None
            org = f"actor:{m['origin_actor_id']}" if m["origin_actor_id"] in snap.actors else None
            if m["outlet"]:
                out = xml_text(f"outlet:{m['outlet']}")
                g.add_node(out, label=xml_text(m["outlet"]), type="outlet")
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
