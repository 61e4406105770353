"""Finding the files of a corpus, and deciding which of them need reading."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from realpolitik.ingest.readers import SUPPORTED_SUFFIXES, sha256_file
from realpolitik.records import EXTRACTION_FAILED
from realpolitik.store.documents import StoredFile


@dataclass(frozen=True)
class CorpusFile:
    path: Path
    size: int
    mtime: float


@dataclass(frozen=True)
class Plan:
    """What a build will do: files to read, files unchanged, files gone."""

    to_read: list[CorpusFile]
    unchanged: list[CorpusFile]
    touched: list[tuple[CorpusFile, str]]  # same content, new mtime: (file, sha256)
    removed: list[str]
    unsupported: list[Path]


def discover(roots: Iterable[Path]) -> Iterator[CorpusFile | Path]:
    """Yield the corpus files under ``roots`` in a stable order.

    Folders are walked recursively (hidden files and folders skipped); files
    there with other suffixes are ignored. A file named explicitly with an
    unsupported suffix is yielded as a bare ``Path`` so that it can be reported.
    """
    for root in roots:
        root = root.resolve()
        if root.is_dir():
            for folder, dirs, files in os.walk(root):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    path = Path(folder) / name
                    if not name.startswith(".") and path.suffix.lower() in SUPPORTED_SUFFIXES:
                        yield _corpus_file(path)
        elif root.suffix.lower() in SUPPORTED_SUFFIXES or not root.exists():
            yield _corpus_file(root)
        else:
            yield root


def plan_build(roots: list[Path], stored: dict[str, StoredFile]) -> Plan:
    """Compare the files under ``roots`` with the store.

    Size and modification time decide first; where they differ the content
    hash decides, so a touched but unchanged file is not read again.
    """
    to_read: list[CorpusFile] = []
    unchanged: list[CorpusFile] = []
    touched: list[tuple[CorpusFile, str]] = []
    unsupported: list[Path] = []
    seen: set[str] = set()
    for found in discover(roots):
        if isinstance(found, Path):
            unsupported.append(found)
            continue
        key = str(found.path)
        if key in seen:
            continue
        seen.add(key)
        known = stored.get(key)
        if known is None or known.status == "removed" or found.size < 0:
            to_read.append(found)
        elif known.status == "failed" and (known.reason or "").startswith(EXTRACTION_FAILED):
            to_read.append(found)  # an extractor broke on it: a newer one may not
        elif known.size == found.size and known.mtime == found.mtime:
            unchanged.append(found)
        else:
            digest = _hash_or_none(found.path)
            if digest is not None and digest == known.sha256:
                touched.append((found, digest))
            else:
                to_read.append(found)
    resolved_roots = [root.resolve() for root in roots]
    removed = [
        path
        for path, known in stored.items()
        if known.status != "removed"
        and path not in seen
        and any(_is_under(Path(path), root) for root in resolved_roots)
    ]
    return Plan(to_read, unchanged, touched, sorted(removed), unsupported)


def _corpus_file(path: Path) -> CorpusFile:
    try:
        stat = path.stat()
    except OSError:
        return CorpusFile(path=path, size=-1, mtime=-1.0)
    return CorpusFile(path=path, size=stat.st_size, mtime=stat.st_mtime)


def _hash_or_none(path: Path) -> str | None:
    try:
        return sha256_file(path)
    except OSError:
        return None


def _is_under(path: Path, root: Path) -> bool:
    return path == root or root in path.parents
