"""RESULTS.md: the machine, the figures, the targets, where the time goes and what to do about it.

Everything here is computed from the measurements `run.py` hands over; nothing is typed in by
hand, so a rerun after an optimisation rewrites the suggestions from the new evidence (a rule
whose evidence is gone drops out). Never imports cdbooklet.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import platform
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from measure import ROOT, Command
from profiling import BUILD_PHASES, COUNTS, HOT_SPOTS, Imports, Phase, Samples, py_spy

COUNT_PASSES = "layout passes (BaseDocTemplate.build calls)"
COUNT_MULTIBUILD = "multiBuild calls"
assert {COUNT_PASSES, COUNT_MULTIBUILD} <= {label for label, _file, _name in COUNTS}

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
GROUP_LAYOUT, GROUP_STARTUP, GROUP_COMMANDS, GROUP_MEMORY = range(4)
"""How the suggestions are grouped: the large build's layout, start-up, other commands, memory."""
LAYOUT = Phase(
    "layout",
    (
        "*platypus/doctemplate.py:*.multiBuild",
        "*platypus/doctemplate.py:*.build",
        "*cdbooklet/layout/pages.py:Document.render",
    ),
)
"""Everything inside the layout: ReportLab's BaseDocTemplate.build (in one pass or several,
under multiBuild) and the forms cdbooklet draws after the last page."""
RENDER = Phase("render", ("*cdbooklet/layout/*.py:render_*",))
HEAVY = ("reportlab", "pypdf", "PIL")
"""The packages a quick command should never import (the imports section says which do)."""


# -- reading the measurements ----------------------------------------------------------------------


@dataclass
class Figures:
    """The measurements of one benchmark run, with lookups that answer None when absent."""

    results: dict[int, dict[str, Command]]
    profiles: dict[int, dict[str, object]]
    baseline: str
    load: tuple[float, float] = (0.0, 0.0)
    """The 1-minute load average when the benchmark started and ended."""

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

    def pages(self, size: int, name: str) -> int | None:
        cmd = self.command(size, name)
        return cmd.figures[0] if cmd and cmd.figures else None

    def bytes(self, size: int, name: str) -> int | None:
        cmd = self.command(size, name)
        return cmd.figures[1] if cmd and cmd.figures else None

    def samples(self, size: int, name: str) -> Samples | None:
        found = self.profiles.get(size, {}).get(f"samples:{name}")
        return found if isinstance(found, Samples) else None

    def count(self, size: int, name: str, label: str) -> int | None:
        counts = self.profiles.get(size, {}).get(f"counts:{name}")
        return counts.get(label) if isinstance(counts, dict) else None

    def callers(self, size: int, name: str, function: str) -> list[tuple[str, int]]:
        """cProfile's top callers of `function` ("toColor") in one command's profile."""
        found = self.profiles.get(size, {}).get(f"callers:{name}")
        return list(found.get(function, [])) if isinstance(found, dict) else []

    def share(self, size: int, name: str, phase: Phase) -> float | None:
        samples = self.samples(size, name)
        return samples.share(phase) if samples and samples.total else None

    def seconds(self, size: int, name: str, share: float | None) -> float | None:
        """A share of samples as seconds: py-spy samples running code, so of CPU time."""
        cpu = self.cpu(size, name)
        return share * cpu if share is not None and cpu is not None else None

    def phase_share(self, size: int, name: str, label: str) -> float | None:
        samples = self.samples(size, name)
        if not samples or not samples.total:
            return None
        return dict(samples.partition(BUILD_PHASES)).get(label)

    @property
    def imports(self) -> dict[str, Imports]:
        for size in self.sizes:
            found = self.profiles.get(size, {}).get("imports")
            if isinstance(found, dict):
                return found
        return {}

    @property
    def yaml_times(self) -> dict[str, float]:
        for size in reversed(self.sizes):
            found = self.profiles.get(size, {}).get("yaml")
            if isinstance(found, dict):
                return found
        return {}

    @property
    def profiled_sizes(self) -> list[int]:
        return [s for s in self.sizes if self.profiles.get(s)]


# -- formatting ------------------------------------------------------------------------------------


def _s(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.3f}" if value < 10 else f"{value:.2f}"


def _x(value: float | None, base: float | None) -> str:
    return f"{value / base:.2f}×" if value is not None and base else "—"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f} %"


