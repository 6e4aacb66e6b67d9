"""``PresenceBook``: colleagues' lines from the real captures of both dialects."""

from __future__ import annotations

from collections.abc import Iterable

from mypbxdesk.ami import Kind, Message
from mypbxdesk.console import (
    Colleague,
    LineState,
    PresenceBook,
    PresenceChange,
    extensions_from,
    names_from,
)

from .streams import (
    ATXFER,
    BLF,
    C1,
    C2A,
    C3A,
    C4,
    C6,
    C8_STATUS,
    PARK,
    PICKUP,
    RINGGROUP,
    FakeClock,
    event,
    play,
    stream,
)

S = LineState
LISTS = {
    "items": frozenset({"ExtensionStatus"}),
    "complete": frozenset({"ExtensionStateListComplete"}),
}


def replay(msgs: Iterable[Message]) -> tuple[PresenceBook, list[tuple[float, str, PresenceChange]]]:
    clock = FakeClock()
    book = PresenceBook(clock)
    out = play(msgs, clock, book.apply, book.resync, **LISTS)
    return book, [(t, name, c) for t, name, c in out if isinstance(c, PresenceChange)]


def states(changes: list[tuple[float, str, PresenceChange]], ext: str) -> list[LineState]:
    """The states ``ext`` went through (only the changes of state)."""
    return [c.state for _, _, c in changes if c.extension == ext and c.state is not c.previous]


def seen(changes: list[tuple[float, str, PresenceChange]], ext: str) -> list[Colleague]:
    return [c.colleague for _, _, c in changes if c.extension == ext]


def at(
    changes: list[tuple[float, str, PresenceChange]], ext: str, state: LineState
) -> list[tuple[str, str]]:
    """Every (talking_to, talking_to_name) ``ext`` showed while in ``state``."""
    return [(c.talking_to, c.talking_to_name) for c in seen(changes, ext) if c.state is state]


def in_order(seq: list[tuple[str, str]], *items: tuple[str, str]) -> bool:
    """``items`` occur in ``seq`` in this order, each right after the one before."""
    pos = seq.index(items[0])
    return list(seq[pos : pos + len(items)]) == list(items)


# -- Asterisk 1.8 ------------------------------------------------------------------------
def test_c1_474_rings_talks_gets_a_second_call_and_hangs_up() -> None:
    book, changes = replay(stream(C1))
    assert states(changes, "474") == [S.RINGING, S.IN_CALL, S.IN_CALL_RINGING, S.IN_CALL, S.IDLE]
    assert states(changes, "470") == [S.IN_CALL, S.IDLE]  # the caller is in use first
    assert states(changes, "503") == [S.IN_CALL, S.IDLE]
    assert at(changes, "474", S.RINGING)[-1] == ("470", "Alice")
    # 9: still talking to Alice while 503 rings; then 503's call is the newest one.
    assert ("470", "Alice") in at(changes, "474", S.IN_CALL_RINGING)
    assert ("503", "Ext 503") in at(changes, "474", S.IN_CALL)
    assert ("474", "Ext 474") in at(changes, "470", S.IN_CALL)
    assert ("474", "Ext 474") in at(changes, "503", S.IN_CALL)
    # the parking slot's hint (park:701@parkedcalls) is not a colleague
    assert [c.extension for c in book.colleagues] == ["470", "474", "503"]
    assert all(c.state is S.IDLE and c.talking_to == "" for c in book.colleagues)
    assert book.get("474") == Colleague("474", "", S.IDLE, book.get("474").since, hint="SIP/474")  # type: ignore[union-attr]
    assert book.channels == 0


def test_since_is_when_the_state_began() -> None:
    _, changes = replay(stream(C1))
    last: dict[str, tuple[LineState, float]] = {}
    for t, _, change in changes:
        c = change.colleague
        if c.state is not change.previous:
            assert c.since == t
        else:
            assert c.since == last[c.extension][1]
        last[c.extension] = (c.state, c.since)


def test_c1_resync_from_extension_state_responses() -> None:
    """1.8 has no ExtensionStateList: one ExtensionState per extension. An
    unknown extension or context answers Success with Status -1 and no hint."""
    responses = [m for m in stream(C1) if m.kind is Kind.RESPONSE and m.get("Exten")]
    assert {m.action_id for m in responses} >= {"es-474", "es-470", "es-999", "es-nocontext"}
    book = PresenceBook(FakeClock())
    changes = book.resync(responses)
    assert [(c.extension, c.state, c.hint) for c in book.colleagues] == [
        ("470", S.IDLE, "SIP/470"),
        ("474", S.IDLE, "SIP/474"),
    ]
    assert [c.previous for c in changes] == [S.UNKNOWN, S.UNKNOWN]


