"""Benchmark: how much actor resolution adds to the spaCy pass over the same text.

Generates a few hundred news-like sentences from templates over the registry (every
state's name, adjective and capital, some leaders and organisations), then times, in one
run, ``nlp.pipe`` alone and ``nlp.pipe`` + ``resolve_doc``. Prints both and the ratio;
the target is an overhead of at most 10%.

    .venv/bin/python bench/bench_actors.py [--n 600] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import time

from realpolitik.actors.registry import load_registry
from realpolitik.actors.resolver import resolve_doc
from realpolitik.annotate import load_nlp

TEMPLATES = [
    "Officials in {cap} said on Tuesday that talks with {name2} would continue next month.",
    "The {adj} delegation arrived in {cap2} for a summit on trade and security.",
    "{name} announced new measures against {name2}, drawing criticism from the {org}.",
    "{leader} told reporters that the {adj}-{adj2} relationship was moving in a positive "
    "direction despite the dispute.",
    "Both countries agreed to expand military exchanges, according to the {adj} foreign ministry.",
    "Analysts in {cap} expect {name2}'s economy to slow as sanctions by the {org} bite.",
    "The talks between {cap} and {cap2} ended without a joint statement on the islands.",
]


def sentences(n: int, seed: int = 7) -> list[str]:
    reg = load_registry()
    rng = random.Random(seed)
    states = [s for s in reg.states.values() if s.adjectives and s.capitals and not s.end]
    leaders = sorted({lead.name for lead in reg.leaders})
    orgs = ["UN", "EU", "NATO", "ASEAN", "IAEA", "WTO", "G7"]
    out = []
    for _ in range(n):
        a, b = rng.sample(states, 2)
        out.append(
            rng.choice(TEMPLATES).format(
                name=a.names[0],
                name2=b.names[0],
                adj=a.adjectives[0],
                adj2=b.adjectives[0],
                cap=a.capitals[0],
                cap2=b.capitals[0],
                org=rng.choice(orgs),
                leader=rng.choice(leaders),
            )
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    nlp = load_nlp()
    texts = sentences(args.n)
    resolve_doc(nlp("Warm-up: Moscow and Tokyo."))  # build the matcher once
    spacy_best = full_best = resolve_best = float("inf")
    n_mentions = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=64))
        spacy_best = min(spacy_best, time.perf_counter() - t0)
        t0 = time.perf_counter()
        n_mentions = 0
        for doc in nlp.pipe(texts, batch_size=64):
            n_mentions += len(resolve_doc(doc))
        full_best = min(full_best, time.perf_counter() - t0)
        t0 = time.perf_counter()
        for doc in docs:
            resolve_doc(doc)
        resolve_best = min(resolve_best, time.perf_counter() - t0)
        del docs
    words = sum(len(t.split()) for t in texts)
    print(f"sentences={len(texts)} words={words} mentions={n_mentions}")
    print(f"spacy_only={spacy_best:.3f}s spacy+actors={full_best:.3f}s")
    print(
        f"resolution alone over parsed docs={resolve_best:.3f}s "
        f"({resolve_best / spacy_best * 100:.1f}% of the spaCy pass)"
    )
    print(f"overhead={(full_best / spacy_best - 1) * 100:.1f}% ratio={full_best / spacy_best:.3f}")


if __name__ == "__main__":
    main()
