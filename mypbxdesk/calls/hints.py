"""Originate hints: the next new channel of the user's phone is the click-to-dial call.

Layer 3 (``mypbxdesk.calls``, calls model): stdlib + mypbxdesk.ami.message only;
no asyncio, sockets or Qt.

Before the client sends an Originate it tells the tracker the number
(``CallTracker.expect_originate``). The phone rings first; 1.8 names the
dialled number only once the user answered, so the hint lets the tracker
report the call as OUTGOING RINGING to that number at once. A hint is valid
until its deadline (deadline-clock seconds); then it is dropped unused.
"""

from __future__ import annotations

from collections.abc import Callable


class OriginateHints:
    """Pending hints, oldest first: (number, deadline)."""

    __slots__ = ("_deadline_clock", "_pending")

    def __init__(self, deadline_clock: Callable[[], float]) -> None:
        self._deadline_clock = deadline_clock
        self._pending: list[tuple[str, float]] = []

    def add(self, number: str, within: float) -> None:
        self._pending.append((number, self._deadline_clock() + within))

    def take(self) -> str | None:
        """The oldest hint still valid (used up), or None; expired ones are dropped."""
        if not self._pending:
            return None
        self.expire()
        return self._pending.pop(0)[0] if self._pending else None

    def expire(self) -> None:
        """Drop the hints whose deadline has come."""
        if self._pending:
            now = self._deadline_clock()
            self._pending = [h for h in self._pending if h[1] > now]

    def next_deadline(self) -> float | None:
        """When the oldest pending hint expires, None if none is pending."""
        return min(h[1] for h in self._pending) if self._pending else None
