"""What the console's keys and buttons do: each action awaited through the bridge.

Layer 4 (``mypbxdesk.ui``). :class:`ConsoleActions` runs one action at a time
per kind and reports every step as ``report(text, ok)``: ``ok`` None while it
runs ("Parking…"), then True or False with the outcome's own words ("Parked
on 701", or the PBX's refusal in plain words). An exception never leaves the
status line stuck: it is reported like a refusal.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from PySide6.QtCore import QObject, Signal

from ...base.numbers import DialNumber
from ...service.phone import Outcome
from ..bridge import PbxBridge
from ..callinfo import shown_number
from ..i18n import tr_text
from ..transfer import async_slot


class ConsoleActions(QObject):
    """The console's actions. See the module docstring.

    Signals:
        report(str, object): a step's words and ``ok`` (None: still running).
        finished(str, bool): an action ended (its kind, ``ok``) — for tests and
            for refreshing the buttons.
    """

    report = Signal(str, object)
    finished = Signal(str, bool)

    def __init__(self, bridge: PbxBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self.running: set[str] = set()

    async def _run(
        self,
        kind: str,
        working: str,
        act: Callable[[], Awaitable[Outcome]],
        failed: str,
    ) -> None:
        """``failed`` has a ``{reason}`` placeholder for the outcome's words."""
        if kind in self.running:
            return
        self.running.add(kind)
        self.report.emit(working, None)
        try:
            outcome = await act()
            ok, text = outcome.ok, tr_text(outcome.message)
        except Exception as exc:  # never leave "…ing" on the screen
            ok, text = False, tr_text(str(exc)) or type(exc).__name__
        finally:
            self.running.discard(kind)
        self.report.emit(text if ok else failed.format(reason=text), ok)
        self.finished.emit(kind, ok)

    @async_slot
    async def transfer(self, target: str, call_id: str, shown: str = "") -> None:
        """``shown``: how to name the target while it runs (``305 Maria Garcia``)."""
        await self._run(
            "transfer",
            self.tr("Transferring to {target}…").format(target=shown or target),
            lambda: self._bridge.blind_transfer(target, call_id),
            self.tr("Could not transfer: {reason}"),
        )

    @async_slot
    async def attended(self, target: str, call_id: str, shown: str = "") -> None:
        await self._run(
            "attended",
            self.tr("Calling {target} while the caller waits…").format(target=shown or target),
            lambda: self._bridge.attended_transfer(target, call_id),
            self.tr("Could not start the attended transfer: {reason}"),
        )

    @async_slot
    async def complete(self, call_id: str) -> None:
        await self._run(
            "complete",
            self.tr("Handing the caller over…"),
            lambda: self._bridge.complete_transfer(call_id or None),
            self.tr("Could not complete the transfer: {reason}"),
        )

    @async_slot
    async def back(self, call_id: str) -> None:
        await self._run(
            "back",
            self.tr("Back to the caller…"),
            lambda: self._bridge.cancel_transfer(call_id or None),
            self.tr("Could not go back to the caller: {reason}"),
        )

    @async_slot
    async def park(self, call_id: str) -> None:
        await self._run(
            "park",
            self.tr("Parking the call…"),
            lambda: self._bridge.park(call_id),
            self.tr("Could not park the call: {reason}"),
        )

    @async_slot
    async def pickup(self, extension: str) -> None:
        await self._run(
            "pickup",
            self.tr("Picking up the call ringing on {extension}: your phone rings…").format(
                extension=extension
            ),
            lambda: self._bridge.pickup(extension),
            self.tr("Could not pick up: {reason}"),
        )

    @async_slot
    async def retrieve(self, slot: str) -> None:
        await self._run(
            "retrieve",
            self.tr("Taking back the call parked on {slot}…").format(slot=slot),
            lambda: self._bridge.retrieve(slot),
            self.tr("Could not take back the parked call: {reason}"),
        )

    @async_slot
    async def pause(self, paused: bool, reason: str) -> None:
        await self._run(
            "pause",
            self.tr("Pausing you in your queues…") if paused else self.tr("Resuming…"),
            lambda: self._bridge.pause(paused, reason=reason),
            self.tr("Could not change your pause: {reason}"),
        )

    @async_slot
    async def join(self, queue: str) -> None:
        await self._run(
            "join",
            self.tr("Joining {queue}…").format(queue=queue),
            lambda: self._bridge.join_queue(queue),
            self.tr("Could not join the queue: {reason}"),
        )

    @async_slot
    async def leave(self, queue: str) -> None:
        await self._run(
            "leave",
            self.tr("Leaving {queue}…").format(queue=queue),
            lambda: self._bridge.leave_queue(queue),
            self.tr("Could not leave the queue: {reason}"),
        )

    @async_slot
    async def voicemail(self) -> None:
        await self._run(
            "voicemail",
            self.tr("Calling your voicemail…"),
            self._bridge.dial_voicemail,
            self.tr("Could not call your voicemail: {reason}"),
        )

    @async_slot
    async def dial(self, number: DialNumber) -> None:
        shown = shown_number(self._bridge, number)

        async def act() -> Outcome:
            result = await self._bridge.dial(
                number, lambda progress: self.report.emit(tr_text(progress), None)
            )
            return Outcome(result.ok, result.message)

        await self._run(
            "dial",
            self.tr("Calling {number} from your phone…").format(number=shown),
            act,
            self.tr("The call was not placed: {reason}"),
        )
