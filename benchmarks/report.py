"""RESULTS.md and the console verdicts: the machine, the figures, the targets and the profiles.

Everything is computed from what `run.py` hands over, nothing typed in by hand. Never imports
cdbooklet.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import platform
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime

from measure import ROOT, Command
from profiling import Profile

BASELINE = "baseline.py (bare ReportLab)"
BUILD = "cdbooklet build"
BUILD_UNCHANGED = "cdbooklet build (unchanged)"
"""A build whose output and stamp an identical earlier build left: the incremental path."""
WATCH = "warm --watch rebuild"
"""One rebuild of a running `cdbooklet build --watch` after a therapy file was saved."""
IMPOSE = "cdbooklet build --impose saddle-stitch"
HANDOUTS = "cdbooklet handout --all"
CHECK = "cdbooklet check"
LIST = "cdbooklet list"
HELP = "cdbooklet --help"
DEFAULT_SIZE = 10
"""The default booklet has ten therapies: the targets for it are read at this size."""
LARGE_SIZE = 1000
IDENTICAL = "unchanged build's output byte-identical to a full build's"
"""Compared once a run: the output as the unchanged runs left it, then removed and built again."""


@dataclass
class Figures:
    """The measurements of one run, with lookups that answer None when a figure is missing."""

    results: dict[int, dict[str, Command]]

    @property
    def sizes(self) -> list[int]:
        return sorted(self.results)

    def command(self, size: int, name: str) -> Command | None:
        cmd = self.results.get(size, {}).get(name)
        return cmd if cmd is not None and cmd.samples and cmd.error is None else None

    def wall(self, size: int, name: str) -> float | None:
        cmd = self.command(size, name)
        return cmd.median(lambda s: s.wall) if cmd else None

    def cpu(self, size: int, name: str) -> float | None:
        cmd = self.command(size, name)
        return cmd.median(lambda s: s.cpu) if cmd else None

    def peak_mib(self, size: int, name: str) -> float | None:
        cmd = self.command(size, name)
        return cmd.median(lambda s: s.peak_kib / 1024) if cmd else None

    def figure(self, size: int, name: str, which: int) -> int | None:
        """Pages (0) or bytes (1) of the command's output."""
        cmd = self.command(size, name)
        return cmd.figures[which] if cmd and cmd.figures else None


def _s(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.3f}" if value < 10 else f"{value:.2f}"


def _x(value: float | None, base: float | None) -> str:
    return f"{value / base:.2f}×" if value is not None and base else "—"


