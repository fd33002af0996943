"""``make fuzz``: each atheris harness for a fixed budget, then the hypothesis 'fuzz' profile.

Writes ``out/fuzz/summary.txt`` (runs, execs/s and crashes per harness, the pytest
result) and exits non-zero when a harness found a crash, a timeout or an out-of-memory
input (saved under ``out/fuzz/artifacts/``), or a property test failed.

    .venv/bin/python fuzz/run.py --seconds 120
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "out" / "fuzz"
HARNESSES = ("analyze", "readers")


def run_harness(name: str, seconds: int, rss_mb: int, timeout: int) -> dict[str, str | int]:
    corpus = OUT / "corpus" / name  # libFuzzer adds the inputs it finds interesting here
    artifacts = OUT / "artifacts"
    corpus.mkdir(parents=True, exist_ok=True)
    artifacts.mkdir(parents=True, exist_ok=True)
    before = set(artifacts.glob(f"{name}-*"))
    log = OUT / f"{name}.log"
    cmd = [
        sys.executable,
        str(ROOT / "fuzz" / f"fuzz_{name}.py"),
        f"-max_total_time={seconds}",
        f"-rss_limit_mb={rss_mb}",
        f"-timeout={timeout}",
        f"-artifact_prefix={artifacts}/{name}-",
        "-print_final_stats=1",
        str(corpus),
        str(ROOT / "fuzz" / "seeds" / name),
    ]
    started = time.monotonic()
    with log.open("w") as out:
        code = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, check=False).returncode
    elapsed = time.monotonic() - started
    text = log.read_text(errors="replace")
    runs = re.findall(r"stat::number_of_executed_units:\s*(\d+)", text) or re.findall(
        r"Done (\d+) runs", text
    )
    rates = re.findall(r"exec/s: (\d+)", text)
    found = sorted(set(artifacts.glob(f"{name}-*")) - before)
    return {
        "harness": f"fuzz/fuzz_{name}.py",
        "exit": code,
        "seconds": round(elapsed),
        "runs": int(runs[-1]) if runs else 0,
        "execs/s": int(rates[-1]) if rates else 0,
        "corpus": len(list(corpus.iterdir())),
        "crashes": len(found) + (1 if code != 0 and not found else 0),
        "artifacts": ", ".join(p.name for p in found) or "-",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=120, help="budget per harness (-max_total_time)")
    parser.add_argument("--rss-mb", type=int, default=2048, help="-rss_limit_mb")
    parser.add_argument("--timeout", type=int, default=60, help="seconds per input (-timeout)")
    parser.add_argument("--skip-pytest", action="store_true", help="only the atheris harnesses")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    lines = [f"make fuzz, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {args.seconds} s per harness"]
    failed = False
    for name in HARNESSES:
        r = run_harness(name, args.seconds, args.rss_mb, args.timeout)
        failed |= bool(r["crashes"])
        line = ", ".join(f"{k}: {v}" for k, v in r.items())
        lines.append(line)
        print(line, flush=True)
    if not args.skip_pytest:
        started = time.monotonic()
        cmd = [sys.executable, "-m", "pytest", "-q", "tests/fuzz", "--hypothesis-profile=fuzz"]
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
        (OUT / "pytest.log").write_text(proc.stdout + proc.stderr)
        tail = [x for x in proc.stdout.splitlines() if re.search(r"\d+ (passed|failed|error)", x)]
        verdict = tail[-1].strip("= ") if tail else f"exit {proc.returncode}"
        line = (
            f"pytest tests/fuzz --hypothesis-profile=fuzz: {verdict} ({round(time.monotonic() - started)} s)"
        )
        failed |= proc.returncode != 0
        lines.append(line)
        print(line, flush=True)
    lines.append(
        "result: FAILED (see out/fuzz/*.log and out/fuzz/artifacts/)" if failed else "result: crashes: 0"
    )
    (OUT / "summary.txt").write_text("\n".join(lines) + "\n")
    print(lines[-1])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
