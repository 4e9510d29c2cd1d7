"""Every message the safe YAML reader can give, one test per message, plus a fuzz property.

`read_yaml` reads a file and `parse_yaml` parses text; both raise BookletError naming the file and
line, and never anything else (see the Hypothesis test at the end).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cdbooklet.content.yamlread import MAX_DEPTH, Node, parse_yaml, read_yaml
from cdbooklet.errors import BookletError

X = Path("x.yaml")


def errors_of(text: str) -> list[str]:
    """The problem lines parse_yaml raises for a text (it must raise)."""
    with pytest.raises(BookletError) as info:
        parse_yaml(text, X)
    return [str(p) for p in info.value.problems]


def read_errors_of(path: Path) -> list[str]:
    """The problem lines read_yaml raises for a file (it must raise)."""
    with pytest.raises(BookletError) as info:
        read_yaml(path)
    return [str(p) for p in info.value.problems]


# -- what it builds ----------------------------------------------------------------------------


def test_mapping_keeps_the_line_of_every_key_and_item() -> None:
    node = parse_yaml("# a note\ntitle: Yoga\ntips:\n  - Breathe\n  - Rest\n", X)
    assert node.kind == "mapping"
    assert {key: line for key, (line, _value) in node.keys.items()} == {"title": 2, "tips": 3}
    title = node.keys["title"][1]
    assert (title.kind, title.text) == ("scalar", "Yoga")
    tips = node.keys["tips"][1]
    assert [(item.text, item.line) for item in tips.items] == [("Breathe", 4), ("Rest", 5)]


def test_empty_value_is_none_and_text_is_kept_as_typed() -> None:
    node = parse_yaml("footer:\nreviewed: 2025-03-01\nsummary: yes\n", X)
    assert node.keys["footer"][1].text is None
    assert node.keys["reviewed"][1].text == "2025-03-01"
    assert node.keys["summary"][1].text == "yes"


@pytest.mark.parametrize("text", ["", "# only a note\n"])
def test_empty_file_is_an_empty_mapping(text: str) -> None:
    node = parse_yaml(text, X)
    assert (node.kind, node.keys) == ("mapping", {})


def test_utf8_file_with_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"\xef\xbb\xbftitle: Caf\xc3\xa9\n")
    assert read_yaml(path).keys["title"][1].text == "Café"


# -- reading the file --------------------------------------------------------------------------


def test_missing_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "booklet.yaml"
    assert read_errors_of(path) == [f"{path}: this file is missing"]


def test_folder_instead_of_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "booklet.yaml"
    path.mkdir()
    assert read_errors_of(path) == [f"{path}: this is a folder, not a YAML file"]


def test_unreadable_file_gives_the_reason(tmp_path: Path) -> None:
    # A symlink loop cannot be read by anyone, root included.
    path = tmp_path / "loop.yaml"
    os.symlink("loop.yaml", path)
    assert read_errors_of(path) == [f"{path}: cannot be read (Too many levels of symbolic links)"]


def test_file_over_20_mb_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as fh:
        fh.truncate(20 * 1024 * 1024 + 1)  # sparse: no real 20 MB written
    assert read_errors_of(path) == [
        f"{path}: this file is too large to be a content file (over 20 MB)"
    ]


def test_file_not_in_utf8_names_the_first_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes("title: Yoga\n\nsummary: Caf\xe9 stretches\n".encode("cp1252"))
    assert read_errors_of(path) == [
        f"{path}:3: this file is not UTF-8 text: save it as UTF-8 in your editor"
    ]


# -- parsing -----------------------------------------------------------------------------------


def test_yaml_syntax_error_names_its_line() -> None:
    assert errors_of("title: Yoga\nsummary: Stretching\n  body: Slowly\n") == [
        "x.yaml:3: this is not valid YAML (mapping values are not allowed here): "
        "check the indentation and colons"
    ]


def test_tab_indentation_is_a_syntax_error_on_its_line() -> None:
    assert errors_of("tips:\n\t- Breathe\n") == [
        "x.yaml:2: this is not valid YAML (found character '\\t' that cannot start any token): "
        "check the indentation and colons"
    ]


def test_duplicate_key_names_both_lines() -> None:
    assert errors_of("title: Yoga\nsummary: Stretching\ntitle: Tai chi\n") == [
        'x.yaml:3: "title" appears twice, on lines 1 and 3: keep one'
    ]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            'title: !!python/object/apply:os.system ["echo hacked"]\n',
            "!!python/object/apply:os.system",
        ),
        ("title: !!python/name:os.system\n", "!!python/name:os.system"),
        ("title: !!binary aGk=\n", "!!binary"),
        ("title: !shout Yoga\n", "!shout"),
    ],
)
def test_python_and_custom_tags_are_refused(text: str, shown: str) -> None:
    assert errors_of(text) == [
        f'x.yaml:1: the YAML tag "{shown}" is not allowed: content files hold plain text only'
    ]


def test_standard_tags_are_allowed() -> None:
    node = parse_yaml("title: !!str 2025\n", X)
    assert node.keys["title"][1].text == "2025"


def test_alias_bomb_is_refused() -> None:
    # "Billion laughs": nine levels of nine aliases would expand to 9**9 strings.
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    assert errors_of("\n".join(lines) + "\n") == [
        "x.yaml:5: too many repeated references (YAML aliases): write the text out"
    ]


def test_a_few_aliases_are_allowed() -> None:
    node = parse_yaml("a: &note Ask first\nb: *note\n", X)
    assert node.keys["b"][1].text == "Ask first"


def test_undefined_alias_is_reported() -> None:
    assert errors_of("title: *nope\n") == [
        'x.yaml:1: "*nope" refers to an anchor that is not defined'
    ]


def test_flow_nesting_1000_deep_gives_the_depth_message() -> None:
    assert errors_of("[" * 1000 + "]" * 1000) == [
        "x.yaml:1: the text is nested far too deeply to be a content file"
    ]


def test_block_nesting_past_the_limit_names_the_line() -> None:
    text = "".join("  " * i + f"k{i}:\n" for i in range(100))
    assert errors_of(text) == [
        f"x.yaml:{MAX_DEPTH + 1}: the text is nested far too deeply to be a content file"
    ]


def test_nesting_up_to_the_limit_is_allowed() -> None:
    node = parse_yaml("[" * MAX_DEPTH + "]" * MAX_DEPTH, X)
    assert node.kind == "list"


def test_second_document_is_refused_at_its_separator() -> None:
    assert errors_of("title: Yoga\n---\ntitle: Tai chi\n") == [
        "x.yaml:2: this file holds more than one YAML document (a second ---)"
    ]


@pytest.mark.parametrize("text", ["? [a, b]\n: c\n", "{[a]: b}\n"])
def test_key_that_is_not_a_plain_word_is_refused(text: str) -> None:
    assert errors_of(text) == ["x.yaml:1: a key must be a plain word, like title:"]


def test_control_character_is_one_line_naming_its_line() -> None:
    problems = errors_of("title: Yoga\nsummary: Bell\x07\n")
    assert len(problems) == 1
    assert problems[0].startswith("x.yaml:2: ")
    assert "\n" not in problems[0]


# -- never anything but BookletError -----------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_parses_or_raises_booklet_error(text: str) -> None:
    try:
        node = parse_yaml(text, X)
    except BookletError as exc:
        assert exc.problems
        assert all(p.path == X for p in exc.problems)
    else:
        assert isinstance(node, Node)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab1 :-?,[]{}&*!|>#'\"\n\t%@`~"))))
def test_yaml_punctuation_parses_or_raises_booklet_error(text: str) -> None:
    try:
        node = parse_yaml(text, X)
    except BookletError as exc:
        assert exc.problems
    else:
        assert isinstance(node, Node)