def _n(value: int | float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def _table(head: list[str], rows: list[list[str]], right_from: int = 1) -> list[str]:
    align = ["---" if i < right_from else "---:" for i in range(len(head))]
    out = ["| " + " | ".join(head) + " |", "| " + " | ".join(align) + " |"]
    return out + ["| " + " | ".join(r) + " |" for r in rows]


# -- the machine -----------------------------------------------------------------------------------


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _proc(path: str, key: str) -> str | None:
    """The value of the first `key:` line of a /proc file, if there is one."""
    try:
        with open(path, encoding="utf-8") as fh:
            return next((ln.split(":", 1)[1].strip() for ln in fh if ln.startswith(key)), None)
    except OSError:
        return None


def describe_code() -> str:
    """The cdbooklet version and commit, and whether src/ has uncommitted changes."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    dirty = " plus uncommitted changes in src/" if git("status", "--porcelain", "--", "src") else ""
    return f"{_version('cdbooklet')} at {git('rev-parse', '--short', 'HEAD') or 'unknown'}{dirty}"


def _machine(elapsed: float, load: tuple[float, float], code: str) -> list[str]:
    import yaml

    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    memory = _proc("/proc/meminfo", "MemTotal")
    accel = importlib.util.find_spec("_rl_accel")
    libyaml = getattr(yaml, "__with_libyaml__", False)
    rows = [
        ["Date", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")],
        ["CPU", _proc("/proc/cpuinfo", "model name") or platform.processor() or platform.machine()],
        ["Cores", f"{os.cpu_count()} ({usable} usable)"],
        ["Memory", f"{int(memory.split()[0]) / 1024**2:.1f} GiB" if memory else "unknown"],
        ["System", platform.platform()],
        ["Python", f"{platform.python_implementation()} {platform.python_version()}"],
        [
            "reportlab",
            _version("reportlab")
            + (", C accelerator _rl_accel installed" if accel else ", without _rl_accel"),
        ],
        ["pypdf", _version("pypdf")],
        ["PyYAML", _version("PyYAML") + (" (libyaml available)" if libyaml else " (no libyaml)")],
        ["click / Pillow", f"{_version('click')} / {_version('pillow')}"],
        ["cdbooklet", code],
        ["Load average (1 min) at start / end", f"{load[0]:.2f} / {load[1]:.2f}"],
        ["This benchmark took", f"{elapsed / 60:.1f} min"],
    ]
    return _table(["", ""], rows, right_from=2)


# -- results and targets ---------------------------------------------------------------------------


def _results(f: Figures) -> list[str]:
    rows = []
    for size in f.sizes:
        for name, cmd in f.results[size].items():
            if f.command(size, name) is None:
                rows.append([f"{size:,}", f"`{name}`", "0"] + ["—"] * 8 + [cmd.error or "no runs"])
                continue
            wall, cpu, peak = f.wall(size, name), f.cpu(size, name), f.peak_mib(size, name)
            rows.append(
                [f"{size:,}", f"`{name}`", str(len(cmd.samples))]
                + [_s(wall), _x(wall, f.wall(size, BASELINE))]
                + [_s(cpu), _x(cpu, f.cpu(size, BASELINE))]
                + [f"{peak:.1f}", _x(peak, f.peak_mib(size, BASELINE))]
                + [_n(f.figure(size, name, 0)), _n(f.figure(size, name, 1))]
                + [str(cmd.findings.get("note", ""))]
            )
    head = ["therapies", "command", "runs", "wall s", "× base", "CPU s", "× base"]
    head += ["peak MiB", "× base", "pages", "bytes", "note"]
    return _table(head, rows, right_from=2)


@dataclass(frozen=True)
class Target:
    """One target of the issue: the median of `name` at `size`, `op` `limit`."""

    size: int
    name: str
    op: str
    """"≤" or "<"."""
    limit: float
    unit: str
    """"×" (a time ratio to `to`), "s" (seconds) or "MiB" (peak memory)."""
    to: str = BASELINE

    @property
    def what(self) -> str:
        figure = "peak memory" if self.unit == "MiB" else "time"
        return f"`{self.name}` at {self.size:,} therapies: {figure} {self.op} " + (
            f"{self.limit}× `{self.to}`" if self.unit == "×" else self.shown(self.limit)
        )

    def value(self, f: Figures, clock: str) -> float | None:
        """The figure on the wall clock ("wall") or in CPU time ("cpu")."""
        if self.unit == "MiB":
            return f.peak_mib(self.size, self.name)
        pick = f.wall if clock == "wall" else f.cpu
        value = pick(self.size, self.name)
        if self.unit == "s" or value is None:
            return value
        base = pick(self.size, self.to)
        return value / base if base else None

    def shown(self, value: float) -> str:
        # One more digit when rounding would make a value equal its limit (1.496× vs 1.50×).
        digits = {"×": 2, "s": 3, "MiB": 1}[self.unit]
        if value != self.limit and round(value, digits) == self.limit:
            digits += 1
        return f"{value:.{digits}f}" + {"×": "×", "s": " s", "MiB": " MiB"}[self.unit]

    def verdict(self, value: float | None) -> str:
        if value is None:
            return "NOT MEASURED"
        return "PASS" if (value <= self.limit if self.op == "≤" else value < self.limit) else "FAIL"


TARGETS = (
    Target(DEFAULT_SIZE, BUILD, "≤", 1.2, "×"),
    Target(LARGE_SIZE, BUILD, "≤", 1.15, "×"),
    Target(LARGE_SIZE, BUILD, "<", 100, "MiB"),
    Target(DEFAULT_SIZE, HELP, "<", 0.1, "s"),
    Target(DEFAULT_SIZE, LIST, "<", 0.1, "s"),
    Target(DEFAULT_SIZE, CHECK, "<", 0.1, "s"),
    Target(DEFAULT_SIZE, HANDOUTS, "<", 1.5, "×", to=BUILD),
    Target(DEFAULT_SIZE, BUILD_UNCHANGED, "<", 0.1, "s"),
    Target(DEFAULT_SIZE, WATCH, "<", 0.05, "s"),
)


def _targets(f: Figures) -> tuple[list[str], list[tuple[str, str]]]:
    """The targets on the wall clock (the verdict), and in CPU time as a second opinion that a
    busy machine disturbs less; and (target, verdict) pairs."""
    rows, verdicts = [], []
    for t in TARGETS:
        limit = f"{t.op} {t.shown(t.limit)}"
        if t.size not in f.results:
            verdict = f"NOT MEASURED (needs size {t.size:,})"
            rows.append([t.what, "—", "—", limit, verdict])
            verdicts.append((t.what, verdict))
            continue
        wall, cpu = t.value(f, "wall"), t.value(f, "cpu")
        verdict = t.verdict(wall)
        cmd = f.command(t.size, t.name)
        if cmd is not None and cmd.findings.get("skipped") is False:
            verdict = "FAIL (work not skipped)"
        on_cpu = "—" if t.unit == "MiB" or cpu is None else f"{t.shown(cpu)} ({t.verdict(cpu)})"
        shown = "—" if wall is None else t.shown(wall)
        rows.append([t.what, shown, on_cpu, limit, f"**{verdict}**"])
        verdicts.append((t.what, verdict))
    for size in f.sizes:  # the one size at which the comparison was made
        found = f.results[size][BUILD_UNCHANGED].findings
        if "identical" in found:
            kept, full = found["compared_bytes"]  # type: ignore[misc]
            verdict = "PASS" if found["identical"] else "FAIL"
            shown = (
                f"identical ({kept:,} bytes)"
                if found["identical"]
                else f"differ from byte {found['first_difference']:,} ({kept:,} / {full:,} bytes)"
            )
        elif "identical_error" in found:
            verdict, shown = "NOT MEASURED", str(found["identical_error"]).replace("|", "\\|")
        else:
            continue
        rows.append(
            [f"{IDENTICAL} ({size:,} therapies)", shown, "—", "identical", f"**{verdict}**"]
        )
        verdicts.append((IDENTICAL, verdict))
    return _table(["target", "measured", "in CPU time", "limit", "result"], rows), verdicts


def _incremental(f: Figures) -> list[str]:
    """What the unchanged build and the --watch rebuilds did, beside the full build."""
    lines = []
    for size in f.sizes:
        full, unchanged = f.wall(size, BUILD), f.wall(size, BUILD_UNCHANGED)
        cmd = f.command(size, BUILD_UNCHANGED)
        if unchanged is not None and cmd is not None:
            skipped = cmd.findings.get("skipped")
            how = (
                "whether it skipped the work was not checked"
                if skipped is None
                else "after the runs its output was still the file the unmeasured full build "
                "had written (same inode and time: the work was skipped)"
                if skipped
                else "its output was written anew: the work was **not** skipped"
            )
            lines.append(
                f"- {size:,} therapies: an unchanged build takes {_s(unchanged)} s against "
                f"{_s(full)} s for a full build ({_x(unchanged, full)}); {how}."
            )
        warm = f.command(size, WATCH)
        if warm is not None:
            walls = sorted(s.wall for s in warm.samples)
            cold = warm.findings.get("cold_ms")
            first = (
                f"{cold / 1000:.3f} s for its first, cold build and "
                if isinstance(cold, float)
                else ""
            )
            lines.append(
                f"- {size:,} therapies: `build --watch` printed {len(walls)} warm rebuilds "
                f"after edits, median {_s(f.wall(size, WATCH))} s (from {_s(walls[0])} to "
                f"{_s(walls[-1])} s), against {first}{_s(full)} s for a full build in a fresh "
                "process."
            )
    return ["## Incremental builds and `--watch`", "", *lines, ""] if lines else []


# -- where the time goes ---------------------------------------------------------------------------


def _imports(imports: dict[str, dict[str, float]], size: int) -> list[str]:
    """Import milliseconds per package (the ten largest) and command."""
    if not imports:
        return []
    commands = list(imports)
    packages = sorted(
        {p for found in imports.values() for p in found},
        key=lambda p: -max(found.get(p, 0) for found in imports.values()),
    )
    rows = [[p] + [_n(imports[c].get(p)) for c in commands] for p in packages[:10]]
    rest = [_n(sum(imports[c].get(p, 0) for p in packages[10:])) for c in commands]
    rows.append(["everything else", *rest])
    rows.append(["**all imports**"] + [f"**{_n(sum(imports[c].values()))}**" for c in commands])
    return [
        f"### Imports (ms, module bodies' self time under `-X importtime`, {size:,} therapies)",
        "",
        *_table(["package"] + [f"`{c}`" for c in commands], rows),
        "",
        "“—”: not imported at all. `-X importtime` adds some overhead of its own.",
        "",
    ]


def _profiles(profiles: dict[int, Profile | str]) -> list[str]:
    out = []
    for size, found in sorted(profiles.items()):
        out += [f"### `cdbooklet build`, {size:,} therapies, under cProfile", ""]
        if isinstance(found, str):
            out += [f"The profiled run failed: {found}", ""]
            continue
        rows = [
            [f"`{where}`", calls, f"{cum:.3f}", f"{own:.3f}"]
            for where, calls, cum, own in found.rows
        ]
        out += [
            f"{found.total:.3f} s under cProfile; {_n(found.passes)} layout pass"
            f"{'' if found.passes == 1 else 'es'} (calls of ReportLab's `BaseDocTemplate.build`). "
            "cProfile slows call-heavy code two to three times: read its seconds as shares. "
            f"The {len(rows)} functions with the most cumulative time:",
            "",
            *_table(["function", "calls", "cumulative s", "own s"], rows),
            "",
        ]
    return out


# -- the whole file --------------------------------------------------------------------------------


def _method(f: Figures, code: str, bytecode: dict[str, int], notes: list[str]) -> list[str]:
    lines = [
        "- Content: the ten real therapies of `content/` cycled to each size, each copy with its "
        'own id and a numbered title ("Physical Therapy 37").',
        "- Every figure is a median over fresh processes (`runs`), run round-robin after one "
        "unmeasured warm-up of each: wall time, CPU time (user + sys) and peak resident memory "
        "(`ru_maxrss`) of the child, from `os.wait4` in a small launcher process. `× base` "
        "divides by the bare ReportLab script `benchmarks/baseline.py` at the same size, in the "
        "same rounds. `pages` and `bytes` are read back with pypdf.",
        "- Outputs are removed before every run, except for `cdbooklet build (unchanged)`: an "
        "unmeasured full build writes its output and stamp first, and each run finds them in "
        "place, so it takes the incremental path.",
        "- `warm --watch rebuild`: one running `cdbooklet build --watch` per size below 1,000 "
        "therapies; each run is one edit of a therapy file, and its figures are the time the "
        "process prints for that rebuild, its main thread's CPU time and its `VmHWM`.",
    ]
    if "snapshot" in code:
        lines.append(
            "- The code measured is a snapshot of `src/`, `content/` and `fonts/` taken at the "
            "start (first on `PYTHONPATH`), byte-compiled at once as pip does when it installs."
        )
    if bytecode:
        lines.append(
            f"- Checked under `python -v` (one `cdbooklet build` at the first size): "
            f"{bytecode['own_pyc']} of cdbooklet's modules came from a `.pyc` and "
            f"{bytecode['own_source']} were compiled from source; of all modules, "
            f"{bytecode['pyc']} from `.pyc`, {bytecode['source']} from source."
        )
    return lines + [f"- {note}" for note in notes]


def render(
    results: dict[int, dict[str, Command]],
    profiles: dict[int, Profile | str],
    imports: dict[str, dict[str, float]],
    elapsed: float,
    load: tuple[float, float],
    code: str,
    bytecode: dict[str, int],
    notes: list[str],
) -> str:
    """The whole of RESULTS.md; `notes` are added to its method."""
    f = Figures(results)
    targets, _ = _targets(f)
    lines = [
        "# cdbooklet benchmarks",
        "",
        "Written by `python benchmarks/run.py`; do not edit by hand, rerun it. How it measures is "
        "in the docstrings of `benchmarks/run.py`, `measure.py`, `profiling.py` and `baseline.py`.",
        "",
        "## Machine",
        "",
        *_machine(elapsed, load, code),
        "",
        "## Method",
        "",
        *_method(f, code, bytecode, notes),
        "",
        "## Results",
        "",
        *_results(f),
        "",
        "## Targets",
        "",
        "The verdict is on the wall clock, as the targets are stated. `in CPU time` repeats each "
        "time target with user + sys seconds, which other work on the machine disturbs less.",
        "",
        *targets,
        "",
        *_incremental(f),
        "## Where the time goes",
        "",
    ]
    if profiles or imports:
        lines += [*_imports(imports, f.sizes[0]), *_profiles(profiles)]
    else:
        lines += ["Not profiled in this run (`--no-profile`).", ""]
    return "\n".join(lines).rstrip() + "\n"


def console_summary(results: dict[int, dict[str, Command]]) -> str:
    """The targets' verdicts, for the terminal."""
    verdicts = _targets(Figures(results))[1]
    return "\n".join(f"{verdict:<13} {what.replace('`', '')}" for what, verdict in verdicts)
