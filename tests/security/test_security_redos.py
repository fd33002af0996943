"""ReDoS: every regular expression we ship runs in (near) linear time on worst-case input.

The expressions are found, not listed: every module of the package is imported and its compiled
patterns (module globals, class attributes, tables of patterns) collected; every ``re.*`` call
in the source is read from its syntax tree (literal patterns are taken as written; a pattern
built at run time must have an entry in ``DYNAMIC`` saying what it is built from, or the
coverage test fails); ``pattern=`` constraints (FastAPI/pydantic) and the spaCy ``REGEX``
patterns of the lexicons in ``data/*.json`` are added. Each one is then timed, in a worker
process that is killed when a call does not return, on inputs built from its own parse tree
(``redos_worker.attack_inputs``: long runs of what its quantifiers accept, then a character
that makes the match fail) of 50,000 characters, with the operations the code applies to it.
"""

from __future__ import annotations

import ast
import importlib
import json
import queue
import re
import subprocess
import sys
import threading
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import claimledger

HERE = Path(__file__).resolve().parent
WORKER = HERE / "redos_worker.py"
PKG = Path(claimledger.__file__).resolve().parent
N = 50_000
BOUND = 0.5  # seconds per call; linear work on 50,000 characters takes a few milliseconds
HANG = 5.0  # a call that has not returned by then is catastrophic: the worker is killed
RE_FUNCS = {"compile", "search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer"}
FLAGS_ARG = {"compile": 1, "search": 2, "match": 2, "fullmatch": 2, "findall": 2, "finditer": 2, "split": 3}
FLAGS_ARG |= {"sub": 4, "subn": 4}
#: What each method of a pattern costs like.
OP_OF = {
    "search": "search",
    "match": "match",
    "fullmatch": "fullmatch",
    "findall": "findall",
    "finditer": "findall",
    "sub": "findall",
    "subn": "findall",
    "scanner": "findall",
    "split": "split",
}
ALL_OPS = ("search", "match", "fullmatch", "findall")

#: Patterns built at run time, by (file, source of the pattern argument): what they are built from.
DYNAMIC: dict[tuple[str, str], list[tuple[str, int, tuple[str, ...]]]] = {
    # hedges._first_occurrence: a marker word of the hedge lexicon, as a whole word
    ("claimledger/pipeline/hedges.py", 'rf"(?<!\\w){re.escape(needle)}(?!\\w)"'): [
        (rf"(?<!\w){re.escape(needle)}(?!\w)", 0, ("search",))
        for needle in ("reportedly", "it is believed", "so-called", "u.s.")
    ],
    # attribution.layout._named_elsewhere: a speaker label's last word, capitalized in mid-sentence
    ("claimledger/pipeline/attribution/layout.py", 'r"(?<=[a-z0-9,;] )" + re.escape(word) + r"\\b"'): [
        (r"(?<=[a-z0-9,;] )" + re.escape(word) + r"\b", 0, ("findall",))
        for word in ("Sanders", "O'Neill", "Poll")
    ],
    # origins._names: the last capitalised word of an actor's name, as a whole word
    ("claimledger/ledger/origins.py", 'rf"\\b{re.escape(words[-1])}\\b"'): [
        (rf"\b{re.escape(word)}\b", 0, ("search",)) for word in ("Palmieri", "O'Neill", "Ki-moon")
    ],
    # loadbench.pct: one latency percentile line of wrk's output
    ("tools/loadbench.py", 'rf"^\\s+{p}%\\s+([\\d.]+)(us|ms|s)\\s*$"'): [
        (rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", re.M, ("search",)) for p in ("50", "75", "90", "99")
    ],
    # reportdoc.update_section: the block between two markers of a docs file
    ("tools/reportdoc.py", 're.escape(start) + r".*?" + re.escape(end)'): [
        (re.escape("<!-- speed:start -->") + r".*?" + re.escape("<!-- speed:end -->"), re.DOTALL, ALL_OPS)
    ],
}
#: Patterns that never see more than a few thousand characters, by file (every pattern in it)
#: or by file:name: the longest text they are given, and why. Each is timed at that length.
BOUNDED: dict[str, tuple[int, str]] = {
    "tools/loadbench.py": (2_000, "reads the report of wrk (under 1 KB), run by the benchmark itself"),
    "claimledger/ingest/fetch/config.py": (2_000, "reads one duration from the TOML file the user wrote"),
    # searching for "<meta" then any run without ">" is quadratic in the number of "<meta":
    # decode_page only ever searches the first 4,096 bytes (test_meta_charset_sees_4096_bytes)
    "claimledger/ingest/fetch/pages.py:_META_CHARSET": (4_096, "decode_page searches raw[:4096] only"),
}


@dataclass
class Regex:
    where: str  # file (or module.name) it comes from
    pattern: str | bytes
    flags: int
    ops: tuple[str, ...]
    extra: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.where}: {self.pattern!r}"[:140]

    @property
    def n(self) -> int:
        for key in (self.where, self.where.split(":")[0]):
            if key in BOUNDED:
                return BOUNDED[key][0]
        return N


