"""The fast event path changes nothing: every real capture, through the protocol's
name filter and lazy messages, gives the same call changes as through full parsing.

(a) careful: ``Parser`` fed one byte at a time (never the fast framing path),
    every message fully parsed, every event to ``CallTracker.apply``;
(b) fast: ``AmiProtocol(wanted_events=CallTracker.wanted_events)`` fed the whole
    stream in reads of 64 KiB, events dropped on their name before parsing,
    the rest as lazy messages, to another ``CallTracker``.

For each capture, every extension that appears in it is the user once.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mypbxdesk.ami import AmiProtocol, Kind, Message
from mypbxdesk.calls import CallChange, CallTracker, MyPhone

from .replay import DATA, messages

CAPTURES = sorted(
    str(p.relative_to(DATA))
    for pattern in ("captures18/*.from-pbx.raw", "asterisk22/*.from-asterisk.raw")
    for p in DATA.glob(pattern)
)
NOW = 1_795_822_000.0


def extensions(data: bytes) -> list[str]:
    found = set(re.findall(rb"(?:SIP|PJSIP|IAX2)/(\d{3,4})-", data))
    return sorted(e.decode() for e in found)


def careful(data: bytes, extension: str) -> list[CallChange]:
    tracker = CallTracker(MyPhone(extension), clock=lambda: NOW, deadline_clock=lambda: 0.0)
    out: list[CallChange] = []
    for msg in messages(data, bytewise=True):
        assert msg.raw is None or isinstance(msg, Message)
        out.extend(tracker.apply(Message(msg.headers, msg.body)))  # fully parsed
    return out


def fast(data: bytes, extension: str) -> tuple[list[CallChange], int]:
    tracker = CallTracker(MyPhone(extension), clock=lambda: NOW, deadline_clock=lambda: 0.0)
    proto = AmiProtocol(wanted_events=CallTracker.wanted_events)
    out: list[CallChange] = []
    for i in range(0, len(data), 65536):
        proto.receive_data(data[i : i + 65536])
        events, _others = proto.next_batch()
        for msg in events:
            assert msg.kind is Kind.EVENT
            out.extend(tracker.apply(msg))
    return out, proto.dropped


@pytest.mark.parametrize("capture", CAPTURES)
def test_every_capture_gives_the_same_changes_on_the_fast_path(capture: str) -> None:
    data = (DATA / capture).read_bytes()
    exts = extensions(data) or ["474"]  # a session without calls (login, mailbox …)
    compared = 0
    for ext in exts:
        want = careful(data, ext)
        got, _dropped = fast(data, ext)
        assert got == want, f"{capture} as {ext}"
        compared += len(want)
    if "call" in capture or ("console" in capture and "astdb" not in capture):
        assert compared > 0, capture  # the comparison saw calls, not only silence


def test_the_fast_path_drops_most_of_a_real_call_before_parsing() -> None:
    data = (DATA / "captures18/3-call-470-to-474-answered.from-pbx.raw").read_bytes()
    _, dropped = fast(data, "474")
    assert dropped >= 40  # the VarSets, Newexten, NewAccountCode, Unlink …


def test_captures_are_present() -> None:
    assert len(CAPTURES) >= 20
    assert all(Path(DATA / c).stat().st_size > 0 for c in CAPTURES)
