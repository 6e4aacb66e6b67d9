"""Answers to the command line: transfer, park, pick up — and the colleagues' lines as a stream.

Layer 4 (``mypbxdesk.ui``). ``mypbxdesk`` run again while the app runs hands
its request over the single-instance socket (``singleinstance.py``); the
plain ones (dial, show …) are handled by the app's windows, these here by
:class:`HandOver`, through the bridge like any button:

* ``transfer`` / ``park`` / ``pickup``: the action is done first, then one
  line answers it: ``{"ok": bool, "message": str, "slot": str}`` with the
  message in English (the command line's language), ``slot`` set by a park;
* ``presence``: one line per colleague ``{"extension", "name", "state",
  "time"}`` (``state`` as in :class:`~mypbxdesk.console.LineState`: ``idle``,
  ``ringing``, ``in_call``, ``in_call_ringing``, ``on_hold``, ``busy``,
  ``unavailable``, ``unknown``; ``time`` when that state began, ISO 8601 UTC,
  or null), then one line per change, until the asker closes the connection.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from PySide6.QtCore import QObject

from ..calls.model import iso_utc
from ..console import Colleague, PresenceChange
from ..service.permissions import Feature
from ..service.phone import Outcome
from .bridge import PbxBridge
from .singleinstance import Answer
from .transfer import async_slot

log = logging.getLogger("mypbxdesk.ui")


def presence_line(bridge: PbxBridge, colleague: Colleague) -> dict[str, Any]:
    """One colleague as the ``presence`` stream writes it."""
    return {
        "extension": colleague.extension,
        "name": bridge.colleague_name(colleague.extension, colleague.name),
        "state": colleague.state.value,
        "time": iso_utc(colleague.since) if colleague.since else None,
    }


class _PresenceFeed(QObject):
    """Writes every presence change to one asker until it goes away."""

    def __init__(self, bridge: PbxBridge, answer: Answer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._answer = answer
        self._done = False
        bridge.presence_changed.connect(self._on_change)
        answer.closed.connect(self._stop)

    def _on_change(self, change: PresenceChange) -> None:
        if change.extension == self._bridge.settings.extension:
            return
        if not self._answer.send(presence_line(self._bridge, change.colleague)):
            self._stop()

    def _stop(self) -> None:
        if self._done:
            return
        self._done = True
        with contextlib.suppress(RuntimeError, TypeError):
            self._bridge.presence_changed.disconnect(self._on_change)
        self.deleteLater()


class HandOver(QObject):
    """Performs what another ``mypbxdesk`` process asked for, and answers it."""

    def __init__(self, bridge: PbxBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bridge = bridge

    def answer(self, request: dict[str, Any], answer: Answer) -> None:
        """The slot for ``SingleInstance.question_received``."""
        if request.get("action") == "presence":
            self._stream(answer)
        else:
            self._act(request, answer)

    def _stream(self, answer: Answer) -> None:
        console = self._bridge.console
        if console is None:
            answer.finish(_refusal("this app was started without the console"))
            return
        if not console.permissions.allowed(Feature.PRESENCE):
            answer.finish(_refusal(str(console.permissions.reason(Feature.PRESENCE))))
            return
        for colleague in console.colleagues():
            answer.send(presence_line(self._bridge, colleague))
        _PresenceFeed(self._bridge, answer, self)

    @async_slot
    async def _act(self, request: dict[str, Any], answer: Answer) -> None:
        try:
            outcome = await self._perform(request)
        except Exception as exc:  # the asker always gets its one line
            log.exception("a handed-over %s failed", request.get("action"))
            outcome = Outcome(False, str(exc) or type(exc).__name__)
        answer.finish(
            {"ok": outcome.ok, "message": str(outcome.message), "slot": str(outcome.slot)}
        )

    async def _perform(self, request: dict[str, Any]) -> Outcome:
        bridge = self._bridge
        if bridge.console is None:
            return Outcome(False, "this app was started without the console")
        action = request["action"]
        call_id = request.get("call") or None
        if action == "transfer":
            target = str(request["target"])
            if request.get("attended"):
                return await bridge.attended_transfer(target, call_id)
            return await bridge.blind_transfer(target, call_id)
        if action == "park":
            return await bridge.park(call_id)
        if action == "pickup":
            return await bridge.pickup(str(request["extension"]))
        return Outcome(False, f"unknown action {action!r}")


def _refusal(message: str) -> dict[str, Any]:
    return {"ok": False, "message": message, "slot": ""}
