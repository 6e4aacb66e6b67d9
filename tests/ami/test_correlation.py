"""ActionID correlation with real list shapes from both dialects."""

from __future__ import annotations

from pathlib import Path

from mypbxdesk.ami import Message
from mypbxdesk.ami.correlation import (
    Acknowledged,
    Collected,
    Completed,
    Correlator,
    Expect,
    Unmatched,
)

from .helpers import parse_whole

DATA = Path(__file__).parent.parent / "data" / "ami-transcripts"


def _messages(name: str) -> list[Message]:
    msgs = parse_whole((DATA / name).read_bytes(), banner=False)
    return [m for m in msgs if isinstance(m, Message)]


def _route_all(c: Correlator, msgs: list[Message]) -> list[object]:
    return [c.route(m) for m in msgs]


def test_18_status_is_a_list_without_eventlist() -> None:
    msgs = _messages("18-status.txt")
    c = Correlator()
    c.expect("st1", Expect.LIST)
    outcomes = _route_all(c, msgs)
    assert isinstance(outcomes[0], Acknowledged)
    assert isinstance(outcomes[1], Collected)
    done = outcomes[-1]
    assert isinstance(done, Completed)
    assert [e.name for e in done.result.events] == ["Status"]
    assert done.result.final is not None and done.result.final.name == "StatusComplete"
    assert done.result.ok and len(c) == 0


def test_coreshowchannels_both_dialects() -> None:
    for name in ("18-coreshowchannels.txt", "22-coreshowchannels.txt"):
        msgs = _messages(name)
        action_id = msgs[0].action_id
        assert action_id
        c = Correlator()
        c.expect(action_id, Expect.RESPONSE)  # decided by EventList: start, not by name
        outcomes = _route_all(c, msgs)
        done = outcomes[-1]
        assert isinstance(done, Completed), name
        assert all(e.name == "CoreShowChannel" for e in done.result.events)
        assert len(done.result.events) == len(msgs) - 2


def test_async_originate_waits_for_originateresponse() -> None:
    ack = _messages("18-originate-async.txt")
    final = _messages("18-originateresponse-failure.txt")
    c = Correlator()
    action_id = ack[0].action_id
    assert action_id
    c.expect(action_id, Expect.ORIGINATE)
    assert isinstance(c.route(ack[0]), Acknowledged)
    unrelated = Message([("Event", "Newchannel"), ("Channel", "SIP/1-1")])
    assert c.route(unrelated) is unrelated
    resp = final[0].action_id
    done = c.route(final[0])
    assert isinstance(done, Completed), resp
    assert not done.result.ok  # Response: Failure


def test_error_response_completes_any_kind() -> None:
    c = Correlator()
    c.expect("o2", Expect.ORIGINATE)
    (err,) = _messages("18-originate-sync-failed.txt")
    done = c.route(err)
    assert isinstance(done, Completed) and not done.result.ok


def test_unknown_and_late_responses_are_unmatched() -> None:
    c = Correlator()
    resp = Message([("Response", "Success"), ("ActionID", "nobody")])
    assert isinstance(c.route(resp), Unmatched)
    c.expect("x", Expect.RESPONSE)
    c.cancel("x")
    assert isinstance(c.route(Message([("Response", "Success"), ("ActionID", "x")])), Unmatched)
    assert isinstance(c.route(Message([("Garbage", "1")])), Unmatched)


def test_events_with_a_foreign_actionid_pass_through() -> None:
    c = Correlator()
    c.expect("mine", Expect.LIST)
    ev = Message([("Event", "CoreShowChannel"), ("ActionID", "theirs")])
    assert c.route(ev) is ev


def test_clear_returns_pending_ids() -> None:
    c = Correlator()
    c.expect("a", Expect.RESPONSE)
    c.expect("b", Expect.ORIGINATE)
    assert sorted(c.clear()) == ["a", "b"]
    assert len(c) == 0
