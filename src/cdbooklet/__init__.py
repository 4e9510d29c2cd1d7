"""cdbooklet: turns YAML therapy content and a clinic's branding into print-ready patient PDFs."""

__version__ = "0.1.0"
