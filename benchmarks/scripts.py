"""What other scripts cost: the ten-therapy booklet in English, Arabic, Hindi and Simplified
Chinese, and the English booklet now against the code before cdbooklet printed other scripts
(without the language-help page, which the code now adds, and with it).

    python benchmarks/scripts.py                        # writes its section of RESULTS.md
    python benchmarks/scripts.py --runs 3 --results /tmp/r.md --before bb63ca1
    python benchmarks/scripts.py --instructions        # also instructions, under valgrind

Targets (the scripts issue): the English booklet within 3% of its time before (commit
`--before`, checked out into a git worktree and run with the same Python, fonts and content),
and a ten-therapy booklet written in Arabic, in Hindi and in Chinese within 1.5 times the English
one. The booklets are the shipped content/ and its draft editions content/ar and
content/zh-Hans, and the Hindi draft in benchmarks/fixtures/hi (put in place as content/hi), each
without the language-help page (what the targets judge: the same content in each script) and
with it, as shipped; the
bare ReportLab script (`baseline.py`, ten therapies) runs in the same rounds for the ratio
RESULTS.md gives every figure.

Each command is a fresh process (`measure.run_once`); the commands take turns, round after round,
so that drift on a busy machine hits them all; figures are medians of CPU time (user + sys, what
the targets are judged on: wall time also counts whatever else the machine does) and wall time.
Its section of RESULTS.md sits between two markers and is kept when `run.py` rewrites the rest.
Like the rest of this folder it never imports cdbooklet: every figure comes from a child.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from measure import ROOT, cdbooklet_argv, run_once

BEGIN = "<!-- scripts: written by benchmarks/scripts.py -->"
END = "<!-- end of scripts -->"
ENGLISH_LIMIT = 1.03
SCRIPT_LIMIT = 1.5
BEFORE = "bb63ca1"
"""The last commit before other scripts: the English booklet's time then."""


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--before", default=BEFORE, help="the commit to compare English with")
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count each booklet's instructions once under valgrind (callgrind)",
    )
    return parser.parse_args(argv)


EDITIONS = {"English": "", "Arabic": "ar", "Hindi": "hi", "Chinese (Simplified)": "zh-Hans"}
WITH_PAGE = ", with the language-help page"


def _editions(work: Path) -> dict[str, Path]:
    """The content folders measured: a copy of content/ with the Hindi draft put in place, each
    edition without the language-help page (the booklets the targets are about: the same
    content in each script) and as shipped, with it."""
    folders: dict[str, Path] = {}
    for page in (False, True):
        content = work / ("content" if page else "content-without-page")
        shutil.copytree(ROOT / "content", content)
        shutil.copytree(ROOT / "benchmarks" / "fixtures" / "hi", content / "hi")
        for name, sub in EDITIONS.items():
            folder = content / sub
            if not page:
                with (folder / "booklet.yaml").open("a", encoding="utf-8") as booklet:
                    booklet.write("\nlanguage_help: []\n")
            folders[name + (WITH_PAGE if page else "")] = folder
    return folders


def _before(commit: str, work: Path) -> Path:
    """The src/ folder of `commit`, checked out into a worktree under `work`."""
    tree = work / "before"
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(tree), commit],
        check=True,
    )
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "src")], check=True)
    return tree


def _env(src: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(src), *filter(None, [env.get("PYTHONPATH")])])
    env.pop("SOURCE_DATE_EPOCH", None)
    return env


def measure(
    runs: int, before_commit: str, work: Path, instructions: bool = False
) -> dict[str, dict[str, float]]:
    """Median CPU and wall seconds of each booklet build (and the baseline), `runs` rounds;
    with `instructions`, each edition's instructions too (one run under callgrind)."""
    editions = _editions(work)
    snapshot = work / "src"
    shutil.copytree(ROOT / "src", snapshot, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "fonts", work / "fonts")  # where the snapshot finds its fonts
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(snapshot)], check=True)
    before = _before(before_commit, work)
    now_env, before_env = _env(snapshot), _env(before / "src")
    cache = work / "cache"
    commands: dict[str, tuple[list[str], dict[str, str]]] = {}
    for i, (name, folder) in enumerate(editions.items()):
        out = work / f"{i}-{name.split()[0].lower()}.pdf"
        argv = [*cdbooklet_argv(), "build", "--content", str(folder), "--out", str(out)]
        commands[name] = (argv, now_env)
    # The English booklet as it was then (the content of that commit), by the code then and
    # by the code now: the same booklet, so without the language-help page the code now adds
    # unless told not to (`language_help: []`); and with it, for what the page costs.
    then = before / "content"
    then_now = work / "then-without-language-help"
    shutil.copytree(then, then_now)
    with (then_now / "booklet.yaml").open("a", encoding="utf-8") as booklet:
        booklet.write("\nlanguage_help: []\n")
    for name, folder, env in (
        ("English then, code before", then, before_env),
        ("English then, code now", then_now, now_env),
        ("English then, code now, with the language-help page", then, now_env),
    ):
        out = work / f"{len(commands)}-then.pdf"
        commands[name] = (
            [*cdbooklet_argv(), "build", "--content", str(folder), "--out", str(out)],
            env,
        )
    baseline = [sys.executable, str(ROOT / "benchmarks" / "baseline.py")]
    commands["baseline.py (bare ReportLab)"] = (
        [*baseline, str(editions["English"]), str(work / "baseline.pdf")],
        now_env,
    )
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for argv, env in commands.values():  # one unmeasured warm-up each
        env["CDBOOKLET_CACHE"] = str(cache / "warm")
        run_once(argv, env=env)
    for round_ in range(runs):
        names = list(commands)
        for name in names if round_ % 2 == 0 else reversed(names):
            argv, env = commands[name]
            env["CDBOOKLET_CACHE"] = str(cache / f"{round_}-{len(samples[name])}-{hash(name)}")
            sample = run_once(argv, env=env)  # a fresh cache: never the unchanged-build path
            samples[name].append((sample.cpu, sample.wall))
    counted = (
        {name: _instructions(*commands[name], cache) for name in EDITIONS} if instructions else {}
    )
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(before)], check=True
    )
    return {
        name: {
            "cpu": statistics.median(cpu for cpu, _wall in values),
            "wall": statistics.median(wall for _cpu, wall in values),
            **({"instructions": counted[name]} if name in counted else {}),
        }
        for name, values in samples.items()
    }


