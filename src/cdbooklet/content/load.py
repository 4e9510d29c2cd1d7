"""Reads and validates a content directory into the model; every problem names its file and line.

files -> `load_content` -> `Content`. Each key is read by its kind, as `keys` declares it: it
checks every key (unknown keys get a "did you mean"), every type, date, colour, link, the
`order`, the logo and the font, and the length of one-line fields; it collects all problems
before raising one `BookletError`.
Never imports ReportLab.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection, Mapping
from datetime import date
from pathlib import Path
from typing import Any, cast

from cdbooklet.content import colour, fonts
from cdbooklet.content.keys import (
    BOOKLET,
    BRANDING,
    DATE,
    ID,
    LANGUAGE,
    PACK_NAME_LENGTH,
    THERAPY,
    Key,
    Kind,
)
from cdbooklet.content.model import (
    PAGE_SIZES,
    Booklet,
    Branding,
    Contact,
    Content,
    PageSize,
    Reference,
    Source,
    Therapy,
    Translation,
)
from cdbooklet.content.yamlread import Node, parse_yaml, read_yaml
from cdbooklet.errors import BookletError, Problem, Report
from cdbooklet.text.labels import (
    default_language_help,
    has_language_help,
    language_help_languages,
)
from cdbooklet.text.markup import ALLOWED_SCHEMES, find_links, is_allowed_url, plain_text

_MAX_THERAPIES = 5_000


def load_content(
    root: Path,
    today: date | None = None,
    *,
    overrides: Mapping[Path, str] | None = None,
    leave_out: Collection[Path] = (),
) -> tuple[Content, list[Problem]]:
    """Load a content directory. Returns the content and its warnings; raises on any error.

    For the front desk, which keeps printing the last good version of a file while its saved
    version has a mistake: `overrides` is the text to read in place of a file on disk (by the
    path as `root / name` spells it), and `leave_out` the therapy files to pass over as if they
    were not there (files that have never loaded), without a word about them."""
    report = Report()
    root = Path(root)
    if not root.is_dir():
        raise BookletError.at(root, 0, "this content folder does not exist")
    real_root = root.resolve()
    reader = _Reader(root, real_root, report, overrides or {}, frozenset(leave_out))

    booklet_node = reader.file(root / "booklet.yaml", BOOKLET.names)
    branding_node = reader.file(root / "branding.yaml", BRANDING.names)
    therapies = reader.therapies(root / "therapies")
    # Go on past broken files so that `check` shows every problem at once.
    branding = reader.branding(branding_node) if branding_node else None
    booklet = reader.booklet(booklet_node, therapies) if booklet_node else None
    report.raise_if_errors()
    assert branding is not None and booklet is not None
    _date_warnings(booklet, today or date.today(), report)
    files = (*reader.read, *([branding.logo] if branding.logo else ()))
    return Content(root=root, booklet=booklet, branding=branding, files=files), report.warnings


class _Reader:
    """Holds the report and the content root while the files are read."""

    def __init__(
        self,
        root: Path,
        real_root: Path,
        report: Report,
        overrides: Mapping[Path, str],
        leave_out: frozenset[Path],
    ) -> None:
        self.root = root
        self.real_root = real_root
        self.report = report
        self.overrides = overrides
        self.leave_out = leave_out
        self.read: list[Path] = []
        """The YAML files read, in order."""
        self.broken_ids: set[str] = set()
        """Therapy files that exist but have errors (already reported)."""

    # -- files ---------------------------------------------------------------------------------
    def file(self, path: Path, keys: dict[str, Key]) -> Node | None:
        if not self._inside(path):
            return None
        try:
            text = self.overrides.get(path)
            node = read_yaml(path) if text is None else parse_yaml(text, path)
        except BookletError as exc:
            self.report.extend(exc.problems)
            return None
        self.read.append(path)
        if node.kind != "mapping":
            self.report.error(path, node.line, "this file should be a list of keys, like title: …")
            return None
        self._check_keys(path, node, keys, prefix="")
        return node

    def _inside(self, path: Path) -> bool:
        """Refuse a file that is (or links to) something outside the content folder."""
        try:
            real = path.resolve()
        except (OSError, RuntimeError):  # RuntimeError: a symlink loop, on Python 3.11
            self.report.error(path, 0, "cannot be read (a link that points to itself)")
            return False
        if not real.is_relative_to(self.real_root):
            self.report.error(
                path, 0, "this file points outside the content folder: copy it into the folder"
            )
            return False
        if not path.exists():
            self.report.error(path, 0, "this file is missing")
            return False
        return True

    def therapies(self, folder: Path) -> list[Therapy]:
        if not folder.is_dir():
            self.report.error(folder, 0, "the therapies folder is missing")
            return []
        paths = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
        if not paths:
            self.report.error(folder, 0, "there are no therapies: add a .yaml file for each one")
        if len(paths) > _MAX_THERAPIES:
            self.report.error(folder, 0, f"more than {_MAX_THERAPIES} therapy files is too many")
            return []
        found: list[Therapy] = []
        first_file: dict[str, Path] = {}
        for path in paths:
            if path.stem in first_file:
                self.report.error(
                    path,
                    0,
                    f"{first_file[path.stem].name} and {path.name} are the same therapy: keep one",
                )
                self.broken_ids.add(path.stem)
                continue
            first_file[path.stem] = path
            if path in self.leave_out:
                self.broken_ids.add(path.stem)
                continue
            if not ID.match(path.stem):
                self.broken_ids.add(path.stem)
                suggestion = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "therapy"
                self.report.error(
                    path,
                    0,
                    "file names become ids: use lowercase letters, digits and hyphens, "
                    f"like {suggestion}{path.suffix}",
                )
                continue
            node = self.file(path, THERAPY.names)
            therapy = self.therapy(path, node) if node is not None else None
            if therapy is None:
                self.broken_ids.add(path.stem)
            else:
                found.append(therapy)
        return found

    # -- one kind of file each -------------------------------------------------------------------
    def therapy(self, path: Path, node: Node) -> Therapy | None:
        v = _Values(path, node, THERAPY.names, self.report, prefix="")
        values, group_lines = v.groups()
        values.update(v.values())
        if not v.is_clean:
            return None
        lines = v.lines() + group_lines
        return Therapy(id=path.stem, source=Source(path, 1), lines=lines, **values)

    def booklet(self, node: Node, therapies: list[Therapy]) -> Booklet | None:
        path = self.root / "booklet.yaml"
        v = _Values(path, node, BOOKLET.names, self.report, prefix="")
        ordered = self._order(path, node, therapies)
        values, group_lines = v.groups()
        values.update(v.values())
        packs = self._packs(path, node, therapies)
        if packs:
            values["packs"] = packs
        if "language_help" not in values:
            values["language_help"] = default_language_help(values.get("language", "en"))
        published, review_by = values.get("published"), values.get("review_by")
        if published and review_by and review_by <= published:
            self.report.error(
                path, dict(v.lines())["review_by"], "review_by should come after published"
            )
        if not v.is_clean:
            return None
        lines = v.lines() + group_lines
        return Booklet(therapies=tuple(ordered), source=Source(path, 1), lines=lines, **values)

    def _order(self, path: Path, node: Node, therapies: list[Therapy]) -> list[Therapy]:
        by_id = {t.id: t for t in therapies}
        if "order" not in node.keys:
            return sorted(therapies, key=lambda t: (t.title.casefold(), t.id))
        line, order_node = node.keys["order"]
        if order_node.kind != "list":
            self.report.error(
                path,
                line,
                f'"order" should be {BOOKLET.key("order").hint}, not {order_node.describe()}',
            )
            return sorted(therapies, key=lambda t: (t.title.casefold(), t.id))
        ids, seen = self._therapy_ids(path, order_node, "order", set(by_id))
        ordered = [by_id[tid] for tid in ids]
        for therapy in sorted(therapies, key=lambda t: (t.title.casefold(), t.id)):
            if therapy.id not in seen:
                self.report.warn(
                    path, line, f'"{therapy.id}" is not in order: it is placed at the end'
                )
                ordered.append(therapy)
        return ordered

    def _packs(
        self, path: Path, node: Node, therapies: list[Therapy]
    ) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The handout packs, read like the order: each id must name a therapy."""
        if "packs" not in node.keys:
            return ()
        line, packs_node = node.keys["packs"]
        if packs_node.kind != "mapping":
            self.report.error(
                path,
                line,
                f'"packs" should be {BOOKLET.key("packs").hint}, not {packs_node.describe()}',
            )
            return ()
        known = {t.id for t in therapies}
        names: dict[str, int] = {}
        packs: list[tuple[str, tuple[str, ...]]] = []
        for typed, (name_line, value) in packs_node.keys.items():
            name = " ".join(typed.split())
            if not name:
                self.report.error(path, name_line, "each pack needs a name before its colon")
                continue
            if len(name) > PACK_NAME_LENGTH:
                self.report.error(
                    path,
                    name_line,
                    f'the pack name "{name}" is {len(name)} characters long: keep it to '
                    f"{PACK_NAME_LENGTH} or fewer",
                )
                continue
            if name.casefold() in names:
                self.report.error(
                    path,
                    name_line,
                    f'there are two packs named "{name}" (lines {names[name.casefold()]} and '
                    f"{name_line}): give each its own name",
                )
                continue
            names[name.casefold()] = name_line
            if value.kind != "list" or not value.items:
                self.report.error(
                    path,
                    name_line,
                    f'the pack "{name}" should be a list of therapy ids, each on a line starting '
                    f'with "- ", not {value.describe()}',
                )
                continue
            ids, _seen = self._therapy_ids(path, value, f'the pack "{name}"', known)
            packs.append((name, tuple(ids)))
        return tuple(packs)

    def _therapy_ids(
        self, path: Path, list_node: Node, where: str, known: set[str]
    ) -> tuple[list[str], dict[str, int]]:
        """The therapy ids a list names (`where`: "order", 'the pack "New diagnosis"'), in order,
        and the line of each; an entry that is no id, is named twice or names no therapy file
        is an error at its line."""
        ids: list[str] = []
        seen: dict[str, int] = {}
        for item in list_node.items:
            if item.kind != "scalar" or item.text is None or not item.text.strip():
                self.report.error(
                    path,
                    item.line,
                    f"each entry in {where} should be a therapy id, not {item.describe()}",
                )
                continue
            tid = item.text.strip()
            if tid in seen:
                self.report.error(
                    path,
                    item.line,
                    f'"{tid}" is listed twice in {where} (lines {seen[tid]} and {item.line})',
                )
                continue
            seen[tid] = item.line
            if tid in known:
                ids.append(tid)
            elif tid not in self.broken_ids and (known or self.broken_ids):
                # (not a file that failed to load, already reported; nor with no files at all)
                hint = did_you_mean(tid, known)
                self.report.error(
                    path,
                    item.line,
                    f'{where} names "{tid}", but there is no therapies/{tid}.yaml{hint}',
                )
        return ids, seen

    def branding(self, node: Node) -> Branding | None:
        path = self.root / "branding.yaml"
        v = _Values(path, node, BRANDING.names, self.report, prefix="", real_root=self.real_root)
        values, group_lines = v.groups()
        values.update(v.values())
        if not v.is_clean or "contact" not in values:
            return None
        contact = values.pop("contact")
        values.setdefault("logo_alt", f"Logo of {plain_text(contact.name)}")
        return Branding(
            contact=contact, source=Source(path, 1), lines=v.lines() + group_lines, **values
        )

    def _check_keys(self, path: Path, node: Node, keys: dict[str, Key], prefix: str) -> None:
        for key, (line, _value) in node.keys.items():
            if key not in keys:
                hint = did_you_mean(key, keys)
                self.report.error(path, line, f'unknown key "{prefix}{key}"{hint}')
        for key, spec in keys.items():
            if spec.is_required and key not in node.keys:
                self.report.error(path, node.line, f'"{prefix}{key}" is missing: add {spec.hint}')


