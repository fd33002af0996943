"""W3C Web Annotations: each attribution behind a claim, anchored in its article.

Every target carries both selectors the Web Annotation Data Model defines for text: a
TextQuoteSelector (the exact words with a little context either side, which survives
small edits) and a TextPositionSelector (character offsets, which is what we store).

Factuality is a holder's: the source may state as certain what the article's author only
reports. So the bodies say whose each commitment is, one body per holder of the reporting
chain ("according to Iran: certain, positive", "according to the article's author: unknown,
unknown"), never one certainty and polarity next to the source's name.
"""

from __future__ import annotations

import json
from typing import Any

from claimledger.export.snapshot import Snapshot

Row = dict[str, Any]
CONTEXT = "http://www.w3.org/ns/anno.jsonld"
AFFIX = 32


def holder_name(holder: str) -> str:
    """A factuality holder as a reader names it: the pipeline calls the outlet's voice "author"."""
    return "the article's author" if holder == "author" else holder


def factuality_bodies(raw: str | None) -> list[Row]:
    """One describing body per holder of the chain, each naming whose commitment it is."""
    chain = json.loads(raw) if raw else []
    return [
        {
            "type": "TextualBody",
            "purpose": "describing",
            "format": "text/plain",
            "value": f"according to {holder_name(str(f['holder']))}: "
            f"certainty {f['certainty']}, polarity {f['polarity']}",
        }
        for f in chain
    ]


def annotation(a: Row, claims: dict[str, Row]) -> Row:
    text: str = a["article_text"]
    start, end = int(a["content_start"]), int(a["content_end"])
    c = claims[a["claim_id"]]
    who = a["source_resolved"] or a["source_text"] or "the author"
    via = f" via {a['channel_text']}" if a["channel_text"] else ""
    url = (
        a["url"]
        if isinstance(a["url"], str) and a["url"].lower().startswith(("http://", "https://"))
        else None
    )
    return {
        "id": f"urn:claimledger:annotation:{a['article_id']}:{a['id']}",
        "type": "Annotation",
        "motivation": "describing",
        "body": [
            {
                "type": "TextualBody",
                "purpose": "describing",
                "format": "text/plain",
                "value": f"{who} ({a['cue_text'] or 'stated'}{via})",
            },
            *factuality_bodies(a["factuality"]),
            {
                "type": "TextualBody",
                "purpose": "tagging",
                "value": f"admiralty-credibility-{c['credibility']}",
            },
            {"id": f"urn:claimledger:claim:{c['id']}", "type": "SpecificResource", "purpose": "linking"},
        ],
        "target": {
            "source": url or f"urn:claimledger:article:{a['article_id']}",
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": text[start:end],
                    "prefix": text[max(0, start - AFFIX) : start],
                    "suffix": text[end : end + AFFIX],
                },
                {"type": "TextPositionSelector", "start": start, "end": end},
            ],
        },
    }


def to_webannotation(snap: Snapshot) -> str:
    claims = {c["id"]: c for c in snap.claims}
    items = [annotation(a, claims) for a in snap.attributions]
    doc = {
        "@context": CONTEXT,
        "id": "urn:claimledger:annotations",
        "type": "AnnotationCollection",
        "label": "claimledger attributions",
        "total": len(items),
        "first": {
            "id": "urn:claimledger:annotations:page1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
