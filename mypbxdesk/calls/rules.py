"""The call model's transition rules, as tables: how a call ends, what a dial status means.

Layer 3 (``mypbxdesk.calls``, calls model): stdlib + mypbxdesk.ami.message only;
no asyncio, sockets or Qt.

Rules every transition of the call book keeps (``book.py`` applies them; the
event handlers only decide *which* transition applies):

1. A call gets ``RINGING`` at most once, when it is created, and ``ENDED``
   exactly once, when it is removed. ``ANSWERED`` follows ``RINGING`` once, and
   is repeated only when the other party of an answered call changes.
2. ``call_id`` never changes and is never reused by one tracker.
3. When the user's phone leaves a call while the other party is still in the
   dialplan, the call *lingers* (at most ``linger`` seconds, still ringing or
   answered for the GUI) until the other party tells how it ended: it hangs up
   (missed / answered), it is bridged with a colleague (answered elsewhere),
   it dials someone else after a redirect or transfer (transferred), or it
   dials the user again (a queue retry: the same call goes on, no new ring).

The tables:

* :data:`DIAL_STATUSES`: a ``DialStatus`` (or, failing that, the CDR
  ``Disposition``) → may the call still come back to the user (a hunt goes
  on), and the outcome of an outgoing call nobody answered;
* :data:`LEAVE_RULES`: the user's phone left a call → finish it how, or linger
  (the first matching row wins);
* :func:`when_peer_bridged`: the other party got connected to a third channel.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import NamedTuple

from .model import CallState, Direction
from .records import LiveCall


class StatusRule(NamedTuple):
    """What one dial status says about a call."""

    #: The call may still come back to the user (a queue retry, ``RetryDial``,
    #: a hunt list) or go elsewhere.
    may_come_back: bool
    #: The outcome of an *outgoing* call that ends unanswered with this status.
    unanswered: str


#: ``DialStatus`` (or CDR ``Disposition``, spaces removed) → rule. Any other
#: status (``ANSWER``, ``CANCEL``, unknown words) is :data:`OTHER_STATUS`.
DIAL_STATUSES: dict[str, StatusRule] = {
    # status: StatusRule(may come back, outcome if an outgoing call ends unanswered)
    "NOANSWER": StatusRule(True, "missed"),
    "BUSY": StatusRule(True, "busy"),
    "CHANUNAVAIL": StatusRule(True, "failed"),
    "CONGESTION": StatusRule(True, "failed"),
    "FAILED": StatusRule(False, "failed"),
    "INVALIDARGS": StatusRule(False, "failed"),
    "DONTCALL": StatusRule(False, "failed"),
    "TORTURE": StatusRule(False, "failed"),
}
OTHER_STATUS = StatusRule(False, "missed")


def may_come_back(status: str) -> bool:
    """After this dial status the call may still come back to the user or go elsewhere."""
    return DIAL_STATUSES.get(status.upper(), OTHER_STATUS).may_come_back


def unanswered_outcome(call: LiveCall) -> str:
    """How a call that the user never talked in ended, from the dial status and CDR.

    Incoming: always missed. Outgoing: from :data:`DIAL_STATUSES`; with no
    status at all and no other party, an Originate whose first leg (the
    user's own phone) never dialled out: failed.
    """
    if call.direction is Direction.INCOMING:
        return "missed"
    status = call.dial_status.upper() or call.cdr_disposition.upper()
    if not status and call.peer is None:
        return "failed"
    return DIAL_STATUSES.get(status, OTHER_STATUS).unanswered


class Leave(Enum):
    """What happens to a call when the user's phone leaves it."""

    #: Ends as transferred to the remembered target (``transfer_hint``).
    TRANSFERRED = "transferred"
    #: Ends now: answered if the user talked, else from :func:`unanswered_outcome`.
    FINISH = "finish"
    #: Ends now as answered elsewhere (cause 26: a colleague picked up first).
    ANSWERED_ELSEWHERE = "answered_elsewhere"
    #: Waits for the other party to tell (rule 3).
    LINGER = "linger"


LeaveTest = Callable[[LiveCall, str, bool], bool]


def _transfer_hinted(call: LiveCall, cause: str, can_linger: bool) -> bool:
    return call.transfer_hint is not None


def _outgoing(call: LiveCall, cause: str, can_linger: bool) -> bool:
    return call.direction is Direction.OUTGOING


def _answered_elsewhere(call: LiveCall, cause: str, can_linger: bool) -> bool:
    return cause == "26" and call.state is CallState.RINGING


def _other_party_may_tell(call: LiveCall, cause: str, can_linger: bool) -> bool:
    # The other party may still be in the dialplan (or is unknown: a 1.8
    # queue rings without Dial events): wait for it to tell.
    return can_linger and (call.peer_alive or call.peer is None)


#: The user's phone left a call (its last channel hung up), with the Hangup
#: ``Cause``: the first row whose test holds decides; none → :attr:`Leave.FINISH`.
LEAVE_RULES: tuple[tuple[LeaveTest, Leave], ...] = (
    (_transfer_hinted, Leave.TRANSFERRED),  # a transfer was announced before
    (_outgoing, Leave.FINISH),  # the user hung up their own call
    (_answered_elsewhere, Leave.ANSWERED_ELSEWHERE),  # cause 26 while ringing
    (_other_party_may_tell, Leave.LINGER),  # rule 3
)


def when_my_phone_leaves(call: LiveCall, cause: str, can_linger: bool) -> Leave:
    """Which row of :data:`LEAVE_RULES` applies (``can_linger``: linger time > 0)."""
    for test, leave in LEAVE_RULES:
        if test(call, cause, can_linger):
            return leave
    return Leave.FINISH


def when_peer_bridged(call: LiveCall, my_phone_in: bool) -> str | None:
    """The other party of ``call`` got connected to a third channel: the outcome.

    ``None``: the user still talks (an answered call, the user's phone still
    in it): the third party is only remembered as the transfer target.

    ======== ================ ================================ ==================
    answered user's phone in  dial may come back / no status   outcome
    ======== ================ ================================ ==================
    yes      yes              any                              None (remember)
    yes      no               any                              transferred
    no       yes              any                              answered_elsewhere
    no       no               yes                              answered_elsewhere
    no       no               no                               transferred
    ======== ================ ================================ ==================
    """
    if call.state is CallState.ANSWERED:
        return None if my_phone_in else "transferred"
    if my_phone_in or not call.dial_status or may_come_back(call.dial_status):
        return "answered_elsewhere"
    return "transferred"
