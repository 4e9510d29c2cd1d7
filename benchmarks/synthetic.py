"""Synthetic content directories of any size, made from the real default content.

`make_content(n, folder)` copies `content/` (booklet.yaml, branding.yaml, assets/) and writes n
therapy files by cycling the ten real ones in the booklet's own order. Each copy keeps its text
byte for byte except the title, which gets a number ("Physical Therapy 37"), and the file name,
which becomes a unique id ("physical-therapy-37"); booklet.yaml's `order` lists the new ids, so
the booklet has the same shape as the real one, only longer, and has no language-help page
(`language_help: []`), as the baseline has none.

Only text is rewritten (never a YAML round trip), so the loader sees the same block scalars,
comments and layout a clinic's files have. Never imports cdbooklet or ReportLab.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"

_TITLE = re.compile(r"(?m)^title:[ \t]*(.*)$")
_ORDER = re.compile(r"(?m)^order:[ \t]*\n(?:[ \t]+-[^\n]*\n|[ \t]*#[^\n]*\n)+")
_PACKS = re.compile(r"(?m)^packs:[ \t]*\n(?:[ \t]+[^\n]*\n)+")
"""booklet.yaml's handout packs, which name the real ids (the copies have new ones)."""


def source_ids(source: Path = CONTENT) -> list[str]:
    """The real therapies in booklet order (the `order` list, then any others by name)."""
    booklet = yaml.safe_load((source / "booklet.yaml").read_text(encoding="utf-8"))
    on_disk = sorted(p.stem for p in (source / "therapies").glob("*.yaml"))
    ordered = [i for i in booklet.get("order") or [] if i in on_disk]
    return ordered + [i for i in on_disk if i not in ordered]


def make_content(n: int, folder: Path, source: Path = CONTENT) -> Path:
    """Write a content directory with `n` therapies to `folder` (replacing it); return it."""
    if n < 1:
        raise ValueError("a booklet needs at least one therapy")
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "therapies").mkdir(parents=True)
    shutil.copy2(source / "branding.yaml", folder / "branding.yaml")
    if (source / "assets").is_dir():
        shutil.copytree(source / "assets", folder / "assets")

    texts = {
        i: (source / "therapies" / f"{i}.yaml").read_text(encoding="utf-8")
        for i in source_ids(source)
    }
    cycle = list(texts)
    ids = []
    for number in range(1, n + 1):
        base = cycle[(number - 1) % len(cycle)]
        text = texts[base]
        title = yaml.safe_load(text)["title"]
        # A JSON string is a valid YAML double-quoted scalar, whatever the title holds.
        new_title = "title: " + json.dumps(f"{title} {number}", ensure_ascii=False)
        text, count = _TITLE.subn(lambda _m, line=new_title: line, text, count=1)
        if count != 1:
            raise ValueError(f"{base}.yaml has no title line to number")
        new_id = f"{base}-{number}"
        (folder / "therapies" / f"{new_id}.yaml").write_text(text, encoding="utf-8")
        ids.append(new_id)

    booklet = (source / "booklet.yaml").read_text(encoding="utf-8")
    order = "order:\n" + "".join(f"  - {i}\n" for i in ids)
    booklet, count = _ORDER.subn(lambda _m: order, booklet, count=1)
    if count != 1:
        booklet = booklet.rstrip("\n") + "\n\n" + order
    booklet = _PACKS.sub("", booklet)
    # Without the language-help page: the baseline (bare ReportLab, no shaping) draws none, and
    # the targets compare the same booklet; benchmarks/scripts.py measures what the page costs.
    booklet = booklet.rstrip("\n") + "\n\nlanguage_help: []\n"
    (folder / "booklet.yaml").write_text(booklet, encoding="utf-8")
    return folder
