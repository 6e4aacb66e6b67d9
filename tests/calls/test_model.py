"""The public value types: JSON lines for ``mypbxdesk monitor``."""

from __future__ import annotations

import json

from mypbxdesk.calls import Call, CallChange, CallEvent, CallState, Direction
from mypbxdesk.calls.model import Route, Transferer, iso_utc


def _call(**kw: object) -> Call:
    base: dict[str, object] = dict(
        call_id="1795822221.3",
        direction=Direction.INCOMING,
        number="470",
        name="Alice",
        extension="474",
        state=CallState.ENDED,
        my_channel="SIP/474-00000003",
        peer_channel="SIP/470-00000002",
        trunk=None,
        started_at=1795822221.0,
        answered_at=1795822222.5,
        ended_at=1795822225.5,
        outcome="transferred",
        transferred_to="306",
        duration=3.0,
    )
    base.update(kw)
    return Call(**base)  # type: ignore[arg-type]


def test_change_to_json_is_the_monitor_line() -> None:
    change = CallChange(CallEvent.ENDED, _call(), at=1795822225.5)
    line = change.to_json()
    keys = ["event", "direction", "number", "name", "extension", "call_id", "time"]
    assert list(line)[:7] == keys
    assert line == {
        "event": "ended",
        "direction": "incoming",
        "number": "470",
        "name": "Alice",
        "extension": "474",
        "call_id": "1795822221.3",
        "time": "2026-11-27T23:30:25.500Z",
        "channel": "SIP/474-00000003",
        "trunk": None,
        "disposition": "transferred",
        "transferred_to": "306",
        "duration": 3.0,
        "via": None,
        "transferred_by": None,
    }
    assert change.to_json("2026-01-01T00:00:00Z")["time"] == "2026-01-01T00:00:00Z"
    json.dumps(line)


def test_via_and_transferred_by_in_the_monitor_line() -> None:
    call = _call(via=Route("queue", "reception"), transferred_by=Transferer("305", "Bob"))
    line = CallChange(CallEvent.RINGING, call, at=1795822225.5).to_json()
    assert line["via"] == {"kind": "queue", "label": "reception"}
    assert line["transferred_by"] == "305"
    assert list(line)[-2:] == ["via", "transferred_by"]  # after every key the line had before
    assert json.loads(json.dumps(line)) == line
    assert _call().via is None and _call().transferred_by is None  # the defaults


def test_call_properties() -> None:
    call = _call(state=CallState.RINGING, outcome=None)
    assert call.is_live and call.disposition is None
    assert "event" not in call.to_json()


def test_iso_utc_rounds_milliseconds() -> None:
    assert iso_utc(0.9996) == "1970-01-01T00:00:01.000Z"
