"""cdbooklet: turns YAML therapy content and a clinic's branding into print-ready patient PDFs.

Importing the package also disarms ReportLab's configuration hooks, before anything can import
ReportLab: `import reportlab` runs any `reportlab_mods` and `reportlab_settings` module on
sys.path (a file in the folder a clinic works in, such as an unzipped content bundle) and the
files ~/.reportlab_mods and ~/.reportlab_settings. Registering empty modules under those names
makes ReportLab find them already imported, so it runs and reads none of them. Every entry point
(the console script, `python -m cdbooklet`, the library) imports this module first. ReportLab
itself is not imported here, so `cdbooklet --help` stays quick.

It also hides HarfBuzz (`uharfbuzz`) from ReportLab, which imports it with its TrueType fonts
when it is installed: cdbooklet shapes text itself (`pdf.shaping`), and only text that needs it,
so a booklet in a Latin script never loads it. `pdf.shaping` lifts the block the first time it
shapes; code that imports cdbooklet and then wants uharfbuzz itself can call
`cdbooklet.pdf.shaping.harfbuzz()`.
"""

import sys as _sys
import types as _types

for _name in ("reportlab_mods", "reportlab_settings"):
    _sys.modules.setdefault(_name, _types.ModuleType(_name))
if "uharfbuzz" not in _sys.modules:
    _sys.modules["uharfbuzz"] = None  # type: ignore[assignment]  # an import of it fails

__version__ = "0.2.0"
