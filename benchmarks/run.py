"""cdbooklet's performance benchmarks: how long the commands take, against bare ReportLab.

    python benchmarks/run.py                  # sizes 10, 100, 1000; writes benchmarks/RESULTS.md
    python benchmarks/run.py --sizes 3 --runs 1 --out-dir /tmp/b --results /tmp/b/RESULTS.md

What it does, for each size (number of therapies):
1. writes a synthetic content directory (`synthetic.py`: the ten real therapies cycled, each copy
   numbered, "Physical Therapy 37");
2. runs, each in a fresh process and round-robin so drift hits all alike: the bare ReportLab
   baseline (`baseline.py`), `cdbooklet build`, an unchanged `cdbooklet build` (its output and
   stamp left by an identical build: the incremental path), `cdbooklet build --impose
   saddle-stitch` (when `cdbooklet build --help` offers it), `cdbooklet handout --all`, `check`,
   `list` and `--help`; wall time, CPU time (user+sys of the child) and peak memory (the child's
   ru_maxrss, both from os.wait4 in a small launcher process; see measure.py), then pages (pypdf)
   and bytes of what it wrote. In the same rounds, below 1,000 therapies, a running
   `cdbooklet build --watch` rebuilds after edits of one therapy file (`--edits` in all, spread
   over the rounds): its figure is the time it prints for each warm rebuild. Once per run, the
   unchanged build's output is compared byte for byte with a full build's;
3. reports medians, each as a ratio to the baseline's, and PASS/FAIL against the targets;
4. profiles the build at the smallest and largest size (and the unchanged build, handout --all
   and check at the smallest, list at the largest): import times, a py-spy breakdown when py-spy
   is installed (`pip install py-spy` into the venv; it is not a project dependency), cProfile
   call counts, and derives optimisation suggestions from those figures (`report.py`).

The code measured is a snapshot of src/ (unless --no-snapshot), byte-compiled right after it is
copied, as pip does when it installs: this machine may set PYTHONDONTWRITEBYTECODE=1, and then
every child would compile cdbooklet from source (tens of ms each) while ReportLab has its .pyc. A
run of the build under `python -v` checks where the modules came from (reported in RESULTS.md).

RESULTS.md is written whole on every run: edit this script or report.py, not the file.
This folder owns only the benchmarks: it never imports cdbooklet (every figure comes from a child
process) and is not part of the test suite (tests/test_benchmarks.py runs a tiny smoke version).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import profiling
import report
import yaml
from measure import (
    ROOT,
    Command,
    CommandFailed,
    WatchCommand,
    cdbooklet_argv,
    pdf_figures,
    run_once,
)
from report import (
    BASELINE,
    BUILD,
    BUILD_UNCHANGED,
    CHECK,
    DEFAULT_SIZE,
    HANDOUTS,
    HELP,
    IMPOSE,
    LIST,
    WATCH,
)
from synthetic import make_content

LARGE = 1000
"""From this size on, the default number of runs is 3 instead of 5."""
SAMPLE_ONCE = 500
"""From this size on, one py-spy run of a command gives samples enough."""
WATCH_BELOW = 1000
"""The warm --watch rebuild is measured below this size only (at 1,000 therapies each edit
rebuilds the whole booklet, about as long as a full build)."""


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
        "--edits",
        type=int,
        default=7,
        help="edits of a therapy file under `build --watch` per size, spread over the rounds; "
        "at least one per round (default: 7)",
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
    if args.edits < 1:
        parser.error("--edits must be 1 or more")
    return args


def _has_impose(cdbooklet: list[str]) -> bool:
    done = subprocess.run(
        [*cdbooklet, "build", "--help"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    return "--impose" in done.stdout


def _first_therapy(content: Path) -> Path:
    """The booklet's first therapy file (the one the --watch measurement edits)."""
    booklet = yaml.safe_load((content / "booklet.yaml").read_text(encoding="utf-8"))
    order = booklet.get("order") or sorted(p.stem for p in (content / "therapies").glob("*.yaml"))
    return content / "therapies" / f"{order[0]}.yaml"


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
        # Its own output: the full build's is removed before each of its runs.
        BUILD_UNCHANGED: Command(
            BUILD_UNCHANGED,
            [*cdbooklet, "build", "--content", c, "--out", str(out / "unchanged.pdf")],
            out / "unchanged.pdf",
            cdbooklet_args=["build", "--content", c, "--out", str(out / "unchanged.pdf")],
            reuse_output=True,
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
    # The watcher edits a content folder of its own, so its edits never reach the others.
    watched = content.parent / "watched"
    if size < WATCH_BELOW:
        if watched.exists():
            shutil.rmtree(watched)
        shutil.copytree(content, watched)
    w = str(watched)
    commands[WATCH] = WatchCommand(
        WATCH,
        [*cdbooklet, "build", "--watch", "--content", w, "--out", str(out / "watch.pdf")],
        out / "watch.pdf",
        therapy=_first_therapy(watched) if size < WATCH_BELOW else None,
        scratch=content.parent,
    )
    # In the order they run within a round: the watcher's edits next to the builds.
    order = [BASELINE, BUILD, BUILD_UNCHANGED, WATCH, IMPOSE, HANDOUTS, CHECK, LIST, HELP]
    commands = {name: commands[name] for name in order}
    if not has_impose:
        commands[IMPOSE].error = "skipped: `cdbooklet build --help` offers no --impose yet"
    if size >= WATCH_BELOW:
        commands[WATCH].error = (
            f"skipped: measured below {WATCH_BELOW:,} therapies only (each edit rebuilds the "
            "whole booklet)"
        )
    return commands


def _edits_in_round(round_: int, runs: int, edits: int) -> int:
    """How many --watch edits round `round_` (1-based) makes: max(edits, runs) spread evenly."""
    total = max(edits, runs)
    return total // runs + (1 if round_ <= total % runs else 0)


def _measure_size(
    size: int, commands: dict[str, Command], runs: int, budget: float, warmup: bool, edits: int
) -> None:
    """Run every command `runs` times, round-robin, within the per-command time budget.

    An unchanged build is primed first with one full build; a watcher is started before the
    first round, makes its edits at its place in each round, and is stopped after the last."""
    live = [c for c in commands.values() if c.error is None]
    for cmd in live:
        if cmd.reuse_output:
            try:
                cmd.prime()
            except CommandFailed as exc:
                cmd.error = str(exc)
    if warmup:
        for cmd in live:
            if cmd.error is not None or isinstance(cmd, WatchCommand):
                continue  # a watcher's first build is its own warm-up
            cmd.prepare()
            try:
                run_once(cmd.argv)
            except CommandFailed as exc:
                cmd.error = str(exc)
    watchers = [c for c in live if isinstance(c, WatchCommand) and c.error is None]
    try:
        for cmd in watchers:
            try:
                cmd.start()
            except CommandFailed as exc:
                cmd.error = str(exc)
                cmd.stop()
        for round_ in range(1, runs + 1):
            for cmd in live:
                spent = sum(s.wall for s in cmd.samples)
                if cmd.error is not None or (cmd.samples and spent > budget):
                    continue
                repeat = (
                    _edits_in_round(round_, runs, edits) if isinstance(cmd, WatchCommand) else 1
                )
                for _ in range(repeat):
                    if not isinstance(cmd, WatchCommand):
                        cmd.prepare()
                    try:
                        sample = cmd.edit() if isinstance(cmd, WatchCommand) else run_once(cmd.argv)
                    except CommandFailed as exc:
                        cmd.error = str(exc)
                        break
                    cmd.samples.append(sample)
                    print(
                        f"  {size:>5}  run {round_}/{runs}  {cmd.name:<40} {sample.wall:7.3f} s  "
                        f"{sample.peak_kib / 1024:6.1f} MiB",
                        flush=True,
                    )
    finally:
        for cmd in watchers:
            cmd.stop()
    for cmd in live:
        if cmd.reuse_output and cmd.error is None and cmd.check_skipped() is False:
            cmd.findings["note"] = (
                "the output was written anew: the incremental path did not skip the work"
            )
        if cmd.samples and cmd.error is None:
            cmd.figures = pdf_figures(cmd.output)


def _check_identical(commands: dict[str, Command]) -> None:
    """Compare the unchanged build's output with a full build's, byte for byte (once a run)."""
    cmd = commands[BUILD_UNCHANGED]
    if cmd.error is not None or not cmd.samples:
        return
    try:
        same = cmd.check_identical()
    except (CommandFailed, OSError) as exc:
        cmd.findings["identical_error"] = str(exc)
        return
    print(
        f"  unchanged build's output {'is' if same else 'is NOT'} byte-identical to a full build's",
        flush=True,
    )


def _profile(
    size: int, commands: dict[str, Command], work: Path, is_smallest: bool, repeat: int
) -> dict[str, object]:
    """The profiles for one size (see profiling.py); keys as report.py expects them."""
    found: dict[str, object] = {}
    work.mkdir(parents=True, exist_ok=True)
    wanted = [BUILD] + ([BUILD_UNCHANGED, HANDOUTS, CHECK] if is_smallest else [LIST])
    for name in wanted:
        cmd = commands[name]
        if cmd.error is not None or cmd.cdbooklet_args is None:
            continue
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
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
            found[f"callers:{name}"] = {
                "toColor": profiling.top_callers(work / f"{slug}.prof", "lib/colors.py", "__call__")
            }
    if is_smallest:
        imports = {}
        for name in (HELP, LIST, CHECK, BUILD_UNCHANGED, BUILD):
            if commands[name].error is None:
                commands[name].prepare()
                imports[name] = profiling.import_times(commands[name].argv)
        found["imports"] = imports
    return found


_CODE_OBJECT = re.compile(r"^# code object from '?(.+?)'?$")


def _bytecode_check(argv: list[str]) -> dict[str, object]:
    """Run `argv` under `python -v` (PYTHONVERBOSE=1) and count where its modules' code came
    from: a .pyc, or the source compiled on the spot (cdbooklet's own, and all modules)."""
    env = dict(os.environ, PYTHONVERBOSE="1")
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    found: dict[str, list[str]] = {"own_pyc": [], "own_source": [], "pyc": [], "source": []}
    for line in done.stderr.splitlines():
        match = _CODE_OBJECT.match(line)
        if match is None:
            continue
        path = match.group(1)
        kind = "pyc" if path.endswith(".pyc") else "source"
        found[kind].append(path)
        if f"{os.sep}cdbooklet{os.sep}" in path:
            found[f"own_{kind}"].append(path)
    return {
        "command": argv,
        "exit": done.returncode,
        **{key: len(paths) for key, paths in found.items()},
        "own_source_modules": [
            p.rsplit(f"{os.sep}cdbooklet{os.sep}", 1)[-1] for p in found["own_source"]
        ],
        "source_modules": [Path(p).name for p in found["source"]][:10],
    }


def _stop(signum: int, _frame: object) -> None:
    # Turn `kill` into an exception, so the running command's process group is ended too.
    raise SystemExit(128 + signum)


def _snapshot(folder: Path) -> Path:
    """Copy src/, content/ and fonts/ to `folder` and put that src/ first on PYTHONPATH for every
    child, so that edits made to the working tree during a run do not mix into its figures.

    The copied src/ is byte-compiled at once, as pip does at install: with
    PYTHONDONTWRITEBYTECODE=1 (set on some machines) every child would otherwise compile
    cdbooklet from source, a cost no installed copy pays."""
    for name in ("src", "content", "fonts"):
        if (folder / name).exists():
            shutil.rmtree(folder / name)  # a kept --out-dir: no stale modules or .pyc
        shutil.copytree(
            ROOT / name,
            folder / name,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
        )
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(folder / "src")], check=True)
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
        bytecode: dict[str, object] = {}
        identity_size = DEFAULT_SIZE if DEFAULT_SIZE in args.sizes else args.sizes[0]
        for i, size in enumerate(args.sizes):
            folder = out_dir / f"therapies-{size}"
            content = make_content(size, folder / "content", source / "content")
            (folder / "out").mkdir(parents=True, exist_ok=True)
            commands = _commands(size, content, folder / "out", cdbooklet, has_impose)
            if i == 0:
                commands[BUILD].prepare()
                bytecode = _bytecode_check(commands[BUILD].argv)
            runs = args.runs or (5 if size < LARGE else 3)
            print(f"{size} therapies: {runs} runs per command", flush=True)
            _measure_size(size, commands, runs, args.budget, args.warmup and i == 0, args.edits)
            if size == identity_size:
                _check_identical(commands)
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
            bytecode=bytecode,
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
