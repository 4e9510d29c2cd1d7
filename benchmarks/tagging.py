"""What tagging costs: build time and file size, tagged (the default) against `--no-tags`.

    python benchmarks/tagging.py                       # 10 and 1000 therapies; writes TAGGING.md
    python benchmarks/tagging.py --sizes 10 --runs 1 --results /tmp/tagging.md

For each size (a synthetic content directory, see `synthetic.py`): `cdbooklet build` and
`cdbooklet build --no-tags` in fresh processes, tagged and untagged taking turns so that drift on
a busy machine hits both, the median CPU time (user + sys) and wall time of the child as
`measure.run_once` takes them (what a clinic waits for), and the size of each PDF. Targets (the
tagging issue): at most +15 % build time at 1,000 therapies, and the tagged file at most 1.3
times the untagged one.

Like the rest of this folder it never imports cdbooklet: every figure comes from a child.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from pathlib import Path

from measure import cdbooklet_argv, run_once
from synthetic import make_content

TIME_LIMIT = 1.15
SIZE_LIMIT = 1.3


def measure_size(n: int, runs: int, work: Path) -> dict[str, object]:
    """Every figure for one size."""
    content = make_content(n, work / f"content-{n}")
    out = {True: work / f"tagged-{n}.pdf", False: work / f"untagged-{n}.pdf"}
    cpu: dict[bool, list[float]] = {True: [], False: []}
    wall: dict[bool, list[float]] = {True: [], False: []}
    for i in range(runs):
        for tagged in (False, True) if i % 2 == 0 else (True, False):
            for stale in (out[tagged], out[tagged].with_name(f".{out[tagged].name}.stamp")):
                stale.unlink(missing_ok=True)  # never an incremental no-op
            argv = [
                *cdbooklet_argv(),
                "build",
                "--content",
                str(content),
                "--out",
                str(out[tagged]),
                *([] if tagged else ["--no-tags"]),
            ]
            sample = run_once(argv)
            cpu[tagged].append(sample.cpu)
            wall[tagged].append(sample.wall)
    return {
        "therapies": n,
        "runs": runs,
        "command_cpu": {k: statistics.median(cpu[k == "tagged"]) for k in ("tagged", "untagged")},
        "command_wall": {k: statistics.median(wall[k == "tagged"]) for k in ("tagged", "untagged")},
        "bytes": {"tagged": out[True].stat().st_size, "untagged": out[False].stat().st_size},
    }


def _ratio(pair: dict[str, float]) -> float:
    return pair["tagged"] / pair["untagged"]


def report(results: list[dict[str, object]]) -> str:
    lines = [
        "# What tagging costs",
        "",
        "Written by `python benchmarks/tagging.py`; edit the script, not this file. Medians; "
        "tagged and untagged runs alternate. Targets: build time at most "
        f"+{TIME_LIMIT - 1:.0%} at 1,000 therapies, file at most {SIZE_LIMIT}x the untagged. "
        "The time target is judged on the command's CPU time: wall time also counts whatever "
        "else the machine is doing, and swings by tens of percent on a busy one.",
        "",
        "| therapies | runs | `build` CPU s (tagged / untagged) | `build` wall s "
        "| file bytes (tagged / untagged) |",
        "|---|---|---|---|---|",
    ]
    verdicts = []
    for r in results:
        cmd, wall, size = r["command_cpu"], r["command_wall"], r["bytes"]
        assert isinstance(cmd, dict) and isinstance(wall, dict)
        assert isinstance(size, dict)
        lines.append(
            f"| {r['therapies']} | {r['runs']} "
            f"| {cmd['tagged']:.2f} / {cmd['untagged']:.2f} ({_ratio(cmd) - 1:+.1%}) "
            f"| {wall['tagged']:.2f} / {wall['untagged']:.2f} ({_ratio(wall) - 1:+.1%}) "
            f"| {size['tagged']:,} / {size['untagged']:,} ({_ratio(size):.2f}x) |"
        )
        if r["therapies"] == 1000:
            ok = _ratio(cmd) <= TIME_LIMIT
            verdicts.append(
                f"- time at 1,000 therapies (`build` CPU): "
                f"{_ratio(cmd) - 1:+.1%}: {'PASS' if ok else 'FAIL'}"
            )
        ok = _ratio(size) <= SIZE_LIMIT
        verdicts.append(
            f"- size at {r['therapies']} therapies: {_ratio(size):.2f}x: {'PASS' if ok else 'FAIL'}"
        )
    return "\n".join([*lines, "", *verdicts, ""])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 1000])
    parser.add_argument(
        "--runs",
        type=int,
        default=0,
        help="runs per figure (default: 5, or 3 from 1,000 therapies on)",
    )
    parser.add_argument("--results", type=Path, default=Path(__file__).with_name("TAGGING.md"))
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="cdbooklet-tagging-") as tmp:
        for n in args.sizes:
            runs = args.runs or (3 if n >= 1000 else 5)
            results.append(measure_size(n, runs, Path(tmp)))
            print(json.dumps(results[-1]), flush=True)
    text = report(results)
    args.results.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