def test_c1_names_from_sipshowpeer_and_the_peer_list() -> None:
    msgs = stream(C1)
    assert extensions_from(msgs) == ["305", "306", "470", "474", "475", "503"]
    # PeerEntry has no caller-ID name; SIPshowpeer's Callerid has one.
    assert names_from(msgs) == {"474": "Ext 474"}
    book, _ = replay(msgs)
    changes = book.set_names(names_from(msgs))
    assert [(c.colleague.name, c.previous, c.state) for c in changes] == [
        ("Ext 474", S.IDLE, S.IDLE)
    ]
    assert book.set_names({"474": "Ext 474"}) == []
    assert book.set_names({"999": "Nobody"}) == []  # not a colleague (no hint)


def test_c6_names_from_the_voicemail_users() -> None:
    assert names_from(stream(C6)) == {"474": "Ext 474", "475": "Ext 475"}


def test_c3a_pickup_masquerade_moves_the_call_to_the_picker() -> None:
    book, changes = replay(stream(C3A))
    assert states(changes, "474") == [S.RINGING, S.IDLE]
    assert states(changes, "305") == [S.RINGING, S.IN_CALL, S.IDLE]
    assert ("470", "Alice") in at(changes, "474", S.RINGING)
    assert ("470", "Alice") in at(changes, "305", S.IN_CALL)
    # the ringing SIP/474-0000000d became SIP/305-0000000e: 470 talks to 305
    assert at(changes, "470", S.IN_CALL)[-2] == ("305", "Ext 305")
    assert book.channels == 0


def test_c2a_park_and_retrieve() -> None:
    _, changes = replay(stream(C2A))
    assert states(changes, "474") == [S.RINGING, S.IN_CALL, S.IDLE]  # 1.8 hangs up Channel2
    assert states(changes, "305") == [S.RINGING, S.IN_CALL, S.IDLE]
    # Alice talks to 474, is parked (nobody), then to 305 who retrieved her
    assert in_order(at(changes, "470", S.IN_CALL), ("474", "Ext 474"), ("", ""), ("305", "Ext 305"))
    assert ("470", "Alice") in at(changes, "305", S.IN_CALL)


def test_c4_a_queue_leg_rings_without_a_dial_event() -> None:
    """1.8's app_queue sends no Dial: the ringing leg's connected line names the caller."""
    _, changes = replay(stream(C4))
    assert states(changes, "474")[:2] == [S.RINGING, S.IN_CALL]
    assert at(changes, "474", S.RINGING)[-1] == ("470", "Alice")
    assert ("470", "Alice") in at(changes, "474", S.IN_CALL)


# -- Asterisk 22 -------------------------------------------------------------------------
def test_blf_22_list_then_a_call() -> None:
    book, changes = replay(stream(BLF))
    # ExtensionStateList: 6 hints in hintextens, all idle
    first = [c for t, name, c in changes if name == "ExtensionStateListComplete"]
    assert sorted(c.extension for c in first) == ["305", "306", "470", "474", "503", "601"]
    assert all(c.state is S.IDLE and c.previous is S.UNKNOWN for c in first)
    assert states(changes, "474") == [S.IDLE, S.RINGING, S.IN_CALL, S.IDLE]
    assert states(changes, "470") == [S.IDLE, S.RINGING, S.IN_CALL, S.IDLE]
    assert at(changes, "474", S.RINGING) == [("470", "Alice")]
    assert ("474", "Ext 474") in at(changes, "470", S.IN_CALL)
    assert book.get("474").hint == "PJSIP/474"  # type: ignore[union-attr]
    assert book.channels == 0


def test_blf_22_device_states_alone_tell_the_same() -> None:
    """Without ExtensionStatus events, DeviceStateChange (Device: PJSIP/474) drives
    the line of the extension whose hint is that device."""
    events = (m for m in stream(BLF) if not (m.name == "ExtensionStatus" and not m.action_id))
    _, changes = replay(events)
    assert states(changes, "474") == [S.IDLE, S.RINGING, S.IN_CALL, S.IDLE]
    assert states(changes, "470") == [S.IDLE, S.RINGING, S.IN_CALL, S.IDLE]
    assert {name for _, name, c in changes if c.state is not c.previous} == {
        "ExtensionStateListComplete",
        "DeviceStateChange",
    }


