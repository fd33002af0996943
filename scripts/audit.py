"""pip-audit of every pinned dependency (requirements.lock and the model), for `make lint`.

Fails on any known vulnerability. pip-audit needs a vulnerability service (the package
index's JSON API); where none answers (this project's build machines reach only a
package mirror), pip-audit reports every package as "not found" and exits 0, which would
read as a clean audit. This wrapper says so instead: it prints how many packages were
actually audited, and with AUDIT_STRICT=1 an unaudited package is a failure too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PINS = [ROOT / "requirements.lock", ROOT / "requirements-model.txt"]


def verdict(report: dict[str, Any], strict: bool) -> tuple[int, list[str]]:
    """Exit code and lines to print for a pip-audit JSON report."""
    deps = report.get("dependencies", [])
    lines: list[str] = []
    vulnerable = [d for d in deps if d.get("vulns")]
    skipped = [d for d in deps if d.get("skip_reason")]
    for d in vulnerable:
        for v in d["vulns"]:
            fixed = ", ".join(v.get("fix_versions") or []) or "no fixed version"
            lines.append(f"pip-audit: {d['name']} {d.get('version', '?')}: {v.get('id')} (fixed in {fixed})")
    audited = len(deps) - len(skipped)
    lines.append(f"pip-audit: {audited} of {len(deps)} pinned packages audited, {len(vulnerable)} vulnerable")
    if skipped:
        if audited == 0:
            lines.append(
                "pip-audit: no vulnerability service answered from this machine, so nothing was "
                "audited; run `make lint` where one does (AUDIT_STRICT=1 makes this an error)"
            )
        else:
            lines.append("pip-audit: not audited: " + ", ".join(sorted(d["name"] for d in skipped)))
    if vulnerable:
        return 1, lines
    if skipped and strict:
        return 1, lines
    return 0, lines


def _audit(pins: Path) -> dict[str, Any]:
    """pip-audit's JSON report for one requirements file (one file per run: pip-audit wants
    every requirement of a run hashed if one is)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "audit.json"
        args = [sys.executable, "-m", "pip_audit", "--no-deps", "--disable-pip", "--progress-spinner", "off"]
        args += ["-r", str(pins), "--format", "json", "-o", str(out)]
        done = subprocess.run(args, capture_output=True, text=True, check=False)
        if out.exists():
            return dict(json.loads(out.read_text(encoding="utf-8")))
    last = (done.stderr.strip().splitlines() or ["no output"])[-1]
    if any(s in done.stderr for s in ("ConnectionError", "NameResolutionError", "Max retries exceeded")):
        return {"dependencies": [{"name": pins.name, "skip_reason": last}]}
    raise SystemExit(f"pip-audit failed on {pins.name}: {last}")


def main() -> int:
    strict = os.environ.get("AUDIT_STRICT", "") not in ("", "0")
    deps: list[Any] = []
    for pins in PINS:
        deps += _audit(pins)["dependencies"]
    code, lines = verdict({"dependencies": deps}, strict)
    print("\n".join(lines))
    return code


if __name__ == "__main__":
    sys.exit(main())
