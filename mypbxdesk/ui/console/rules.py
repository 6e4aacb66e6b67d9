"""What the console's commands act on, and why one cannot act right now.

Layer 4 (``mypbxdesk.ui``). The console window's decisions, apart from its
keys: the current call (``ConsoleService.current_call``), the selected
colleague, the number typed when no colleague matches it, and for every
command the sentence that says why it cannot run at this moment (no call,
nothing parked, the colleague's phone does not ring …). An empty sentence
means it can run.
"""

from __future__ import annotations

from ...base.numbers import InvalidNumber, clean_number
from ...calls import Call, CallState
from ...console import LineState
from ...service.permissions import Feature
from ..callinfo import shown_number
from .colleagues import ColleagueRow, Role
from .commands import refused_text
from .panels import ConsolePanels

_RINGING = (LineState.RINGING, LineState.IN_CALL_RINGING)


class ConsoleRules(ConsolePanels):
    """The console's widgets plus the questions the window asks of them."""

    # -- what is selected ------------------------------------------------------------------
    def current_call_id(self) -> str:
        call = self.current_call()
        return call.call_id if call is not None else ""

    def current_call(self) -> Call | None:
        """The call Enter, F2 and F3 act on (``ConsoleService.current_call``)."""
        console = self._bridge.console
        return console.current_call() if console is not None else None

    def selected(self) -> ColleagueRow | None:
        index = self.grid.currentIndex()
        row = index.data(Role.ROW) if index.isValid() else None
        return row if isinstance(row, ColleagueRow) else None

    def typed_number(self) -> str:
        """The search text as a number, when no colleague matches it ("" otherwise)."""
        text = self.search.text().strip()
        if not text or self.filter.rowCount() > 0:
            return ""
        try:
            return str(clean_number(text))
        except InvalidNumber:
            return ""

    def target(self) -> tuple[str, str] | None:
        """(number to send to, how to call it) — the selected colleague, else the number typed."""
        row = self.selected()
        if row is not None:
            return row.extension, f"{row.extension} {row.name}".strip()
        number = self.typed_number()
        return (number, shown_number(self._bridge, number)) if number else None

    # -- reasons ---------------------------------------------------------------------------
    def _no_target(self) -> str:
        text = self.search.text().strip()
        if text and self.filter.rowCount() == 0:
            return self.tr("No colleague matches “{text}”, and it is not a number").format(
                text=text
            )
        return self.tr("Pick a colleague or type a number first")

    def _why_enter(self) -> str:
        if self.current_call() is not None and self.banner.active:
            return self._transfer_under_way()
        return "" if self.target() is not None else self._no_target()

    def _why_call(self) -> str:
        if self.current_call() is None:
            return self.tr("You have no call right now")
        return self._transfer_under_way() if self.banner.active else ""

    def _transfer_under_way(self) -> str:
        return self.tr("A transfer is under way: Ctrl+Enter completes it, Esc goes back")

    def _why_attended(self) -> str:
        call = self.current_call()
        if call is None or call.state is not CallState.ANSWERED:
            return self.tr(
                "Answer a call first: an attended transfer starts from a call you talk in"
            )
        if self.banner.active:
            return self._transfer_under_way()
        return self._why_enter()

    def _why_pickup(self) -> str:
        row = self.selected()
        if row is None:
            return self.tr("Pick the colleague whose phone rings")
        if row.state not in _RINGING:
            return self.tr("{extension} is not ringing").format(extension=row.extension)
        return ""

    def _why_retrieve(self) -> str:
        return "" if self.parked_model.rowCount() else self.tr("No call is parked")

    def _why_pause(self) -> str:
        return "" if self.queues.my_queues() else self.tr("You are not in a queue")

    def _why_join(self) -> str:
        queue = self.queues.chosen_queue()
        if not queue:
            return self.tr("The PBX reported no queues")
        return (
            self.tr("You are in {queue} already").format(queue=queue)
            if self.queues.is_member(queue)
            else ""
        )

    def _why_leave(self) -> str:
        queue = self.queues.chosen_queue()
        if not queue:
            return self.tr("The PBX reported no queues")
        return (
            ""
            if self.queues.is_member(queue)
            else self.tr("You are not in {queue}").format(queue=queue)
        )

    def _why_transfer(self) -> str:
        return self.banner.why_not()

    def _voicemail_tip(self) -> str:
        refused = refused_text(self._bridge, Feature.VOICEMAIL)
        if refused:
            return self.tr("Calls your voicemail. No message count: {reason}").format(
                reason=refused
            )
        return self.tr("Call your voicemail from your phone")

    def _empty_text(self) -> str:
        refused = refused_text(self._bridge, Feature.PRESENCE)
        if refused:
            return refused
        if self.model.rowCount() == 0:
            return self.tr("No colleagues yet: the PBX has not reported any extension")
        number = self.typed_number()
        if number:
            if self.current_call() is not None:
                return self.tr(
                    "No colleague matches. Enter transfers your call to {number}"
                ).format(number=shown_number(self._bridge, number))
            return self.tr("No colleague matches. Enter calls {number}").format(
                number=shown_number(self._bridge, number)
            )
        return self._no_target()
