"""Proves that a change which should not change output did not: every default output, hashed.

Builds every output the default content makes (the booklet on each page size, large print,
grayscale, untagged, Spanish, imposed, manual duplex, print-shop bleed and crop marks, every
handout in English and Spanish, every file of the HTML site, the folder `init` makes and the
JSON Schema `schema` prints) with SOURCE_DATE_EPOCH fixed, and prints the SHA-256 of each file.

    python tools/same_output.py                      # hashes of this tree's outputs
    python tools/same_output.py --against ac4a5d3    # build from that commit too, and compare

With --against, the other commit is checked out into a temporary git worktree and run with the
same Python and the same content folder (this tree's content/, so only the code differs). Exit 0
when every file is byte-identical, 1 otherwise, listing each difference.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z

# (output name, arguments after `python -m cdbooklet`); {content}, {es} and {out} are filled in.
RUNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    *(
        (
            f"booklet-{size}.pdf",
            ("build", "--content", "{content}", "--page-size", size, "--out", "{out}"),
        )
        for size in ("letter", "a4", "a5", "half-letter")
    ),
    ("booklet-large.pdf", ("build", "--content", "{content}", "--large-print", "--out", "{out}")),
    (
        "booklet-large-a5.pdf",
        ("build", "--content", "{content}", "--large-print", "--page-size", "a5", "--out", "{out}"),
    ),
    ("booklet-gray.pdf", ("build", "--content", "{content}", "--grayscale", "--out", "{out}")),
    ("booklet-untagged.pdf", ("build", "--content", "{content}", "--no-tags", "--out", "{out}")),
    ("booklet-es.pdf", ("build", "--content", "{es}", "--out", "{out}")),
    (
        "booklet-imposed.pdf",
        (
            "build",
            "--content",
            "{content}",
            "--page-size",
            "half-letter",
            "--impose",
            "saddle-stitch",
            "--out",
            "{out}",
        ),
    ),
    (
        "booklet-duplex.pdf",
        (
            "build",
            "--content",
            "{content}",
            "--impose",
            "saddle-stitch",
            "--manual-duplex",
            "--duplex",
            "long-edge",
            "--creep",
            "0.5",
            "--out",
            "{out}",
        ),
    ),
    (
        "booklet-printshop.pdf",
        ("build", "--content", "{content}", "--bleed", "3", "--crop-marks", "--out", "{out}"),
    ),
    ("handouts", ("handout", "--all", "--content", "{content}", "--out-dir", "{out}")),
    (
        "handouts-large-a4",
        (
            "handout",
            "--all",
            "--content",
            "{content}",
            "--large-print",
            "--page-size",
            "a4",
            "--out-dir",
            "{out}",
        ),
    ),
    ("handouts-es", ("handout", "--all", "--content", "{es}", "--out-dir", "{out}")),
    (
        "handout-note.pdf",
        (
            "handout",
            "acupuncture",
            "--content",
            "{content}",
            "--note",
            "Tuesdays at 10 & <bring> water",
            "--out",
            "{out}",
        ),
    ),
    ("site", ("html", "--content", "{content}", "--out-dir", "{out}")),
    ("new-folder", ("init", "{out}")),
    ("schema.json", ("schema",)),
    ("site-es", ("html", "--content", "{es}", "--out-dir", "{out}")),
)


def build_all(tree: Path, content: Path, into: Path) -> dict[str, str]:
    """Build every output with the code of `tree` from `content`; return name -> SHA-256."""
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": EPOCH,
        "PYTHONPATH": str(tree / "src"),
        "CDBOOKLET_FONTS": str(tree / "fonts"),
        "PYTHONHASHSEED": "0",
    }
    hashes: dict[str, str] = {}
    into.mkdir(parents=True)
    for name, args in RUNS:
        out = into / name
        filled = [a.format(content=content, es=content / "es", out=out) for a in args]
        result = subprocess.run(
            [sys.executable, "-m", "cdbooklet", *filled],
            env=env,
            cwd=into,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise SystemExit(f"{tree}: {' '.join(filled)} failed:\n{result.stderr}")
        if "{out}" not in args:  # a command that prints its output
            out.write_text(result.stdout, encoding="utf-8")
    for path in sorted(p for p in into.rglob("*") if p.is_file()):
        if path.name.startswith("."):
            continue  # incremental-build stamps: bookkeeping, not output
        hashes[path.relative_to(into).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", metavar="COMMIT", help="compare with this commit's outputs")
    args = parser.parse_args()
    content = ROOT / "content"
    with tempfile.TemporaryDirectory(prefix="same-output-") as tmp:
        here = build_all(ROOT, content, Path(tmp) / "here")
        if not args.against:
            for name, digest in here.items():
                print(f"{digest}  {name}")
            return 0
        tree = Path(tmp) / "tree"
        subprocess.run(
            [
                "git",
                "-C",
                str(ROOT),
                "worktree",
                "add",
                "--detach",
                "--quiet",
                str(tree),
                args.against,
            ],
            check=True,
        )
        try:
            there = build_all(tree, content, Path(tmp) / "there")
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=True
            )
    differ = sorted(n for n in here.keys() | there.keys() if here.get(n) != there.get(n))
    for name in differ:
        print(
            f"DIFFERS  {name}  ({args.against}: {there.get(name, 'missing')[:12]}, "
            f"this tree: {here.get(name, 'missing')[:12]})"
        )
    print(
        f"{len(here) - len(differ)} of {len(here | there)} files byte-identical with {args.against}"
    )
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
