"""Synthetic corpora for build tests: varied prose, with restated sentences across files."""

from __future__ import annotations

import random
from pathlib import Path

_ACTORS = [
    "Japan",
    "Russia",
    "China",
    "India",
    "Turkey",
    "Brazil",
    "Germany",
    "Vietnam",
    "South Korea",
    "Indonesia",
    "Australia",
    "Canada",
]
_VERBS = [
    "signed a trade agreement with",
    "held talks with",
    "criticised",
    "expanded energy ties with",
    "warned",
    "agreed to cooperate with",
    "imposed tariffs on",
    "sent a delegation to",
]
_TOPICS = [
    "fisheries",
    "rare earths",
    "naval patrols",
    "grain exports",
    "pipeline tariffs",
    "visa rules",
    "border trade",
    "satellite launches",
    "port access",
]


def sentence(rng: random.Random) -> str:
    a, b = rng.sample(_ACTORS, 2)
    return (
        f"{a} {rng.choice(_VERBS)} {b} over {rng.choice(_TOPICS)} "
        f"in {rng.randint(1995, 2024)}, officials said on {rng.choice(['Monday', 'Friday', 'Sunday'])}."
    )


def write_corpus(folder: Path, n_files: int, *, seed: int = 7, paragraphs: int = 6) -> list[Path]:
    """Write ``n_files`` text files; every fifth one restates a paragraph of the one before."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    previous: list[str] = []
    for index in range(n_files):
        body = [
            " ".join(sentence(rng) for _ in range(rng.randint(3, 6))) for _ in range(paragraphs)
        ]
        if index % 5 == 4 and previous:
            body.insert(1, previous[0])
        text = f"## Report {index}\n\n" + "\n\n".join(body) + "\n"
        path = folder / f"doc_{index:03d}.txt"
        path.write_text(text, encoding="utf-8")
        written.append(path)
        previous = body
    return written
