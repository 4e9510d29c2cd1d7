"""Safe YAML reading that keeps line numbers: files -> a small tree of `Node`s.

Built straight from PyYAML's event stream, so nothing is constructed but text, lists and mappings.
The events come from libyaml's parser when PyYAML has it (thirty times faster than PyYAML's own):
that parser keeps its nesting on the heap and hands over one event at a time, so `MAX_DEPTH`
stops a deep file after a few events. What can crash a process on deep nesting is libyaml's
*loader*, whose composer recurses in C; it is never used. Python and
other custom tags, duplicate keys, nesting deeper than `MAX_DEPTH`, more than `MAX_NODES` values
and alias expansion beyond `MAX_EXPANDED` are refused with the file and line, so no file can make
reading take long or use much memory. Never imports ReportLab.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.resolver import Resolver

from cdbooklet.errors import BookletError

MAX_DEPTH = 32
"""Our files nest three levels; anything this deep is a mistake or an attack."""
MAX_EXPANDED = 10_000
"""How many nodes aliases may add in total: a "billion laughs" file stops here, quickly."""
MAX_NODES = 50_000
"""How many values (texts, lists, mappings) one file may hold. A therapy holds about fifty and
booklet.yaml's order at most a few thousand; a file of a million tiny list items would otherwise
take half a minute and hundreds of megabytes to read, well inside `MAX_BYTES`."""
MAX_BYTES = 20 * 1024 * 1024
"""The largest YAML file read at all."""
_PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's event parser when PyYAML was built with it, else PyYAML's own."""

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}
_RESOLVER: Any = Resolver()  # its resolve() has no type hints in the stubs


@dataclass(slots=True)
class Node:
    """A YAML value with its line: `text` for a scalar, `items` for a list, `keys` for a mapping."""

    kind: str
    """"scalar", "list" or "mapping"."""
    line: int
    text: str | None = None
    """A scalar's text as typed; None for an empty value (`key:` or `null`)."""
    tag: str = ""
    """What the YAML resolver says a plain scalar is (str, int, bool, timestamp…)."""
    items: list[Node] = field(default_factory=list)
    keys: dict[str, tuple[int, Node]] = field(default_factory=dict)
    """key -> (the key's line, its value)."""
    size: int = 1

    def describe(self) -> str:
        """A few everyday words for what was typed, for messages."""
        if self.kind == "list":
            return "a list"
        if self.kind == "mapping":
            return "a group of keys"
        return "nothing" if self.text is None else f'"{_short(self.text)}"'


