"""The CRM action when a call rings: open the CRM link and/or run the CRM command.

Layer 4 (``mypbxdesk.ui``). ``crm_mode`` decides when: ``never``;
``on_click`` (the pop's "Open in CRM" button, see ``popcard.py``); ``auto``
(as soon as an incoming call rings, once per call, not while do-not-disturb
is on). The command is started with ``QProcess.startDetached(program,
arguments)``: an argument list, no shell (``mypbxdesk.crm``), detached so a
slow CRM cannot block the pops and leaves no zombie behind.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QProcess, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from ..base.numberformat import is_withheld
from ..calls import CallEvent, Direction
from ..contacts.crm import crm_argv
from ..service.view import ResolvedChange
from .bridge import PbxBridge
from .callinfo import build_crm_url, real_name

log = logging.getLogger("mypbxdesk.ui.crm")


def start_detached(argv: list[str]) -> bool:
    """Run ``argv`` without a shell (tests may replace this)."""
    ok, _pid = QProcess.startDetached(argv[0], argv[1:])
    return bool(ok)


def open_url(url: str) -> bool:
    return QDesktopServices.openUrl(QUrl(url))


def has_crm(bridge: PbxBridge) -> bool:
    s = bridge.settings
    return s.crm_mode != "never" and bool(s.crm_url.strip() or s.crm_command)


class CrmLauncher(QObject):
    """Runs the CRM action for a caller; in ``auto`` mode on every incoming ring.

    Signals:
        launched(str, str): the action ran for (number, name).
    """

    launched = Signal(str, str)

    def __init__(
        self,
        bridge: PbxBridge,
        *,
        run: Callable[[list[str]], bool] | None = None,
        open_: Callable[[str], bool] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._run = run or start_detached
        self._open = open_ or open_url
        self._done: set[str] = set()
        bridge.call_changed.connect(self._on_call_changed)

    def launch(self, number: str, name: str) -> bool:
        """Open the CRM link and run the CRM command (whichever are set)."""
        settings = self._bridge.settings
        ok = False
        url = build_crm_url(settings.crm_url, number, name)
        if url is not None:
            ok = self._open(url) or ok
            if not ok:
                log.warning("could not open the CRM address %s", url)
        if settings.crm_command:
            try:
                argv = crm_argv(settings.crm_command, number, name)
            except ValueError as exc:
                log.warning("CRM command not run: %s", exc)
            else:
                started = self._run(argv)
                if not started:
                    log.warning("could not start the CRM command %s", argv[0])
                ok = started or ok
        if ok:
            self.launched.emit(number, name)
        return ok

    def _on_call_changed(self, change: ResolvedChange) -> None:
        call = change.call
        if change.event is CallEvent.ENDED:
            self._done.discard(call.call_id)
            return
        if (
            change.event is not CallEvent.RINGING
            or self._bridge.settings.crm_mode != "auto"
            or call.direction is not Direction.INCOMING
            or self._bridge.dnd
            or call.call_id in self._done
            or is_withheld(call.number)  # "anonymous": nothing to look up
        ):
            return
        self._done.add(call.call_id)
        self.launch(call.number, real_name(change.view.name, call.number))
