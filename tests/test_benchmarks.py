"""The benchmark script still runs: `benchmarks/run.py --smoke` (3 therapies) into a tmp folder.

Not a performance test: it checks that the script finishes, writes its results where it is told
(never over benchmarks/RESULTS.md), that the table has a row per command (those a smoke run
measures with figures, the others marked skipped), that the unchanged build was compared byte
for byte with a full build, that the build's profile table is there, and that the section
`scripts.py` wrote is kept.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from helpers import ROOT

RESULTS = ROOT / "benchmarks" / "RESULTS.md"
SCRIPTS_BEGIN = "<!-- scripts: written by benchmarks/scripts.py -->"
SCRIPTS_END = "<!-- end of scripts -->"
MEASURED = (
    "baseline.py (bare ReportLab)",
    "cdbooklet build",
    "cdbooklet build (unchanged)",
    "cdbooklet --help",
)
SKIPPED = (
    "warm --watch rebuild",
    "cdbooklet build --impose saddle-stitch",
    "cdbooklet handout --all",
    "cdbooklet check",
    "cdbooklet list",
)


def _mtime(path: Path) -> int | None:
    return path.stat().st_mtime_ns if path.exists() else None


def test_benchmark_smoke_run_writes_its_results(tmp_path: Path) -> None:
    results, before = tmp_path / "RESULTS.md", _mtime(RESULTS)
    # What an earlier run left: its own figures go, the section scripts.py wrote stays.
    section = f"{SCRIPTS_BEGIN}\n## Other scripts\n\n| Arabic | 1.0 |\n\n{SCRIPTS_END}"
    results.write_text(f"# Old figures\n\n{section}\n", encoding="utf-8")
    argv = [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--smoke", "--sizes", "3"]
    argv += ["--out-dir", str(tmp_path / "work"), "--results", str(results)]
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert _mtime(RESULTS) == before, "the smoke run must not touch benchmarks/RESULTS.md"
    text = results.read_text(encoding="utf-8")
    assert "# Old figures" not in text and text.endswith(section + "\n")

    rows = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if line.startswith("| 3 | `") and len(cells) == 12:
            rows[cells[1].strip("`")] = cells
    assert set(rows) == {*MEASURED, *SKIPPED}
    for name in MEASURED:
        runs, wall, cpu, peak = rows[name][2], rows[name][3], rows[name][5], rows[name][7]
        assert runs == "1" and float(wall) > 0 and float(cpu) > 0 and float(peak) > 0, name
    assert int(rows["cdbooklet build"][9]) > 0  # pages
    assert rows["cdbooklet build"][4].endswith("×")  # a ratio to the baseline
    for name in SKIPPED:
        assert rows[name][2] == "0" and rows[name][11].startswith("skipped"), name

    assert "## Targets" in text
    identical = re.escape(
        "| unchanged build's output byte-identical to a full build's (3 therapies)"
    )
    assert re.search(
        identical + r" \| identical \([\d,]+ bytes\) \| — \| identical \| \*\*PASS", text
    )
    assert "- 3 therapies: an unchanged build takes " in text

    heading = "### `cdbooklet build`, 3 therapies, under cProfile"
    assert heading in text
    profile = text.split(heading, 1)[1]
    passes = re.search(r"; (\d+) layout pass(es)? \(calls of ReportLab's `BaseDocTemplate", profile)
    assert passes and int(passes[1]) >= 1
    assert "| function | calls | cumulative s | own s |" in profile
    functions = re.findall(r"^\| `([^`]+)` \| [\d,/]+ \| [\d.]+ \| [\d.]+ \|$", profile, re.M)
    assert len(functions) == 25
    assert not [f for f in functions if f.startswith("/")], "paths are shortened"
    assert any(f.startswith("cdbooklet/") for f in functions)
