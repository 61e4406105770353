"""The benchmark corpus generator: deterministic, varied, realistic sizes and formats."""

from __future__ import annotations

import hashlib
from pathlib import Path

from bench.generate import generate, main


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_same_seed_same_bytes_other_seed_other_text(tmp_path: Path) -> None:
    assert generate(tmp_path / "a", 30, seed=5) == 30
    generate(tmp_path / "b", 30, seed=5)
    generate(tmp_path / "c", 30, seed=6)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert _digest(tmp_path / "a") != _digest(tmp_path / "c")


def test_documents_are_varied_and_of_realistic_length(tmp_path: Path) -> None:
    generate(tmp_path, 120, seed=1)
    files = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    assert len(files) == 120
    suffixes = {p.suffix for p in files}
    assert suffixes == {".txt", ".md", ".html"}
    assert sum(p.suffix == ".txt" for p in files) > len(files) / 2
    texts = [p.read_text(encoding="utf-8") for p in files if p.suffix != ".html"]
    words = [len(t.split()) for t in texts]
    assert min(words) >= 280 and max(words) <= 1300
    # Many actors, named many ways; quotes, dates, boilerplate.
    joined = "\n".join(texts)
    for needle in ("Moscow", "Tokyo", "Beijing", "\u201c", " 20", "Kremlin", "All rights reserved"):
        assert needle in joined
    first_lines = {t.splitlines()[0] for t in texts}
    assert len(first_lines) > len(texts) * 0.9


def test_some_passages_are_restated_across_documents(tmp_path: Path) -> None:
    generate(tmp_path, 200, seed=2)
    seen: dict[str, Path] = {}
    repeated = 0
    for path in sorted(p for p in tmp_path.rglob("*.txt")):
        for sentence in path.read_text(encoding="utf-8").replace("\n", " ").split(". "):
            if len(sentence.split()) < 12:
                continue
            if sentence in seen and seen[sentence] != path:
                repeated += 1
            seen.setdefault(sentence, path)
    assert repeated > 5


def test_cli_writes_the_corpus(tmp_path: Path, capsys: object) -> None:
    main([str(tmp_path / "out"), "--docs", "3", "--seed", "9"])
    assert len([p for p in (tmp_path / "out").rglob("*") if p.is_file()]) == 3
