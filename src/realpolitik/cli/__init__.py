"""The `realpolitik` command line: one module a group of commands."""

from realpolitik.cli import (  # noqa: F401  (importing a module registers its commands)
    actors,
    beliefs,
    build,
    documents,
    dyads,
    evaluate,
    extract,
    search,
    system,
    web,
)
from realpolitik.cli.common import app

__all__ = ["app"]
