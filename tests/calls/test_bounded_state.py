"""Per-call state stays bounded: hundreds of calls through one tracker leave nothing behind.

The soak (``benchmarks/soak.py``) streams one 1.8 call millions of times; these
cases run the recorded calls of both dialects (masquerades, DAHDI look-ups,
12+ bridges, lingering queue calls), each from the user's and a bystander's
point of view, over and over with fresh uniqueids, and then look into every
container of the tracker that is filled per call or per event.
"""

from __future__ import annotations

import re

import pytest

from mypbxdesk.calls import CallEvent, CallTracker, MyPhone, book
from mypbxdesk.calls.book import CallBook
from mypbxdesk.calls.bridges import Bridges
from mypbxdesk.calls.hints import OriginateHints
from mypbxdesk.calls.ports import PortBook

from .replay import A22, load, replay

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
}

#: Containers that must be empty between calls (piece.attribute of the tracker's state).
PER_CALL = (
    "book.legs",
    "book.calls",
    "book.by_key",
    "book.lingering",
    "book.masq",
    "ports.held",
    "ports._asked",
    "ports._new",
    "bridges.members",
    "hints._pending",
)
#: Bounded on purpose: call-id counters (capped) and what look-ups said per DAHDI port.
KEPT = ("book._ids", "ports.known")


def containers(tracker: CallTracker) -> dict[str, int]:
    """The size of every container in every state piece of the tracker."""
    pieces: dict[str, CallBook | PortBook | Bridges | OriginateHints] = {
        "book": tracker._book,
        "ports": tracker._ports,
        "bridges": tracker._bridges,
        "hints": tracker._hints,
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
