"""The house rules, checked on the source: which package may import which, and that only
`cdbooklet.pdf` touches ReportLab's or pypdf's private internals.

Each package's `__init__` docstring says what it may import from cdbooklet and what it never
imports; `test_imports_follow_each_package_docstring` holds every module to its package's words,
so the docstring cannot drift from the code. The private-API check reads the installed ReportLab
and pypdf to learn their private names, then looks at every module outside `cdbooklet.pdf` for
one: an import, an attribute, a method it overrides, a `getattr` by name, or `rl_config`.
"""

from __future__ import annotations

import ast
import importlib.util
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from helpers import ROOT

PACKAGE = ROOT / "src" / "cdbooklet"
THIRD_PARTY = ("reportlab", "pypdf")
"""The libraries whose internals only `cdbooklet.pdf` may touch."""
INTERNALS = "pdf"
ROOT_MODULES = {
    # The modules at the package's top, which no docstring of a subpackage covers.
    "__init__": (set(), {"reportlab", "pypdf", "click", "flask", "yaml", "PIL"}),
    "__main__": ({"cli"}, {"reportlab", "pypdf", "flask", "yaml", "PIL"}),
    "errors": (set(), {"reportlab", "pypdf", "click", "flask", "jinja2", "yaml", "PIL"}),
    "truetype": (set(), {"reportlab", "pypdf", "click", "flask", "jinja2", "yaml", "PIL"}),
    "cli": (
        {"build", "content", "errors", "press", "text", "web"},
        {"reportlab", "pypdf", "flask", "waitress", "jinja2", "yaml", "PIL"},
    ),
}


# -- reading the source --------------------------------------------------------------------------


@dataclass(frozen=True)
class Module:
    """One module of cdbooklet: its package ("content", ... or "" at the top) and its tree."""

    name: str
    package: str
    path: Path
    tree: ast.Module


def modules() -> list[Module]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        package = parts[0] if len(parts) > 1 else ""
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        found.append(Module(".".join(parts), package, path, tree))
    return found


def imports(tree: ast.AST) -> Iterator[tuple[int, str, list[str]]]:
    """(line, module, names) for every import anywhere in a tree, functions included."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, []
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.lineno, node.module, [alias.name for alias in node.names]


def package_rules(package: str) -> tuple[set[str], set[str]]:
    """What a package's docstring allows: (cdbooklet packages it may import, top-level modules
    it never imports)."""
    if package == "":
        raise ValueError("root modules have their rules in ROOT_MODULES")
    doc = ast.get_docstring(ast.parse((PACKAGE / package / "__init__.py").read_text())) or ""
    allowed = re.search(r"^May import from cdbooklet: (.*)\.$", doc, re.M)
    never = re.search(r"^Never imports: (.*)\.$", doc, re.M)
    assert allowed and never, (
        f"cdbooklet.{package}'s docstring needs a 'May import from cdbooklet: ...' line and a "
        "'Never imports: ...' line"
    )
    return _names(allowed.group(1)), _names(never.group(1))


def _names(listed: str) -> set[str]:
    return {n.strip() for n in listed.split(",") if n.strip() and n.strip() != "nothing"}


def violations_of_imports(module: Module) -> list[str]:
    """Every import in `module` that its package's rules forbid."""
    if module.package:
        allowed, never = package_rules(module.package)
        allowed = allowed | {module.package}
    else:
        allowed, never = ROOT_MODULES[module.name]
    found = []
    for line, name, names in imports(module.tree):
        top = name.split(".")[0]
        where = f"{module.path.relative_to(PACKAGE.parent)}:{line}"
        if top == "cdbooklet":
            parts = name.split(".")
            # `from cdbooklet import __version__` reads the package's own top: always allowed.
            targets = [parts[1]] if len(parts) > 1 else [n for n in names if n != "__version__"]
            for target in targets:
                if target not in allowed:
                    found.append(f"{where}: imports cdbooklet.{target}")
        elif top in never:
            found.append(f"{where}: imports {name}")
    return found


# -- private names -------------------------------------------------------------------------------


@cache
def private_names() -> frozenset[str]:
    """Every private name ReportLab and pypdf define for others to reach: underscore names of
    their modules, classes, functions and attributes, and their own dunders such as ReportLab's
    `__NoDefault__` (Python's own are all lower case). A function's local variables are not
    reachable, so they do not count."""
    found: set[str] = set()
    for library in THIRD_PARTY:
        spec = importlib.util.find_spec(library)
        assert spec is not None and spec.submodule_search_locations
        for path in Path(spec.submodule_search_locations[0]).rglob("*.py"):
            found.update(_reachable(ast.parse(path.read_bytes())))
    return frozenset(n for n in found if _is_private(n))


