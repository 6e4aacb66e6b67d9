"""The caller-ID screen-pop: one small always-on-top card per ringing call.

Layer 4 (``mypbxdesk.ui``): PySide6 widgets over :class:`PbxBridge`.

:class:`PopManager` listens to ``bridge.call_changed`` and builds and shows a
:class:`~mypbxdesk.ui.popcard.ScreenPop` (the card itself, re-exported here)
*inside that slot* (no timer first), so the pop is on screen
in the same event-loop turn as the ringing event. Pops are frameless
``Qt.Tool`` windows that stay on top and are shown without activation, so the
receptionist's typing elsewhere is never interrupted. They sit in the corner of
the screen under the mouse (``settings.pop_corner``) and stack away from it,
oldest nearest the corner, so a new pop never moves the ones already read.

Wayland gives applications no say over window position or stacking: there the
pop may appear centred (desktop-integration.md §2.1).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QCursor, QGuiApplication, QScreen

from ..calls import CallEvent, Direction
from ..service.view import CallView, ResolvedChange
from .bridge import PbxBridge
from .callinfo import build_crm_url, call_facts, number_line, number_region, shown_name
from .popcard import ScreenPop
from .transfer import TransferDialog

__all__ = ["Notify", "PopManager", "ScreenPop", "build_crm_url"]

log = logging.getLogger("mypbxdesk.ui")

Notify = Callable[[str, str], None]


class PopManager(QObject):
    """Owns the screen-pops: one per call, stacked in the configured corner.

    Args:
        bridge: the app's bridge.
        notify: ``(title, text)`` hook for a native notification on ringing (the
            tray passes ``QSystemTrayIcon.showMessage``); its errors are ignored.
        close_delay: seconds a pop stays after its call ended.
        pop_outgoing: pop for outgoing calls too (default: they only update a pop).

    Signals:
        pop_opened(str): a pop for this call_id is on screen.
        pop_closed(str): the pop for this call_id closed.
    """

    pop_opened = Signal(str)
    pop_closed = Signal(str)

    def __init__(
        self,
        bridge: PbxBridge,
        *,
        notify: Notify | None = None,
        close_delay: float = 4.0,
        pop_outgoing: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self.notify = notify
        self.close_delay = close_delay
        self.pop_outgoing = pop_outgoing
        self._pops: dict[str, ScreenPop] = {}
        self._dialogs: list[TransferDialog] = []
        self._screen: QScreen | None = None
        bridge.call_changed.connect(self._on_call_changed)
        bridge.settings_changed.connect(self._restack)

    @property
    def pops(self) -> dict[str, ScreenPop]:
        """The open pops by call_id, oldest first (a copy)."""
        return dict(self._pops)

    def pop_for(self, call_id: str) -> ScreenPop | None:
        return self._pops.get(call_id)

    @property
    def transfer_dialogs(self) -> list[TransferDialog]:
        return list(self._dialogs)

    def close_all(self) -> None:
        for pop in list(self._pops.values()):
            pop.close()
        for dialog in list(self._dialogs):
            dialog.reject()

    # -- calls ------------------------------------------------------------------------
    def _on_call_changed(self, change: ResolvedChange) -> None:
        call, view = change.call, change.view
        pop = self._pops.get(call.call_id)
        if pop is None:
            if change.event is not CallEvent.RINGING or self._bridge.dnd:
                return
            if call.direction is not Direction.INCOMING and not self.pop_outgoing:
                return
            self._open(view)
            return
        if change.event is CallEvent.ENDED:
            pop.finish(view, self.close_delay)
        else:
            pop.update_call(view)
        self._restack()

    def _open(self, view: CallView) -> None:
        call = view.call
        pop = ScreenPop(self._bridge, view)
        pop.closed.connect(self._on_pop_closed)
        pop.transfer_requested.connect(self._open_transfer)
        if not self._pops:
            self._screen = self._screen_under_mouse()
        self._pops[call.call_id] = pop
        self._restack()
        pop.show()
        self.pop_opened.emit(call.call_id)
        if self.notify is not None:
            name = shown_name(view)
            number = number_line(view)  # "" when withheld: the name says so
            text = (
                self.tr("{name} — {number}").format(name=name, number=number)
                if number and number != name
                else name
            )
            facts = call_facts(
                view, region=number_region(self._bridge)
            )  # "via …", "transferred by …"
            if facts:
                text = "\n".join([text, " · ".join(facts)])
            try:
                self.notify(self.tr("Incoming call"), text)
            except Exception:  # a missing notification daemon must not cost the pop
                log.debug("tray notification failed", exc_info=True)

    def _on_pop_closed(self, call_id: str) -> None:
        pop = self._pops.pop(call_id, None)
        if pop is not None:
            pop.deleteLater()
        self._restack()
        self.pop_closed.emit(call_id)

    def _open_transfer(self, view: object) -> None:
        if not isinstance(view, CallView):
            return
        for dialog in self._dialogs:
            if dialog.call_id == view.call_id:
                dialog.raise_()
                dialog.activateWindow()
                return
        dialog = TransferDialog(self._bridge, view)
        dialog.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        dialog.finished.connect(self._forget_dialogs)  # not a lambda holding the dialog
        self._dialogs.append(dialog)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def _forget_dialogs(self, *_: object) -> None:
        self._dialogs = [d for d in self._dialogs if d.isVisible()]  # they delete themselves

    # -- placement --------------------------------------------------------------------
    @staticmethod
    def _screen_under_mouse() -> QScreen:
        return QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()

    def _restack(self, *_: object) -> None:
        if not self._pops:
            return
        screen = self._screen
        if screen is None or screen not in QGuiApplication.screens():
            screen = self._screen = self._screen_under_mouse()
        area = screen.availableGeometry()
        corner = self._bridge.settings.pop_corner
        right, bottom = corner.endswith("right"), corner.startswith("bottom")
        first = next(iter(self._pops.values()))
        margin = first.fontMetrics().height()
        offset = margin
        for pop in self._pops.values():
            pop.adjustSize()
            w, h = pop.width(), pop.height()
            x = area.x() + area.width() - margin - w if right else area.x() + margin
            y = area.y() + area.height() - offset - h if bottom else area.y() + offset
            pop.move(QPoint(x, y))
            offset += h + margin // 2
