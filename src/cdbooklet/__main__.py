"""Lets `python -m cdbooklet` run the command line."""

from cdbooklet.cli import main

main()
