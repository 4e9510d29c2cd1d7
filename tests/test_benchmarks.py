"""The benchmark script still runs: a tiny benchmark (3 therapies, 1 run each) into a tmp folder.

Not a performance test: it checks that `benchmarks/run.py` finishes, writes its results where it
is told (never over benchmarks/RESULTS.md), that the table has a row per command (the unchanged
build and two --watch rebuilds included), that the incremental section and the byte-for-byte
comparison are reported, and that the snapshot's cdbooklet loads from byte-compiled files.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = (
    "baseline.py (bare ReportLab)",
    "cdbooklet build",
    "cdbooklet build (unchanged)",
    "warm --watch rebuild",
    "cdbooklet build --impose saddle-stitch",
    "cdbooklet handout --all",
    "cdbooklet check",
    "cdbooklet list",
    "cdbooklet --help",
)


def test_benchmark_script_writes_a_results_table(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    before = (
        (ROOT / "benchmarks" / "RESULTS.md").stat().st_mtime_ns
        if (ROOT / "benchmarks" / "RESULTS.md").exists()
        else None
    )
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run.py"),
            "--sizes",
            "3",
            "--runs",
            "1",
            "--samples",
            "1",
            "--no-warmup",
            "--edits",
            "2",
            "--out-dir",
            str(tmp_path / "work"),
            "--results",
            str(results),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    text = results.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| 3 | ")]
    for command in COMMANDS:
        assert any(f"| `{command}` |" in row for row in rows), f"no row for {command}"
    build = next(row for row in rows if "| `cdbooklet build` |" in row)
    cells = [cell.strip() for cell in build.strip("|").split("|")]
    assert cells[2] == "1"  # runs
    assert float(cells[3]) > 0  # wall seconds
    assert int(cells[9]) > 0  # pages
    assert "## Targets" in text and "## Where the time goes" in text
    watch = next(row for row in rows if "| `warm --watch rebuild` |" in row)
    assert [cell.strip() for cell in watch.strip("|").split("|")][2] == "2"  # one run per edit
    assert "## Incremental builds and `--watch`" in text
    assert "| unchanged build's output byte-identical to a full build's (3 therapies) |" in text
    assert "were compiled from source" in text and " 0 were compiled from source" in text
    work = tmp_path / "work" / "therapies-3"
    edited = work / "watched" / "therapies" / "physical-therapy-1.yaml"
    original = work / "content" / "therapies" / "physical-therapy-1.yaml"
    assert edited.read_bytes() == original.read_bytes(), "the edited file is put back"
    assert (
        tmp_path / "work" / "therapies-3" / "content" / "therapies" / "physical-therapy-1.yaml"
    ).is_file()
    after = (
        (ROOT / "benchmarks" / "RESULTS.md").stat().st_mtime_ns
        if (ROOT / "benchmarks" / "RESULTS.md").exists()
        else None
    )
    assert after == before, "the smoke run must not touch benchmarks/RESULTS.md"