def _is_private(name: str) -> bool:
    if name.startswith("__") and name.endswith("__"):
        return name != name.lower()  # `__NoDefault__`, not `__init__`
    return name.startswith("_") and name != "_"


def _reachable(tree: ast.AST) -> Iterator[str]:
    """The names a module makes reachable from outside: its functions, classes and their
    methods, module and class variables, and attributes it sets on anything."""
    pending: list[tuple[ast.AST, bool]] = [(tree, False)]
    while pending:
        node, is_local = pending.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield node.name
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            yield node.attr
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and not is_local:
            yield node.id
        inside = is_local or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        pending.extend((child, inside) for child in ast.iter_child_nodes(node))


def _defined(node: ast.AST) -> Iterator[str]:
    """The names a node defines: a function or class, an assigned attribute or variable."""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        yield node.name
    elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
        yield node.attr
    elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
        yield node.id


def _third_party_classes(all_modules: list[Module]) -> set[str]:
    """Names of cdbooklet's classes that derive, at any depth, from a ReportLab or pypdf class."""
    imported: set[str] = set()
    bases: dict[str, set[str]] = {}
    for module in all_modules:
        for _line, name, names in imports(module.tree):
            if name.split(".")[0] in THIRD_PARTY:
                imported.update(names)
        for node in ast.walk(module.tree):
            if isinstance(node, ast.ClassDef):
                bases[node.name] = {ast.unparse(b).split(".")[-1] for b in node.bases}
    derived = {name for name, parents in bases.items() if parents & imported}
    while True:
        more = {name for name, parents in bases.items() if parents & derived} - derived
        if not more:
            return derived
        derived |= more


def _our_names(all_modules: list[Module], derived: set[str]) -> set[str]:
    """Private names cdbooklet defines itself, outside the internals package and outside any
    class that derives from a ReportLab or pypdf class (where a name of theirs is theirs)."""
    ours: set[str] = set()
    for module in all_modules:
        if module.package == INTERNALS:
            continue
        pending: list[ast.AST] = [module.tree]
        while pending:
            node = pending.pop()
            ours.update(_defined(node))
            if not (isinstance(node, ast.ClassDef) and node.name in derived):
                pending.extend(ast.iter_child_nodes(node))
    return ours


def violations_of_privacy(
    source: str, where: str, private: frozenset[str], ours: set[str], derived: set[str]
) -> list[str]:
    """Every use of a ReportLab or pypdf private name in one module's source."""
    tree = ast.parse(source)
    found: list[str] = []

    def flag(node: ast.AST, what: str) -> None:
        found.append(f"{where}:{getattr(node, 'lineno', 0)}: {what}")

    for line, name, names in imports(tree):
        if name.split(".")[0] not in THIRD_PARTY:
            continue
        node = ast.Module(body=[], type_ignores=[])
        node.lineno = line  # type: ignore[attr-defined]
        if any(part.startswith("_") for part in name.split(".")[1:]) or name.endswith("rl_config"):
            flag(node, f"imports {name}")
        for imported in names:
            if imported.startswith("_") or imported == "rl_config":
                flag(node, f"imports {imported} from {name}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == "rl_config":
            flag(node, "touches rl_config")
        elif isinstance(node, ast.Attribute):
            if node.attr == "rl_config":
                flag(node, "touches rl_config")
            elif node.attr in private and node.attr not in ours:
                flag(node, f"uses {ast.unparse(node)}, private in ReportLab or pypdf")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in ("getattr", "setattr", "hasattr", "delattr") and len(node.args) > 1:
                named = node.args[1]
                if isinstance(named, ast.Constant) and named.value in private:
                    if named.value not in ours:
                        flag(node, f"{node.func.id}(..., {named.value!r}), private in ReportLab")
        elif isinstance(node, ast.ClassDef) and node.name in derived:
            # A subclass of theirs: its methods, class variables and attributes share their
            # names with the base's, so one of their private names here overrides or sets it.
            for inner in node.body:
                if isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef):
                    if inner.name in private:
                        flag(inner, f"{node.name} overrides {inner.name}, private to its base")
                elif isinstance(inner, ast.Assign | ast.AnnAssign):
                    for name in _reachable(inner):
                        if name in private:
                            flag(inner, f"{node.name} sets {name}, private to its base")
            for inner in ast.walk(node):
                if isinstance(inner, ast.Attribute) and isinstance(inner.ctx, ast.Store):
                    if inner.attr in private:
                        flag(inner, f"{node.name} sets {ast.unparse(inner)}, private to its base")
    return found


