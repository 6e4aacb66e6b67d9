"""The desktop app's composition root: one qasync loop, the bridge, the windows.

Layer 4 (``mypbxdesk.ui``). The only place that constructs everything; no
global registry. Start-up on Python 3.11 uses
``asyncio.Runner(loop_factory=…QEventLoop)`` (``asyncio.run`` has no
``loop_factory`` before 3.12; desktop-integration.md §1.2). Quit sets an
``asyncio.Event`` through ``aboutToQuit``; ``main`` then logs off cleanly,
closes the history and returns, and the runner closes the loop.

``--demo`` starts the simulated MyPBX on a free loopback port, connects to it
as extension 474 with a throw-away settings file and history, and has the
simulator ring 474 every ~15 s (some answered, some missed, one transferred).
"""

from __future__ import annotations

import asyncio
import logging
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import qasync
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ..calls import History
from ..config import ConfigError, Settings, data_dir, default_config_path, load_settings
from ..credentials import find_secret
from ..logsetup import register_secret
from ..service import PhoneService
from . import icons
from .bridge import PbxBridge
from .tray import Openers, TrayController

log = logging.getLogger("mypbxdesk.ui")

DEMO_EXTENSION = "474"


@dataclass(slots=True)
class AppOptions:
    demo: bool = False
    config: Path | None = None
    demo_calls_every: float = 15.0
    use_tray: bool | None = None


class Windows:
    """Creates each window on first use and re-shows it afterwards."""

    def __init__(self, bridge: PbxBridge, config_path: Path) -> None:
        self.bridge = bridge
        self.config_path = config_path
        self._made: dict[str, QWidget] = {}

    def _get(self, key: str, factory: Callable[[], QWidget]) -> QWidget:
        widget = self._made.get(key)
        if widget is None:
            widget = self._made[key] = factory()
        return widget

    @staticmethod
    def _present(widget: QWidget) -> None:
        widget.show()
        widget.raise_()
        widget.activateWindow()

    def dialer(self, number: str = "") -> None:
        from .dialer import DialerWindow

        dialer = self._get("dialer", lambda: DialerWindow(self.bridge))
        assert isinstance(dialer, DialerWindow)
        dialer.open_with(number)

    def calls(self) -> None:
        from .callpanel import CallPanel

        self._present(self._get("calls", lambda: CallPanel(self.bridge)))

    def history(self) -> None:
        from .historywindow import HistoryWindow

        def make() -> QWidget:
            window = HistoryWindow(self.bridge)
            window.dial_requested.connect(self.dialer)
            return window

        self._present(self._get("history", make))

    def amilog(self) -> None:
        from .amilog import AmiLogWindow

        self._present(self._get("amilog", lambda: AmiLogWindow(self.bridge)))

    def settings(self, first_run: bool = False) -> None:
        from .settingsdialog import SettingsDialog

        existing = self._made.get("settings")
        if existing is not None and existing.isVisible():
            self._present(existing)
            return
        dialog = SettingsDialog(self.bridge, self.bridge.settings, first_run=first_run)
        self._made["settings"] = dialog
        self._present(dialog)

    def openers(self) -> Openers:
        return Openers(dialer=self.dialer, calls=self.calls, history=self.history,
                       settings=self.settings, amilog=self.amilog)


def _open_history(path: Path) -> History | None:
    try:
        history = History.open(path)
    except Exception as exc:  # never let the history stop the pops
        log.error("call history unavailable (%s): %s", path, exc)
        return None
    if history.warning:
        log.warning("%s", history.warning)
    return history


async def main(app: QApplication, options: AppOptions) -> int:
    stop = asyncio.Event()
    app.aboutToQuit.connect(stop.set)
    sim = None
    first_run = False
    if options.demo:
        from ..sim import SimulatedPbx

        sim = SimulatedPbx("mypbx", talk_time=12.0, ring_time=6.0)
        port = await sim.start()
        demo_dir = Path(tempfile.mkdtemp(prefix="mypbxdesk-demo-"))
        config_path = demo_dir / "config.toml"
        settings = Settings(host="127.0.0.1", port=port, username="admin",
                            extension=DEMO_EXTENSION)
        secret = "password"
        history_path = demo_dir / "history.sqlite3"
        print(f"mypbxdesk demo: simulated MyPBX on 127.0.0.1:{port}, you are extension "
              f"{DEMO_EXTENSION}; a call rings every ~{options.demo_calls_every:g} s. "
              "Quit from the tray menu (or the window) to stop.", flush=True)
    else:
        config_path = options.config or default_config_path()
        try:
            settings = load_settings(config_path)
        except ConfigError as exc:
            QMessageBox.warning(None, "mypbxdesk settings", f"{exc}\n\nPlease check the settings.")
            settings = Settings()
        found = await asyncio.to_thread(find_secret, settings)
        secret = found.secret
        # No file, an unusable one, or no secret anywhere: ask instead of failing.
        first_run = not config_path.exists() or bool(settings.validate()) or not secret
        history_path = data_dir() / "history.sqlite3"
    register_secret(secret)
    history = await asyncio.to_thread(_open_history, history_path)
    service = PhoneService(settings, secret, history=history)
    bridge = PbxBridge(service, config_path=config_path)
    windows = Windows(bridge, config_path)
    tray = TrayController(bridge, windows.openers(), use_tray=options.use_tray)
    tray.quit_requested.connect(app.quit)

    from .screenpop import PopManager

    pops = PopManager(bridge, notify=tray.notify)
    app.setProperty("mypbxdesk_pops", pops)  # keep it alive for the app's lifetime
    if first_run:
        windows.settings(first_run=True)
    else:
        service.start()
    first_call: asyncio.Task[None] | None = None
    if sim is not None:
        sim.start_schedule(every=options.demo_calls_every, to=DEMO_EXTENSION)
        first_call = asyncio.create_task(_demo_first_call(sim), name="demo-first-call")
    await stop.wait()
    tray.hide()
    if first_call is not None:
        first_call.cancel()
    await bridge.aclose()
    if sim is not None:
        await sim.stop()
    return 0


async def _demo_first_call(sim: object) -> None:
    """A first call a few seconds in, so a newcomer sees a pop at once."""
    await asyncio.sleep(4)
    await sim.incoming_call(  # type: ignore[attr-defined]
        caller="13806012345", caller_name="Bob Smith", to=DEMO_EXTENSION,
        outcome="answered", ring_time=6.0, talk_time=10.0)


def _excepthook(kind: type[BaseException], value: BaseException, tb: object) -> None:
    log.error("unexpected error", exc_info=(kind, value, tb))  # type: ignore[arg-type]


def run_app(options: AppOptions) -> int:
    """Start the GUI; returns the process exit code."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("mypbxdesk")
    app.setApplicationDisplayName("mypbxdesk")
    app.setDesktopFileName("mypbxdesk")
    app.setQuitOnLastWindowClosed(False)  # a tray app: closing a window must not quit
    app.setWindowIcon(icons.app_icon())
    sys.excepthook = _excepthook
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        return runner.run(main(app, options))