def _n(value: int | float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def _table(head: list[str], rows: list[list[str]], right_from: int = 1) -> list[str]:
    align = ["---" if i < right_from else "---:" for i in range(len(head))]
    out = ["| " + " | ".join(head) + " |", "| " + " | ".join(align) + " |"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


# -- the machine -----------------------------------------------------------------------------------


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory() -> str:
    try:
        with open("/proc/meminfo", encoding="utf-8") as fh:
            kib = int(next(line for line in fh if line.startswith("MemTotal")).split()[1])
        return f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        return "unknown"


def describe_code() -> str:
    """The cdbooklet version and commit, and whether src/ has uncommitted changes."""
    return f"{_version('cdbooklet')} at {_git()}"


def _git() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", "src")
    return commit + (" plus uncommitted changes in src/" if dirty else "")


def _machine(elapsed: float, load: tuple[float, float], code: str) -> list[str]:
    import yaml

    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    spy = py_spy()
    spy_version = "not installed (no phase breakdown)"
    if spy:
        done = subprocess.run([spy, "--version"], capture_output=True, text=True, check=False)
        spy_version = done.stdout.strip() or "installed"
    rows = [
        ["Date", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")],
        ["CPU", _cpu_model()],
        ["Cores", f"{os.cpu_count()} ({usable} usable)"],
        ["Memory", _memory()],
        ["System", platform.platform()],
        ["Python", f"{platform.python_implementation()} {platform.python_version()}"],
        [
            "reportlab",
            _version("reportlab")
            + (
                ", C accelerator _rl_accel installed"
                if importlib.util.find_spec("_rl_accel")
                else ", without its C accelerator (_rl_accel)"
            ),
        ],
        ["pypdf", _version("pypdf")],
        [
            "PyYAML",
            _version("PyYAML")
            + (
                " (libyaml available)"
                if getattr(yaml, "__with_libyaml__", False)
                else " (no libyaml)"
            ),
        ],
        ["click / Pillow", f"{_version('click')} / {_version('pillow')}"],
        ["cdbooklet", code],
        ["py-spy", spy_version],
        ["Load average (1 min) at start / end", f"{load[0]:.2f} / {load[1]:.2f}"],
        ["This benchmark took", f"{elapsed / 60:.1f} min"],
    ]
    return _table(["", ""], rows, right_from=2)


# -- results and targets ---------------------------------------------------------------------------


def _results(f: Figures) -> list[str]:
    rows = []
    for size in f.sizes:
        base = f.baseline
        for name, cmd in f.results[size].items():
            if cmd.error is not None or not cmd.samples:
                rows.append([f"{size:,}", f"`{name}`", "0"] + ["—"] * 8 + [cmd.error or "no runs"])
                continue
            rows.append(
                [
                    f"{size:,}",
                    f"`{name}`",
                    str(len(cmd.samples)),
                    _s(f.wall(size, name)),
                    _x(f.wall(size, name), f.wall(size, base)),
                    _s(f.cpu(size, name)),
                    _x(f.cpu(size, name), f.cpu(size, base)),
                    f"{f.peak_mib(size, name):.1f}",
                    _x(f.peak_mib(size, name), f.peak_mib(size, base)),
                    _n(f.pages(size, name)),
                    _n(f.bytes(size, name)),
                    str(cmd.findings.get("note", "")),
                ]
            )
    head = [
        "therapies",
        "command",
        "runs",
        "wall s",
        "× base",
        "CPU s",
        "× base",
        "peak MiB",
        "× base",
        "pages",
        "bytes",
        "note",
    ]
    return _table(head, rows, right_from=2)


@dataclass(frozen=True)
class Target:
    """One target of the issue: a figure of `name` at `size` against `limit`."""

    what: str
    size: int
    name: str
    limit: float
    unit: str
    """"×" (a time ratio to `to`), "s" (seconds) or "MiB" (peak memory)."""
    to: str | None = None
    inclusive: bool = False
    """True for "within" (≤), False for "under" / "less than" (<)."""

    def value(self, f: Figures, clock: str) -> float | None:
        """The figure on the wall clock ("wall") or in CPU time ("cpu")."""
        if self.unit == "MiB":
            return f.peak_mib(self.size, self.name)
        pick = f.wall if clock == "wall" else f.cpu
        value = pick(self.size, self.name)
        if self.unit == "s" or value is None:
            return value
        base = pick(self.size, f.baseline if self.to == BASELINE else self.to or "")
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
        return "PASS" if (value <= self.limit if self.inclusive else value < self.limit) else "FAIL"


TARGETS = (
    Target(
        "`cdbooklet build` of the default booklet (10 therapies) within 1.2× the baseline",
        DEFAULT_SIZE,
        BUILD,
        1.2,
        "×",
        to=BASELINE,
        inclusive=True,
    ),
    Target(
        "`cdbooklet build` of 1,000 therapies within 1.15× the baseline",
        LARGE_SIZE,
        BUILD,
        1.15,
        "×",
        to=BASELINE,
        inclusive=True,
    ),
    Target(
        "`cdbooklet build` of 1,000 therapies: peak memory under 100 MiB",
        LARGE_SIZE,
        BUILD,
        100,
        "MiB",
    ),
    Target("`cdbooklet --help` under 0.1 s", DEFAULT_SIZE, HELP, 0.1, "s"),
    Target("`cdbooklet list` (10 therapies) under 0.1 s", DEFAULT_SIZE, LIST, 0.1, "s"),
    Target("`cdbooklet check` (10 therapies) under 0.1 s", DEFAULT_SIZE, CHECK, 0.1, "s"),
    Target(
        "`cdbooklet handout --all` (ten handouts) in less than 1.5× one booklet build",
        DEFAULT_SIZE,
        HANDOUTS,
        1.5,
        "×",
        to=BUILD,
    ),
    Target(
        "`cdbooklet build` unchanged (10 therapies; output and stamp in place) under 0.1 s",
        DEFAULT_SIZE,
        BUILD_UNCHANGED,
        0.1,
        "s",
    ),
    Target(
        "warm rebuild under `cdbooklet build --watch` (10 therapies) under 0.05 s",
        DEFAULT_SIZE,
        WATCH,
        0.05,
        "s",
    ),
)
IDENTICAL = "unchanged build's output byte-identical to a full build's"


def _targets(f: Figures) -> tuple[list[str], list[tuple[str, str]]]:
    """The targets on the wall clock (the verdict), and in CPU time as a second opinion that a
    busy machine disturbs less."""
    rows, verdicts = [], []
    for t in TARGETS:
        limit = f"{'≤' if t.inclusive else '<'} {t.shown(t.limit)}"
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
    found = _identity_finding(f)
    if found is not None:
        size, identical, _findings = found
        verdict = "NOT MEASURED" if identical is None else ("PASS" if identical else "FAIL")
        shown = {None: "—", True: "identical", False: "differ"}[identical]
        rows.append(
            [f"{IDENTICAL} ({size:,} therapies)", shown, "—", "identical", f"**{verdict}**"]
        )
        verdicts.append((IDENTICAL, verdict))
    head = ["target", "measured", "in CPU time", "limit", "result"]
    return _table(head, rows, right_from=1), verdicts


def _identity_finding(f: Figures) -> tuple[int, bool | None, dict[str, object]] | None:
    """(size, identical or None when the comparison failed, the findings) of the one size at
    which the unchanged build's output was compared with a full build's; None if none was."""
    for size in f.sizes:
        cmd = f.results[size].get(BUILD_UNCHANGED)
        if cmd is None:
            continue
        if "identical" in cmd.findings:
            return size, bool(cmd.findings["identical"]), cmd.findings
        if "identical_error" in cmd.findings:
            return size, None, cmd.findings
    return None


# -- where the time goes ---------------------------------------------------------------------------


def _imports(f: Figures) -> list[str]:
    imports = f.imports
    if not imports:
        return []
    commands = list(imports)
    packages = sorted(
        {p for c in commands for p in imports[c].per_package},
        key=lambda p: -max(imports[c].per_package.get(p, 0) for c in commands),
    )
    # The heavy packages always get a row: "—" there says a command never imported them.
    top = packages[:10] + [p for p in HEAVY if p not in packages[:10]]
    rest = [p for p in packages if p not in top]

    def cell(c: str, p: str) -> str:
        found = imports[c].per_package
        return f"{found[p]:.0f}" if p in found else "—"

    rows = [[p] + [cell(c, p) for c in commands] for p in top]
    rows.append(
        ["everything else"]
        + [f"{sum(imports[c].per_package.get(p, 0) for p in rest):.0f}" for c in commands]
    )
    rows.append(["**all imports**"] + [f"**{imports[c].total:.0f}**" for c in commands])
    pulled = _pulled_in(imports)
    size = f.profiled_sizes[0]
    out = [
        f"### Imports (ms, module bodies' self time under `-X importtime`, {size} therapies)",
        "",
        *_table(["package"] + [f"`{c}`" for c in commands], rows),
        "",
        "“—”: not imported at all; 0: imported in less than half a millisecond. "
        "`-X importtime` adds some overhead of its own; compare with the wall times above.",
        "",
        _heavy_imports(imports),
    ]
    if pulled:
        out.append(
            "Packages that cdbooklet modules import directly, with everything they pull in "
            "(5 ms or more; the largest figure of the commands above): "
            + "; ".join(f"{p} {ms:.0f} ms (from `{m}`)" for p, (m, ms) in pulled)
            + "."
        )
    return [*out, ""]


def _heavy_imports(imports: dict[str, Imports]) -> str:
    """Which commands import ReportLab, pypdf or Pillow at all, read from the import report."""
    parts = []
    for command, found in imports.items():
        heavy = [p for p in HEAVY if p in found.per_package]
        if heavy:
            ms = sum(found.per_package[p] for p in heavy)
            parts.append(f"`{command}` imports {', '.join(heavy)} ({ms:.0f} ms)")
        else:
            parts.append(f"`{command}` imports none of them")
    return f"ReportLab, pypdf and Pillow ({', '.join(HEAVY)}): " + "; ".join(parts) + "."


def _pulled_in(
    imports: dict[str, Imports], name: str | None = None
) -> list[tuple[str, tuple[str, float]]]:
    """Packages imported directly by cdbooklet modules (in one command, or the most of any),
    with the importer and the cumulative milliseconds, largest first, 5 ms or more."""
    found: dict[str, tuple[str, float]] = {}
    for command, figures in imports.items():
        if name is not None and command != name:
            continue
        for package, (importer, ms) in figures.pulled_in.items():
            if ms >= 5 and ms > found.get(package, ("", 0.0))[1]:
                found[package] = (importer, ms)
    return sorted(found.items(), key=lambda item: -item[1][1])


def _phases(f: Figures) -> list[str]:
    sizes = [s for s in f.profiled_sizes if f.samples(s, BUILD)]
    if not sizes:
        return [
            "### Phases",
            "",
            "No py-spy samples (install py-spy into the venv for this breakdown).",
            "",
        ]
    parts = {s: f.samples(s, BUILD).partition(BUILD_PHASES) for s in sizes}  # type: ignore[union-attr]
    labels = [label for label, _ in parts[sizes[0]]]
    rows = []
    for i, label in enumerate(labels):
        row = [label]
        for s in sizes:
            share = parts[s][i][1]
            row += [_s(f.seconds(s, BUILD, share)), _pct(share)]
        rows.append(row)
    head = ["phase of `cdbooklet build`"]
    for s in sizes:
        head += [f"{s:,}: s", f"{s:,}: share"]
    out = [
        "### `cdbooklet build` by phase (py-spy samples)",
        "",
        "Each sample counts once, for the first phase on its stack in this order, so the shares "
        "add up to 100 %; seconds are that share of the median CPU time above (py-spy samples "
        "running code, not waiting). Drawing, layout and the page furniture happen inside "
        f"ReportLab's `BaseDocTemplate.build`{_passes_note(f)}.",
        "",
        *_table(head, rows),
        "",
    ]
    hot = []
    for spot in HOT_SPOTS:
        row = [spot.label]
        for s in sizes:
            share = f.share(s, BUILD, spot)
            row += [_s(f.seconds(s, BUILD, share)), _pct(share)]
        hot.append(row)
    out += [
        "### Hot spots in `cdbooklet build` (inclusive, they overlap)",
        "",
        *_table(["function (and what it calls)"] + head[1:], hot),
        "",
    ]
    small, large = sizes[0], sizes[-1]
    others = [(small, BUILD_UNCHANGED), (small, HANDOUTS), (small, CHECK), (large, LIST)]
    others = [(size, n) for size, n in others if f.samples(size, n)]
    if others:
        parts = {key: f.samples(*key).partition(BUILD_PHASES) for key in others}  # type: ignore[union-attr]
        rows = []
        for i, label in enumerate(labels):
            row = [label]
            for key in others:
                share = parts[key][i][1]
                row += [_s(f.seconds(*key, share)), _pct(share)]
            rows.append(row)
        head2 = ["phase"]
        for size, n in others:
            head2 += [f"`{_short(n)}` {size:,}: s", "share"]
        out += ["### The other commands by phase", "", *_table(head2, rows), ""]
    return out


def _short(name: str) -> str:
    """A command's name in a narrow column: "build (unchanged)", "handout", "list"."""
    words = name.split()
    if words[0] != "cdbooklet":
        return name
    return " ".join(w for w in words[1:] if w not in ("--all",))


def _passes_note(f: Figures) -> str:
    """How many times cProfile saw BaseDocTemplate.build (and multiBuild) run in one build."""
    seen = [
        (s, f.count(s, BUILD, COUNT_PASSES), f.count(s, BUILD, COUNT_MULTIBUILD))
        for s in f.profiled_sizes
        if f.count(s, BUILD, COUNT_PASSES) is not None
    ]
    if not seen:
        return ""
    passes = sorted({p for _s, p, _m in seen})
    multi = sorted({m or 0 for _s, _p, m in seen})
    times = " or ".join(_times(p) for p in passes)  # type: ignore[arg-type]
    how = (
        "no `multiBuild`"
        if multi == [0]
        else "under `multiBuild`, which ran " + " or ".join(_times(m) for m in multi)
    )
    return f", which cProfile saw run {times} per build ({how}; see “Call counts”)"


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n:,} times")


def _counts(f: Figures) -> list[str]:
    small = f.profiled_sizes[0]
    columns = (
        [(s, BUILD) for s in f.profiled_sizes]
        + [(small, n) for n in (BUILD_UNCHANGED, HANDOUTS, CHECK)]
        + [(f.profiled_sizes[-1], LIST)]
    )
    columns = [(s, n) for s, n in columns if f.profiles.get(s, {}).get(f"counts:{n}")]
    if not columns:
        return []
    rows = [[label] + [_n(f.count(s, n, label)) for s, n in columns] for label, _f, _n2 in COUNTS]
    head = ["calls (cProfile)"] + [f"`{_short(n)}` {s:,}" for s, n in columns]
    return [
        "### Call counts (cProfile; only its counts are used)",
        "",
        "“—”: never called in the profiled (main) process; worker processes are not seen.",
        "",
        *_table(head, rows),
        "",
    ]


def _yaml(f: Figures) -> list[str]:
    times = f.yaml_times
    if not times:
        return []
    size = f.sizes[-1]
    rows = [[label, _s(t)] for label, t in times.items()]
    return [
        f"### YAML parse events for the {size:,}-therapy content (best of 3, in-process)",
        "",
        *_table(["loader", "seconds"], rows),
        "",
    ]


# -- suggestions -----------------------------------------------------------------------------------


def _suggestions(f: Figures) -> list[str]:
    """Each rule reads the figures and speaks only when its evidence is there."""
    if not f.profiled_sizes:
        return []
    small, large = f.profiled_sizes[0], f.profiled_sizes[-1]
    out: list[tuple[int, float, str]] = []

    def add(group: int, weight: float, text: str) -> None:
        """Keep a suggestion: listed by group, then by `weight`, the share of a run at stake."""
        out.append((group, weight, text))

    def share(size: int, label: str, name: str = BUILD) -> float | None:
        return f.phase_share(size, name, label)

    def spot(size: int, label: str, name: str = BUILD) -> float | None:
        phase = next(p for p in HOT_SPOTS if p.label == label)
        return f.share(size, name, phase)

    def secs(size: int, value: float | None, name: str = BUILD) -> str:
        return _s(f.seconds(size, name, value)) + " s"

    def count(size: int, label: str, name: str = BUILD) -> int | None:
        return f.count(size, name, next(c[0] for c in COUNTS if c[0].startswith(label)))

    def over(passes: int | None) -> str:
        """ " over N layout passes" when there were several; nothing for one (or unknown)."""
        return f" over {passes:,} layout passes" if passes and passes > 1 else ""

    passes = count(large, "layout passes")
    multi = count(large, "multiBuild calls")
    layout = f.share(large, BUILD, LAYOUT)
    if passes and passes > 1 and layout is not None:
        draw = share(large, "drawing flowables (drawOn)")
        save = share(large, "writing PDF objects (Canvas.save)")
        furniture = share(large, "page header and footer (onPage)")
        saves = count(large, "PDFs written")
        add(
            GROUP_LAYOUT,
            layout * (1 - 1 / passes),
            f"**Lay the booklet out in one pass, not {passes}.** At {large:,} therapies the "
            f"layout is {_pct(layout)} of the build ({secs(large, layout)}): cProfile saw "
            f"`BaseDocTemplate.build` run {_times(passes)}"
            + (f" (under `multiBuild`, {_times(multi)})" if multi else "")
            + f" and {_n(saves)} PDFs written (`Canvas.save` {_pct(save)}). Each pass lays out "
            f"and draws every page (drawing {_pct(draw)}, page furniture {_pct(furniture)}), and "
            "every pass but the last is thrown away; passes only serve to learn page numbers. "
            "Draw those numbers as form XObjects defined after the last page "
            "(`canvas.doForm(name)` on each page, `beginForm(name)` at the end: ReportLab "
            f"resolves forms when it saves); one pass should take about 1/{passes} of the layout.",
        )

    color = spot(large, "toColor (a colour string parsed again)")
    if color is not None and color >= 0.02:
        parsed = count(large, "colour strings parsed")
        slow = count(large, "… of them through ast.literal_eval")
        callers = f.callers(large, BUILD, "toColor")
        where = (
            " Most conversions came from "
            + ", ".join(f"`{c}` ({n:,})" for c, n in callers)
            + " (cProfile's callers)."
            if callers
            else ""
        )
        add(
            GROUP_LAYOUT,
            color,
            f'**Hand ReportLab colour objects, not "#RRGGBB" strings.** `toColor` is '
            f"{_pct(color)} of the build at {large:,} therapies ({secs(large, color)}): cProfile "
            f"counted {_n(parsed)} colour conversions, {_n(slow)} of them falling through "
            "`cssParse`, the named colours and `ast.literal_eval` before a hex string is "
            f"accepted.{where} Make the `Color` objects once (`HexColor` in the theme) and pass "
            "those wherever a colour string still reaches ReportLab while drawing.",
        )

    furniture = share(large, "page header and footer (onPage)")
    draws = count(large, "header/footer draws")
    if furniture is not None and furniture >= 0.03:
        pages = f.pages(large, BUILD)
        per = (f.seconds(large, BUILD, furniture) or 0) / draws * 1000 if draws else None
        add(
            GROUP_LAYOUT,
            furniture,
            f"**Make the running header and footer cheap.** `Document._body_page` is "
            f"{_pct(furniture)} of the build at {large:,} therapies ({secs(large, furniture)}, "
            f"{_n(draws)} calls for {_n(pages)} pages{over(passes)}"
            f"{'' if per is None else f', {per:.2f} ms each'}). Where a call builds and wraps "
            "new header and footer Paragraphs, wrap them once in `Document.__init__` and only "
            "draw them per page, or draw the fixed part once as a form XObject "
            "(`beginForm`/`doForm`), which also makes the PDF smaller; only the page label "
            "changes from page to page.",
        )

    keep = spot(large, "KeepTogether measuring (_listWrapOn)")
    if keep is not None and keep >= 0.05:
        copies = spot(large, "copy.deepcopy (of the frame, in _listWrapOn)")
        wraps, paras = count(large, "Paragraph.wrap"), count(large, "Paragraphs parsed")
        per_para = f"{wraps / paras:.1f}" if wraps and paras else "—"
        add(
            GROUP_LAYOUT,
            keep,
            f"**Measure each block once.** `KeepTogether` measuring is {_pct(keep)} of the build "
            f"at {large:,} therapies ({secs(large, keep)}; "
            f"{_n(count(large, 'KeepTogether measurements'))} measurements, each deep-copying the "
            f"current frame: `deepcopy` {_pct(copies)}, "
            f"{_n(count(large, 'copy.deepcopy'))} calls). "
            f"`Paragraph.wrap` ran {_n(wraps)} times for {_n(paras)} paragraphs ({per_para} per "
            f"paragraph{over(passes)}). A therapy is a `KeepTogether` whose boxes are "
            "each `KeepTogether([table])` again, so a box is measured by its own wrapper, by its "
            "therapy's and by the frame. For a box, a `Table` subclass whose `split` returns "
            "`[]` while the table would fit on an empty frame gives the same rule (moves whole, "
            "splits only when taller than a page) with one wrap and no frame copy; the "
            "therapy-level keep could keep only the heading, summary and first paragraph together "
            "(`keepWithNext`), which ReportLab handles without measuring the whole section.",
        )

    load = share(large, "reading and validating YAML (load_content)")
    pure_share = spot(large, "YAML in PyYAML's pure-Python reader, scanner and parser")
    times = f.yaml_times
    pure = times.get("SafeLoader (pure Python)")
    fast = times.get("CSafeLoader (libyaml)")
    if load is not None and pure_share is not None and pure_share >= 0.03:
        libyaml = (
            f" The same parse events for these {large:,} files take {_s(fast)} s with "
            f"libyaml's `CSafeLoader` and {_s(pure)} s with the pure-Python `SafeLoader` "
            f"({pure / fast:.0f}× faster), and libyaml is installed here."
            if pure and fast
            else ""
        )
        add(
            GROUP_LAYOUT,
            pure_share,
            f"**Parse YAML with libyaml when it is there.** Reading and validating the content is "
            f"{_pct(load)} of the build at {large:,} therapies ({secs(large, load)}), "
            f"{_pct(pure_share)} of it in PyYAML's pure-Python reader, scanner and parser: the "
            f"parse events do not come from libyaml.{libyaml} `CSafeLoader`'s events carry the "
            "same start marks, so errors keep their lines. This also speeds up `list` and "
            "`check`.",
        )

    accel = spot(large, "rl_accel pure-Python fallbacks")
    if accel is not None and accel >= 0.03 and not importlib.util.find_spec("_rl_accel"):
        add(
            GROUP_LAYOUT,
            accel / 2,
            f"**Install ReportLab's C accelerator.** {_pct(accel)} of the build samples at "
            f"{large:,} therapies are in `reportlab/lib/rl_accel.py`'s pure-Python fallbacks "
            "(`instanceStringWidthTTF`, `fp_str`, `escapePDF`, `asciiBase85Encode`), because "
            "`_rl_accel` is not installed. Depending on `reportlab[accel]` (the `rl_accel` wheel) "
            "moves them to C. The calls themselves remain, so expect less than that share; it "
            "speeds the baseline up as much, so it helps the seconds, not the ratios.",
        )

    fonts = share(small, "parsing TrueType fonts (TTFont)")
    coverage = share(small, "glyph coverage sets (theme._coverage)")
    if fonts is not None and (fonts + (coverage or 0)) >= 0.05:
        faces = count(small, "TrueType faces parsed")
        others = [
            f"`{_short(n)}` {_pct(s)}"
            for n in (BUILD_UNCHANGED, HANDOUTS, CHECK)
            if (s := share(small, "parsing TrueType fonts (TTFont)", n))
        ]
        add(
            GROUP_STARTUP,
            fonts + (coverage or 0),
            f"**Parse fewer font files.** At {small:,} therapies parsing TrueType files is "
            f"{_pct(fonts)} of the build ({secs(small, fonts)}, {_n(faces)} faces) and the glyph "
            f"coverage sets {_pct(coverage)} ({secs(small, coverage)}); every process that "
            "lays out pays this"
            + (f" (of the other commands: {', '.join(others)} of their samples)" if others else "")
            + "."
            + (
                f" {faces} faces is more than the text font's four: register a fallback face "
                "only when markup first meets a character the text font lacks, and the italics "
                "only when the content has some."
                if faces and faces > 4
                else ""
            )
            + (
                " The coverage sets depend only on the font files: cache them (as sorted code "
                "point ranges) in a file keyed by the files' hashes, or read only the cmap tables "
                "instead of a full `TTFont` parse."
                if coverage and coverage >= 0.01
                else ""
            ),
        )

    check_wall, build_wall = f.wall(small, CHECK), f.wall(small, BUILD)
    check_layout = f.share(small, CHECK, LAYOUT)
    check_passes = count(small, "layout passes", CHECK)
    if (
        check_wall is not None
        and check_wall >= 0.1
        and ((check_layout or 0) >= 0.05 or (check_passes or 0) > 0)
    ):
        check_imports = f.imports.get(CHECK)
        check_large = ""
        if large != small and f.wall(large, CHECK) is not None:
            check_large = f" ({_s(f.wall(large, CHECK))} s at {large:,})"
        rl_ms = check_imports.per_package.get("reportlab") if check_imports else None
        add(
            GROUP_COMMANDS,
            check_layout or 0.0,
            f"**Let `check` skip layout.** `check` takes {_s(check_wall)} s at {small:,} "
            f"therapies against {_s(build_wall)} s for a build{check_large}, and lays the "
            f"booklet out in memory: the layout is {_pct(check_layout)} of its samples"
            + (
                f" and cProfile saw `BaseDocTemplate.build` run {_times(check_passes)}"
                if check_passes
                else ""
            )
            + ". Unprintable characters and unreadable images can be found from the content "
            "and the fonts' glyph sets without laying anything out"
            + (f"; importing ReportLab alone costs `check` {rl_ms:.0f} ms" if rl_ms else "")
            + ".",
        )

    for name in (HELP, LIST, CHECK):
        wall = f.wall(small, name)
        found = f.imports.get(name)
        if wall is None or wall < 0.1 or found is None:
            continue
        pulled = _pulled_in(f.imports, name)
        chains = ", ".join(f"{p} {ms:.0f} ms (from `{m}`)" for p, (m, ms) in pulled[:6])
        own = sorted(
            ((ms, m) for m, ms in found.per_module.items() if m.startswith("cdbooklet")),
            reverse=True,
        )
        own_text = ", ".join(f"`{m}` {ms:.0f}" for ms, m in own[:3])
        add(
            GROUP_COMMANDS,
            found.total / 1000 / wall,
            f"**Import less in `{name}`** ({_s(wall)} s at {small:,} therapies, target 0.1 s). "
            f"Its imports take {found.total:.0f} ms under `-X importtime`; cdbooklet's own "
            f"module bodies {found.per_package.get('cdbooklet', 0):.0f} ms ({own_text} ms)"
            + (f"; imported by cdbooklet with all they pull in: {chains}" if chains else "")
            + ". Import a package inside the function that needs it, so that a command which "
            "does not use it never pays, and keep module bodies free of work done at import.",
        )

    unchanged = f.wall(small, BUILD_UNCHANGED)
    if unchanged is not None and unchanged >= 0.1:
        add(
            GROUP_COMMANDS,
            1.0,
            f"**Make the unchanged build quicker** ({_s(unchanged)} s at {small:,} therapies, "
            f"target 0.1 s). " + _where_unchanged_goes(f, small),
        )

    warm = f.wall(small, WATCH)
    if warm is not None and warm >= 0.05:
        add(
            GROUP_COMMANDS,
            1.0,
            f"**A warm rebuild takes {_s(warm)} s at {small:,} therapies** (target 0.05 s). "
            + _where_warm_goes(f, small),
        )

    list_large = f.wall(large, LIST)
    list_samples = f.samples(large, LIST)
    if list_large is not None and list_large >= 0.5 and large != small and list_samples:
        top = sorted(list_samples.partition(BUILD_PHASES), key=lambda item: -item[1])[:2]
        where = " and ".join(f"{label} {_pct(share)}" for label, share in top)
        syllables = count(large, "syllable counts", LIST)
        add(
            GROUP_COMMANDS,
            0.0,
            f"**`list` at {large:,} therapies takes {_s(list_large)} s**: {where} of its "
            "samples (the phases are those of the build table). The 0.1 s target is for the "
            "default booklet, but a clinic with a long list feels this on every `list`."
            + (
                f" cProfile counted {_n(syllables)} calls that reached `count_syllables` "
                "(its cache's misses)."
                if syllables
                else ""
            ),
        )

    h_small, h_large = f.wall(small, HANDOUTS), f.wall(large, HANDOUTS)
    if h_small is not None:
        per = (
            (h_large - h_small) / (large - small) * 1000
            if h_large is not None and large > small
            else None
        )
        hp = count(small, "layout passes", HANDOUTS)
        layout_h = f.share(small, HANDOUTS, LAYOUT)
        cpu_h = f.cpu(small, HANDOUTS)
        h_build = f.wall(small, BUILD)
        per_text = "" if per is None else f"; each further handout adds {per:.0f} ms"
        if hp:
            passes_text = (
                f"cProfile counted {_n(hp)} layout passes (`BaseDocTemplate.build`) for "
                f"{small:,} handouts in the main process"
            )
        else:
            passes_text = (
                "the handouts are laid out in worker processes (cProfile, which watches the main "
                "process only, saw no layout there)"
            )
        if cpu_h is not None and cpu_h > 1.2 * h_small:
            cores = f"The workers overlap (CPU {_s(cpu_h)} s in {_s(h_small)} s of wall time)."
        else:
            cores = (
                f"CPU time ({_s(cpu_h)} s) is about the wall time, so the handouts did not "
                "run side by side"
                + (
                    f" (the machine's load average was {f.load[0]:.1f} "
                    f"on {os.cpu_count()} cores: no core was free for a second worker)"
                    if f.load[0] >= 1
                    else ""
                )
                + "."
            )
        add(
            GROUP_COMMANDS,
            layout_h or 0.0,
            f"**`handout --all`: {_s(h_small)} s for {small:,} handouts against {_s(h_build)} s "
            f"for the whole booklet{per_text}.** Every handout is a document of its own: "
            f"{passes_text}; the layout is {_pct(layout_h)} of the samples (workers included). "
            f"{cores} {small:,} handouts ({_n(f.pages(small, HANDOUTS))} pages) cost more than "
            f"the {_n(f.pages(small, BUILD))}-page booklet because each pays a layout, a PDF "
            "serialisation with its own font subsets, the logo and the QR code again.",
        )

    peak, base_peak = f.peak_mib(large, BUILD), f.peak_mib(large, f.baseline)
    if peak is not None and peak >= 100 and large != small:
        pages, base_pages = f.pages(large, BUILD), f.pages(large, f.baseline)
        slope = base_slope = None
        if pages and f.pages(small, BUILD) and f.peak_mib(small, BUILD) is not None:
            slope = (peak - f.peak_mib(small, BUILD)) * 1024 / (pages - f.pages(small, BUILD))  # type: ignore[operator]
        if base_pages and f.pages(small, f.baseline) and base_peak is not None:
            base_slope = (
                (base_peak - f.peak_mib(small, f.baseline))  # type: ignore[operator]
                * 1024
                / (base_pages - f.pages(small, f.baseline))
            )  # type: ignore[operator]
        size_mib = (f.bytes(large, BUILD) or 0) / 2**20
        add(
            GROUP_MEMORY,
            0.05,
            f"**Memory: {peak:.0f} MiB at {large:,} therapies** (baseline {base_peak:.0f} MiB"
            f"{'' if base_pages is None else f' for {base_pages:,} pages'}; "
            f"ours {_n(pages)} pages). "
            f"Memory grows by {'—' if slope is None else f'{slope:.0f}'} KiB per page "
            f"(baseline {'—' if base_slope is None else f'{base_slope:.0f}'}): ReportLab keeps "
            "every page's content stream until `Canvas.save`"
            + (
                f", and the story's Paragraphs keep their parsed fragments and line breaks "
                f"across the {passes} layout passes"
                if passes and passes > 1
                else ""
            )
            + f". The finished PDF ({size_mib:.1f} MiB) then exists as the `BytesIO` buffer, as "
            "`getvalue()`'s copy and in the write; saving the canvas straight into the temporary "
            "output file saves the copies. Fewer, lighter flowables (see “Measure each block "
            "once”, when it is listed) are what shrink the rest.",
        )

    images = spot(small, "images: logo decode and embedding")
    qr = spot(small, "QR code drawing")
    if images is not None and qr is not None and images + qr >= 0.05:
        decodes = count(small, "logo decodes")
        small_passes = count(small, "layout passes")
        add(
            GROUP_STARTUP,
            images + qr,
            f"**The logo and the QR code: {_pct(images + qr)} of the build at {small:,} "
            f"therapies** ({secs(small, images + qr)}): the logo (`_read_image`, which reads and "
            f"prepares it, and ReportLab's embedding) {_pct(images)}, the QR code {_pct(qr)}"
            + (
                f"; cProfile counted {_n(decodes)} calls of `_read_image` in one build"
                f"{over(small_passes)}"
                if decodes is not None
                else ""
            )
            + ". Every process pays this again (each handout worker too). "
            "The prepared logo depends only on the file and the size it is drawn at: keep it "
            "in a cache file keyed by the file's hash, so that a process reads it ready.",
        )
    out.sort(key=lambda item: (item[0], -item[1]))
    return [f"{i}. {text}" for i, (_group, _weight, text) in enumerate(out, 1)]


def _top_phases(samples: Samples | None, n: int = 4) -> str:
    if samples is None or not samples.total:
        return ""
    top = sorted(samples.partition(BUILD_PHASES), key=lambda item: -item[1])[:n]
    return ", ".join(f"{label} {_pct(share)}" for label, share in top if share > 0)


def _where_unchanged_goes(f: Figures, size: int) -> str:
    """The evidence for a slow unchanged build: its phases, imports and call counts."""
    parts = []
    phases = _top_phases(f.samples(size, BUILD_UNCHANGED))
    if phases:
        parts.append(f"Its py-spy samples: {phases}.")
    found = f.imports.get(BUILD_UNCHANGED)
    if found is not None:
        heavy = [p for p in HEAVY if p in found.per_package]
        parts.append(
            f"It imports for {found.total:.0f} ms under `-X importtime`"
            + (
                f", {', '.join(heavy)} among them ("
                + ", ".join(f"{p} {found.per_package[p]:.0f} ms" for p in heavy)
                + "): an unchanged build needs none of them"
                if heavy
                else ", none of ReportLab, pypdf or Pillow"
            )
            + "."
        )
    passes = f.count(size, BUILD_UNCHANGED, COUNT_PASSES)
    yaml_files = f.count(size, BUILD_UNCHANGED, "YAML files read (read_yaml)")
    if f.profiles.get(size, {}).get(f"counts:{BUILD_UNCHANGED}"):
        parts.append(
            f"cProfile: {_times(passes) if passes else 'no'} layout pass"
            f"{'es' if passes and passes > 1 else ''}, {_n(yaml_files)} YAML files read"
            + (" (the stamp is checked after the content is loaded)" if yaml_files else "")
            + "."
        )
    if not parts:
        return "Not profiled in this run."
    return " ".join(parts)


def _where_warm_goes(f: Figures, size: int) -> str:
    """What a warm rebuild still does: the build's phases without start-up, imports and fonts
    (py-spy does not watch the long-running process; the build's profile stands in)."""
    watch = f.results.get(size, {}).get(WATCH)
    cold = watch.findings.get("cold_ms") if watch is not None else None
    text = ""
    if isinstance(cold, (int, float)):
        text += f"The watcher's first, cold build took {cold / 1000:.3f} s. "
    samples = f.samples(size, BUILD)
    cpu = f.cpu(size, BUILD)
    if samples is None or not samples.total or cpu is None:
        return text + "The build was not profiled, so there is no breakdown."
    once = (
        "imports (all modules, also lazy ones)",
        "parsing TrueType fonts (TTFont)",
        "glyph coverage sets (theme._coverage)",
        "other (start-up, CLI, exit)",
    )
    rest = [(label, share) for label, share in samples.partition(BUILD_PHASES) if label not in once]
    total = sum(share for _label, share in rest) * cpu
    top = sorted(rest, key=lambda item: -item[1])[:4]
    warm_cpu = f.cpu(size, WATCH)
    return text + (
        f"A full build at {size:,} therapies spends {_s(total)} s of CPU on the work a warm "
        "process still does again (its py-spy phases but start-up, imports and font parsing; "
        f"the warm rebuilds' own CPU time was {_s(warm_cpu)} s): "
        + ", ".join(f"{label} {_s(share * cpu)} s" for label, share in top)
        + ". Under 0.05 s a rebuild has to skip most of that: keep what the therapies that "
        "did not change made last time, rather than building the whole booklet again."
    )


# -- the whole file --------------------------------------------------------------------------------


SNAPSHOT_NOTE = (
    "- The code measured is a snapshot of `src/`, `content/` and `fonts/` taken when the run "
    "starts (first on `PYTHONPATH`), so edits made meanwhile do not mix into the figures."
)


def _bytecode_note(bytecode: dict[str, object], snapshot: bool) -> list[str]:
    """The method's word on byte-compiled code: what was done, and what `python -v` saw."""
    lines = []
    setting = os.environ.get("PYTHONDONTWRITEBYTECODE")
    why = (
        f"this machine sets `PYTHONDONTWRITEBYTECODE={setting}`, so"
        if setting
        else "with `PYTHONDONTWRITEBYTECODE` set (as on some machines)"
    )
    if snapshot:
        lines.append(
            "- The snapshot's `src/` is byte-compiled (`python -m compileall -q`) right after it "
            f"is copied, as pip does when it installs a package: {why} every measured process "
            "would otherwise compile cdbooklet from source, a cost no installed copy pays, while "
            "ReportLab and the other libraries load their `.pyc` from site-packages."
        )
    if bytecode:
        own_pyc, own_src = bytecode.get("own_pyc", 0), bytecode.get("own_source", 0)
        names = bytecode.get("own_source_modules") or []
        command = " ".join(
            Path(a).name if i == 0 else a for i, a in enumerate(bytecode.get("command", []))
        )  # type: ignore[arg-type]
        lines.append(
            f"- Checked under `python -v` (one run of `{command.split(' --content')[0]}` at "
            f"the first size): {own_pyc} of cdbooklet's modules came from a `.pyc` and "
            f"{own_src} were compiled from source"
            + (f" ({', '.join(f'`{n}`' for n in names[:8])})" if names else "")
            + f"; of all modules, {bytecode.get('pyc', 0)} from `.pyc`, "
            f"{bytecode.get('source', 0)} from source."
        )
    return lines


def _incremental(f: Figures) -> list[str]:
    """What the unchanged build and the --watch rebuilds did, beside the full build."""
    lines = []
    for size in f.sizes:
        full, unchanged = f.wall(size, BUILD), f.wall(size, BUILD_UNCHANGED)
        cmd = f.results[size].get(BUILD_UNCHANGED)
        if unchanged is not None and cmd is not None:
            skipped = cmd.findings.get("skipped")
            how = {
                True: "after the runs its output was still the file that the unmeasured full "
                "build had written (same inode and time: the work was skipped)",
                False: "its output was written anew: the work was **not** skipped",
                None: "whether it skipped the work was not checked",
            }[skipped if isinstance(skipped, bool) else None]
            lines.append(
                f"- {size:,} therapies: an unchanged build takes {_s(unchanged)} s against "
                f"{_s(full)} s for a full build ({_x(unchanged, full)}); {how}."
            )
        warm = f.command(size, WATCH)
        if warm is not None:
            walls = sorted(s.wall for s in warm.samples)
            cold = warm.findings.get("cold_ms")
            lines.append(
                f"- {size:,} therapies: `build --watch` printed {len(walls)} warm rebuilds "
                f"after edits, median {_s(f.wall(size, WATCH))} s (from {_s(walls[0])} to "
                f"{_s(walls[-1])} s), against "
                + (
                    f"{cold / 1000:.3f} s for its first, cold build and "
                    if isinstance(cold, (int, float))
                    else ""
                )
                + f"{_s(full)} s for a full build in a fresh process."
            )
    found = _identity_finding(f)
    if found is not None:
        size, identical, findings = found
        if identical is None:
            lines.append(
                f"- The comparison with a full build at {size:,} therapies failed: "
                f"{findings.get('identical_error')}."
            )
        else:
            kept, full_bytes = findings.get("compared_bytes", (0, 0))  # type: ignore[misc]
            verdict = (
                "byte-identical to"
                if identical
                else "**not** identical to (first difference at byte "
                f"{findings.get('first_difference'):,})"
            )
            lines.append(
                f"- At {size:,} therapies the output as the unchanged runs left it ({kept:,} "
                f"bytes) is {verdict} a full build's ({full_bytes:,} bytes; the output removed "
                "and built again, then compared byte for byte, as `cmp` does)."
            )
    if not lines:
        return []
    return ["## Incremental builds and `--watch`", "", *lines, ""]


def render(
    results: dict[int, dict[str, Command]],
    profiles: dict[int, dict[str, object]],
    baseline: str,
    elapsed: float,
    load: tuple[float, float] = (0.0, 0.0),
    code: str = "",
    bytecode: dict[str, object] | None = None,
) -> str:
    f = Figures(results, profiles, baseline, load)
    edits = {s: len(c.samples) for s in f.sizes if (c := f.command(s, WATCH)) is not None}
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
        "- Content: the ten real therapies of `content/` cycled to each size, every copy with its "
        'own id and a numbered title ("Physical Therapy 37"); the 10-therapy booklet is the '
        "default booklet with numbered titles.",
        "- Every figure (but the `--watch` rebuilds) is a median over fresh processes "
        "(`runs`), run round-robin after one "
        "unmeasured warm-up of each command: wall time, CPU time (user + sys) and peak "
        "resident memory (`ru_maxrss`) of the child from `os.wait4`, in a small launcher "
        "process (so that the child's peak memory is not the benchmark's own; `measure.py`). A "
        "command whose runs pass the time budget is not repeated (see `runs`).",
        "- `× base` divides by the bare ReportLab script `benchmarks/baseline.py` at the same "
        "size: same page size, type sizes and fonts, the same text, no validation or branding "
        'logic. Its page count differs from ours (no boxes that move whole, no "Page X of Y").',
        "- `pages` and `bytes` are read back with pypdf; for `handout --all` they are summed over "
        "all handouts. When a command uses worker processes, its CPU time includes theirs and "
        "its peak memory is that of the largest single process (Linux `wait4` semantics).",
        "- Outputs are removed before every run, so every build is a full build (a stamp "
        "whose output is missing never matches), except for `cdbooklet build (unchanged)`: one "
        "unmeasured full build writes its own output and stamp first, and each measured run "
        "finds them as that build left them, with the same content and options, so it takes "
        "the incremental path, which must skip the work. After the runs its output must still "
        "be that build's file (same inode and time), and once a run it is compared byte for "
        "byte with a full build's (see “Incremental builds”).",
        "- `warm --watch rebuild`: one `cdbooklet build --watch` process per size (below "
        "1,000 therapies), on a copy of the content of its own, started before the first round "
        "(its first, cold build is not counted), and left running, polling its folder, while "
        "the other commands run. At its place in each round it gets one or more "
        "saves of the first therapy file, its summary changed each time (written beside the "
        "folder and moved in, a little over the watcher's 0.3 s poll interval after the last "
        "rebuild); "
        + (", ".join(f"{n} at {s:,} therapies" for s, n in edits.items()) or "no edits")
        + ". The figure (`runs` = edits) is the time the process prints for each rebuild "
        "(loading the content and building, ReportLab already loaded); CPU time is its main "
        "thread's from the save to that line (one or two polls included, from "
        "`/proc/PID/schedstat`); peak memory is its `VmHWM` so far. The process is stopped with "
        "SIGINT and the file put back.",
        *([SNAPSHOT_NOTE] if "snapshot" in code else []),
        *_bytecode_note(bytecode or {}, "snapshot" in code),
        "",
        "## Results",
        "",
        *_results(f),
        "",
        "## Targets",
        "",
        "The verdict is on the wall clock, as the targets are stated. `in CPU time` repeats each "
        "time target with user + sys seconds, which other work on the machine disturbs less "
        "(see the load average above).",
        "",
        *targets,
        "",
    ]
    lines += _issue_reference(f)
    lines += _incremental(f)
    lines += ["## Where the time goes", ""]
    for size in f.profiled_sizes:
        for key, why in f.profiles[size].items():
            if key.startswith("error:"):
                lines += [
                    f"**The profile of `{key[6:]}` at {size:,} therapies is missing**: {why}.",
                    "",
                ]
    if f.profiled_sizes:
        lines += [*_imports(f), *_phases(f), *_counts(f), *_yaml(f)]
        lines += [
            "## Optimisation suggestions",
            "",
            "Derived from the figures above by `report.py` (nothing here is changed in "
            "`src/`): first the layout of a large booklet, by its share of the build, then "
            "start-up costs, then the other commands, then memory.",
            "",
            *_suggestions(f),
            "",
        ]
    else:
        lines += ["Not profiled in this run (`--no-profile`).", ""]
    return "\n".join(lines).rstrip() + "\n"


def _issue_reference(f: Figures) -> list[str]:
    base_small, base_large = f.wall(DEFAULT_SIZE, f.baseline), f.wall(LARGE_SIZE, f.baseline)
    if base_small is None and base_large is None:
        return []
    parts = []
    if base_small is not None:
        parts.append(f"{_s(base_small)} s at 10 therapies (the issue measured about 0.25 s)")
    if base_large is not None:
        parts.append(
            f"{_s(base_large)} s and {f.peak_mib(LARGE_SIZE, f.baseline):.0f} MiB for "
            f"{_n(f.pages(LARGE_SIZE, f.baseline))} pages at 1,000 therapies (the issue "
            "measured about 2.9 s and 75 MiB for about 220 pages, so a much denser "
            "layout than cdbooklet's 14 pt type)"
        )
    return [
        "The baseline here takes " + "; ".join(parts) + ". The ratios compare like with like: "
        "both sides lay out the same text on the same page geometry on this machine.",
        "",
    ]


def console_summary(results: dict[int, dict[str, Command]], baseline: str) -> str:
    """A short table for the terminal: medians and ratios, then the targets."""
    f = Figures(results, {}, baseline)
    lines = [
        f"{'therapies':>9}  {'command':<40} {'wall s':>8} {'×base':>6} {'CPU s':>8} "
        f"{'MiB':>7} {'pages':>6}"
    ]
    for size in f.sizes:
        for name in results[size]:
            if f.command(size, name) is None:
                continue
            lines.append(
                f"{size:>9,}  {name:<40} {_s(f.wall(size, name)):>8} "
                f"{_x(f.wall(size, name), f.wall(size, baseline)):>6} "
                f"{_s(f.cpu(size, name)):>8} {f.peak_mib(size, name):>7.1f} "
                f"{_n(f.pages(size, name)):>6}"
            )
    _rows, verdicts = _targets(f)
    lines.append("")
    lines += [f"{verdict:<13} {what.replace('`', '')}" for what, verdict in verdicts]
    return "\n".join(lines)