# -- the tests -----------------------------------------------------------------------------------


def test_every_package_docstring_says_what_it_owns_and_never_imports() -> None:
    packages = sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))
    assert {"content", "layout", "pdf", "press", "build", "text", "web"} <= set(packages)
    for package in packages:
        doc = ast.get_docstring(ast.parse((PACKAGE / package / "__init__.py").read_text()))
        assert doc and len(doc.splitlines()[0]) > 20, f"cdbooklet.{package} needs a docstring"
        package_rules(package)  # has both lines


def test_the_architecture_doc_states_each_package_rule_as_its_docstring_does() -> None:
    """docs/architecture.md's table of packages says what each docstring says."""
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\w+)/` \| [^|]+ \| ([^|]+) \| ([^|]+) \|$", doc, re.M)
    packages = sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))
    assert sorted(name for name, _may, _never in rows) == packages
    for name, may, never in rows:
        assert (_names(may.replace("`", "")), _names(never)) == package_rules(name), name


def test_imports_follow_each_package_docstring() -> None:
    found = [v for module in modules() for v in violations_of_imports(module)]
    assert not found, "imports against the package rules:\n" + "\n".join(found)


def test_only_the_internals_package_touches_private_apis() -> None:
    all_modules = modules()
    derived = _third_party_classes(all_modules)
    ours = _our_names(all_modules, derived)
    found = []
    for module in all_modules:
        if module.package == INTERNALS:
            continue
        where = str(module.path.relative_to(PACKAGE.parent))
        source = module.path.read_text(encoding="utf-8")
        found += violations_of_privacy(source, where, private_names(), ours, derived)
    assert not found, "private ReportLab or pypdf APIs outside cdbooklet.pdf:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "offence",
    [
        "from reportlab.platypus.paragraph import _HSFrag",
        "from reportlab import rl_config",
        "import reportlab.rl_config",
        "def f(canvas):\n    return canvas._code",
        "def f(writer, obj):\n    return writer._add_object(obj)",
        "def f(t):\n    return getattr(t, '_atTop', False)",
        "def f(page):\n    page.__NoDefault__ = []",
        "from reportlab.platypus import BaseDocTemplate\n"
        "class D(BaseDocTemplate):\n    def go(self):\n        self._doSave = 0",
        "from reportlab.pdfgen.textobject import PDFTextObject\n"
        "class T(PDFTextObject):\n    def _textOut(self, text, TStar=0):\n        pass",
    ],
)
def test_the_private_api_check_catches_each_kind_of_use(offence: str) -> None:
    """Each snippet, dropped into a module outside cdbooklet.pdf, fails the check."""
    tree = ast.parse(offence)
    module = Module("layout.x", "layout", PACKAGE / "layout" / "x.py", tree)
    derived = _third_party_classes([*modules(), module])
    found = violations_of_privacy(offence, "x.py", private_names(), set(), derived)
    assert found, offence


def test_our_own_private_names_pass_the_check() -> None:
    ours = (
        "class Box:\n    def __init__(self):\n        self._rows = []\n    def n(self):\n"
        "        return len(self._rows)\n"
    )
    assert violations_of_privacy(ours, "x.py", private_names(), {"_rows"}, set()) == []


@pytest.mark.parametrize(
    ("package", "offence"),
    [
        ("content", "from cdbooklet.layout.theme import make_theme"),
        ("content", "import reportlab"),
        ("layout", "import pypdf"),
        ("text", "from cdbooklet.content.model import Therapy"),
        ("pdf", "from cdbooklet.layout import blocks"),
        ("press", "from cdbooklet.layout import render_booklet"),
        ("build", "import click"),
        ("web", "from cdbooklet.pdf.canvas import TaggingCanvas"),
    ],
)
def test_the_import_check_catches_an_import_against_the_rules(package: str, offence: str) -> None:
    module = Module(f"{package}.x", package, PACKAGE / package / "x.py", ast.parse(offence))
    assert violations_of_imports(module), offence
