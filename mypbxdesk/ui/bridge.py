"""PbxBridge: the one seam between the asyncio phone service and Qt widgets.

Layer 4 (``mypbxdesk.ui``): PySide6 + the layers below. Widgets get a bridge
in their constructor and never touch sockets, AMI messages or the client.

Everything runs on one thread (qasync: the asyncio loop *is* the Qt loop), so
the bridge re-emits service callbacks as Qt signals directly. Its coroutine
methods (``dial``, ``transfer`` …) are awaited from ``@asyncSlot`` handlers.

The AMI wire log is kept here as a bounded deque (the last 5000 messages);
the log window reads it when ``wire_log_grew`` fires, at most 5 times a
second, so a burst of 20k events costs the UI five repaints, not 20k.

Each call change arrives as a :class:`~mypbxdesk.service.view.ResolvedChange`:
the service has already named the caller once (imported contacts, then the
PBX's caller-ID name, then the call history) and formatted the number, and
every widget reads that :class:`~mypbxdesk.service.view.CallView`.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from ..ami.message import Message
from ..base.logsetup import redact, register_secret
from ..base.numbers import DialNumber, is_extension
from ..calls import Call, History
from ..contacts.book import ContactBook
from ..driver.client import ConnectionState, ConnectionStatus
from ..service.clicktodial import DialResult
from ..service.console import ConsoleService
from ..service.phone import Outcome, PhoneService, check_connection
from ..service.view import CallerName, CallView, ResolvedChange
from ..settings.config import Settings, default_config_path, save_settings
from ..settings.credentials import keyring_available, store_in_keyring

log = logging.getLogger("mypbxdesk.ui")

WIRE_LOG_SIZE = 5000


class WireEntry:
    """One AMI message as the log window shows it (secrets redacted).

    It keeps the raw frame and builds the text only when something reads it:
    the PBX may send thousands of messages a second and the log window is
    usually closed.
    """

    __slots__ = ("_frame", "_name", "_text", "at", "direction")

    def __init__(self, at: float, direction: str, message: Message | bytes) -> None:
        self.at = at
        self.direction = direction  # "sent" or "received"
        self._frame: Message | bytes | None = message
        self._name: str | None = None if isinstance(message, bytes) else message.name
        self._text = ""

    def _message(self) -> Message | None:
        frame = self._frame
        if isinstance(frame, bytes):
            frame = self._frame = Message.from_frame(frame)
        return frame

    @property
    def name(self) -> str:
        if self._name is None:
            msg = self._message()
            self._name = msg.name if msg is not None else ""
        return self._name

    @property
    def text(self) -> str:
        msg = self._message()
        if msg is not None:
            if self._name is None:
                self._name = msg.name
            self._text = redact(msg.to_text())  # Secret/Key headers, and any known secret
            self._frame = None
        return self._text


class PbxBridge(QObject):
    """Qt face of :class:`PhoneService`.

    Signals:
        status_changed(ConnectionStatus): connected, reconnecting, wrong password …
        call_changed(ResolvedChange): a call of the user rang, was answered or
            ended; with its :class:`CallView` (name, formatted number, trunk).
        wire_log_grew(): new entries in :attr:`wire_log` (throttled to 5/s).
        settings_changed(Settings): new settings were applied.
        dnd_changed(bool): "do not disturb" (no pops; history still recorded).
        presence_changed(PresenceChange): a colleague's line changed (console).
        park_changed(ParkChange): a call was parked, retrieved, timed out …
        queue_changed(QueueState): a queue's callers or members changed.
        mailbox_changed(MailboxCount): the voicemail count changed.
        transfer_progress(TransferProgress): a step of an attended transfer.
        permission_changed(Feature, str): a feature was refused (the reason), or
            allowed again ("").

    Attributes:
        wire_log: the last 5000 AMI messages, redacted.
    """

    status_changed = Signal(object)
    call_changed = Signal(object)
    wire_log_grew = Signal()
    settings_changed = Signal(object)
    dnd_changed = Signal(bool)
    presence_changed = Signal(object)
    park_changed = Signal(object)
    queue_changed = Signal(object)
    mailbox_changed = Signal(object)
    transfer_progress = Signal(object)
    permission_changed = Signal(object, str)

    contacts_changed = Signal()

    def __init__(
        self,
        service: PhoneService,
        *,
        console: ConsoleService | None = None,
        config_path: Path | None = None,
        manage_autostart: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._config_path = config_path
        self._manage_autostart = manage_autostart  # the app sets it; tests leave the OS alone
        self._dnd = False
        self.wire_log: collections.deque[WireEntry] = collections.deque(maxlen=WIRE_LOG_SIZE)
        self._wire_dirty = False
        self._wire_timer = QTimer(self)
        self._wire_timer.setInterval(200)
        self._wire_timer.timeout.connect(self._flush_wire)
        self._wire_timer.start()
        service.on_status(self._on_status)
        service.on_change(self._on_change)
        service.client.add_wire_listener(self._on_wire)
        self._console = console
        if console is not None:
            console.on_presence(self.presence_changed.emit)
            console.on_park(self.park_changed.emit)
            console.on_queue(self.queue_changed.emit)
            console.on_mailbox(self.mailbox_changed.emit)
            console.on_transfer(self.transfer_progress.emit)
            console.permissions.on_change(self.permission_changed.emit)
            # Colleagues who transfer a call to her are named from the console's directory.
            service.resolver.extension_names = self._directory_name

    @property
    def console(self) -> ConsoleService | None:
        """The receptionist's console (colleagues, parking, queues), when the app has one."""
        return self._console

    # -- state ----------------------------------------------------------------------
    @property
    def service(self) -> PhoneService:
        return self._service

    @property
    def status(self) -> ConnectionStatus:
        return self._service.status

    @property
    def config_path(self) -> Path:
        """The settings file that Save writes."""
        return self._config_path if self._config_path is not None else default_config_path()

    def current_secret(self) -> str:
        """The secret the service logs in with (kept when a settings form leaves it empty)."""
        return self._service.client.options.secret

    @property
    def connected(self) -> bool:
        return self._service.status.state is ConnectionState.CONNECTED

    @property
    def settings(self) -> Settings:
        return self._service.settings

    @property
    def history(self) -> History | None:
        return self._service.history

    @property
    def calls(self) -> list[Call]:
        return self._service.calls

    @property
    def views(self) -> list[CallView]:
        """The live calls as views (to fill a window that opens mid-call)."""
        return self._service.views()

    @property
    def contacts(self) -> ContactBook:
        """The imported contacts (kept by the service, which names callers with them)."""
        return self._service.contacts

    @contacts.setter
    def contacts(self, book: ContactBook) -> None:
        self._service.contacts = book

    @property
    def dnd(self) -> bool:
        return self._dnd

    def set_dnd(self, on: bool) -> None:
        if on != self._dnd:
            self._dnd = on
            self.dnd_changed.emit(on)

    def name_for(self, number: str, pbx_name: str = "") -> CallerName:
        """Who has ``number`` when no call change brought a view (a history row,
        a completion): the same precedence as the calls' views."""
        return self._service.resolver.name_for(number, pbx_name)

    def contact_name(self, number: str) -> str | None:
        """A name for ``number``: an imported contact, else one seen in the history."""
        return self.name_for(number).name or None

    def history_name(self, number: str) -> str | None:
        """The name an earlier call with ``number`` had, if any."""
        return self._service.resolver.history_name(number)

    def recent_numbers(self, limit: int = 50) -> list[str]:
        history = self._service.history
        if history is None:
            return []
        try:
            return history.recent_numbers(limit)
        except Exception:
            log.exception("history look-up failed")
            return []

    def import_contacts(
        self, path: Path, *, replace: bool = False, encoding: str | None = None
    ) -> int:
        """Import a CSV/vCard file (all or nothing); raises ContactImportError
        (EncodingUncertain: ask which ``encoding``, then import again)."""
        count = self.contacts.import_file(path, replace=replace, encoding=encoding)
        self.contacts_changed.emit()
        return count

    def known_extensions(self) -> list[str]:
        """The PBX's extensions (its peer list), plus extensions seen in calls and
        history (for the transfer target list)."""
        seen: set[str] = set(self._service.extensions)
        for call in self._service.calls:
            if is_extension(call.number) and len(call.number) <= 5:
                seen.add(call.number)
        for number in self.recent_numbers(200):
            if is_extension(number) and len(number) <= 5:
                seen.add(number)
        seen.discard(self.settings.extension)
        return sorted(seen, key=lambda n: (len(n), n))

    # -- service callbacks -------------------------------------------------------------
    def _on_status(self, status: ConnectionStatus) -> None:
        self.status_changed.emit(status)

    def _on_change(self, change: ResolvedChange) -> None:
        self.call_changed.emit(change)

    def _on_wire(self, direction: str, frames: Sequence[Message | bytes]) -> None:
        now = time.time()
        self.wire_log.extend(WireEntry(now, direction, frame) for frame in frames)
        self._wire_dirty = True

    def _flush_wire(self) -> None:
        if self._wire_dirty:
            self._wire_dirty = False
            self.wire_log_grew.emit()

    # -- actions (await these from @asyncSlot handlers) ---------------------------------
    async def dial(self, number: DialNumber, on_progress: object = None) -> DialResult:
        """Click-to-dial ``number``, cleaned by the caller (the dialer) with
        :func:`~mypbxdesk.base.numbers.clean_number`."""
        callback = on_progress if callable(on_progress) else None
        return await self._service.dial(number, on_phone_ringing=callback)

    async def transfer(self, call_id: str, target: str) -> Outcome:
        return await self._service.transfer(call_id, target)

    async def hangup(self, call_id: str) -> Outcome:
        return await self._service.hangup(call_id)

    # -- the receptionist's console (await these; they need :attr:`console`) ----------
    def _need_console(self) -> ConsoleService:
        if self._console is None:
            raise RuntimeError("this app was started without the console")
        return self._console

    def colleague_name(self, extension: str, pbx_name: str = "") -> str:
        """A colleague's (or any number's) name as the console shows it: an imported
        contact first, then the PBX's name (``pbx_name``, else the one the console
        knows for the extension), then the call history; "" if none."""
        if not pbx_name:
            pbx_name = self._directory_name(extension)
        return self.name_for(extension, pbx_name).name

    def _directory_name(self, extension: str) -> str:
        """The name the console's directory has for ``extension`` ("" if none)."""
        known = self._console.presence.get(extension) if self._console is not None else None
        return known.name if known is not None else ""

    async def blind_transfer(self, target: str, call_id: str | None = None) -> Outcome:
        """Send the other party of ``call_id`` (default: the current call) to
        ``target``: a colleague, an outside number or a parking slot."""
        return await self._need_console().transfer(target, call_id)

    async def attended_transfer(self, target: str, call_id: str | None = None) -> Outcome:
        """Consult ``target`` while the caller waits (then complete or go back)."""
        return await self._need_console().transfer_attended(target, call_id)

    async def complete_transfer(self, call_id: str | None = None) -> Outcome:
        return await self._need_console().complete_transfer(call_id)

    async def cancel_transfer(self, call_id: str | None = None) -> Outcome:
        """Back to the caller: the consultation ends, the caller is hers again."""
        return await self._need_console().cancel_transfer(call_id)

    async def park(self, call_id: str | None = None) -> Outcome:
        return await self._need_console().park(call_id)

    async def retrieve(self, slot: str) -> Outcome:
        return await self._need_console().retrieve(slot)

    async def pickup(self, extension: str) -> Outcome:
        return await self._need_console().pickup(extension)

    async def pause(self, paused: bool, queue: str | None = None, reason: str = "") -> Outcome:
        return await self._need_console().pause(paused, queue=queue, reason=reason)

    async def join_queue(self, queue: str) -> Outcome:
        return await self._need_console().join_queue(queue)

    async def leave_queue(self, queue: str) -> Outcome:
        return await self._need_console().leave_queue(queue)

    async def dial_voicemail(self) -> Outcome:
        return await self._need_console().dial_voicemail()

    async def test_connection(self, settings: Settings, secret: str) -> Outcome:
        register_secret(secret)
        return await check_connection(settings, secret)

    def reconnect_now(self) -> None:
        self._service.client.reconnect_now()

    async def apply_settings(
        self, settings: Settings, secret: str, *, secret_in_file: bool = False
    ) -> str:
        """Save ``settings`` (TOML, 0600) and the secret, then reconnect with them.

        The secret goes to the OS keyring; only with ``secret_in_file`` (the user
        agreed, because there is no keyring) into the settings file.

        Returns:
            where the secret was stored: ``"keyring"``, ``"settings file"`` or ``""``.
        """
        register_secret(secret)
        where = ""
        if secret:
            # A closure, not ``to_thread(f, settings, secret)``: qasync's executor logs
            # the callback with its arguments at DEBUG, which would show the secret.
            stored = await asyncio.to_thread(lambda: store_in_keyring(settings, secret))
            if stored:
                where = "keyring"
            elif secret_in_file:
                where = "settings file"
        in_file = where == "settings file"
        # What the window started from: a value she did not change is left as the file
        # says, so an edit made to the file meanwhile (an admin, a deployment) stays.
        base = self.settings
        await asyncio.to_thread(
            save_settings,
            replace(settings, secret=secret if in_file else ""),
            self.config_path,
            include_secret=in_file,
            base=base,
        )
        self._service.reconfigure(settings, secret)  # the contacts' region too
        self._service.start()  # first run: nothing was running yet
        if self._manage_autostart:
            from ..desktop import autostart

            try:
                await asyncio.to_thread(autostart.set_enabled, settings.start_at_login)
            except OSError as exc:
                log.warning("could not change start at login: %s", exc)
        self.settings_changed.emit(settings)
        return where

    @staticmethod
    def keyring_available() -> bool:
        return keyring_available()

    async def aclose(self) -> None:
        self._wire_timer.stop()
        await self._service.aclose()