def source_files() -> list[Path]:
    return sorted(p for p in PKG.rglob("*.py") if p.name != "__main__.py")


def rel(path: Path) -> str:
    return path.relative_to(PKG.parent).as_posix()


def module_name(path: Path) -> str:
    parts = path.relative_to(PKG.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _flags(node: ast.expr | None) -> int:
    if node is None:
        return 0
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "re":
        return int(getattr(re, node.attr))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _flags(node.left) | _flags(node.right)
    raise ValueError(f"flags {ast.dump(node)} are not re.X constants")


@dataclass
class Scan:
    regexes: list[Regex] = field(default_factory=list)
    uncovered: list[str] = field(default_factory=list)
    ops_by_name: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def scan_sources() -> Scan:
    """Every ``re`` call and ``pattern=`` constraint in the source, and the methods called on names."""
    scan = Scan()
    for path in source_files():
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        where = rel(path)
        module_level = {
            id(node.value)
            for node in tree.body
            if isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(node.value, ast.Call)
        }
        for node in ast.walk(tree):
            _scan_import(node, where, scan)
            if isinstance(node, ast.Call):
                _scan_call(node, source, where, module_level, scan)
    return scan


def _scan_import(node: ast.AST, where: str, scan: Scan) -> None:
    """Imports that would let a regex escape this scan."""
    if isinstance(node, ast.ImportFrom) and node.module == "re":
        scan.uncovered.append(f"{where}:{node.lineno}: `from re import ...` hides calls from this scan")
    if isinstance(node, ast.Import) and any(a.name in ("regex", "re2") for a in node.names):
        scan.uncovered.append(f"{where}:{node.lineno}: another regex engine is imported")


def _scan_call(node: ast.Call, source: str, where: str, module_level: set[int], scan: Scan) -> None:
    """One call: the regex method it calls on a name, a ``pattern=`` constraint, an ``re`` call."""
    func = node.func
    if isinstance(func, ast.Attribute):
        receiver = func.value
        name = receiver.attr if isinstance(receiver, ast.Attribute) else getattr(receiver, "id", None)
        if name and func.attr in OP_OF:
            scan.ops_by_name[name].add(OP_OF[func.attr])
    for kw in node.keywords:
        if kw.arg == "pattern" and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
            scan.regexes.append(Regex(f"{where}:{node.lineno}", kw.value.value, 0, ("search", "fullmatch")))
    if (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id == "re"
        and func.attr in RE_FUNCS
    ):
        _scan_re_call(node, func.attr, source, where, module_level, scan)


def _scan_re_call(
    node: ast.Call, op: str, source: str, where: str, module_level: set[int], scan: Scan
) -> None:
    """A call ``re.<op>(...)``: its pattern and flags, or why they cannot be known here."""
    arg = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "pattern"), None)
    if arg is None:
        return
    if op == "compile" and id(node) in module_level:
        return  # a module global: collected from the imported module with its exact flags
    flag_node = next((k.value for k in node.keywords if k.arg == "flags"), None)
    if flag_node is None and len(node.args) > FLAGS_ARG[op]:
        flag_node = node.args[FLAGS_ARG[op]]
    segment = ast.get_source_segment(source, arg) or ""
    try:
        flags = _flags(flag_node)
    except ValueError:
        flags = -1
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str | bytes) and flags >= 0:
        ops: tuple[str, ...] = ALL_OPS if op == "compile" else (OP_OF[op],)
        scan.regexes.append(Regex(f"{where}:{node.lineno}", arg.value, flags, ops))
    elif (where, segment) in DYNAMIC:
        for pattern, dyn_flags, dyn_ops in DYNAMIC[(where, segment)]:
            scan.regexes.append(Regex(f"{where}:{node.lineno}", pattern, dyn_flags, dyn_ops))
    else:
        scan.uncovered.append(f"{where}:{node.lineno}: pattern built at run time: {segment}")


