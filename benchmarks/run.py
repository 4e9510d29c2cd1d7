"""cdbooklet's performance benchmarks: how long the commands take, against bare ReportLab.

    python benchmarks/run.py                  # sizes 10, 100, 1000; writes benchmarks/RESULTS.md
    python benchmarks/run.py --sizes 3 --runs 1 --out-dir /tmp/b --results /tmp/b/RESULTS.md

What it does, for each size (number of therapies):
1. writes a synthetic content directory (`synthetic.py`: the ten real therapies cycled, each copy
   numbered, "Physical Therapy 37");
2. runs, each in a fresh process and round-robin so drift hits all alike: the bare ReportLab
   baseline (`baseline.py`), `cdbooklet build`, `cdbooklet build --impose saddle-stitch` (when
   `cdbooklet build --help` offers it), `cdbooklet handout --all`, `check`, `list` and `--help`;
   wall time, CPU time (user+sys of the child) and peak memory (the child's ru_maxrss, both from
   os.wait4 in a small launcher process; see measure.py), then pages (pypdf) and bytes of what
   it wrote;
3. reports medians, each as a ratio to the baseline's, and PASS/FAIL against the targets;
4. profiles the build at the smallest and largest size (and handout --all and check at the
   smallest, list at the largest): import times, a py-spy breakdown when py-spy is installed
   (`pip install py-spy` into the venv; it is not a project dependency), cProfile call counts,
   and derives optimisation suggestions from those figures (`report.py`).

RESULTS.md is written whole on every run: edit this script or report.py, not the file.
This folder owns only the benchmarks: it never imports cdbooklet (every figure comes from a child
process) and is not part of the test suite (tests/test_benchmarks.py runs a tiny smoke version).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import profiling
import report
from measure import ROOT, Command, CommandFailed, cdbooklet_argv, pdf_figures, run_once
from report import BASELINE, BUILD, CHECK, HANDOUTS, HELP, IMPOSE, LIST
from synthetic import make_content

LARGE = 1000
"""From this size on, the default number of runs is 3 instead of 5."""
SAMPLE_ONCE = 500
"""From this size on, one py-spy run of a command gives samples enough."""


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes",
        default="10,100,1000",
        help="comma-separated numbers of therapies (default: 10,100,1000)",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=None,
        help="measured runs per command (default: 5, or 3 from 1,000 therapies)",
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=60.0,
        help="stop repeating a command at a size once its runs took this many "
        "seconds in all; it always runs once (default: 60)",
    )
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=None,
        help="keep content and PDFs here (default: a temporary folder)",
    )
    parser.add_argument(
        "--results",
        type=Path,
        default=ROOT / "benchmarks" / "RESULTS.md",
        help="the Markdown file to write (default: benchmarks/RESULTS.md)",
    )
    parser.add_argument(
        "--no-profile",
        dest="profile",
        action="store_false",
        help="skip the profiles (imports, py-spy, cProfile)",
    )
    parser.add_argument(
        "--samples",
        type=int,
        default=8,
        help="py-spy runs pooled per profiled command below 500 therapies "
        "(default: 8; one run above)",
    )
    parser.add_argument(
        "--no-snapshot",
        dest="snapshot",
        action="store_false",
        help="run the working tree's code as it is at each moment, not a snapshot of src/, "
        "content/ and fonts/ taken at the start",
    )
    parser.add_argument(
        "--no-warmup",
        dest="warmup",
        action="store_false",
        help="skip the unmeasured first run of every command",
    )
    args = parser.parse_args(argv)
    try:
        args.sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        parser.error("--sizes takes whole numbers separated by commas, like 10,100,1000")
    if not args.sizes or min(args.sizes) < 1:
        parser.error("--sizes needs at least one size of 1 or more")
    if args.runs is not None and args.runs < 1:
        parser.error("--runs must be 1 or more")
    return args


def _has_impose(cdbooklet: list[str]) -> bool:
    done = subprocess.run(
        [*cdbooklet, "build", "--help"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    return "--impose" in done.stdout


def _commands(
    size: int, content: Path, out: Path, cdbooklet: list[str], has_impose: bool
) -> dict[str, Command]:
    """The commands measured at one size, in the order they run within a round."""
    c = str(content)

    def ours(name: str, args: list[str], output: Path | None = None) -> Command:
        return Command(name, [*cdbooklet, *args], output, cdbooklet_args=args)

    commands = {
        BASELINE: Command(
            BASELINE,
            [
                sys.executable,
                str(ROOT / "benchmarks" / "baseline.py"),
                c,
                str(out / "baseline.pdf"),
            ],
            out / "baseline.pdf",
        ),
        BUILD: ours(
            BUILD, ["build", "--content", c, "--out", str(out / "booklet.pdf")], out / "booklet.pdf"
        ),
        IMPOSE: ours(
            IMPOSE,
            [
                "build",
                "--content",
                c,
                "--out",
                str(out / "imposed.pdf"),
                "--impose",
                "saddle-stitch",
            ],
            out / "imposed.pdf",
        ),
        HANDOUTS: ours(
            HANDOUTS,
            ["handout", "--all", "--content", c, "--out-dir", str(out / "handouts")],
            out / "handouts",
        ),
        CHECK: ours(CHECK, ["check", "--content", c]),
        LIST: ours(LIST, ["list", "--content", c]),
        HELP: ours(HELP, ["--help"]),
    }
    if not has_impose:
        commands[IMPOSE].error = "skipped: `cdbooklet build --help` offers no --impose yet"
    return commands


def _measure_size(
    size: int, commands: dict[str, Command], runs: int, budget: float, warmup: bool
) -> None:
    """Run every command `runs` times, round-robin, within the per-command time budget."""
    live = [c for c in commands.values() if c.error is None]
    if warmup:
        for cmd in live:
            cmd.prepare()
            try:
                run_once(cmd.argv)
            except CommandFailed as exc:
                cmd.error = str(exc)
    for round_ in range(1, runs + 1):
        for cmd in live:
            spent = sum(s.wall for s in cmd.samples)
            if cmd.error is not None or (cmd.samples and spent > budget):
                continue
            cmd.prepare()
            try:
                cmd.samples.append(run_once(cmd.argv))
            except CommandFailed as exc:
                cmd.error = str(exc)
                continue
            last = cmd.samples[-1]
            print(
                f"  {size:>5}  run {round_}/{runs}  {cmd.name:<40} {last.wall:7.3f} s  "
                f"{last.peak_kib / 1024:6.1f} MiB",
                flush=True,
            )
    for cmd in live:
        if cmd.samples and cmd.error is None:
            cmd.figures = pdf_figures(cmd.output)


def _profile(
    size: int, commands: dict[str, Command], work: Path, is_smallest: bool, repeat: int
) -> dict[str, object]:
    """The profiles for one size (see profiling.py); keys as report.py expects them."""
    found: dict[str, object] = {}
    work.mkdir(parents=True, exist_ok=True)
    wanted = [BUILD] + ([HANDOUTS, CHECK] if is_smallest else [LIST])
    for name in wanted:
        cmd = commands[name]
        if cmd.error is not None or cmd.cdbooklet_args is None:
            continue
        slug = name.split()[1]
        print(f"  {size:>5}  profiling {name}", flush=True)
        # py-spy at 200 Hz: a large build gives thousands of samples in one run; a small one is
        # repeated to gather about a thousand.
        samples = profiling.sample(
            cmd.argv,
            work / f"{slug}.pyspy.txt",
            rate=200,
            repeat=1 if size >= SAMPLE_ONCE else repeat,
            before=cmd.prepare,
        )
        if samples is not None and cmd.output is not None and not cmd.output.exists():
            found[f"error:{name}"] = "the command wrote nothing under py-spy"
        elif samples is not None:
            found[f"samples:{name}"] = samples
        cmd.prepare()
        counts = profiling.call_counts(cmd.cdbooklet_args, work / f"{slug}.prof")
        if isinstance(counts, str):
            found[f"error:{name}"] = counts
        else:
            found[f"counts:{name}"] = counts
    if is_smallest:
        imports = {}
        for name in (HELP, LIST, CHECK, BUILD):
            if commands[name].error is None:
                commands[name].prepare()
                imports[name] = profiling.import_times(commands[name].argv)
        found["imports"] = imports
    return found


def _stop(signum: int, _frame: object) -> None:
    # Turn `kill` into an exception, so the running command's process group is ended too.
    raise SystemExit(128 + signum)


def _snapshot(folder: Path) -> Path:
    """Copy src/, content/ and fonts/ to `folder` and put that src/ first on PYTHONPATH for every
    child, so that edits made to the working tree during a run do not mix into its figures."""
    for name in ("src", "content", "fonts"):
        shutil.copytree(
            ROOT / name,
            folder / name,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
        )
    paths = [str(folder / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
    os.environ["PYTHONPATH"] = os.pathsep.join(paths)
    return folder


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    signal.signal(signal.SIGTERM, _stop)
    if os.getloadavg()[0] > 0.5:
        print(
            f"note: load average {os.getloadavg()[0]:.2f}: other work on this machine will "
            "slow the runs down",
            file=sys.stderr,
        )
    started, load_before = time.monotonic(), os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="cdbooklet-bench-") as tmp:
        out_dir = args.out_dir.resolve() if args.out_dir else Path(tmp)
        code = report.describe_code()
        source = ROOT
        if args.snapshot:
            source = _snapshot(out_dir / "snapshot")
            code += " (a snapshot taken at the start of the run)"
        cdbooklet = cdbooklet_argv()
        has_impose = _has_impose(cdbooklet)
        results: dict[int, dict[str, Command]] = {}
        profiles: dict[int, dict[str, object]] = {}
        for i, size in enumerate(args.sizes):
            folder = out_dir / f"therapies-{size}"
            content = make_content(size, folder / "content", source / "content")
            (folder / "out").mkdir(parents=True, exist_ok=True)
            commands = _commands(size, content, folder / "out", cdbooklet, has_impose)
            runs = args.runs or (5 if size < LARGE else 3)
            print(f"{size} therapies: {runs} runs per command", flush=True)
            _measure_size(size, commands, runs, args.budget, args.warmup and i == 0)
            results[size] = commands
        if args.profile:
            for size in sorted({args.sizes[0], args.sizes[-1]}):
                profiles[size] = _profile(
                    size,
                    results[size],
                    out_dir / f"therapies-{size}" / "profile",
                    size == args.sizes[0],
                    args.samples,
                )
            yaml_folder = out_dir / f"therapies-{args.sizes[-1]}" / "content"
            profiles.setdefault(args.sizes[-1], {})["yaml"] = profiling.yaml_parse_times(
                yaml_folder
            )
        text = report.render(
            results,
            profiles,
            BASELINE,
            elapsed=time.monotonic() - started,
            load=(load_before, os.getloadavg()[0]),
            code=code,
        )
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(text, encoding="utf-8")
    print()
    print(report.console_summary(results, BASELINE))
    print(f"Wrote {args.results}")
    failed = [
        c
        for cmds in results.values()
        for c in cmds.values()
        if c.error and not c.error.startswith("skipped")
    ]
    for cmd in failed:
        print(f"FAILED {cmd.name}: {cmd.error}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