def test_pickup_22() -> None:
    _, changes = replay(stream(PICKUP))
    assert states(changes, "601")[:2] == [S.RINGING, S.IDLE]
    assert at(changes, "601", S.RINGING)[0] == ("470", "Alice")
    assert ("470", "Alice") in at(changes, "305", S.IN_CALL)
    assert ("305", "Reception") in at(changes, "470", S.IN_CALL)  # Originate's CallerID
    assert ("470", "Alice") in at(changes, "503", S.IN_CALL)
    assert ("470", "Alice") in at(changes, "306", S.IN_CALL)


def test_park_22_the_parked_caller_talks_to_nobody() -> None:
    book, changes = replay(stream(PARK))
    talks = at(changes, "470", S.IN_CALL)
    assert in_order(talks, ("474", "Ext 474"), ("", ""), ("305", "Ext 305"))
    assert book.channels == 0


def test_atxfer_22_holds_then_hands_over() -> None:
    _, changes = replay(stream(ATXFER))
    assert S.ON_HOLD in states(changes, "470")  # StatusText Hold while 474 consults
    assert ("306", "Ext 306") in at(changes, "474", S.IN_CALL)  # the consultation
    assert ("474", "Ext 474") in at(changes, "306", S.RINGING)
    first_call = at(changes, "470", S.IN_CALL)
    assert ("306", "Ext 306") in first_call  # after the transfer
    assert ("474", "Ext 474") in first_call


def test_ringgroup_22_both_ring_one_answers() -> None:
    _, changes = replay(stream(RINGGROUP))
    assert states(changes, "474") == [S.RINGING, S.IDLE]
    assert states(changes, "305") == [S.RINGING, S.IN_CALL, S.IDLE]
    # DialEnd CANCEL unlinks the loser before its line goes idle
    assert at(changes, "474", S.RINGING) == [("470", "Alice"), ("", "")]
    assert ("470", "Alice") in at(changes, "305", S.IN_CALL)
    assert ("305", "Ext 305") in at(changes, "470", S.IN_CALL)


# -- resync, names, odd input -------------------------------------------------------------
def _status(exten: str, status: str, hint: str = "", action_id: str = "") -> Message:
    headers = [("Exten", exten), ("Context", "anything"), ("Hint", hint or f"SIP/{exten}")]
    headers.append(("Status", status))
    if action_id:
        headers.append(("ActionID", action_id))
    return event("ExtensionStatus", *headers)


def test_resync_clears_stale_calls() -> None:
    """After a reconnect, no stale state survives: a colleague the list leaves
    out is UNKNOWN, and channels nobody listed are forgotten."""
    msgs = stream(C1)
    cut = next(i for i, m in enumerate(msgs) if m.name == "Bridge") + 1
    book, _ = replay(msgs[:cut])  # 470 talks to 474 ...
    assert book.get("474").talking_to == "470"  # type: ignore[union-attr]
    assert book.channels > 0
    changes = book.resync([_status("474", "1", action_id="x")])
    assert book.channels == 0
    assert {c.extension: (c.previous, c.state) for c in changes} == {
        "470": (S.IN_CALL, S.UNKNOWN),
        "474": (S.IN_CALL, S.IN_CALL),  # in a call with someone unknown now
    }
    assert book.get("474").talking_to == ""  # type: ignore[union-attr]


def test_resync_with_the_channel_list_knows_who_talks() -> None:
    csc18 = [m for m in stream(C8_STATUS) if m.name == "CoreShowChannel"]
    book = PresenceBook(FakeClock())
    book.resync([_status("474", "1"), _status("470", "1"), *csc18])
    assert book.get("474").talking_to == "470"  # type: ignore[union-attr]
    assert book.get("474").talking_to_name == "Alice"  # type: ignore[union-attr]
    assert book.get("470").talking_to == "474"  # type: ignore[union-attr]
    csc22 = [m for m in stream(ATXFER) if m.name == "CoreShowChannel"]
    book.resync([_status("470", "1", "PJSIP/470"), _status("306", "1", "PJSIP/306"), *csc22])
    assert (book.get("470").talking_to, book.get("470").talking_to_name) == ("306", "Ext 306")  # type: ignore[union-attr]
    assert book.get("474").state is S.UNKNOWN  # type: ignore[union-attr]