def module_patterns() -> Iterator[tuple[str, re.Pattern[Any]]]:
    """Compiled patterns reachable from each module's globals (and its classes and tables)."""
    for path in source_files():
        name = module_name(path)
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            values: list[Any] = [value]
            if isinstance(value, tuple | list | set | frozenset):
                values = list(value)
            elif isinstance(value, dict):
                values = list(value.values())
            elif isinstance(value, type) and value.__module__ == name:
                values = list(vars(value).values())
            for v in values:
                if isinstance(v, re.Pattern):
                    yield f"{rel(path)}:{attr}", v


def lexicon_patterns() -> Iterator[tuple[str, str]]:
    """spaCy Matcher ``REGEX`` patterns in the lexicons (matched against token attributes)."""

    def walk(value: Any) -> Iterator[str]:
        if isinstance(value, dict):
            for k, v in value.items():
                if k.upper() == "REGEX" and isinstance(v, str):
                    yield v
                else:
                    yield from walk(v)
        elif isinstance(value, list):
            for v in value:
                yield from walk(v)

    for path in sorted((PKG / "lexicons" / "data").glob("*.json")):
        for pattern in walk(json.loads(path.read_text(encoding="utf-8"))):
            yield f"{rel(path)}", pattern


def collect() -> tuple[list[Regex], list[str]]:
    scan = scan_sources()
    found = list(scan.regexes)
    for where, compiled in module_patterns():
        ops = tuple(sorted(scan.ops_by_name.get(where.rsplit(":", 1)[1], set()))) or ALL_OPS
        found.append(Regex(where, compiled.pattern, compiled.flags, ops))
    for where, pattern in lexicon_patterns():
        found.append(Regex(where, pattern, 0, ("search",)))
    unique: dict[tuple[Any, int, tuple[str, ...]], Regex] = {}
    for r in found:
        unique.setdefault((r.pattern, r.flags, r.ops), r)
    return list(unique.values()), scan.uncovered


REGEXES, UNCOVERED = collect()


def test_every_regex_is_covered() -> None:
    """A pattern this test cannot see or rebuild is a failure, not a silent gap."""
    assert UNCOVERED == []
    wheres = {r.where.split(":")[0] for r in REGEXES}
    # the places known to hold regexes today: if one disappears from the scan, the scan is broken
    for expected in (
        "claimledger/ledger/text.py",
        "claimledger/ingest/fetch/pages.py",
        "claimledger/syntax/numbers.py",
        "claimledger/web/views.py",
        "claimledger/lexicons/data/hedges.json",
        "claimledger/pipeline/hedges.py",
    ):
        assert expected in wheres, expected
    assert len(REGEXES) >= 40


