"""Running the per-document stages on a Dask cluster.

:func:`dask_results` maps the pure per-document stages
(:func:`realpolitik.engine.stages.process_paths`, a few files a task with one spaCy
pass over them, as the process pool sends them) over a Dask cluster and yields
the results in corpus order, for the client to write to the store. Tasks are
submitted in a bounded window (a few per worker thread): the client never holds
more than a window of futures and results, so memory stays flat however large
the corpus is, and a slow writer holds the workers back instead of letting
results pile up.

The workers read the files themselves, by path: on a real cluster the corpus
must be on a file system every worker sees at the same path (NFS, a shared
volume). ``scheduler="local"`` starts a :class:`~distributed.LocalCluster` of
``workers`` single-threaded processes on this machine for the duration of the
build.

Dask is an optional dependency (``pip install 'dask[distributed]'``); it is
imported only when this engine is used.
"""

from __future__ import annotations

import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

from realpolitik.engine.build import POOL_GROUP_DOCUMENTS
from realpolitik.engine.discover import CorpusFile
from realpolitik.engine.stages import BuildSettings, Result, process_paths

if TYPE_CHECKING:
    from distributed import Client

#: Tasks (groups of files) in flight per worker thread. Enough to keep every worker busy while the
#: client writes, small enough that memory does not grow with the corpus.
TASKS_PER_THREAD = 4
MIN_WINDOW = 4


class DaskUnavailableError(RuntimeError):
    """Dask distributed is not installed, or the scheduler cannot be reached."""


def process_group(
    paths: list[str], max_bytes: int, settings: BuildSettings | None = None
) -> list[Result]:
    """The task a worker runs: a few files through the per-document stages, with one
    spaCy pass over their sentences (:func:`~realpolitik.engine.stages.process_paths`)."""
    return process_paths(
        [Path(p) for p in paths], max_bytes=max_bytes, settings=settings or BuildSettings()
    )


def dask_results(
    files: Iterable[CorpusFile],
    *,
    scheduler: str = "local",
    workers: int = 2,
    max_bytes: int = 50 * 1024 * 1024,
    window: int | None = None,
    settings: BuildSettings | None = None,
) -> Iterator[tuple[CorpusFile, Result]]:
    """Process ``files`` on the cluster at ``scheduler``; yield results in corpus order.

    ``scheduler`` is a scheduler address (``tcp://host:8786``) or ``"local"``
    for a :class:`~distributed.LocalCluster` of ``workers`` processes.
    ``window`` bounds the tasks in flight (default: a few per worker thread).
    """
    with ExitStack() as stack:
        client = stack.enter_context(_client(scheduler, workers))
        size = window or _default_window(client)
        build = uuid.uuid4().hex[:12]
        pending: deque[tuple[list[CorpusFile], Any]] = deque()
        source = enumerate(_groups(files, POOL_GROUP_DOCUMENTS))

        def submit_next() -> bool:
            for index, group in source:
                future = client.submit(
                    process_group,
                    [str(corpus_file.path) for corpus_file in group],
                    max_bytes,
                    settings,
                    key=f"realpolitik-process-{build}-{index}",
                    pure=False,
                    retries=1,
                )
                pending.append((group, future))
                return True
            return False

        while len(pending) < size and submit_next():
            pass
        while pending:
            group, future = pending.popleft()
            results: list[Result] = future.result()
            future.release()
            submit_next()
            yield from zip(group, results, strict=True)


def _groups(files: Iterable[CorpusFile], size: int) -> Iterator[list[CorpusFile]]:
    """``files`` in consecutive groups of ``size`` (the last may be shorter)."""
    group: list[CorpusFile] = []
    for corpus_file in files:
        group.append(corpus_file)
        if len(group) == size:
            yield group
            group = []
    if group:
        yield group


def _client(scheduler: str, workers: int) -> AbstractContextManager[Client]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise DaskUnavailableError(
            "the Dask engine needs dask distributed: pip install 'dask[distributed]'"
        ) from exc
    if scheduler == "local":
        return _LocalClient(Client, LocalCluster, max(1, workers))
    try:
        return Client(scheduler, timeout="30s", set_as_default=False)
    except OSError as exc:
        raise DaskUnavailableError(
            f"cannot reach the Dask scheduler at {scheduler}: {exc}"
        ) from exc


class _LocalClient(AbstractContextManager["Client"]):
    """A client on a LocalCluster that lives as long as the build."""

    def __init__(self, client_type: Any, cluster_type: Any, workers: int) -> None:
        self._cluster = cluster_type(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            host="127.0.0.1",
        )
        try:
            self._client: Client = client_type(self._cluster, set_as_default=False)
        except BaseException:
            self._cluster.close()
            raise

    def __enter__(self) -> Client:
        return self._client

    def __exit__(self, *exc_info: object) -> None:
        try:
            self._client.close()
        finally:
            self._cluster.close()


def _default_window(client: Client) -> int:
    try:
        threads = sum(int(n) for n in client.nthreads().values())
    except Exception:  # a scheduler that cannot say: assume a few
        threads = 2
    return max(MIN_WINDOW, TASKS_PER_THREAD * max(1, threads))