def _instructions(argv: list[str], env: dict[str, str], cache: Path) -> float:
    """The instructions one build runs, counted by valgrind's callgrind: the same on every run,
    where CPU time on a shared machine varies by some per cent from run to run."""
    child = dict(env, CDBOOKLET_CACHE=str(cache / f"instructions-{len(argv)}-{hash(argv[-1])}"))
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
        env=child,
        capture_output=True,
        text=True,
        check=True,
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise RuntimeError("callgrind printed no instruction count")
    return float(found.group(1))


def render(figures: dict[str, dict[str, float]], runs: int, before: str) -> str:
    base = figures["baseline.py (bare ReportLab)"]["cpu"]
    english = figures["English"]["cpu"]
    lines = [
        BEGIN,
        "## Other scripts",
        "",
        "Written by `python benchmarks/scripts.py` (see its docstring). Ten-therapy booklets, "
        f"medians of {runs} fresh processes per command taking turns; `× English` and `× base` "
        "divide CPU times.",
        "",
        "| booklet | CPU s | wall s | × English | × base |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, values in figures.items():
        lines.append(
            f"| {name} | {values['cpu']:.3f} | {values['wall']:.3f} | "
            f"{values['cpu'] / english:.2f}× | {values['cpu'] / base:.2f}× |"
        )
    now, then = (
        figures["English then, code now"]["cpu"],
        figures["English then, code before"]["cpu"],
    )
    english_ratio = now / then
    verdict = "PASS" if english_ratio <= ENGLISH_LIMIT else "FAIL"
    lines += [
        "",
        f"- The English booklet of {before} (before other scripts), by the code now against the "
        f"code then: {english_ratio:.3f}×, target at most {ENGLISH_LIMIT:.2f}×: {verdict}",
    ]
    page = figures["English then, code now, with the language-help page"]["cpu"] / now
    lines.append(
        f"- The language-help page (15 languages in 8 scripts, on by default): {page:.2f}× "
        "that booklet without it (its faces, HarfBuzz and the bidi algorithm load for it); "
        "not a target. The rows without it are the booklets without the page "
        "(`language_help: []`)"
    )
    if "instructions" in figures["English"]:
        counted = figures["English"]["instructions"]
        ratios = ", ".join(
            f"{name} {figures[name]['instructions'] / counted:.2f}×"
            for name in EDITIONS
            if name != "English"
        )
        lines.append(
            f"- Instructions (callgrind, one run each, the same on every run): the English "
            f"booklet {counted / 1e9:.3f} billion; against it: {ratios}"
        )
    english_page = figures["English" + WITH_PAGE]["cpu"]
    for name in ("Arabic", "Hindi", "Chinese (Simplified)"):
        ratio = figures[name]["cpu"] / english
        verdict = "PASS" if ratio <= SCRIPT_LIMIT else "FAIL"
        shipped = figures[name + WITH_PAGE]["cpu"] / english_page
        lines.append(
            f"- {name}: {ratio:.2f}× the English booklet, target at most 1.5×: {verdict} "
            f"(with the language-help page in both, as shipped: {shipped:.2f}×)"
        )
    lines += ["", END]
    return "\n".join(lines)


def write(section: str, results: Path) -> None:
    """Put the section into RESULTS.md, replacing the one there (or at the end)."""
    text = results.read_text(encoding="utf-8") if results.exists() else ""
    if BEGIN in text and END in text:
        start, end = text.index(BEGIN), text.index(END) + len(END)
        text = text[:start] + section + text[end:]
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + section + "\n"
    results.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    with tempfile.TemporaryDirectory(prefix="cdbooklet-scripts-") as tmp:
        figures = measure(args.runs, args.before, Path(tmp), args.instructions)
    section = render(figures, args.runs, args.before)
    write(section, args.results)
    print(section)
    return 0 if "FAIL" not in section else 1


if __name__ == "__main__":
    sys.exit(main())
