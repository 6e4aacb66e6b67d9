"""The desktop app's composition root: one qasync loop, the bridge, the windows.

Layer 4 (``mypbxdesk.ui``). The only place that constructs everything; no
global registry. Start-up on Python 3.11 uses
``asyncio.Runner(loop_factory=…QEventLoop)`` (``asyncio.run`` has no
``loop_factory`` before 3.12; desktop-integration.md §1.2). Quit sets an
``asyncio.Event`` (the tray's Quit, SIGTERM/SIGINT, or ``aboutToQuit``);
``main`` then logs off cleanly, closes the history and returns, and the runner
closes the loop.

``--demo`` starts the simulated MyPBX on a free loopback port, connects to it
as extension 474 with a throw-away settings file and history, and has the
simulator ring 474 every ~15 s (some answered, some missed, one transferred).

One app per user session: :func:`run_app` claims the single-instance name
(``singleinstance.py``); if another live app holds it, the request (dial a
number, or just show her main window) is handed over and this process exits 0.
A handed-over or start-up number opens the dialer prefilled and dials at once
(if the PBX is not connected yet, as soon as it connects, within 30 s).
A handed-over ``transfer``, ``park`` or ``pickup`` is done and answered, and
``presence`` streams the colleagues' lines (``handover.py``); a plain second
start shows the console, her main window.

The global dial hotkey (``dial_hotkey`` in the settings) is grabbed at start
and again whenever a saved chord differs; pressing it does what the tray's
"Dial clipboard" does. When the chord cannot be had (another program owns it,
Wayland) a notification says so once, and Settings shows why.
``mypbxdesk --dial-clipboard`` asks the running app for the same thing, for a
desktop-level shortcut where apps may not grab keys.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import qasync
from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ..base.logsetup import register_secret
from ..base.numbers import DialNumber, InvalidNumber, clean_number, strip_uri
from ..calls import History
from ..contacts.book import ContactBook, ContactImportError, number_in_text
from ..service.console import ConsoleService
from ..service.phone import PhoneService
from ..settings.config import ConfigError, Settings, data_dir, default_config_path, load_settings
from ..settings.credentials import find_secret
from . import icons
from .bridge import PbxBridge
from .handover import HandOver
from .hotkey import GlobalHotkey, HotkeyState
from .i18n import install_translator, tr_text
from .plainbuttons import plain_buttons
from .singleinstance import SingleInstance, UrlOpenFilter, make_request, send_request
from .tray import Openers, TrayController

if TYPE_CHECKING:
    from .screenpop import Notify, PopManager

log = logging.getLogger("mypbxdesk.ui")

DEMO_EXTENSION = "474"
PENDING_DIAL_MS = 30_000
HISTORY_PRUNE_MS = 12 * 3600 * 1000


@dataclass(slots=True)
class AppOptions:
    demo: bool = False
    config: Path | None = None
    demo_calls_every: float = 15.0
    use_tray: bool | None = None
    dial: str = ""  # a number or tel:/callto:/sip: URI to dial once connected
    dial_clipboard: bool = False  # dial the selected/copied number once connected
    single_instance: bool = True
    autostart: bool = False
    lang: str | None = None  # e.g. "zh_CN"; None: $MYPBXDESK_LANG, else the system locale


class Windows:
    """Creates each window on first use and re-shows it afterwards."""

    def __init__(
        self, bridge: PbxBridge, config_path: Path, hotkey: GlobalHotkey | None = None
    ) -> None:
        self.bridge = bridge
        self.config_path = config_path
        self.hotkey = hotkey
        self._made: dict[str, QWidget] = {}
        #: The app lives in the tray (else in the status window), for :meth:`say_where`.
        self.in_tray = True
        # A number to dial once connected: (as shown, cleaned).
        self._pending_dial: tuple[str, DialNumber] | None = None
        self._pending_timer = QTimer()
        self._pending_timer.setSingleShot(True)
        self._pending_timer.setInterval(PENDING_DIAL_MS)
        self._pending_timer.timeout.connect(self._drop_pending)
        bridge.status_changed.connect(lambda _s: self._dial_pending())

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

    def dial_now(self, text: str) -> None:
        """Open the dialer with ``text`` (a number or URI) and dial it.

        An invalid number is shown in the dialer with the reason and not sent.
        Not connected yet: the call goes out when the PBX connects (30 s max).
        A dial already under way: this one goes out right after it.
        The number is cleaned here, once; the dialer dials what came of it.
        """
        try:
            number = clean_number(text)
        except InvalidNumber:
            self.dialer(text)  # as given: the dialer says why it cannot be dialled
            return
        self._dial_clean(strip_uri(text), number)

    def _dial_clean(self, shown: str, number: DialNumber) -> None:
        from .dialer import DialerWindow

        dialer = self._get("dialer", lambda: DialerWindow(self.bridge))
        assert isinstance(dialer, DialerWindow)
        if not dialer.busy:  # a dial under way keeps its number on show
            dialer.open_with(shown, check=False)  # cleaned above
        self._pending_dial = (shown, number)
        self._pending_timer.start()
        self._dial_pending()

    def _dial_pending(self) -> None:
        if self._pending_dial is not None and self.bridge.connected:
            # After the dialer's own status slot has enabled its Call button.
            QTimer.singleShot(0, self._click_call)

    def _click_call(self) -> None:
        from .dialer import DialerWindow

        pending = self._pending_dial
        if pending is None or not self.bridge.connected:
            return
        self._drop_pending()
        dialer = self._get("dialer", lambda: DialerWindow(self.bridge))
        assert isinstance(dialer, DialerWindow)
        dialer.dial_number(*pending)

    def _drop_pending(self) -> None:
        self._pending_dial = None
        self._pending_timer.stop()

    def dial_clipboard(self) -> str | None:
        """Dial the number in the X11 primary selection (where there is one: the
        highlighted text) or else the clipboard. Read only on demand: Wayland lets
        only the focused app read it, and watching it would be snooping.

        Returns the number dialled, or None (the dialer then shows the text and
        why it cannot be dialled).
        """
        board = QGuiApplication.clipboard()
        texts = []
        if board.supportsSelection():
            texts.append(board.text(QClipboard.Mode.Selection))
        texts.append(board.text(QClipboard.Mode.Clipboard))
        region = self.bridge.settings.default_region
        for text in texts:
            number = number_in_text(text, region) if text.strip() else None
            if number is not None:
                self._dial_clean(number, number)  # number_in_text cleaned it
                return number
        first = next((t.strip().splitlines()[0] for t in texts if t.strip()), "")
        self.dialer(first[:80])
        return None

    def handle_request(self, request: dict[str, object]) -> None:
        """A request handed over by another launch (or a macOS open-URL event)."""
        number = request.get("number")
        if request.get("action") == "dial" and isinstance(number, str) and number:
            self.dial_now(number)
        elif request.get("action") == "clipboard":
            self.dial_clipboard()
        elif request.get("action") == "show":
            self.main_window()

    def main_window(self) -> None:
        """Her main window: the console (the dialer when the app has no console)."""
        if self.bridge.console is not None:
            self.console()
        else:
            self.dialer()

    def console(self) -> None:
        """The receptionist's console, with the search field ready for typing."""
        from .console import ConsoleWindow

        def make() -> QWidget:
            return ConsoleWindow(self.bridge, self.openers())

        window = self._get("console", make)
        assert isinstance(window, ConsoleWindow)
        window.open()

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
        dialog = SettingsDialog(
            self.bridge, self.bridge.settings, first_run=first_run, hotkey=self.hotkey
        )
        if first_run:
            dialog.saved.connect(lambda _message: self.say_where())
        self._made["settings"] = dialog
        self._present(dialog)

    def say_where(self) -> QMessageBox:
        """After the first run's Save: where the app went (it has no window of
        its own to stay in), so she can find it again."""
        text = (
            QCoreApplication.translate(
                "App",
                "mypbxdesk is running in the tray, next to the clock. Click its icon to "
                "dial; calls pop up by themselves.",
            )
            if self.in_tray
            else QCoreApplication.translate(
                "App",
                "mypbxdesk is running in its small status window. Calls pop up by themselves.",
            )
        )
        box = QMessageBox(
            QMessageBox.Icon.Information,
            QCoreApplication.translate("App", "mypbxdesk is ready"),
            text,
            QMessageBox.StandardButton.Ok,
        )
        box.setObjectName("whereTheAppWent")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        plain_buttons(box)
        self._made["where"] = box
        box.show()
        return box

    def openers(self) -> Openers:
        return Openers(
            dialer=self.dialer,
            calls=self.calls,
            history=self.history,
            settings=self.settings,
            amilog=self.amilog,
            dial_clipboard=self.dial_clipboard,
            console=self.console if self.bridge.console is not None else None,
        )


