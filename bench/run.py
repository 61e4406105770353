"""realpolitik benchmarks: `make bench` (full) and `make bench-quick`.

Every figure is a ratio against a baseline measured in the same run, on the same
machine, so that a loaded or slower machine moves both sides:

(a) end-to-end sentences/s of ``run_build`` vs a raw ``nlp.pipe`` of the same spaCy
    pipeline over the same sentences (those the build keeps for extraction);
(b) peak RSS of a build at N and at 10×N documents, each in its own process;
(c) the time to add one document to an N-document model vs that document's own
    processing time;
(d) ``--workers 2`` vs ``--workers 1`` on the same corpus;
(e) a second build of an unchanged corpus (the seeds when ``../shared/seeds``
    exists), in a fresh process as a user runs it;
(f) a scenario on a 2,000-variable causal map (skipped until that module exists).

Each measure calls the build as it is at the time (``run_build``), so the figures
follow the pipeline as later stages (annotate, actors, extraction) join it.

    python -m bench.run              # everything (1,000 and 10,000 documents)
    python -m bench.run --quick      # the end-to-end ratio on a small corpus
    python -m bench.run --only a,e   # some measures
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from bench.generate import document, generate

if TYPE_CHECKING:
    from spacy.language import Language

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
EXTRACTED = ("body", "heading")
#: The raw spaCy pass of (a) batches across documents, which the build (one document
#: at a time, up to ``realpolitik.annotate.BATCH_SIZE`` sentences a batch) cannot: 256
#: makes the baseline as fast as spaCy gets here (64 would be ~25 % slower), a strict
#: baseline.
RAW_BATCH_SIZE = 256


def _quiet_console() -> Console:
    return Console(file=open(os.devnull, "w"), stderr=False)  # noqa: SIM115


# --- corpora -----------------------------------------------------------------------


def corpus(workdir: Path, n_docs: int, seed: int) -> Path:
    """A generated corpus, reused across runs of the same workdir (generation is deterministic)."""
    folder = workdir / f"corpus_{n_docs}_{seed}"
    marker = folder / ".complete"
    if not marker.exists():
        shutil.rmtree(folder, ignore_errors=True)
        generate(folder, n_docs, seed)
        marker.write_text("ok\n")
    return folder


def _fresh(db: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    return db


# --- child process: one build, its time and peak RSS --------------------------------


def child_build(corpus_dir: Path, db: Path, workers: int, engine: str) -> dict[str, float]:
    """Run one build in this (fresh) process; report its time and this process's peak RSS."""
    from realpolitik.engine.build import run_build

    started = time.perf_counter()
    report = run_build([corpus_dir], db, workers=workers, engine=engine, console=_quiet_console())
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "seconds": seconds,
        "peak_rss_mb": peak_kb / 1024,
        "read": report.read,
        "sentences": report.sentences,
        "duplicates": report.duplicates,
        "failed": report.failed,
    }


def run_child(
    corpus_dir: Path,
    db: Path,
    *,
    workers: int = 1,
    engine: str = "local",
    trace: list[tuple[float, int, float]] | None = None,
) -> dict[str, float]:
    """:func:`child_build` in a subprocess, with the wall time of the whole process.

    With ``trace``, the child's RSS and the documents stored so far are sampled
    every few seconds into it, as (seconds, documents, RSS in MB).
    """
    started = time.perf_counter()
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bench.run",
            "--child-build",
            str(corpus_dir),
            str(db),
            "--workers",
            str(workers),
            "--engine",
            engine,
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    if trace is not None:
        _sample(child, db, trace, started)
    stdout, stderr = child.communicate()
    if child.returncode != 0:
        raise RuntimeError(f"benchmark build failed ({child.returncode}):\n{stderr[-3000:]}")
    result: dict[str, float] = json.loads(stdout.strip().splitlines()[-1])
    result["process_seconds"] = time.perf_counter() - started
    return result


def _sample(
    child: subprocess.Popen[str], db: Path, trace: list[tuple[float, int, float]], started: float
) -> None:
    try:
        import psutil
    except ImportError:
        return
    process = psutil.Process(child.pid)
    while child.poll() is None:
        time.sleep(5)
        try:
            rss = process.memory_info().rss / 2**20
            conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
            try:
                docs = int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
            finally:
                conn.close()
        except (psutil.Error, sqlite3.Error):
            continue
        trace.append((time.perf_counter() - started, docs, rss))


