"""Where the time goes in one cdbooklet command: imports, phases, hot spots and call counts.

Three instruments, each for what it measures well:

- imports: `PYTHONPROFILEIMPORTTIME=1` (the same as `python -X importtime`); the self time of
  every module, summed per top-level package. Cheap and exact.
- phases and hot spots: py-spy, a sampling profiler that reads the process from outside and
  barely slows it. Each sample goes to the first phase whose function is on its stack, so the
  phases add up to 100 %; hot spots are inclusive shares and may overlap. Skipped (with a note)
  when py-spy is not installed: `pip install py-spy` into the venv; it is not a dependency.
- call counts: cProfile. Only its counts are used: its times inflate call-heavy code two to three
  times (a build of 1,000 therapies takes ~12 s alone and ~37 s under cProfile), which would
  mislead any share computed from them.

A fourth figure, PyYAML's parse speed with and without libyaml, is timed here in-process: it
measures the library, not cdbooklet. Never imports cdbooklet: its runs are all child processes.
"""

from __future__ import annotations

import fnmatch
import os
import pstats
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from measure import ROOT

# -- imports ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Imports:
    """What one command imports, in milliseconds under `-X importtime`."""

    per_package: dict[str, float]
    """Module bodies' self time, summed per top-level package."""
    per_module: dict[str, float]
    """Self time per module (for the detail of cdbooklet's own)."""
    pulled_in: dict[str, tuple[str, float]]
    """Per package imported directly by a cdbooklet module: (that module, the cumulative time
    of those imports, everything they pulled in included)."""

    @property
    def total(self) -> float:
        return sum(self.per_package.values())


def import_times(argv: list[str], cwd: Path = ROOT) -> Imports:
    """Run `argv` with `PYTHONPROFILEIMPORTTIME=1` and sum its import report."""
    env = dict(os.environ, PYTHONPROFILEIMPORTTIME="1")
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    entries: list[tuple[int, str, float, float]] = []  # (depth, module, self, cumulative)
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        parts = line.split("|")
        if len(parts) != 3:
            continue
        name = parts[2].rstrip()
        depth = (len(name) - len(name.lstrip())) // 2
        try:
            own, cumulative = int(parts[0].split(":")[1]), int(parts[1])
        except ValueError:
            continue
        entries.append((depth, name.strip(), own / 1000, cumulative / 1000))
    per_package: Counter[str] = Counter()
    per_module: Counter[str] = Counter()
    for _depth, name, own, _cumulative in entries:
        per_package[name.split(".")[0]] += own
        per_module[name] += own
    pulled_in: dict[str, tuple[str, float]] = {}
    for i, (depth, name, _own, cumulative) in enumerate(entries):
        package = name.split(".")[0]
        if package == "cdbooklet" or package.startswith("_") or depth == 0:
            continue
        # The report lists a module's imports before it, one level deeper: the importer is the
        # next entry one level up.
        parent = next((n for d, n, _o, _c in entries[i + 1 :] if d == depth - 1), "")
        if parent.startswith("cdbooklet"):
            first, ms = pulled_in.get(package, (parent, 0.0))
            pulled_in[package] = (first, ms + cumulative)
    return Imports(dict(per_package), dict(per_module), pulled_in)


# -- sampling with py-spy --------------------------------------------------------------------------


def py_spy() -> str | None:
    """The py-spy executable next to this interpreter or on PATH, if installed."""
    local = Path(sys.executable).parent / "py-spy"
    return str(local) if local.is_file() else shutil.which("py-spy")


@dataclass(frozen=True)
class Phase:
    """A named part of a run: the samples whose stack holds a frame matching one pattern.

    Patterns are `fnmatch` patterns over "FILE:QUALNAME", FILE as py-spy shortens it
    ("reportlab/platypus/paragraph.py") and QUALNAME with its class ("Paragraph.wrap").
    """

    label: str
    patterns: tuple[str, ...]


