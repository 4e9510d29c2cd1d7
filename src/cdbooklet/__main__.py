"""Lets `python -m cdbooklet` run the command line, without importing from the current folder.

`python -m` puts the current folder first on sys.path, so a `yaml.py` or `click.py` left in the
folder a clinic works in would be imported in place of the real library: the first entry is
dropped (what `python -P` does) before anything else is imported.
"""

import os
import sys

if not sys.flags.safe_path and sys.path and sys.path[0] in ("", os.getcwd()):
    del sys.path[0]

from cdbooklet.cli import main  # noqa: E402  (after sys.path is made safe)

main()
