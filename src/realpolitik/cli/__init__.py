"""The `realpolitik` command line: one module a group of commands."""

from realpolitik.cli import actors, build, documents, evaluate, extract, system  # noqa: F401  (registers commands)
from realpolitik.cli.common import app

__all__ = ["app"]