def _open_contacts(path: Path, region: str) -> ContactBook:
    try:
        return ContactBook.open(path, region)
    except ContactImportError as exc:  # a damaged store must not stop the app
        log.error("%s", exc)
        return ContactBook(None, region)


def _open_history(path: Path) -> History | None:
    try:
        history = History.open(path)
    except Exception as exc:  # never let the history stop the pops
        log.error("call history unavailable (%s): %s", path, exc)
        return None
    if history.warning:
        log.warning("%s", history.warning)
    history.close_left_open()  # calls a crash left ringing: ended, in the writer thread
    return history


def follow_history_warnings(history: History | None, notify: Callable[[str, str], None]) -> None:
    """Say (a notification) when the history file is recreated or cannot be written
    while the app runs; the writer thread reports it, the notification is shown here."""
    if history is None:
        return
    loop = asyncio.get_running_loop()

    def show(message: str) -> None:
        notify(QCoreApplication.translate("App", "Call history"), tr_text(message))

    def reported(message: str) -> None:  # in the history's writer thread
        with contextlib.suppress(RuntimeError):  # the loop is closed: the app is gone
            loop.call_soon_threadsafe(show, message)

    history.on_warning(reported)


def keep_history(history: History | None, bridge: PbxBridge) -> QTimer:
    """Apply the history retention (``history_days``) now and twice a day, for an
    app that runs for months. Returns the timer (kept by the caller)."""

    def prune() -> None:
        if history is None:
            return
        try:
            gone = history.keep_days(bridge.settings.history_days)
        except Exception:  # a locked or damaged file must not stop the app
            log.exception("could not prune the call history")
            return
        if gone:
            log.info(
                "call history: forgot %d calls older than %d days",
                gone,
                bridge.settings.history_days,
            )

    prune()
    timer = QTimer()
    timer.setInterval(HISTORY_PRUNE_MS)
    timer.timeout.connect(prune)
    timer.start()
    return timer