class _Values:
    """Typed reads of one mapping's keys; each wrong value becomes a problem at its line."""

    def __init__(
        self,
        path: Path,
        node: Node,
        keys: dict[str, Key],
        report: Report,
        prefix: str,
        real_root: Path | None = None,
    ) -> None:
        self.path = path
        self.real_root = real_root
        """The content folder once links are followed, for assets (the logo)."""
        self.node = node
        self.keys = keys
        self.report = report
        self.prefix = prefix
        self.is_clean = True
        if prefix:
            for key, (line, _value) in node.keys.items():
                if key not in keys:
                    self._error(line, f'unknown key "{prefix}{key}"{did_you_mean(key, keys)}')
            for key, spec in keys.items():
                if spec.is_required and key not in node.keys:
                    self._error(node.line, f'"{prefix}{key}" is missing: add {spec.hint}')

    def lines(self) -> tuple[tuple[str, int], ...]:
        out: list[tuple[str, int]] = []
        for key, (line, value) in self.node.keys.items():
            out.append((self.prefix + key, line))
            for i, item in enumerate(value.items, start=1):
                out.append((f"{self.prefix}{key}.{i}", item.line))
        return tuple(out)

    def groups(self) -> tuple[dict[str, Any], tuple[tuple[str, int], ...]]:
        """Every group key that was typed, read key by key: a flat group's values by their own
        attributes (colors.primary -> primary), any other's as its model object (clinic ->
        Contact); and the lines of the groups' keys."""
        values: dict[str, Any] = {}
        lines: tuple[tuple[str, int], ...] = ()
        for key in self.keys.values():
            if key.kind is not Kind.GROUP or key.name not in self.node.keys:
                continue
            line, value = self.node.keys[key.name]
            if value.kind != "mapping":
                self._error(
                    line,
                    f'"{key.name}" should be {key.hint}, each on its own indented line, '
                    f"not {value.describe()}",
                )
                continue
            inner = {k.name: k for k in key.keys}
            group = _Values(self.path, value, inner, self.report, prefix=f"{key.name}.")
            read = group.values()
            self.is_clean = self.is_clean and group.is_clean
            lines += group.lines()
            if key.is_flat:
                values.update(read)
            elif group.is_clean:
                made = _GROUP_MODELS[key.attribute](**read)
                if isinstance(made, Translation) and made.status == "reviewed":
                    if not (made.reviewed_by and made.reviewed_on):
                        self._error(
                            line,
                            '"translation" says reviewed: add reviewed_by: (who checked it) '
                            "and reviewed_on: (a date like 2026-12-01)",
                        )
                        continue
                values[key.attribute] = made
        return values, lines

    def values(self) -> dict[str, Any]:
        """Every key that was typed, read by its kind, by the model attribute that holds it
        (a key left out keeps the model's default). Groups and the order are read by their
        file's own reader."""
        out: dict[str, Any] = {}
        for key in self.keys.values():
            if key.is_required and key.name not in self.node.keys:
                self.is_clean = False  # reported where the file's keys are checked
            reader = _READERS.get(key.kind)
            if reader is None:
                continue
            value = reader(self, key.name)
            if value is not None and (value != () or key.kind is Kind.LANGUAGES):
                out[key.attribute] = value
        return out

    def _error(self, line: int, message: str) -> None:
        self.is_clean = False
        self.report.error(self.path, line, message)

    def _get(self, key: str) -> tuple[int, Node] | None:
        return self.node.keys.get(key)

    def _scalar(self, key: str) -> tuple[int, str] | None:
        """The text of a scalar key, or None (absent, or reported as wrong)."""
        found = self._get(key)
        if found is None:
            return None
        line, value = found
        spec = self.keys[key]
        if value.kind != "scalar":
            self._error(line, f'"{self.prefix}{key}" should be {spec.hint}, not {value.describe()}')
            return None
        if value.text is None or not value.text.strip():
            if spec.is_required:
                self._error(line, f'"{self.prefix}{key}" is empty: add {spec.hint}')
            elif spec.kind is Kind.COLOUR:
                self._error(
                    line,
                    f'"{self.prefix}{key}" is empty: write the colour in quotes, like '
                    '"#1F5C99" (without quotes, # starts a comment)',
                )
            return None
        return line, value.text

    def _check_text(self, key: str, line: int, text: str) -> None:
        for url in find_links(text):
            if not is_allowed_url(url):
                self._error(
                    line,
                    f'the link "{url}" in "{self.prefix}{key}" should start with '
                    f"{', '.join(s + ':' for s in ALLOWED_SCHEMES)} (for example https://…)",
                )

    def _check_length(self, key: str, line: int, text: str) -> None:
        most = self.keys[key].max_length
        if most is not None and len(text) > most:
            self._error(
                line,
                f'"{self.prefix}{key}" is {len(text):,} characters long: '
                f"keep it to {most:,} or fewer",
            )

    def text(self, key: str) -> str | None:
        found = self._scalar(key)
        if found is None:
            return None
        line, text = found
        self._check_text(key, line, text)
        one_line = " ".join(text.split())
        self._check_length(key, line, one_line)
        return one_line

    def paragraph(self, key: str) -> str | None:
        """Text read as one paragraph: blank lines are run together."""
        return " ".join(self.paragraphs(key)) or None

    def paragraphs(self, key: str) -> tuple[str, ...]:
        found = self._scalar(key)
        if found is None:
            return ()
        line, text = found
        self._check_text(key, line, text)
        paras = re.split(r"\n\s*\n", text.strip())
        return tuple(" ".join(p.split()) for p in paras if p.strip())

    def texts(self, key: str) -> tuple[str, ...]:
        found = self._get(key)
        if found is None:
            return ()
        line, value = found
        spec = self.keys[key]
        if value.kind == "scalar" and value.text is None:
            return ()
        if value.kind != "list":
            self._error(line, f'"{self.prefix}{key}" should be {spec.hint}, not {value.describe()}')
            return ()
        out: list[str] = []
        for item in value.items:
            if item.kind != "scalar" or item.text is None or not item.text.strip():
                self._error(
                    item.line,
                    f'each point in "{self.prefix}{key}" should be text, not {item.describe()}',
                )
                continue
            self._check_text(key, item.line, item.text)
            out.append(" ".join(item.text.split()))
        return tuple(out)

    def references(self, key: str) -> tuple[Reference, ...]:
        found = self._get(key)
        if found is None:
            return ()
        line, value = found
        if value.kind == "scalar" and value.text is None:
            return ()
        if value.kind != "list":
            self._error(line, f'"{key}" should be {self.keys[key].hint}, not {value.describe()}')
            return ()
        out: list[Reference] = []
        for item in value.items:
            if item.kind == "scalar" and item.text and item.text.strip():
                out.append(Reference(" ".join(item.text.split())))
                continue
            if item.kind != "mapping":
                self._error(item.line, "each reference should have text: and, if online, url:")
                continue
            for name, (kline, _v) in item.keys.items():
                if name not in ("text", "url"):
                    hint = did_you_mean(name, ("text", "url"))
                    self._error(kline, f'unknown key "{name}" in a reference{hint}')
            text_node = item.keys.get("text")
            if (
                text_node is None
                or text_node[1].kind != "scalar"
                or not (text_node[1].text or "").strip()
            ):
                self._error(item.line, 'each reference needs "text:", the source to cite')
                continue
            url: str | None = None
            if "url" in item.keys:
                uline, unode = item.keys["url"]
                url = (unode.text or "").strip() if unode.kind == "scalar" else ""
                if not url.lower().startswith(("http://", "https://")) or not is_allowed_url(url):
                    self._error(uline, f'the reference url "{url}" should start with https://')
                    continue
            out.append(Reference(" ".join((text_node[1].text or "").split()), url))
        return tuple(out)

    def date(self, key: str) -> date | None:
        found = self._scalar(key)
        if found is None:
            return None
        line, text = found
        text = text.strip()
        if DATE.match(text):
            try:
                return date.fromisoformat(text)
            except ValueError:
                pass
        self._error(line, f'"{self.prefix}{key}" should be {self.keys[key].hint}, not "{text}"')
        return None

    def language(self, key: str) -> str | None:
        found = self._scalar(key)
        if found is None:
            return None
        line, text = found
        if not LANGUAGE.match(text.strip()):
            self._error(line, f'"{key}" should be a language code such as en or es, not "{text}"')
            return None
        return text.strip()

    def languages(self, key: str) -> tuple[str, ...] | None:
        """A list of language tags, each one with a line of its own in the label catalogues
        (None when the key is left out; an empty list is none)."""
        found = self._get(key)
        if found is None:
            return None
        line, value = found
        if value.kind == "scalar" and value.text is None:
            return ()
        if value.kind != "list":
            self._error(line, f'"{key}" should be {self.keys[key].hint}, not {value.describe()}')
            return None
        out: list[str] = []
        for item in value.items:
            tag = (item.text or "").strip() if item.kind == "scalar" else ""
            if not LANGUAGE.match(tag):
                shown = f'"{tag}"' if tag else item.describe()
                self._error(item.line, f'each of "{key}" should be a language code, not {shown}')
                continue
            if not has_language_help(tag):
                known = language_help_languages()
                self._error(
                    item.line,
                    f'"{key}" has no line in "{tag}" yet{did_you_mean(tag, known)}: the languages '
                    f"with one are {', '.join(known)}",
                )
                continue
            if tag in out:
                self._error(item.line, f'"{tag}" is in "{key}" twice')
                continue
            out.append(tag)
        return tuple(out)

    def url(self, key: str) -> str | None:
        found = self._scalar(key)
        if found is None:
            return None
        line, text = found
        text = text.strip()
        if not text.lower().startswith(("http://", "https://")) or not is_allowed_url(text):
            self._error(
                line,
                f'"{self.prefix}{key}" should be a web address starting with https://, '
                f'not "{text}"',
            )
            return None
        self._check_length(key, line, text)
        return text

    def colour(self, key: str) -> str | None:
        found = self._scalar(key)
        if found is None:
            return None
        line, text = found
        value = colour.parse_hex(text.strip())
        if value is None:
            self._error(line, f'"{self.prefix}{key}" should be {self.keys[key].hint}, not "{text}"')
            return None
        return value

    def hashes(self, key: str) -> tuple[tuple[str, str], ...]:
        """A group of digests cdbooklet wrote: key -> lowercase hex."""
        found = self._get(key)
        if found is None:
            return ()
        line, value = found
        if value.kind != "mapping":
            self._error(line, f'"{self.prefix}{key}" should be {self.keys[key].hint}')
            return ()
        out: list[tuple[str, str]] = []
        for name, (key_line, item) in value.keys.items():
            text = (item.text or "").strip() if item.kind == "scalar" else ""
            if not _DIGEST.fullmatch(text):
                self._error(
                    key_line,
                    f'"{self.prefix}{key}.{name}" should be a digest cdbooklet wrote, like '
                    f"4c1f0b9a2e7d, not {item.describe()}: run cdbooklet translations "
                    "--mark-current",
                )
                continue
            out.append((name, text))
        return tuple(out)

    def paper(self, key: str) -> PageSize | None:
        return cast(PageSize | None, self.choice(key, PAGE_SIZES))

    def chosen(self, key: str) -> str | None:
        """A CHOICE key: one of the words its declaration lists."""
        return self.choice(key, self.keys[key].choices)

    def choice(self, key: str, choices: tuple[str, ...]) -> str | None:
        found = self._scalar(key)
        if found is None:
            return None
        line, text = found
        value = text.strip().lower()
        if value not in choices:
            self._error(line, f'"{key}" should be one of {", ".join(choices)}, not "{text}"')
            return None
        return value

    def font(self, key: str) -> str | None:
        found = self._scalar(key)
        if found is None:
            return None
        line, text = found
        available = fonts.families()
        match = next((f for f in available if f.casefold() == text.strip().casefold()), None)
        if match is None:
            hint = did_you_mean(text.strip(), available)
            self._error(
                line,
                f'there is no font "{text.strip()}" in the fonts folder{hint} '
                f"(available: {', '.join(available)})",
            )
        return match

    def asset(self, key: str) -> Path | None:
        """A file inside the content folder, which must be a PNG or JPEG (the logo)."""
        found = self._scalar(key)
        if found is None:
            return None
        assert self.real_root is not None, "assets are read with the content folder known"
        real_root = self.real_root
        line, text = found
        try:
            target = (self.path.parent / text.strip()).resolve()
        except (OSError, RuntimeError):  # RuntimeError: a symlink loop, on Python 3.11
            self._error(line, f'the {key} file "{text.strip()}" cannot be read (a link loop)')
            return None
        if not target.is_relative_to(real_root):
            self._error(line, f'"{key}" should be a file inside the content folder, not "{text}"')
            return None
        if not target.is_file():
            self._error(line, f'the {key} file "{text.strip()}" was not found')
            return None
        try:
            with target.open("rb") as fh:
                head = fh.read(8)
        except OSError as exc:
            self._error(line, f'the {key} file "{text.strip()}" cannot be read ({exc.strerror})')
            return None
        if not (head.startswith(b"\x89PNG\r\n\x1a\n") or head.startswith(b"\xff\xd8\xff")):
            self._error(line, f'the {key} file "{text.strip()}" should be a PNG or JPEG image')
            return None
        return target


