"""`make lint`'s pip-audit wrapper: a vulnerability fails, an unaudited run never reads as clean."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("audit", ROOT / "scripts" / "audit.py")
assert _spec is not None and _spec.loader is not None
audit = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(audit)

CLEAN = {"name": "rich", "version": "15.0.0", "vulns": []}
VULNERABLE = {
    "name": "jinja2",
    "version": "3.1.2",
    "vulns": [{"id": "GHSA-h5c8-rqwp-cp95", "fix_versions": ["3.1.3"], "aliases": [], "description": ""}],
}
SKIPPED = {"name": "numpy", "skip_reason": "Dependency not found on PyPI and could not be audited"}


def test_a_known_vulnerability_fails_and_names_the_fix() -> None:
    code, lines = audit.verdict({"dependencies": [CLEAN, VULNERABLE]}, strict=False)
    assert code == 1
    assert any("jinja2 3.1.2: GHSA-h5c8-rqwp-cp95 (fixed in 3.1.3)" in line for line in lines)


def test_a_clean_audit_passes_and_says_how_much_was_audited() -> None:
    code, lines = audit.verdict({"dependencies": [CLEAN, CLEAN]}, strict=True)
    assert code == 0
    assert "2 of 2 pinned packages audited, 0 vulnerable" in lines[-1]


def test_nothing_audited_is_said_and_fails_when_strict() -> None:
    code, lines = audit.verdict({"dependencies": [SKIPPED, SKIPPED]}, strict=False)
    assert code == 0
    assert "0 of 2 pinned packages audited" in lines[0]
    assert "nothing was audited" in lines[1]
    assert audit.verdict({"dependencies": [SKIPPED]}, strict=True)[0] == 1


def test_every_pinned_package_is_handed_to_pip_audit() -> None:
    pinned = [p for p in audit.PINS if p.exists()]
    assert [p.name for p in pinned] == ["requirements.lock", "requirements-model.txt"]
    assert any("pip_audit==" in line for line in (ROOT / "requirements.lock").read_text().splitlines())