BUILD_PHASES = (
    Phase(
        "imports (all modules, also lazy ones)", ("<frozen importlib._bootstrap>:_find_and_load",)
    ),
    Phase("reading and validating YAML (load_content)", ("*cdbooklet/load.py:load_content",)),
    Phase("reading grades (cdbooklet.readability)", ("*cdbooklet/readability.py:*",)),
    Phase("parsing TrueType fonts (TTFont)", ("*pdfbase/ttfonts.py:TTFont.__init__",)),
    Phase("glyph coverage sets (theme._coverage)", ("*cdbooklet/theme.py:_coverage",)),
    Phase("page header and footer (onPage)", ("*cdbooklet/layout/pages.py:Document._*_page",)),
    # Any canvas class's save (cdbooklet's tagging canvas overrides it).
    Phase("writing PDF objects (Canvas.save)", ("*:*Canvas.save",)),
    Phase(
        "drawing flowables (drawOn)", ("*platypus/*.py:*.drawOn", "*cdbooklet/layout/*.py:*.drawOn")
    ),
    Phase(
        "laying out: wrap, split, keep-together", ("*platypus/doctemplate.py:*.handle_flowable",)
    ),
    # What else happens inside the layout: BaseDocTemplate.build (called once per pass; by
    # multiBuild when there are several), and the forms drawn late, after the last page.
    Phase(
        "other layout work (build, late forms)",
        (
            "*platypus/doctemplate.py:*.multiBuild",
            "*platypus/doctemplate.py:*.build",
            "*cdbooklet/layout/pages.py:Document.render",
        ),
    ),
    Phase("building the story (markup, Paragraph objects)", ("*cdbooklet/layout/*.py:render_*",)),
    Phase("writing the file (write_atomic)", ("*cdbooklet/output.py:write_atomic",)),
    Phase("hashing inputs for the incremental-build stamp", ("*cdbooklet/stamp.py:*",)),
)
"""In priority order: a sample counts for the first phase found anywhere on its stack."""

HOT_SPOTS = (
    Phase("Paragraph.wrap (line breaking)", ("*platypus/paragraph.py:Paragraph.wrap",)),
    Phase(
        "Paragraph.__init__ (parsing paragraph XML)", ("*platypus/paragraph.py:Paragraph.__init__",)
    ),
    Phase("Paragraph.drawPara (drawing text)", ("*platypus/paragraph.py:Paragraph.drawPara",)),
    Phase("Table._calc (sizing table cells)", ("*platypus/tables.py:Table._calc",)),
    Phase("KeepTogether measuring (_listWrapOn)", ("*platypus/flowables.py:_listWrapOn",)),
    Phase(
        "copy.deepcopy (of the frame, in _listWrapOn)", ("copy.py:deepcopy", "*/copy.py:deepcopy")
    ),
    Phase("toColor (a colour string parsed again)", ("*lib/colors.py:toColor.__call__",)),
    Phase("stringWidth (text widths)", ("*pdfbase/pdfmetrics.py:stringWidth",)),
    Phase("rl_accel pure-Python fallbacks", ("*reportlab/lib/rl_accel.py:*",)),
    Phase("Contents (the table of contents)", ("*cdbooklet/layout/booklet.py:Contents.*",)),
    Phase("cdbooklet.markup (content to paragraph XML)", ("*cdbooklet/markup.py:*",)),
    Phase(
        "images: logo decode and embedding",
        (
            "*cdbooklet/images.py:_read_image",
            "*cdbooklet/layout/blocks.py:_read_image",
            "*pdfbase/pdfdoc.py:PDFImageXObject.__init__",
        ),
    ),
    Phase("QR code drawing", ("*graphics/barcode/qr.py:*",)),
    Phase("YAML (PyYAML, all of it)", ("*yaml/*.py:*",)),
    Phase(
        "YAML in PyYAML's pure-Python reader, scanner and parser",
        ("*yaml/reader.py:*", "*yaml/scanner.py:*", "*yaml/parser.py:*"),
    ),
)
"""Inclusive shares: a sample counts for every hot spot on its stack."""


