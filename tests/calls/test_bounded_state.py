"""Per-call state stays bounded: hundreds of calls through one tracker leave nothing behind.

The soak (``benchmarks/soak.py``) streams one 1.8 call millions of times; these
cases run the recorded calls of both dialects (masquerades, DAHDI look-ups,
12+ bridges, lingering queue calls, queues, transfers), each from the user's and
a bystander's point of view, over and over with fresh uniqueids, and then look
into every container of the tracker that is filled per call or per event.

``routes.py`` remembers something about *every* channel of the PBX (what it
dialled, whom it was bridged with, its queue, who transferred it): forgotten at
its Hangup, and at most ``MAX_REMEMBERED`` channels when Hangups are lost.
"""

from __future__ import annotations

import re

import pytest

from mypbxdesk.ami import Message
from mypbxdesk.calls import CallEvent, CallTracker, MyPhone, book, routes
from mypbxdesk.calls.book import CallBook
from mypbxdesk.calls.bridges import Bridges
from mypbxdesk.calls.hints import OriginateHints
from mypbxdesk.calls.ports import PortBook
from mypbxdesk.calls.routes import Routes

from .replay import A22, FakeClock, load, replay

C18 = "captures18/"
COPIES = 120
MAX_IDS = 50  # instead of book.MAX_IDS (4096), so that the cap is crossed here

_BANNER = re.compile(rb"\A[^\r\n]*\r?\n")
_UID = re.compile(rb"\b(1[37]\d{8}\.\d+)\b")
_UUID = re.compile(rb"\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{7})[0-9a-f]{5}\b")

CASES = {
    "18 answered, callee": (C18 + "3-call-470-to-474-answered.from-pbx.raw", "474"),
    "18 answered, bystander": (C18 + "3-call-470-to-474-answered.from-pbx.raw", "999"),
    "18 missed, callee": (C18 + "4a-call-470-to-474-missed-noanswer.from-pbx.raw", "474"),
    "18 atxfer masquerade": ("calls/18-attended-transfer-masquerade.ami", "306"),
    "18 dahdi analog": ("calls/18-dahdi-analog.ami", "601"),
    "18 queue retry (lingers)": ("calls/18-queue-retry-missed.ami", "474"),
    "22 queue retry, blind transfer": ("calls/22-queue-retry-blind-transfer.ami", "474"),
    "22 bridges, bystander": (A22, "999"),
    "22 redirect target (last bridged)": (A22, "306"),
    "18 queue member (Join, AgentCalled)": (C18 + "c4-queue.from-pbx.raw", "474"),
    "18 queue, bystander": (C18 + "c4-queue.from-pbx.raw", "999"),
    "22 queue member (QueueCallerJoin)": ("asterisk22/console-queue.A.from-asterisk.raw", "474"),
    "22 blind transfer target": ("asterisk22/console-blindxfer.A.from-asterisk.raw", "306"),
    "22 atxfer through Local, target": ("asterisk22/console-atxfer.A.from-asterisk.raw", "306"),
    "18 pickup, picker": (C18 + "c3a-pickupchan.from-pbx.raw", "305"),
    "18 pickup, target": (C18 + "c3a-pickupchan.from-pbx.raw", "474"),
    "22 pickups, picker": ("asterisk22/console-pickup.A.from-asterisk.raw", "305"),
    "22 pickups, target": ("asterisk22/console-pickup.A.from-asterisk.raw", "601"),
}

#: Containers that must be empty between calls (piece.attribute of the tracker's state).
PER_CALL = (
    "book.legs",
    "book.calls",
    "book.by_key",
    "book.lingering",
    "book.masq",
    "book.pickups",
    "ports.held",
    "ports._asked",
    "ports._new",
    "bridges.members",
    "hints._pending",
    "routes.dialled",
    "routes.queued",
    "routes.partners",
    "routes.transfers",
    "routes.masq",
)
#: Bounded on purpose: call-id counters (capped) and what look-ups said per DAHDI port.
KEPT = ("book._ids", "ports.known")


def containers(tracker: CallTracker) -> dict[str, int]:
    """The size of every container in every state piece of the tracker."""
    pieces: dict[str, CallBook | PortBook | Bridges | OriginateHints | Routes] = {
        "book": tracker._book,
        "ports": tracker._ports,
        "bridges": tracker._bridges,
        "hints": tracker._hints,
        "routes": tracker._routes,
    }
    sizes: dict[str, int] = {}
    for label, piece in pieces.items():
        for slot in type(piece).__slots__:
            value = getattr(piece, slot)
            if isinstance(value, dict | list | set):
                sizes[f"{label}.{slot}"] = len(value)
    return sizes


