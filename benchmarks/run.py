"""cdbooklet's benchmarks: how long its commands take and how much memory, against bare ReportLab.

    python benchmarks/run.py                  # sizes 10, 100, 1000; writes benchmarks/RESULTS.md
    python benchmarks/run.py --sizes 3 --runs 1 --out-dir /tmp/b --results /tmp/b/RESULTS.md
    python benchmarks/run.py --smoke --sizes 3 --results /tmp/b/RESULTS.md   # about a second

For each size (number of therapies) it writes a synthetic content directory (`synthetic.py`) and
runs, each in a fresh process and round-robin so that drift hits all alike, the bare ReportLab
baseline (`baseline.py`), `cdbooklet build`, an unchanged `cdbooklet build` (its output and
stamp left by an identical build: the incremental path), `build --impose saddle-stitch` (when
offered), `handout --all`, `check`, `list` and `--help`: wall time, CPU time and peak memory of
the child (`measure.py`), then pages and bytes of what it wrote. Below 1,000 therapies a running
`cdbooklet build --watch` rebuilds after edits of a therapy file in the same rounds. Once a run,
the unchanged build's output is compared byte for byte with a full build's. Then `cdbooklet
build` is profiled under cProfile at the smallest and largest size, and five commands' imports
timed at the smallest (`profiling.py`); `report.py` writes RESULTS.md, whole, every time, but
for the section `scripts.py` wrote there, which is kept.

`--smoke` checks that all this works, in about a second: the smallest size, one run, no warm-up,
only the baseline, the build, the unchanged build (and its byte comparison) and `--help` (the
others get a row that says "skipped"), no import or bytecode check; the unchanged build's
priming full build is the one profiled, and it runs beside the other commands, so that no
figure of a smoke run means anything.

The code measured is a snapshot of src/ (unless --no-snapshot), byte-compiled right after it is
copied, as pip does when it installs: this machine may set PYTHONDONTWRITEBYTECODE=1, and then
every child would compile cdbooklet from source while ReportLab has its .pyc. A run of the build
under `python -v` checks where the modules came from. This folder never imports cdbooklet.
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
from concurrent.futures import ThreadPoolExecutor
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
WATCH_BELOW = 1000
"""The warm --watch rebuild is measured below this size only (at 1,000 therapies each edit
rebuilds the whole booklet, about as long as a full build)."""
ORDER = (BASELINE, BUILD, BUILD_UNCHANGED, WATCH, IMPOSE, HANDOUTS, CHECK, LIST, HELP)
"""The commands in the order they run within a round: the watcher's edits next to the builds."""
SMOKE = (BASELINE, BUILD, BUILD_UNCHANGED, HELP)
"""The commands a smoke run measures."""


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add = parser.add_argument
    add("--sizes", default="10,100,1000", help="numbers of therapies (default: 10,100,1000)")
    add("--runs", type=int, help="runs per command (default: 5, or 3 from 1,000 therapies)")
    add(
        "--budget",
        type=float,
        default=60.0,
        help="stop repeating a command at a size once its runs took this many seconds in all; "
        "it always runs once (default: 60)",
    )
    add("--out-dir", type=Path, help="keep content and PDFs here (default: a temporary folder)")
    add(
        "--results",
        type=Path,
        default=ROOT / "benchmarks" / "RESULTS.md",
        help="the Markdown file to write (default: benchmarks/RESULTS.md)",
    )
    add("--no-profile", dest="profile", action="store_false", help="skip cProfile and imports")
    add(
        "--edits",
        type=int,
        default=7,
        help="edits of a therapy file under `build --watch` per size, spread over the rounds; "
        "at least one per round (default: 7)",
    )
    add(
        "--no-snapshot",
        dest="snapshot",
        action="store_false",
        help="run the working tree's code as it is at each moment, not a snapshot of src/, "
        "content/ and fonts/ taken at the start",
    )
    add("--no-warmup", dest="warmup", action="store_false", help="no unmeasured first runs")
    add(
        "--smoke",
        action="store_true",
        help="check in about a second that the benchmark works: the smallest size, one run, "
        "four commands, two at a time (its figures mean nothing)",
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
    if args.smoke:
        args.sizes, args.runs, args.warmup = args.sizes[:1], 1, False
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
    size: int, content: Path, out: Path, cdbooklet: list[str], skip: dict[str, str]
) -> dict[str, Command]:
    """The commands measured at one size, in ORDER; those named in `skip` get that reason as
    their error and never run."""
    c = str(content)

    def ours(name: str, args: list[str], output: Path | None = None) -> Command:
        return Command(name, [*cdbooklet, *args], output)

    baseline = [sys.executable, str(ROOT / "benchmarks" / "baseline.py"), c]
    booklet, watch = out / "booklet.pdf", out / "watch.pdf"
    impose = ["--out", str(out / "imposed.pdf"), "--impose", "saddle-stitch"]
    commands = {
        BASELINE: Command(BASELINE, [*baseline, str(out / "baseline.pdf")], out / "baseline.pdf"),
        BUILD: ours(BUILD, ["build", "--content", c, "--out", str(booklet)], booklet),
        # Its own output: the full build's is removed before each of its runs.
        BUILD_UNCHANGED: Command(
            BUILD_UNCHANGED,
            [*cdbooklet, "build", "--content", c, "--out", str(out / "unchanged.pdf")],
            out / "unchanged.pdf",
            reuse_output=True,
        ),
        IMPOSE: ours(IMPOSE, ["build", "--content", c, *impose], out / "imposed.pdf"),
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
    if WATCH not in skip:
        if watched.exists():
            shutil.rmtree(watched)
        shutil.copytree(content, watched)
    commands[WATCH] = WatchCommand(
        WATCH,
        [*cdbooklet, "build", "--watch", "--content", str(watched), "--out", str(watch)],
        watch,
        therapy=None if WATCH in skip else _first_therapy(watched),
        scratch=content.parent,
    )
    commands = {name: commands[name] for name in ORDER}
    for name, why in skip.items():
        commands[name].error = why
    return commands


def _edits_in_round(round_: int, runs: int, edits: int) -> int:
    """How many --watch edits round `round_` (1-based) makes: max(edits, runs) spread evenly."""
    total = max(edits, runs)
    return total // runs + (1 if round_ <= total % runs else 0)


def _measure_size(
    size: int, commands: dict[str, Command], runs: int, budget: float, warmup: bool, edits: int
) -> None:
    """Run every command `runs` times, round-robin, within the per-command time budget.

    An unchanged build is primed first with one full build (unless it was already); a watcher is
    started before the first round, makes its edits at its place in each round, and is stopped
    after the last."""
    live = [c for c in commands.values() if c.error is None]
    for cmd in live:
        if cmd.reuse_output and "primed" not in cmd.findings:
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
    print(f"  unchanged build's output {'is' if same else 'is NOT'} identical to a full build's")


def _profile_build(args: list[str], work: Path) -> profiling.Profile | str:
    """`cdbooklet ARGS` (a build) under cProfile, saving its stats in `work`."""
    work.mkdir(parents=True, exist_ok=True)
    print(f"  profiling cdbooklet {' '.join(args)}", flush=True)
    return profiling.cprofile(args, work / "build.prof")


def _smoke(
    size: int, commands: dict[str, Command], work: Path, profile: bool, budget: float
) -> dict[int, profiling.Profile | str]:
    """A smoke run: one run of each command, in two lanes at once (so that its figures mean
    nothing): the unchanged build, whose priming full build is the one profiled, then its run
    and the byte comparison; and the other commands."""
    unchanged, profiles = commands[BUILD_UNCHANGED], {}

    def prime(argv: list[str]) -> None:
        profiles[size] = _profile_build(argv[argv.index("build") :], work)

    def lane() -> None:
        if profile:
            unchanged.prime(prime)
        _measure_size(size, {BUILD_UNCHANGED: unchanged}, 1, budget, False, 1)
        _check_identical(commands)

    others = {name: cmd for name, cmd in commands.items() if name != BUILD_UNCHANGED}
    with ThreadPoolExecutor(max_workers=1) as pool:
        done = pool.submit(lane)
        _measure_size(size, others, 1, budget, False, 1)
        done.result()
    return profiles


_CODE_OBJECT = re.compile(r"^# code object from '?(.+?)'?$")


def _bytecode_check(argv: list[str]) -> dict[str, int]:
    """Run `argv` under `python -v` (PYTHONVERBOSE=1) and count where its modules' code came
    from: a .pyc, or the source compiled on the spot (cdbooklet's own, and all modules)."""
    env = dict(os.environ, PYTHONVERBOSE="1")
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    found = {"own_pyc": 0, "own_source": 0, "pyc": 0, "source": 0}
    for line in done.stderr.splitlines():
        match = _CODE_OBJECT.match(line)
        if match is not None:
            kind = "pyc" if match.group(1).endswith(".pyc") else "source"
            found[kind] += 1
            found[f"own_{kind}"] += f"{os.sep}cdbooklet{os.sep}" in match.group(1)
    return found


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
            ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(folder / "src")], check=True)
    paths = [str(folder / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
    os.environ["PYTHONPATH"] = os.pathsep.join(paths)
    return folder


def _skipped(smoke: bool, size: int, has_impose: bool) -> dict[str, str]:
    """The commands not run at `size`, and why."""
    if smoke:
        return {name: "skipped: --smoke" for name in ORDER if name not in SMOKE}
    skip = {}
    if size >= WATCH_BELOW:
        skip[WATCH] = f"skipped: measured below {WATCH_BELOW:,} therapies only"
    if not has_impose:
        skip[IMPOSE] = "skipped: `cdbooklet build --help` offers no --impose yet"
    return skip


def _kept_sections(results: Path, text: str) -> str:
    """`text` with the section scripts.py wrote into the file before (between its markers)
    kept at the end: the rest of the file is this run's."""
    from scripts import BEGIN, END

    before = results.read_text(encoding="utf-8") if results.exists() else ""
    if BEGIN not in before or END not in before:
        return text
    section = before[before.index(BEGIN) : before.index(END) + len(END)]
    return text.rstrip("\n") + "\n\n" + section + "\n"


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    signal.signal(signal.SIGTERM, _stop)
    if os.getloadavg()[0] > 0.5 and not args.smoke:
        print(f"note: load average {os.getloadavg()[0]:.2f}: runs will be slower", file=sys.stderr)
    started, load_before = time.monotonic(), os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="cdbooklet-bench-") as tmp:
        out_dir = args.out_dir.resolve() if args.out_dir else Path(tmp)
        code, source = report.describe_code(), ROOT
        if args.snapshot:
            source = _snapshot(out_dir / "snapshot")
            code += " (a snapshot taken at the start of the run)"
        cdbooklet = cdbooklet_argv()
        has_impose = args.smoke or _has_impose(cdbooklet)
        identity_size = DEFAULT_SIZE if DEFAULT_SIZE in args.sizes else args.sizes[0]
        results: dict[int, dict[str, Command]] = {}
        profiles: dict[int, profiling.Profile | str] = {}
        imports: dict[str, dict[str, float]] = {}
        bytecode: dict[str, int] = {}
        profiled = (
            [] if args.smoke or not args.profile else sorted({min(args.sizes), max(args.sizes)})
        )
        for i, size in enumerate(args.sizes):
            folder = out_dir / f"therapies-{size}"
            content = make_content(size, folder / "content", source / "content")
            (folder / "out").mkdir(parents=True, exist_ok=True)
            skip = _skipped(args.smoke, size, has_impose)
            commands = _commands(size, content, folder / "out", cdbooklet, skip)
            results[size] = commands
            if args.smoke:
                profiles = _smoke(size, commands, folder / "profile", args.profile, args.budget)
                continue
            if i == 0:
                commands[BUILD].prepare()
                bytecode = _bytecode_check(commands[BUILD].argv)
            runs = args.runs or (5 if size < LARGE else 3)
            print(f"{size} therapies: {runs} runs per command", flush=True)
            _measure_size(size, commands, runs, args.budget, args.warmup and i == 0, args.edits)
            if size == identity_size:
                _check_identical(commands)
        for size in profiled:  # a full build from scratch, into a folder of its own
            work = out_dir / f"therapies-{size}" / "profile"
            (work / "booklet.pdf").unlink(missing_ok=True)  # no stamp matches a missing output
            build = ["build", "--content", str(work.parent / "content")]
            profiles[size] = _profile_build([*build, "--out", str(work / "booklet.pdf")], work)
        if args.profile and not args.smoke:
            for name in (HELP, LIST, CHECK, BUILD_UNCHANGED, BUILD):
                cmd = results[args.sizes[0]][name]
                if cmd.error is None:
                    cmd.prepare()
                    imports[name] = profiling.import_times(cmd.argv)
        notes = []
        if args.smoke:
            notes.append(
                "**A smoke run** (`--smoke`): one run each, no warm-up, two commands running "
                "at once, the profile of the unchanged build's priming build; these figures "
                "only show that the benchmark works."
            )
        elif not args.warmup:
            notes.append("No warm-up run in this benchmark (`--no-warmup`).")
        load = (load_before, os.getloadavg()[0])
        elapsed = time.monotonic() - started
        text = report.render(results, profiles, imports, elapsed, load, code, bytecode, notes)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(_kept_sections(args.results, text), encoding="utf-8")
    print()
    print(report.console_summary(results))
    print(f"Wrote {args.results}")
    failed = [
        c
        for cmds in results.values()
        for c in cmds.values()
        if c.error and not c.error.startswith("skipped")
    ]
    for cmd in failed:
        print(f"FAILED {cmd.name}: {cmd.error}", file=sys.stderr)
    profile_failed = [size for size, found in profiles.items() if isinstance(found, str)]
    for size in profile_failed:
        print(f"FAILED the profile at {size}: {profiles[size]}", file=sys.stderr)
    return 1 if failed or profile_failed else 0


if __name__ == "__main__":
    sys.exit(main())