class Worker:
    """A Python process that times regex calls; killed and restarted when one never returns."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[str] | None = None
        self.lines: queue.Queue[str | None] = queue.Queue()

    def _start(self) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            [sys.executable, str(WORKER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        lines: queue.Queue[str | None] = queue.Queue()

        def read() -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                lines.put(line)
            lines.put(None)

        threading.Thread(target=read, daemon=True).start()
        self.proc, self.lines = proc, lines
        return proc

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
                if stream is not None:
                    stream.close()
            self.proc = None

    def problems(self, r: Regex, *, bound: float = BOUND, hang: float = HANG) -> list[str]:
        proc = self.proc if self.proc is not None and self.proc.poll() is None else self._start()
        is_bytes = isinstance(r.pattern, bytes)
        pattern = r.pattern.decode("latin-1") if isinstance(r.pattern, bytes) else r.pattern
        job = {"pattern": pattern, "bytes": is_bytes, "flags": r.flags, "ops": list(r.ops), "n": r.n}
        assert proc.stdin is not None
        proc.stdin.write(json.dumps({**job, "extra": r.extra}) + "\n")
        proc.stdin.flush()
        current = "starting"
        while True:
            try:
                line = self.lines.get(timeout=hang)
            except queue.Empty:
                self.stop()
                return [f"{current}: no answer within {hang:g} s (catastrophic backtracking)"]
            if line is None:
                err = proc.stderr.read() if proc.stderr else ""
                self.stop()
                return [f"the worker died: {err[-500:]}"]
            msg = json.loads(line)
            if "start" in msg:
                current = msg["start"]
            elif "took" in msg and msg["took"] > bound:
                self.stop()  # the rest of this pattern's inputs could be as slow: stop here
                return [f"{msg['desc']}: {msg['took']:.2f} s, over the {bound:g} s bound"]
            elif "done" in msg:
                return []


@pytest.fixture(scope="module")
def worker() -> Iterator[Worker]:
    w = Worker()
    yield w
    w.stop()


def test_the_worker_catches_catastrophic_and_quadratic_patterns(worker: Worker) -> None:
    """Guards the rest: a textbook exponential pattern and a quadratic one are both caught."""
    exponential = worker.problems(Regex("test", r"^(a|aa)+$", 0, ("match",)), hang=1.0)
    assert exponential and "no answer" in exponential[0]
    quadratic = worker.problems(Regex("test", r"^\s*\d+\s*x?\s*$", 0, ("match",)), hang=1.0)
    assert quadratic, "two blank runs around an optional x are quadratic"
    assert worker.problems(Regex("test", r"^\s*\d+(?:\s*x)?\s*$", 0, ("match",))) == []


@pytest.mark.parametrize("regex", REGEXES, ids=[r.key for r in REGEXES])
def test_regex_is_fast_on_worst_case_input(worker: Worker, regex: Regex) -> None:
    assert worker.problems(regex) == []


def test_hostile_blank_runs_are_handled_quickly() -> None:
    """Regressions, through the functions that use the patterns (in a process that can be killed):
    the dateline rule took minutes on "A" and a few thousand spaces (cubic); ``charset=`` then
    blanks was quadratic in the 4 KB that decode_page scans; so was a grade range full of blanks."""
    code = (
        "import time\n"
        "from claimledger.ingest.fetch.pages import decode_page\n"
        "from claimledger.ledger.queries import parse_grades\n"
        "from claimledger.ledger.text import bag\n"
        "bag('A warm-up')\n"
        "t = time.perf_counter()\n"
        "bag('A' + ' ' * 50000 + 'x')\n"
        "bag('KYIV' + ' \\n' * 20000 + 'said')\n"
        "bag('A' + ' ' * 20000 + '(' + ' ' * 9000)\n"
        "for _ in range(20):\n"
        "    decode_page(b'<meta charset=' + b' ' * 4080 + b'\\xff', None)\n"
        "try:\n"
        "    parse_grades('1' + ' ' * 50000 + '!')\n"
        "except Exception:\n"
        "    pass\n"
        "assert time.perf_counter() - t < 2.0, time.perf_counter() - t\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=30)


def test_meta_charset_sees_4096_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    """What BOUNDED says of _META_CHARSET: decode_page never searches more than 4,096 bytes."""
    from claimledger.ingest.fetch import pages

    seen: list[int] = []
    real = pages._META_CHARSET

    class Spy:
        def search(self, data: bytes) -> Any:
            seen.append(len(data))
            return real.search(data)

    monkeypatch.setattr(pages, "_META_CHARSET", Spy())
    pages.decode_page(b"<meta" * 100_000 + b"\xff", None)
    assert seen and max(seen) <= BOUNDED["claimledger/ingest/fetch/pages.py:_META_CHARSET"][0]
