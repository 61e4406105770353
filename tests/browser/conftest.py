"""Browser tests: a real Chromium (Debian's, /usr/bin/chromium) driven by Playwright.

Models are built at run time: the seeds' from ``../shared/seeds`` (or
``$REALPOLITIK_SEEDS``; the tests skip, saying so, when it is absent) and a small
hostile one written here. The workbench runs in a uvicorn thread on a free port.
Every page a test opens is watched: a console error, an uncaught exception or a
JavaScript dialog fails the test. Screenshots go to ``artifacts/screenshots/``.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = ROOT / "artifacts" / "screenshots"
HOSTILE = "<script>alert(1)</script>"


def seeds_dir() -> Path:
    return Path(os.environ.get("REALPOLITIK_SEEDS", ROOT.parent / "shared" / "seeds"))


@pytest.fixture(scope="session")
def seeds_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    seeds = seeds_dir()
    if not seeds.is_dir() or not any(seeds.iterdir()):
        pytest.skip(f"no seed documents at {seeds} (set REALPOLITIK_SEEDS)")
    from realpolitik.engine.build import run_build

    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    run_build([seeds], db)
    return db


@pytest.fixture(scope="session")
def hostile_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from realpolitik.engine.build import run_build
    from tests.test_web import write_hostile_corpus

    base = tmp_path_factory.mktemp("hostile")
    write_hostile_corpus(base / "corpus")
    run_build([base / "corpus"], base / "hostile.db")
    return base / "hostile.db"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    url: str
    server: Any
    thread: threading.Thread

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def start_server(db: Path, token: str | None = None) -> Server:
    import uvicorn

    from realpolitik.web.app import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(db, token), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the workbench did not start")
        time.sleep(0.05)
    return Server(f"http://127.0.0.1:{port}", server, thread)


@pytest.fixture(scope="session")
def seeds_server(seeds_model: Path) -> Iterator[Server]:
    srv = start_server(seeds_model)
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@dataclass
class Watch:
    """What went wrong in a page: console errors, uncaught exceptions, dialogs."""

    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    watch = Watch()

    def on_console(msg: Any) -> None:
        if msg.type == "error":
            watch.errors.append(f"console: {msg.text} ({pg.url})")

    def on_dialog(dialog: Any) -> None:
        watch.dialogs.append(dialog.message)
        dialog.dismiss()

    pg.on("console", on_console)
    pg.on("pageerror", lambda exc: watch.errors.append(f"pageerror: {exc} ({pg.url})"))
    pg.on("dialog", on_dialog)
    pg.watch = watch
    yield pg
    context.close()
    assert not watch.dialogs, f"a page opened a dialog: {watch.dialogs}"
    assert not watch.errors, "\n".join(watch.errors)


def shot(page: Any, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


@pytest.fixture(scope="session")
def seeds_report(seeds_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from realpolitik.web.report import write_report

    out = tmp_path_factory.mktemp("report") / "site"
    write_report(seeds_model, out)
    return out