async def main(
    app: QApplication, options: AppOptions, instance: SingleInstance | None = None
) -> int:
    stop = asyncio.Event()
    # Quit ends main() rather than Qt's loop: QApplication.quit() first asks
    # every window to close, and our windows only hide (a tray app), which
    # cancels the quit; and a Qt loop stopped under qasync would skip the
    # clean-up below. aboutToQuit still covers Qt quitting on its own.
    app.aboutToQuit.connect(stop.set)
    _quit_on_signals(stop.set)
    sim = None
    first_run = False
    if options.demo:
        from ..sim import SimulatedPbx

        sim = SimulatedPbx("mypbx", talk_time=12.0, ring_time=6.0)
        port = await sim.start()
        demo_dir = Path(tempfile.mkdtemp(prefix="mypbxdesk-demo-"))
        config_path = demo_dir / "config.toml"
        settings = Settings(host="127.0.0.1", port=port, username="admin", extension=DEMO_EXTENSION)
        secret = "password"
        history_path = demo_dir / "history.sqlite3"
        print(
            f"mypbxdesk demo: simulated MyPBX on 127.0.0.1:{port}, you are extension "
            f"{DEMO_EXTENSION}; a call rings every ~{options.demo_calls_every:g} s. "
            "Quit from the tray menu (or the window) to stop.",
            flush=True,
        )
    else:
        config_path = options.config or default_config_path()
        try:
            settings = load_settings(config_path)
        except ConfigError as exc:
            QMessageBox.warning(
                None,
                QCoreApplication.translate("App", "mypbxdesk settings"),
                QCoreApplication.translate("App", "{error}\n\nPlease check the settings.").format(
                    error=tr_text(str(exc))
                ),
            )
            settings = Settings()
        found = await asyncio.to_thread(find_secret, settings)
        secret = found.secret
        # No file, an unusable one, or no secret anywhere: ask instead of failing.
        first_run = not config_path.exists() or bool(settings.validate()) or not secret
        history_path = data_dir() / "history.sqlite3"
    register_secret(secret)
    # In this thread: sqlite3 connections refuse use from another thread.
    history = _open_history(history_path)
    contacts = _open_contacts(history_path.with_name("contacts.json"), settings.default_region)
    service = PhoneService(
        settings, secret, history=history, contacts=contacts, load_directory=True
    )
    console = ConsoleService(service)  # colleagues, parking, queues: before the first login
    bridge = PbxBridge(
        service, console=console, config_path=config_path, manage_autostart=sim is None
    )
    pruning = keep_history(history, bridge)
    hotkey = GlobalHotkey(parent=app)
    windows = Windows(bridge, config_path, hotkey)
    tray = TrayController(bridge, windows.openers(), use_tray=options.use_tray)
    windows.in_tray = tray.tray is not None
    tray.quit_requested.connect(stop.set)
    hotkey.activated.connect(windows.dial_clipboard)
    follow_hotkey_setting(hotkey, bridge, tray.notify, tray.show_hotkey)
    follow_history_warnings(history, tray.notify)
    handover = HandOver(bridge, parent=app)
    if instance is not None:
        instance.request_received.connect(windows.handle_request)
        instance.question_received.connect(handover.answer)
    url_filter = UrlOpenFilter(app)
    url_filter.request_received.connect(windows.handle_request)
    app.installEventFilter(url_filter)

    from .screenpop import PopManager

    pops = PopManager(bridge)
    pops.notify = one_alert_per_call(pops, tray.notify)
    app.setProperty("mypbxdesk_pops", pops)  # keep it alive for the app's lifetime
    from .crmaction import CrmLauncher

    app.setProperty("mypbxdesk_crm", CrmLauncher(bridge))  # crm_mode = "auto"
    if first_run:
        windows.settings(first_run=True)
    else:
        service.start()
    first_call: asyncio.Task[None] | None = None
    if sim is not None:
        sim.start_schedule(every=options.demo_calls_every, to=DEMO_EXTENSION)
        first_call = asyncio.create_task(_demo_first_call(sim), name="demo-first-call")
    if options.dial:
        windows.dial_now(options.dial)
    elif options.dial_clipboard:
        windows.dial_clipboard()
    await stop.wait()
    pruning.stop()
    app.removeEventFilter(url_filter)
    hotkey.close()
    tray.hide()
    if first_call is not None:
        first_call.cancel()
    await bridge.aclose()
    if sim is not None:
        await sim.stop()
        shutil.rmtree(config_path.parent, ignore_errors=True)  # the demo's throw-away dir
    return 0