@dataclass
class Samples:
    """py-spy's raw stacks for one run: (frames root first, as "FILE:QUALNAME"; sample count)."""

    stacks: list[tuple[tuple[str, ...], int]]

    @property
    def total(self) -> int:
        return sum(n for _s, n in self.stacks)

    @classmethod
    def read(cls, path: Path) -> Samples:
        stacks: list[tuple[tuple[str, ...], int]] = []
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            stack, _, count = line.rpartition(" ")
            if not stack or not count.isdigit():
                continue
            stacks.append((tuple(_frame_key(f) for f in stack.split(";")), int(count)))
        return cls(stacks)

    def partition(self, phases: tuple[Phase, ...]) -> list[tuple[str, float]]:
        """Each phase's share of the samples (first match wins), then "other"."""
        counts: Counter[str] = Counter()
        for frames, n in self.stacks:
            counts[next((p.label for p in phases if _on_stack(frames, p)), "other")] += n
        total = self.total or 1
        return [(p.label, counts[p.label] / total) for p in phases] + [
            ("other (start-up, CLI, exit)", counts["other"] / total)
        ]

    def share(self, phase: Phase) -> float:
        """The share of samples with the phase anywhere on the stack."""
        total = self.total or 1
        return sum(n for frames, n in self.stacks if _on_stack(frames, phase)) / total


def _frame_key(frame: str) -> str:
    # py-spy writes "QUALNAME (FILE:LINE)"; keep "FILE:QUALNAME".
    name, _, where = frame.rpartition(" (")
    file = where.rstrip(")").rsplit(":", 1)[0]
    return f"{file}:{name}"


def _on_stack(frames: tuple[str, ...], phase: Phase) -> bool:
    return any(fnmatch.fnmatchcase(f, pat) for f in frames for pat in phase.patterns)