def _print_trace(trace: list[tuple[float, int, float]], total: int) -> None:
    """RSS as the build goes: the highest sample up to each tenth of the corpus."""
    marks = [total * k // 10 for k in range(1, 11)]
    peak = 0.0
    shown = []
    index = 0
    for seconds, docs, rss in trace:
        peak = max(peak, rss)
        while index < len(marks) and docs >= marks[index]:
            shown.append(f"{marks[index]}: {peak:.0f} MB ({seconds:.0f} s)")
            index += 1
    if shown:
        print("    RSS by documents stored: " + ", ".join(shown))


# --- the measures ----------------------------------------------------------------------


def load_nlp() -> Language:
    """The pipeline the build uses, configured as the build configures it
    (``realpolitik.annotate``: the same model, the same components), loaded once."""
    from realpolitik.annotate import load_nlp as shared

    nlp: Language = shared()
    return nlp


def extracted_sentences(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [
            row[0]
            for row in conn.execute(
                "SELECT s.text FROM sentences s JOIN documents d ON d.id = s.doc_id "
                f"WHERE d.status = 'ok' AND s.kind IN ({', '.join('?' * len(EXTRACTED))}) "
                "ORDER BY s.doc_id, s.seq",
                EXTRACTED,
            )
        ]
    finally:
        conn.close()


def measure_end_to_end(workdir: Path, n_docs: int, repeat: int) -> float:
    """(a) sentences/s of the build vs a raw nlp.pipe on the same sentences; returns the ratio."""
    from realpolitik.engine.build import run_build

    folder = corpus(workdir, n_docs, seed=11)
    # Warm up, untimed: imports, data files, the spaCy pipeline (the raw pass is
    # timed warm too, so both sides exclude one-off loading).
    warm = workdir / "warm"
    shutil.rmtree(warm, ignore_errors=True)
    generate(warm, 2, seed=99)
    run_build([warm], _fresh(workdir / "warm.db"), console=_quiet_console())
    nlp = load_nlp()

    # Interleaved, best of ``repeat`` each: a burst of load elsewhere on the
    # machine then hits both sides rather than one.
    build_seconds: list[float] = []
    spacy_seconds: list[float] = []
    sentences: list[str] = []
    for _ in range(repeat):
        db = _fresh(workdir / "e2e.db")
        started = time.perf_counter()
        report = run_build([folder], db, console=_quiet_console())
        build_seconds.append(time.perf_counter() - started)
        sentences = sentences or extracted_sentences(db)
        started = time.perf_counter()
        for _doc in nlp.pipe(sentences, batch_size=RAW_BATCH_SIZE):
            pass
        spacy_seconds.append(time.perf_counter() - started)
    words = sum(len(s.split()) for s in sentences)
    build_t, spacy_t = min(build_seconds), min(spacy_seconds)
    n = len(sentences)
    ratio = spacy_t / build_t
    print(
        f"(a) end-to-end, one process, {report.read} documents, {n} extracted sentences "
        f"({words} words; {report.sentences} sentences stored in all):"
    )
    print(f"    build          {build_t:8.2f} s  {n / build_t:8.0f} sentences/s")
    print(
        f"    raw nlp.pipe   {spacy_t:8.2f} s  {n / spacy_t:8.0f} sentences/s  ({words / spacy_t:.0f} words/s)"
    )
    print(f"    ratio build/raw = {ratio:.2f}  (target >= 0.7)")
    if ratio > 1:
        print(
            f"    (the build does no spaCy yet; were this pass added to what it does now: "
            f"{spacy_t / (spacy_t + build_t):.2f})"
        )
    return ratio


def measure_memory(workdir: Path, small: int, large: int) -> tuple[Path, Path]:
    """(b) peak RSS of a build at ``small`` and ``large`` documents, each in its own process."""
    results = {}
    for n_docs in sorted({small, large}):
        folder = corpus(workdir, n_docs, seed=7)
        db = _fresh(workdir / f"mem_{n_docs}.db")
        trace: list[tuple[float, int, float]] = []
        results[n_docs] = run_child(folder, db, trace=trace)
        r = results[n_docs]
        print(
            f"(b) build of {n_docs:>6} documents: peak RSS {r['peak_rss_mb']:7.1f} MB, "
            f"{r['seconds']:7.1f} s ({r['read'] / r['seconds']:.1f} docs/s, "
            f"{r['sentences']:.0f} sentences, {r['duplicates']:.0f} duplicate links)"
        )
        _print_trace(trace, n_docs)
    if large == small:
        return corpus(workdir, small, seed=7), workdir / f"mem_{small}.db"
    ratio = results[large]["peak_rss_mb"] / results[small]["peak_rss_mb"]
    per_doc = (results[large]["seconds"] / large) / (results[small]["seconds"] / small)
    print(f"    peak RSS ratio {large}/{small} = {ratio:.2f}  (target <= 1.2)")
    print(
        f"    seconds per document ratio {large}/{small} = {per_doc:.2f}  (1.0 = linear build time)"
    )
    return corpus(workdir, small, seed=7), workdir / f"mem_{small}.db"


def measure_add_one(workdir: Path, folder: Path, db: Path) -> None:
    """(c) add one document to a built model vs that document's own processing."""
    from realpolitik.engine.build import run_build

    process = stage_function()
    model = _fresh(workdir / "add_one.db")
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{db}{suffix}").exists():
            shutil.copy(f"{db}{suffix}", f"{model}{suffix}")
    suffix, text = document(123_456, seed=3, recent=deque())
    new = folder / f"zz_added.{suffix}"
    new.write_text(text, encoding="utf-8")
    try:
        # Warm the process (imports, data) on another file: the CLI pays that once.
        process(next(folder.rglob("*.txt")))
        own = min(_timed(partial(process, new)) for _ in range(3))
        started = time.perf_counter()
        report = run_build([folder], model, console=_quiet_console())
        total = time.perf_counter() - started
    finally:
        new.unlink()
    overhead = total - own
    print(
        f"(c) add one document to a {report.skipped}-document model: {total:.2f} s; "
        f"its own processing {own:.2f} s; overhead {overhead:.2f} s  (target <= 2 s)"
    )


def measure_workers(workdir: Path, n_docs: int) -> None:
    """(d) --workers 2 vs --workers 1 on the same corpus, and where the time goes."""
    process_one = stage_function()
    folder = corpus(workdir, n_docs, seed=5)
    one = run_child(folder, _fresh(workdir / "w1.db"), workers=1)
    two = run_child(folder, _fresh(workdir / "w2.db"), workers=2)
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
    process_one(files[0])  # warm: data files, the spaCy pipeline
    process = _stages_seconds(process_one, files)
    write = max(0.0, one["seconds"] - process)
    bound = one["seconds"] / max(write, process / 2, 1e-9)
    print(
        f"(d) {n_docs} documents: --workers 1 {one['seconds']:.1f} s, --workers 2 "
        f"{two['seconds']:.1f} s: speedup {one['seconds'] / two['seconds']:.2f}x  (target >= 1.6x)"
    )
    print(
        f"    of the one-worker build, the per-document stages take {process:.1f} s and the "
        f"single writer (store + duplicate linking) {write:.1f} s: at most {bound:.2f}x on 2 cores"
    )


def measure_rebuild(workdir: Path) -> None:
    """(e) a second build of an unchanged corpus, in a fresh process as a user runs it."""
    if SEEDS.is_dir():
        folder, name = SEEDS, str(SEEDS)
    else:
        folder, name = corpus(workdir, 5, seed=1), "a 5-document corpus"
    db = _fresh(workdir / "rebuild.db")
    first = run_child(folder, db)
    second = run_child(folder, db)
    cli = shutil.which("realpolitik", path=str(Path(sys.executable).parent))
    line = ""
    if cli:
        started = time.perf_counter()
        subprocess.run([cli, "build", str(folder), "-o", str(db)], check=True, capture_output=True)
        line = f"; `realpolitik build` command {time.perf_counter() - started:.2f} s in all"
    print(
        f"(e) second build of {name} (unchanged): {second['seconds']:.3f} s in run_build, "
        f"read {second['read']:.0f} (first build {first['seconds']:.2f} s); the process "
        f"{second['process_seconds']:.2f} s with imports{line}  (target < 1 s)"
    )


def measure_scenario(n_vars: int = 2000, edges_per_var: int = 3, repeat: int = 3) -> None:
    """(f) a scenario on a synthetic causal map of ``n_vars`` variables, each edge cited."""
    if importlib.util.find_spec("realpolitik.model.scenario") is None:
        print(
            "(f) scenario on a 2,000-variable map: skipped (realpolitik.model.scenario does not exist yet)"
        )
        return
    import random

    from realpolitik.model.map_types import CausalMap, Edge, Evidence, Variable
    from realpolitik.model.scenario import run_scenario

    rng = random.Random(2000)
    cmap = CausalMap()
    ids = [f"v{i:05d}" for i in range(n_vars)]
    for vid in ids:
        cmap.variables[vid] = Variable(vid, f"variable {vid}", "issue", (), (vid,), (vid,))
    for index in range(n_vars * edges_per_var):
        source, target = rng.sample(ids, 2)
        evidence = [
            Evidence("claim", index * 3 + k, f"doc{index % 97}.txt", f"{source} drives {target}.")
            for k in range(rng.randint(1, 3))
        ]
        eid = f"e{index}"
        cmap.edges[eid] = Edge(eid, source, target, rng.choice((1, -1)), evidence)
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = run_scenario(cmap, [(ids[0], 1.0), (ids[1], -0.5)])
        seconds.append(time.perf_counter() - started)
    print(
        f"(f) scenario on a {n_vars}-variable map ({len(cmap.edges)} edges), two shocks, top 10 "
        f"effects explained: {min(seconds):.2f} s ({len(result.effects)} variables changed)"
    )


def stage_function() -> Callable[[Path], object]:
    """The per-document function the build runs now (ingest alone, or every stage)."""
    try:
        from realpolitik.engine.stages import process_path
    except ImportError:
        from realpolitik.ingest.pipeline import process_file

        return partial(process_file)
    from realpolitik.engine.build import DEFAULT_MAX_BYTES

    return partial(process_path, max_bytes=DEFAULT_MAX_BYTES)


def _stages_seconds(process_one: Callable[[Path], object], files: list[Path]) -> float:
    """Seconds of the per-document stages over ``files``, in a one-process build's groups."""
    try:
        from realpolitik.engine.build import DEFAULT_MAX_BYTES, GROUP_DOCUMENTS
        from realpolitik.engine.stages import process_paths
    except ImportError:  # code from before groups of files: one file a call
        return sum(_timed(partial(process_one, p)) for p in files)
    return sum(
        _timed(partial(process_paths, files[i : i + GROUP_DOCUMENTS], max_bytes=DEFAULT_MAX_BYTES))
        for i in range(0, len(files), GROUP_DOCUMENTS)
    )


def _timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


# --- main ----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="realpolitik benchmarks")
    parser.add_argument(
        "--quick", action="store_true", help="the end-to-end ratio on a small corpus"
    )
    parser.add_argument("--only", default="abcdef", help="measures to run, e.g. a,e")
    parser.add_argument("--docs", type=int, default=1000, help="(b, c) the smaller corpus")
    parser.add_argument(
        "--scale", type=int, default=10, help="(b) the larger corpus is this many times larger"
    )
    parser.add_argument("--e2e-docs", type=int, default=200, help="(a) documents")
    parser.add_argument("--workers-docs", type=int, default=300, help="(d) documents")
    parser.add_argument(
        "--workdir", type=Path, help="keep corpora and models here (default: a temp folder)"
    )
    parser.add_argument(
        "--child-build", nargs=2, type=Path, metavar=("CORPUS", "DB"), help=argparse.SUPPRESS
    )
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--engine", default="local", help=argparse.SUPPRESS)
    parser.add_argument(
        "--trace-build", nargs=2, type=Path, metavar=("CORPUS", "DB"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)

    if args.child_build:
        corpus_dir, db = args.child_build
        print(json.dumps(child_build(corpus_dir, db, args.workers, args.engine)))
        return

    if args.trace_build:
        # One traced build, printing RSS as it goes (for long runs watched by hand).
        trace_list: list[tuple[float, int, float]] = []
        n_files = sum(
            1 for p in args.trace_build[0].rglob("*") if p.is_file() and not p.name.startswith(".")
        )
        result = run_child(*args.trace_build, workers=args.workers, trace=trace_list)
        _print_trace(trace_list, n_files)
        print(json.dumps(result))
        return

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="realpolitik-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(
        f"realpolitik bench, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, workdir {workdir}"
    )
    try:
        if args.quick:
            quick = measure_end_to_end(workdir, 20, repeat=2)
            print(f"ratio={quick:.2f}")
            return
        only = set(args.only.replace(",", ""))
        ratio: float | None = None
        if "a" in only:
            ratio = measure_end_to_end(workdir, args.e2e_docs, repeat=2)
        if "b" in only or "c" in only:
            folder, db = measure_memory(workdir, args.docs, args.docs * args.scale)
            if "c" in only:
                measure_add_one(workdir, folder, db)
        if "d" in only:
            measure_workers(workdir, args.workers_docs)
        if "e" in only:
            measure_rebuild(workdir)
        if "f" in only:
            measure_scenario()
        if ratio is not None:
            print(f"ratio={ratio:.2f}")
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