def test_matched_on_exten_and_hint_never_on_context() -> None:
    book = PresenceBook(FakeClock())
    book.apply(_status("474", "8"))
    book.apply(
        event(
            "ExtensionStatus",
            ("Exten", "474"),
            ("Context", "hints"),
            ("Hint", "SIP/474"),
            ("Status", "1"),
        )
    )
    assert [(c.extension, c.state) for c in book.colleagues] == [("474", S.IN_CALL)]


def test_list_items_are_left_to_resync() -> None:
    book = PresenceBook(FakeClock())
    assert book.apply(_status("474", "8", action_id="2")) == []
    assert book.colleagues == []


def test_removed_hint_and_unknown_extension() -> None:
    book = PresenceBook(FakeClock())
    book.apply(_status("474", "1"))
    book.apply(event("ExtensionStatus", ("Exten", "474"), ("Hint", ""), ("Status", "-2")))
    assert book.get("474") == Colleague("474", state=S.UNKNOWN, since=book.get("474").since)  # type: ignore[union-attr]
    assert (
        book.apply(event("ExtensionStatus", ("Exten", "999"), ("Hint", ""), ("Status", "-1"))) == []
    )


def test_names_from_endpoint_detail_and_sorting() -> None:
    detail = event(
        "EndpointDetail", ("ObjectType", "endpoint"), ("ObjectName", "474"),
        ("Callerid", '"Ext 474" <474>'),
    )  # fmt: skip
    trunk = event("PeerEntry", ("ObjectName", "trunk-test1"))
    assert names_from([detail]) == {"474": "Ext 474"}
    assert extensions_from([trunk, event("EndpointList", ("ObjectName", "306"))]) == ["306"]
    book = PresenceBook(FakeClock())
    for ext in ("1000", "99", "474", "*8"):
        book.apply(_status(ext, "0"))
    assert [c.extension for c in book.colleagues] == ["99", "474", "1000", "*8"]
    book.set_names({"474": "Ext 474"})
    changes = book.set_names({"474": ""})
    assert [c.colleague.name for c in changes] == [""]


def test_an_extension_status_missing_its_status_or_hint_keeps_what_is_known() -> None:
    """A malformed ExtensionStatus says nothing about the line: without Status it
    changes nothing, and without a Hint header the hint known so far stays (an
    empty Hint still means the hint was removed)."""
    book = PresenceBook(FakeClock())
    book.apply(_status("474", "1"))
    assert book.apply(event("ExtensionStatus", ("Exten", "474"))) == []
    assert book.apply(event("ExtensionStatus", ("Exten", "474"), ("Hint", ""))) == []
    (change,) = book.apply(event("ExtensionStatus", ("Exten", "474"), ("Status", "8")))
    assert (change.state, change.colleague.hint) == (S.RINGING, "SIP/474")
    ringing = event(
        "Newchannel", ("Channel", "SIP/474-00000001"), ("Uniqueid", "1.1"), ("ChannelState", "5")
    )
    book.apply(ringing)
    assert book.channels_of("474") == ["SIP/474-00000001"]  # still its device
    assert book.answered_channels("474") == []
    book.apply(event("Newstate", ("Channel", "SIP/474-00000001"), ("Uniqueid", "1.1"),
                     ("ChannelStateDesc", "Up")))  # fmt: skip
    assert book.answered_channels("474") == ["SIP/474-00000001"]


def test_an_attended_transfer_18_keeps_the_callers_number_through_the_masquerade() -> None:
    """1.8 completes an attended transfer by a masquerade into ``Transfered/…``,
    with no NewCallerid after it (18-attended-transfer-masquerade): the consulted
    colleague still learns who the caller is."""
    book = PresenceBook(FakeClock())
    book.resync([_status("306", "0", "SIP/306"), _status("474", "0", "SIP/474")])
    for msg in stream("calls/18-attended-transfer-masquerade.ami"):
        book.apply(msg)
        linked = (msg.get("Channel1"), msg.get("Channel2"))
        if msg.name == "Bridge" and linked == ("SIP/trunk-test1-00000030", "SIP/306-00000032"):
            break
    else:
        raise AssertionError("the capture has no Bridge of the caller and 306")
    book.apply(_status("306", "1", "SIP/306"))  # (the capture has no hint events)
    tom = book.get("306")
    assert tom is not None and tom.talking_to == "0301234567"
