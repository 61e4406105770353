"""Reading the YAML data files (lexicons, patterns, registries, overlays).

One loader for all of them: libyaml's ``CSafeLoader`` where PyYAML was built with it
(5–10× faster than the pure-Python loader on the larger pattern and lexicon files,
which matters for a cold CLI or web start), ``SafeLoader`` otherwise. Both are safe
loaders: no arbitrary Python objects. A file that does not parse raises
:class:`YamlFileError` naming the file, the line and the problem.
"""

from __future__ import annotations

from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlFileError(ValueError):
    """A YAML file that does not parse."""


def parse_yaml(text: str, source: str = "<text>") -> Any:
    """The data in YAML ``text`` (``None`` for an empty document).

    ``source`` names where the text came from, for the error message.
    """
    try:
        return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}:" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise YamlFileError(
            f"{source}:{where} not valid YAML ({problem}); fix the syntax there"
        ) from exc


def read_yaml(path: Path | Traversable) -> Any:
    """The data in the UTF-8 YAML file at ``path`` (a path or a package resource)."""
    return parse_yaml(path.read_text(encoding="utf-8"), source=str(path))