def sample(
    argv: list[str],
    out: Path,
    rate: int,
    repeat: int = 1,
    cwd: Path = ROOT,
    before: Callable[[], None] | None = None,
) -> Samples | None:
    """Run `argv` `repeat` times under py-spy and pool the samples; None without py-spy.

    py-spy pauses the process for each sample so that it reads a whole stack. At 1000 Hz that
    slowed a 0.6 s build to 2.7 s and swelled the share of imports; at 200 Hz it adds about a
    fifth. `--nonblocking` avoids the pauses but, here, lost half the samples and cut a fifth of
    the rest down to their innermost frame, which no phase can claim, so it is not used. Worker
    processes are sampled too (`--subprocesses`). `before` runs ahead of each repeat.
    """
    spy = py_spy()
    if spy is None:
        return None
    pooled: list[tuple[tuple[str, ...], int]] = []
    for _ in range(repeat):
        if before is not None:
            before()
        done = subprocess.run(
            [
                spy,
                "record",
                "--subprocesses",
                "--rate",
                str(rate),
                "--format",
                "raw",
                "--output",
                str(out),
                "--",
                *argv,
            ],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0 or not out.exists():
            print(
                f"  py-spy failed ({done.returncode}): {done.stderr.strip()[-300:]}",
                file=sys.stderr,
            )
            return None
        pooled += Samples.read(out).stacks
    return Samples(pooled)


# -- call counts with cProfile ---------------------------------------------------------------------

COUNTS = (
    ("layout passes (BaseDocTemplate.build calls)", "platypus/doctemplate.py", "build"),
    ("multiBuild calls", "platypus/doctemplate.py", "multiBuild"),
    ("Paragraphs parsed (Paragraph._setup)", "platypus/paragraph.py", "_setup"),
    ("Paragraph.wrap calls", "platypus/paragraph.py", "wrap"),
    ("Table sizings (Table._calc)", "platypus/tables.py", "_calc"),
    ("KeepTogether measurements (_listWrapOn)", "platypus/flowables.py", "_listWrapOn"),
    ("copy.deepcopy calls", "copy.py", "deepcopy"),
    ("header/footer draws (Document._body_page)", "layout/pages.py", "_body_page"),
    ("colour strings parsed (toColor)", "lib/colors.py", "__call__"),
    ("… of them through ast.literal_eval", "ast.py", "literal_eval"),
    ("text width measurements (stringWidth)", "pdfbase/pdfmetrics.py", "stringWidth"),
    ("TrueType faces parsed (extractInfo)", "pdfbase/ttfonts.py", "extractInfo"),
    ("logo decodes (_read_image)", "cdbooklet/images.py", "_read_image"),
    ("YAML files read (read_yaml)", "cdbooklet/yamlread.py", "read_yaml"),
    (
        "syllable counts (count_syllables, cache misses)",
        "cdbooklet/readability.py",
        "count_syllables",
    ),
    (
        "PDFs written (a canvas's save)",
        "pdfgen/canvas.py|cdbooklet/layout/tagging.py|cdbooklet/layout/tounicode.py",
        "save",
    ),
)
"""(label, file endings separated by "|", function name): the most calls of any function so
named in one of those files."""


def call_counts(
    cdbooklet_args: list[str], out: Path, cwd: Path = ROOT
) -> dict[str, int | None] | str:
    """Run `python -m cdbooklet ARGS` under cProfile; return the COUNTS by label (None: absent),
    or why the run failed."""
    argv = [sys.executable, "-m", "cProfile", "-o", str(out), "-m", "cdbooklet", *cdbooklet_args]
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not out.exists():
        why = (done.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"  cProfile run failed: {why}", file=sys.stderr)
        return f"the cProfile run failed: {why}"
    stats = pstats.Stats(str(out)).stats  # type: ignore[attr-defined]
    result: dict[str, int | None] = {}
    for label, file, name in COUNTS:
        calls = [
            nc
            for (path, _line, func), (_cc, nc, *_rest) in stats.items()
            if func == name and path.replace(os.sep, "/").endswith(tuple(file.split("|")))
        ]
        result[label] = max(calls) if calls else None
    return result


# -- YAML parsing speed ----------------------------------------------------------------------------


def yaml_parse_times(folder: Path, repeat: int = 3) -> dict[str, float]:
    """Seconds to turn every YAML file under `folder` into parse events (best of `repeat`), with
    PyYAML's pure-Python SafeLoader and, when libyaml is there, its CSafeLoader."""
    import yaml

    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.yaml"))]
    loaders = {"SafeLoader (pure Python)": yaml.SafeLoader}
    if getattr(yaml, "__with_libyaml__", False):
        loaders["CSafeLoader (libyaml)"] = yaml.CSafeLoader
    result = {}
    for label, loader in loaders.items():
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            for text in texts:
                for _event in yaml.parse(text, Loader=loader):
                    pass
            best = min(best, time.perf_counter() - start)
        result[label] = best
    return result


def top_callers(prof: Path, file: str, name: str, n: int = 3) -> list[tuple[str, int]]:
    """The functions that called `name` (in a file ending with `file`) most often in a saved
    cProfile run, as ("FILE:LINE(FUNC)" shortened, calls); empty when it was never called."""
    try:
        stats = pstats.Stats(str(prof)).stats  # type: ignore[attr-defined]
    except (OSError, TypeError, ValueError, EOFError):
        return []
    calls: Counter[str] = Counter()
    for (path, _line, func), (*_counts, callers) in stats.items():
        if func != name or not path.replace(os.sep, "/").endswith(file):
            continue
        for (cpath, cline, cfunc), (_cc, nc, *_rest) in callers.items():
            if cpath.replace(os.sep, "/").endswith(file):
                continue  # calls within the file itself (one __call__ calling another)
            short = "/".join(cpath.replace(os.sep, "/").split("/")[-2:])
            calls[f"{short}:{cline}({cfunc})"] += nc
    return calls.most_common(n)