def one_alert_per_call(pops: PopManager, notify: Callable[[str, str], None]) -> Notify:
    """The ringing hook for ``pops``: the card is the alert, so the native
    notification (which landed on the card and covered its buttons) is shown
    only when the card for the call is not on screen.

    :class:`PopManager` calls the hook right after showing the call's card, so
    the newest card is that call's.
    """

    def alert(title: str, text: str) -> None:
        cards = list(pops.pops.values())
        if cards and cards[-1].isVisible():
            return
        notify(title, text)

    return alert


def follow_hotkey_setting(
    hotkey: GlobalHotkey,
    bridge: PbxBridge,
    notify: Callable[[str, str], None],
    show: Callable[[str], None] | None = None,
) -> None:
    """Grab the saved chord now and whenever a saved chord differs; say once
    (a notification) when a chord the user chose cannot be had; ``show`` gets
    the chord that works ("" when none), for the tray menu."""
    applied: list[str] = []

    def follow(settings: Settings) -> None:
        if applied and applied[-1] == settings.dial_hotkey:
            return  # other settings were saved: keep the grab (and say nothing again)
        applied.append(settings.dial_hotkey)
        status = hotkey.apply(settings.dial_hotkey)
        if show is not None:
            show(status.chord if status.state is HotkeyState.ACTIVE else "")
        if settings.dial_hotkey and not status.ok:
            notify(
                QCoreApplication.translate("App", "Dial hotkey not available"),
                tr_text(status.message),
            )

    follow(bridge.settings)
    bridge.settings_changed.connect(follow)


async def _demo_first_call(sim: object) -> None:
    """A first call a few seconds in, so a newcomer sees a pop at once."""
    await asyncio.sleep(4)
    await sim.incoming_call(  # type: ignore[attr-defined]
        caller="13806012345",
        caller_name="Bob Smith",
        to=DEMO_EXTENSION,
        outcome="answered",
        ring_time=6.0,
        talk_time=10.0,
    )


def _excepthook(kind: type[BaseException], value: BaseException, tb: object) -> None:
    log.error("unexpected error", exc_info=(kind, value, tb))  # type: ignore[arg-type]


def _quit_on_signals(request_quit: Callable[[], None]) -> None:
    """SIGTERM (logout, shutdown, ``kill``) and Ctrl+C quit like the Quit menu:
    a clean AMI Logoff, the history closed. Python runs signal handlers only
    between bytecodes, so a light timer keeps waking the interpreter while Qt
    waits in C++."""
    loop = asyncio.get_running_loop()

    def handler(signum: int, frame: object) -> None:
        loop.call_soon_threadsafe(request_quit)

    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(ValueError, OSError):  # not the main thread / platform
            signal.signal(sig, handler)
    app = QCoreApplication.instance()
    waker = QTimer(app)
    waker.setInterval(250)
    waker.timeout.connect(lambda: None)
    waker.start()


def run_app(options: AppOptions) -> int:
    """Start the GUI; returns the process exit code."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("mypbxdesk")
    app.setApplicationDisplayName("mypbxdesk")
    app.setDesktopFileName("mypbxdesk")
    app.setQuitOnLastWindowClosed(False)  # a tray app: closing a window must not quit
    app.setWindowIcon(icons.app_icon())
    install_translator(app, options.lang)  # before any window is built
    sys.excepthook = _excepthook
    instance: SingleInstance | None = None
    if options.single_instance and not options.demo:
        instance = SingleInstance(parent=app)
        if not instance.listen():  # another app won the race: hand over and leave
            action = (
                "dial"
                if options.dial
                else "clipboard"
                if options.dial_clipboard
                else "ping"
                if options.autostart
                else "show"
            )
            return 0 if send_request(make_request(action, options.dial)) else 3
    try:
        with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
            return runner.run(main(app, options, instance))
    finally:
        if instance is not None:
            instance.close()