_READERS: dict[Kind, Callable[[_Values, str], Any]] = {
    Kind.TEXT: _Values.text,
    Kind.PARAGRAPH: _Values.paragraph,
    Kind.PARAGRAPHS: _Values.paragraphs,
    Kind.POINTS: _Values.texts,
    Kind.REFERENCES: _Values.references,
    Kind.DATE: _Values.date,
    Kind.LANGUAGE: _Values.language,
    Kind.LANGUAGES: _Values.languages,
    Kind.URL: _Values.url,
    Kind.COLOUR: _Values.colour,
    Kind.ASSET: _Values.asset,
    Kind.FONT: _Values.font,
    Kind.PAPER: _Values.paper,
    Kind.CHOICE: _Values.chosen,
    Kind.HASHES: _Values.hashes,
}
_GROUP_MODELS: dict[str, Callable[..., Any]] = {"contact": Contact, "translation": Translation}
"""The model object each group key that is not flat is read into, by its attribute."""
_DIGEST = re.compile(r"[0-9a-f]{6,64}")
"""How each kind of key is read; a group, the order (IDS) and the packs (PACKS) are read by their
file's reader."""


def did_you_mean(word: str, known: Any) -> str:
    """' (did you mean "…"?)' for the nearest known name, or nothing."""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def _date_warnings(booklet: Booklet, today: date, report: Report) -> None:
    if booklet.review_by and booklet.review_by < today:
        where = booklet.where("review_by")
        report.warn(
            where.path,
            where.line,
            f"review_by ({booklet.review_by.isoformat()}) has passed: "
            "have a clinician check the text",
        )
    # A therapy's text goes stale on its own schedule: warn when its clinician's check is more
    # than two years old.
    try:
        two_years_ago = today.replace(year=today.year - 2)
    except ValueError:  # 29 February: two years before it is 28 February
        two_years_ago = today.replace(year=today.year - 2, day=28)
    for therapy in booklet.therapies:
        if therapy.reviewed and therapy.reviewed < two_years_ago:
            where = therapy.where("reviewed")
            report.warn(
                where.path,
                where.line,
                f"reviewed {therapy.reviewed.isoformat()} is more than two years ago: "
                "have a clinician check this text",
            )
