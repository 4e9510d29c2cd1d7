"""Handout packs (`packs:` in booklet.yaml): named sets of therapy ids, read like the order, each
unknown id an error at its line with a did-you-mean."""

from __future__ import annotations

from pathlib import Path

import pytest

from cdbooklet.content.load import load_content
from cdbooklet.errors import BookletError
from helpers import Edit, MakeContent

ORDER = "order:\n  - physical-therapy\n  - massage-therapy\n  - acupuncture\n  - biofeedback\n"


def _packs(content: Path, edit: Edit, packs: str) -> Path:
    booklet = content / "booklet.yaml"
    text = booklet.read_text(encoding="utf-8")
    start = text.index("packs:")
    end = text.index("published:")
    booklet.write_text(text[:start] + packs + text[end:], encoding="utf-8")
    return booklet


def _problems(content: Path) -> list[str]:
    with pytest.raises(BookletError) as caught:
        load_content(content)
    return [str(p) for p in caught.value.problems]


def _line(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


def test_packs_load_in_order_as_name_and_ids(make_content: MakeContent) -> None:
    content, _warnings = load_content(make_content("complete"))
    assert content.booklet.packs == (
        ("New diagnosis", ("physical-therapy", "acupuncture")),
        ("Muscle tension", ("massage-therapy", "physical-therapy")),
    )
    assert content.booklet.pack("new  DIAGNOSIS") == ("physical-therapy", "acupuncture")
    assert content.booklet.pack("nope") is None


def test_no_packs_is_an_empty_tuple(make_content: MakeContent) -> None:
    content, _warnings = load_content(make_content("minimal"))
    assert content.booklet.packs == ()


def test_an_unknown_id_is_an_error_at_its_line_with_a_did_you_mean(
    make_content: MakeContent, edit: Edit
) -> None:
    content = make_content("complete")
    booklet = _packs(
        content, edit, 'packs:\n  "New diagnosis":\n    - physical-therapy\n    - biofedback\n'
    )
    line = _line(booklet, "    - biofedback")
    assert _problems(content) == [
        f'{booklet}:{line}: the pack "New diagnosis" names "biofedback", but there is no '
        'therapies/biofedback.yaml (did you mean "biofeedback"?)'
    ]


@pytest.mark.parametrize(
    ("packs", "at", "message"),
    [
        ("packs:\n  - acupuncture\n", "packs:", '"packs" should be named sets of therapy ids'),
        ('packs:\n  "Empty":\n', '  "Empty":', 'the pack "Empty" should be a list of therapy ids'),
        (
            'packs:\n  "Twice":\n    - acupuncture\n    - acupuncture\n',
            "    - acupuncture",
            '"acupuncture" is listed twice in the pack "Twice"',
        ),
        (
            'packs:\n  "One":\n    - acupuncture\n  "one":\n    - biofeedback\n',
            '  "one":',
            'there are two packs named "one"',
        ),
        (
            "packs:\n  " + "x" * 61 + ":\n    - acupuncture\n",
            "  " + "x" * 61 + ":",
            "characters long: keep it to 60 or fewer",
        ),
    ],
)
def test_a_mistake_in_packs_is_an_error_at_its_line(
    make_content: MakeContent, edit: Edit, packs: str, at: str, message: str
) -> None:
    content = make_content("complete")
    booklet = _packs(content, edit, packs)
    lines = booklet.read_text(encoding="utf-8").splitlines()
    # The last line that reads `at` (a repeated entry is reported where it repeats).
    line = max(i for i, text in enumerate(lines, start=1) if text == at)
    (problem,) = _problems(content)
    assert problem.startswith(f"{booklet}:{line}: ") and message in problem, problem


def test_a_pack_naming_a_broken_therapy_says_nothing_more(make_content: MakeContent) -> None:
    content = make_content("complete")
    broken = content / "therapies" / "acupuncture.yaml"
    broken.write_text("title: [\n", encoding="utf-8")
    problems = _problems(content)
    assert all(str(broken) in p for p in problems), problems