def read_yaml(path: Path) -> Node:
    """Read one YAML file into a `Node` tree, or raise BookletError naming the file and line."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise BookletError.at(
                path, 0, "this file is too large to be a content file (over 20 MB)"
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BookletError.at(path, 0, "this file is missing") from None
    except IsADirectoryError:
        raise BookletError.at(path, 0, "this is a folder, not a YAML file") from None
    except OSError as exc:
        raise BookletError.at(path, 0, f"cannot be read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise BookletError.at(
            path, line, "this file is not UTF-8 text: save it as UTF-8 in your editor"
        ) from None
    return parse_yaml(text, path)


def parse_yaml(text: str, path: Path) -> Node:
    """Parse YAML text (one document) into a `Node` tree."""
    try:
        return _parse(text, path, _PARSER)
    except yaml.YAMLError as exc:
        error = exc
    if _PARSER is not yaml.SafeLoader:
        # libyaml found a mistake: PyYAML's own parser words it more plainly ("found character
        # '\t' that cannot start any token"). Mistakes are rare, so reading twice costs little.
        try:
            return _parse(text, path, yaml.SafeLoader)
        except yaml.YAMLError as exc:
            error = exc
    raise _syntax_error(error, text, path) from None


def _parse(text: str, path: Path, parser: type) -> Node:
    builder = _Builder(path)
    for event in yaml.parse(text, Loader=parser):
        builder.feed(event)
    return builder.result(path)


def _syntax_error(exc: yaml.YAMLError, text: str, path: Path) -> BookletError:
    """What is wrong with the YAML, in one sentence with its line."""
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        problem = (exc.problem or exc.context or "not valid YAML").strip()
        return BookletError.at(
            path, line, f"this is not valid YAML ({problem}): check the indentation and colons"
        )
    if isinstance(exc, yaml.reader.ReaderError):
        # A character YAML does not allow (a control code pasted from elsewhere).
        line = text[: exc.position].count("\n") + 1
        code = (
            exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or " ")
        )
        return BookletError.at(
            path, line, f"this line holds an invisible control character (U+{code:04X}): delete it"
        )
    return BookletError.at(path, 0, "this is not valid YAML: check the indentation and colons")


class _Builder:
    """Turns parser events into Nodes without recursion, enforcing the safety bounds."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stack: list[tuple[Node, str | None, list[object]]] = []
        self.anchors: dict[str, Node] = {}
        self.documents: list[Node] = []
        self.expanded = 0
        self.nodes = 0

    def fail(self, line: int, message: str) -> BookletError:
        return BookletError.at(self.path, line, message)

    def feed(self, event: yaml.Event) -> None:
        line = event.start_mark.line + 1 if event.start_mark else 0
        if isinstance(event, yaml.DocumentStartEvent) and self.documents:
            raise self.fail(line, "this file holds more than one YAML document (a second ---)")
        if isinstance(event, yaml.AliasEvent):
            target = self.anchors.get(event.anchor or "")
            if target is None:
                raise self.fail(line, f'"*{event.anchor}" refers to an anchor that is not defined')
            self.expanded += target.size
            if self.expanded > MAX_EXPANDED:
                raise self.fail(
                    line, "too many repeated references (YAML aliases): write the text out"
                )
            self._add(target, line)
        elif isinstance(event, yaml.ScalarEvent):
            self._count(line)
            tag = self._check_tag(event.tag, line)
            if event.implicit[0] and not tag:
                tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)
            is_null = tag == "tag:yaml.org,2002:null"
            node = Node("scalar", line, text=None if is_null else event.value, tag=tag or "")
            self._anchor(event.anchor, node)
            self._add(node, line)
        elif isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
            self._count(line)
            self._check_tag(event.tag, line)
            if len(self.stack) >= MAX_DEPTH:
                raise self.fail(line, "the text is nested far too deeply to be a content file")
            kind = "list" if isinstance(event, yaml.SequenceStartEvent) else "mapping"
            node = Node(kind, line)
            self.stack.append((node, event.anchor, []))
        elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
            node, anchor, _pending = self.stack.pop()
            self._anchor(anchor, node)
            self._add(node, node.line, finished=True)

    def _count(self, line: int) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(line, "this file holds far too many entries to be a content file")

    def _check_tag(self, tag: str | None, line: int) -> str | None:
        if tag is None or tag == "!":
            return None
        if tag not in _STANDARD_TAGS:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise self.fail(
                line, f'the YAML tag "{shown}" is not allowed: content files hold plain text only'
            )
        return tag

    def _anchor(self, anchor: str | None, node: Node) -> None:
        if anchor:
            self.anchors[anchor] = node

    def _add(self, node: Node, line: int, finished: bool = False) -> None:
        if not self.stack:
            self.documents.append(node)
            return
        parent, _anchor, pending = self.stack[-1]
        parent.size += node.size
        if parent.kind == "list":
            parent.items.append(node)
            return
        if not pending:
            # A mapping key: only plain text keys mean anything in our files.
            if node.kind != "scalar":
                raise self.fail(line, "a key must be a plain word, like title:")
            pending.append(node)
            return
        key_node = pending.pop()
        assert isinstance(key_node, Node)
        key = key_node.text if key_node.text is not None else "null"
        if key in parent.keys:
            first = parent.keys[key][0]
            raise self.fail(
                key_node.line,
                f'"{key}" appears twice, on lines {first} and {key_node.line}: keep one',
            )
        parent.keys[key] = (key_node.line, node)

    def result(self, path: Path) -> Node:
        if not self.documents:
            return Node("mapping", 1)
        return self.documents[0]


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
