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

from mypbxdesk.calls import CallEvent, MyPhone, core

from .replay import A22, load, replay

C18 = "captures18/"
COPIES = 120
MAX_IDS = 50  # instead of core._MAX_IDS (4096), so that the cap is crossed here

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

#: Containers that must be empty between calls.
PER_CALL = (
    "_legs",
    "_calls",
    "_by_key",
    "_lingering",
    "_held",
    "_lookups_asked",
    "_lookups_new",
    "_bridges",
    "_masq",
    "_hints",
)


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
    monkeypatch.setattr(core, "_MAX_IDS", MAX_IDS)
    once = replay(load(path), MyPhone(extension))
    result = replay(copies(load(path), COPIES), MyPhone(extension))
    tracker = result.tracker
    assert tracker.calls == [] and tracker.followed == 0
    left = {name: len(getattr(tracker, name)) for name in PER_CALL}
    assert left == dict.fromkeys(PER_CALL, 0)
    assert len(tracker._ids) <= MAX_IDS
    assert len(tracker._ports) <= len(once.tracker._ports)  # one entry per DAHDI port
    # Every copy is a call of its own, reported as the single run reports it.
    events = [c.event for c in result.changes]
    assert events == [c.event for c in once.changes] * COPIES
    rang = [c.call.call_id for c in result.changes if c.event is CallEvent.RINGING]
    assert len(set(rang)) == len(rang)  # call ids never reused, even past the cap
