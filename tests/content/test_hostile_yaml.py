"""Hostile YAML: Python tags, alias bombs, deep nesting, a million entries and duplicate keys
are refused by name, quickly and in bounded memory, and run nothing.

One hazard a test; see tests/hostile.py for what these tests hold to.
"""

from __future__ import annotations

import re
from pathlib import Path

from helpers import Edit
from hostile import MiB, build, invoke, line_of, run_child

# -- YAML -------------------------------------------------------------------------------------


def test_python_tags_are_refused_and_run_nothing(content: Path, tmp_path: Path) -> None:
    canary = tmp_path / "pwned"
    payloads = {
        "booklet.yaml": f'title: !!python/object/apply:os.system ["touch {canary}"]',
        "therapies/acupuncture.yaml": "title: !!python/object/new:type "
        "[x, [], {__init__: !!python/name:os.system }]",
        "branding.yaml": "logo_alt: !!python/object/apply:subprocess.check_call "
        f'[[touch, "{canary}"]]',
    }
    for name, payload in payloads.items():
        path = content / name
        text = path.read_text(encoding="utf-8")
        if name == "branding.yaml":  # a key of its own, after the others
            path.write_text(text + payload + "\n", encoding="utf-8")
        else:  # in place of the first line, the title
            path.write_text(payload + "\n" + text.split("\n", 1)[1], encoding="utf-8")
    branding = content / "branding.yaml"
    out = tmp_path / "booklet.pdf"
    result = build(content, out)
    assert result.exit_code == 1
    assert sorted(result.stderr.splitlines()) == sorted(
        [
            f'{content / "booklet.yaml"}:1: the YAML tag "!!python/object/apply:os.system" is not '
            "allowed: content files hold plain text only",
            f"{content / 'therapies/acupuncture.yaml'}:1: the YAML tag "
            '"!!python/object/new:type" is not allowed: content files hold plain text only',
            f"{branding}:{line_of(branding, 'logo_alt:')}: the YAML tag "
            '"!!python/object/apply:subprocess.check_call" is not allowed: content files hold '
            "plain text only",
        ]
    )
    assert not canary.exists(), "a YAML tag ran a command"
    assert not out.exists()


def test_alias_bomb_with_merge_keys_is_refused_quickly(content: Path, tmp_path: Path) -> None:
    # Each level merges the one before twice: 40 levels expand to 2**40 keys. PyYAML's own
    # safe loader takes exponential time on this (21 levels: 6 s; 40: years).
    lines = ["a0: &a0 {x: 1, y: 2}"]
    for i in range(1, 40):
        lines.append(f"a{i}: &a{i}\n  <<: [*a{i - 1}, *a{i - 1}]\n  k{i}: v")
    path = content / "booklet.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n".join(lines) + "\n", encoding="utf-8")
    child = run_child(
        ["build", "--content", content, "--out", tmp_path / "b.pdf"], timeout=20, memory=1536 * MiB
    )
    assert child.returncode == 1, child.stderr
    assert re.fullmatch(
        re.escape(str(path)) + r":\d+: too many repeated references \(YAML "
        r"aliases\): write the text out\n",
        child.stderr,
    ), child.stderr
    assert child.seconds < 5


def test_yaml_nested_100000_deep_is_refused_not_a_crash(content: Path, tmp_path: Path) -> None:
    # Python's recursion limit would make this a RecursionError, and libyaml's C parser can
    # overflow the C stack and kill the process (no `except` catches that): hence a child.
    path = content / "booklet.yaml"
    path.write_text("title: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    child = run_child(["build", "--content", content, "--out", tmp_path / "b.pdf"], timeout=20)
    assert child.returncode == 1, f"exit code {child.returncode}: {child.stderr[-2000:]}"
    assert child.stderr == (f"{path}:1: the text is nested far too deeply to be a content file\n")


def test_yaml_with_a_million_entries_is_refused_quickly_in_bounded_memory(
    content: Path,
    tmp_path: Path,
) -> None:
    # 4 MB (under the 20 MB file limit) of "- a": half a minute and 300 MB to read in full.
    # The child's timeout is what says "quickly": how long it takes is for benchmarks/, not a
    # test that a busy machine can fail.
    path = content / "therapies" / "acupuncture.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "tips:\n" + "- a\n" * 1_000_000, encoding="utf-8"
    )
    child = run_child(["build", "--content", content, "--out", tmp_path / "b.pdf"], timeout=20)
    assert child.returncode == 1
    assert re.fullmatch(
        re.escape(str(path)) + r":\d+: this file holds far too many entries to "
        r"be a content file\n",
        child.stderr,
    ), child.stderr
    assert child.peak_mib < 200, child


def test_duplicate_keys_are_an_error_naming_both_lines(
    content: Path, tmp_path: Path, edit: Edit
) -> None:
    branding = content / "branding.yaml"
    edit(branding, "  name: Example Clinic\n", "  name: Example Clinic\n  'name': Another Clinic\n")
    therapy = content / "therapies" / "acupuncture.yaml"
    therapy.write_text(
        therapy.read_text(encoding="utf-8") + '"summary": A second summary.\n', encoding="utf-8"
    )
    result = invoke("check", "--content", content)
    assert result.exit_code == 1
    assert sorted(result.stderr.splitlines()) == sorted(
        [
            f'{branding}:3: "name" appears twice, on lines 2 and 3: keep one',
            f'{therapy}:5: "summary" appears twice, on lines 2 and 5: keep one',
        ]
    )
