"""Admiralty grades: information credibility 1-6 per claim, source reliability A-F.

The rules are written out, with the Admiralty (NATO AJP-2.1) definitions, in
``docs/grading.md``; this module is that document in code, and every grade comes with
the list of reasons that produced it. Source reliability is the user's call: the
suggestion computed here is shown beside it and never applied.
"""

from __future__ import annotations

from dataclasses import dataclass

CREDIBILITY = {
    1: "Confirmed by other sources",
    2: "Probably true",
    3: "Possibly true",
    4: "Doubtful",
    5: "Improbable",
    6: "Truth cannot be judged",
}
RELIABILITY = {
    "A": "Completely reliable",
    "B": "Usually reliable",
    "C": "Fairly reliable",
    "D": "Not usually reliable",
    "E": "Unreliable",
    "F": "Reliability cannot be judged",
}
#: A source needs this many claims before its record suggests anything but F.
MIN_TRACK_RECORD = 3


@dataclass(frozen=True)
class Evidence:
    """What the credibility rules look at for one claim."""

    origins: int
    anonymous_only: bool
    reports: int
    hedged_reports: int
    confirmed_reports: int
    contradicting_origins: tuple[int, ...]  # origin count of each contradicting claim
    contradiction_kinds: tuple[str, ...]
    #: reports whose cue gives the speaker's view or forecast ("thinks", "predicted")
    opinion_reports: int = 0
    #: a figure of the claim that another independent origin's figure for the same thing bears out
    figures_agree: bool = False


def credibility(ev: Evidence) -> tuple[int, list[str]]:
    """The credibility grade and every reason for it (rules of docs/grading.md, in order)."""
    reasons = [f"{ev.origins} independent origin(s) across {ev.reports} report(s)"]
    if ev.hedged_reports:
        reasons.append(f"{ev.hedged_reports} of {ev.reports} report(s) hedged or marked unverified")
    if ev.confirmed_reports:
        reasons.append(f"{ev.confirmed_reports} report(s) present it as confirmed")
    if ev.anonymous_only:
        reasons.append("every origin is anonymous")
    if ev.origins == 0:
        reasons.append("rule 6a: no identifiable origin")
        return 6, reasons
    if ev.contradicting_origins:
        strongest = max(ev.contradicting_origins)
        kinds = ", ".join(sorted(set(ev.contradiction_kinds)))
        reasons.append(
            f"contradicted ({kinds}) by {len(ev.contradicting_origins)} claim(s), "
            f"the strongest backed by {strongest} origin(s)"
        )
        if ev.origins > strongest:
            reasons.append(
                "rule 3a: contradicted, but backed by more independent origins than the contradiction"
            )
            return 3, reasons
        if ev.origins == strongest:
            reasons.append("rule 4a: contradicted by equally supported information")
            return 4, reasons
        reasons.append("rule 5: contradicted by better supported information")
        return 5, reasons
    return _uncontradicted(ev, reasons)


def _uncontradicted(ev: Evidence, reasons: list[str]) -> tuple[int, list[str]]:
    """Rules for a claim nothing contradicts: origins first, then what bears it out."""
    all_hedged = ev.hedged_reports >= ev.reports
    if ev.opinion_reports >= ev.reports:
        if ev.origins >= 2:
            reasons.append(
                "rule 2b: independent origins share the view, but a view or forecast cannot be confirmed"
            )
            return 2, reasons
        reasons.append(
            "rule 6c: one origin's view or forecast (thinks, hopes, predicts): nothing to judge it by"
        )
        return 6, reasons
    if ev.origins >= 2:
        if all_hedged:
            reasons.append("rule 2: several independent origins, but every report hedged")
            return 2, reasons
        reasons.append("rule 1: confirmed by independent origins, not contradicted")
        return 1, reasons
    if ev.figures_agree:
        if all_hedged:
            reasons.append("rule 3c: its figure agrees with another origin's, but every report hedged")
            return 3, reasons
        reasons.append(
            "rule 2c: a single origin, its figure borne out by another origin's for the same thing"
        )
        return 2, reasons
    if ev.anonymous_only and all_hedged:
        reasons.append("rule 6b: a single anonymous origin, every report hedged or unverified")
        return 6, reasons
    if all_hedged:
        reasons.append("rule 4b: a single origin and every report hedged or unverified")
        return 4, reasons
    if ev.anonymous_only:
        reasons.append("rule 4c: a single anonymous origin that nothing else bears out")
        return 4, reasons
    reasons.append("rule 3b: a single named origin, neither corroborated nor contradicted")
    return 3, reasons


def suggest_reliability(claims: int, corroborated: int, contradicted: int) -> tuple[str, str]:
    """A suggestion from a source's record (its claims as an origin), with the reason.

    Never "A": complete reliability is a judgement of history no tally can make.
    """
    if claims < MIN_TRACK_RECORD:
        return "F", f"only {claims} claim(s) on record (needs {MIN_TRACK_RECORD})"
    c_share = contradicted / claims
    k_share = corroborated / claims
    detail = f"{corroborated}/{claims} corroborated, {contradicted}/{claims} contradicted"
    if c_share > 0.5:
        return "E", detail
    if c_share > 0.25:
        return "D", detail
    if k_share >= 0.75:
        return "B", detail
    if k_share >= 0.4:
        return "C", detail
    return "D", detail