def copies(data: bytes, n: int) -> bytes:
    """``n`` copies of a recorded stream (one banner), each with its own uniqueids,
    linkedids and bridge ids, as a PBX would number the calls of a day."""
    body = _BANNER.sub(b"", data, count=1)
    banner = data[: len(data) - len(body)]
    out = [banner]
    for i in range(n):
        repl = rb"\g<1>%05d" % i
        out.append(_UUID.sub(repl, _UID.sub(repl, body)))
    return b"".join(out)


@pytest.mark.parametrize(("path", "extension"), CASES.values(), ids=CASES.keys())
def test_many_calls_leave_no_per_call_state(
    path: str, extension: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(book, "MAX_IDS", MAX_IDS)
    once = replay(load(path), MyPhone(extension))
    result = replay(copies(load(path), COPIES), MyPhone(extension))
    tracker = result.tracker
    assert tracker.calls == [] and tracker.followed == 0
    sizes = containers(tracker)
    assert set(sizes) == {*PER_CALL, *KEPT}  # a new container must be listed above
    left = {name: sizes[name] for name in PER_CALL}
    assert left == dict.fromkeys(PER_CALL, 0)
    assert sizes["book._ids"] <= MAX_IDS
    once_ports = containers(once.tracker)["ports.known"]
    assert sizes["ports.known"] <= once_ports  # one entry per DAHDI port
    # Every copy is a call of its own, reported as the single run reports it.
    events = [c.event for c in result.changes]
    assert events == [c.event for c in once.changes] * COPIES
    rang = [c.call.call_id for c in result.changes if c.event is CallEvent.RINGING]
    assert len(set(rang)) == len(rang)  # call ids never reused, even past the cap


def test_channel_memories_are_capped_when_hangups_are_lost(monkeypatch: pytest.MonkeyPatch) -> None:
    """Channels that never hang up (Events off, a lost link): the oldest are forgotten."""
    cap = 50
    monkeypatch.setattr(routes, "MAX_REMEMBERED", cap)
    tracker = CallTracker(MyPhone("474"), clock=FakeClock())
    for i in range(20 * cap):
        a, b = f"1.{2 * i}", f"1.{2 * i + 1}"
        ca, cb = f"SIP/3{i:04d}-1", f"SIP/4{i:04d}-2"
        for headers in (
            [("Event", "Newchannel"), ("Channel", ca), ("Exten", "600"), ("Uniqueid", a)],
            [("Event", "Join"), ("Queue", "q"), ("CallerIDNum", "1"), ("Uniqueid", a)],
            [("Event", "QueueCallerJoin"), ("Queue", "q"), ("Uniqueid", b)],
            [
                ("Event", "Bridge"),
                ("Bridgestate", "Link"),
                ("Channel1", ca),
                ("Channel2", cb),
                ("Uniqueid1", a),
                ("Uniqueid2", b),
            ],
            [("Event", "BridgeEnter"), ("BridgeUniqueid", f"br-{i}"), ("Uniqueid", a)],
            [("Event", "BridgeEnter"), ("BridgeUniqueid", f"br-{i}"), ("Uniqueid", b)],
            [
                ("Event", "BlindTransfer"),
                ("Result", "Success"),
                ("TransfererCallerIDNum", "305"),
                ("TransfereeUniqueid", a),
            ],
            [("Event", "Rename"), ("Channel", ca), ("Newname", ca + "<MASQ>"), ("Uniqueid", a)],
        ):
            assert tracker.apply(Message(headers)) == []
    sizes = containers(tracker)
    for name in ("routes.dialled", "routes.queued", "routes.partners", "routes.transfers"):
        assert cap // 2 <= sizes[name] <= cap, name
    assert sizes["routes.masq"] <= cap
    # A channel list after a login keeps only the channels it shows.
    tracker.resync([])
    assert {name: n for name, n in containers(tracker).items() if name.startswith("routes.")} == {
        "routes.dialled": 0,
        "routes.queued": 0,
        "routes.partners": 0,
        "routes.transfers": 0,
        "routes.masq": 0,
    }
