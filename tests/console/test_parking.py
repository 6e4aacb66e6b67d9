"""``ParkingLot``: parked calls from the real captures of both dialects."""

from __future__ import annotations

from collections.abc import Iterable

from mypbxdesk.ami import Message
from mypbxdesk.console import ParkChange, ParkedCall, ParkingLot, ParkKind

from .streams import C2A, PARK, FakeClock, event, play, stream

K = ParkKind
LISTS = {"items": frozenset({"ParkedCall"}), "complete": frozenset({"ParkedCallsComplete"})}


def replay(msgs: Iterable[Message]) -> tuple[ParkingLot, list[tuple[float, str, ParkChange]]]:
    clock = FakeClock()
    lot = ParkingLot(clock)
    out = play(msgs, clock, lot.apply, lot.resync, **LISTS)
    return lot, [(t, name, c) for t, name, c in out if isinstance(c, ParkChange)]


def test_c2a_park_and_retrieve_18() -> None:
    lot, changes = replay(stream(C2A))
    assert [(name, c.kind, c.retrieved_by) for _, name, c in changes] == [
        ("ParkedCall", K.PARKED, ""),
        ("UnParkedCall", K.RETRIEVED, "305"),
    ]
    t, _, parked = changes[0]
    assert parked.call == ParkedCall(
        slot="701",
        lot="default",
        channel="SIP/470-00000004",
        uniqueid="1796180138.6",  # the new Uniqueid after the masquerade
        number="470",
        name="Alice",
        parked_by="474",  # From: SIP/474-00000005
        parked_at=t,
        timeout=45,
    )
    assert parked.call.times_out_at == t + 45
    assert changes[1][2].call == parked.call
    assert lot.calls == []


def test_c2a_the_list_during_the_park_changes_nothing() -> None:
    msgs = stream(C2A)
    cut = next(i for i, m in enumerate(msgs) if m.name == "ParkedCallsComplete") + 1
    lot, changes = replay(msgs[:cut])
    assert [c.kind for _, _, c in changes] == [K.PARKED]
    assert lot.get("701") == changes[0][2].call
    assert lot.get("701", "other") is None


def test_c2a_resync_from_the_18_list() -> None:
    """The 1.8 list item: other header order, no Uniqueid, Timeout counted down."""
    items = [m for m in stream(C2A) if m.name == "ParkedCall" and m.action_id]
    assert len(items) == 1 and items[0].get("Uniqueid") is None
    clock = FakeClock()
    lot = ParkingLot(clock)
    (change,) = lot.resync(items)
    assert change.kind is K.PARKED
    assert change.call == ParkedCall(
        "701", "default", "SIP/470-00000004", "", "470", "Alice", "474", clock.now, 44
    )
    assert lot.resync(items) == []
    (gone,) = lot.resync([])
    assert (gone.kind, gone.call) == (K.GONE, change.call)
    assert lot.calls == []


def test_park_22_retrieve_time_out_give_up() -> None:
    lot, changes = replay(stream(PARK))
    assert [(c.kind, c.call.slot, c.call.number, c.retrieved_by) for _, _, c in changes] == [
        (K.PARKED, "701", "470", ""),
        (K.RETRIEVED, "701", "470", "305"),  # RetrieverChannel: PJSIP/305-00000004
        (K.PARKED, "701", "470", ""),  # Park with Timeout: 4000 (ms)
        (K.TIMED_OUT, "701", "470", ""),  # rings PJSIP/474 again
        (K.PARKED, "701", "470", ""),
        (K.GAVE_UP, "701", "470", ""),  # Hangup of the parked 470
        (K.PARKED, "701", "470", ""),  # BlindTransfer to 700
        (K.GAVE_UP, "701", "470", ""),
    ]
    first = changes[0][2].call
    assert (first.channel, first.uniqueid, first.parked_by, first.timeout) == (
        "PJSIP/470-00000002",
        "1796180504.2",
        "474",  # ParkerDialString: PJSIP/474
        45,
    )
    assert changes[2][2].call.timeout == 4  # ParkingTimeout is in seconds
    assert lot.calls == []


def test_park_22_resync_counts_the_time_already_parked() -> None:
    items = [m for m in stream(PARK) if m.name == "ParkedCall" and m.action_id]
    clock = FakeClock()
    lot = ParkingLot(clock)
    (change,) = lot.resync(items)
    # ParkingTimeout: 42 left, ParkingDuration: 3 so far
    assert change.call.parked_at == clock.now - 3
    assert change.call.timeout == 45
    assert change.call.uniqueid == "1796180504.2"


def test_a_known_call_keeps_what_the_events_said() -> None:
    msgs = stream(PARK)
    cut = next(i for i, m in enumerate(msgs) if m.name == "ParkedCallsComplete") + 1
    lot, changes = replay(msgs[:cut])
    assert [c.kind for _, _, c in changes] == [K.PARKED]
    assert lot.calls == [changes[0][2].call]


# -- synthetic: what the captures do not show ---------------------------------------------
def _parked18(slot: str, channel: str, uid: str, name: str = "ParkedCall") -> Message:
    return event(
        name,
        ("Exten", slot),
        ("Channel", channel),
        ("Parkinglot", "default"),
        ("From", "SIP/474-00000005"),
        ("Timeout", "45"),
        ("CallerIDNum", "470"),
        ("CallerIDName", "Alice"),
        ("Uniqueid" if name in ("ParkedCall", "UnParkedCall") else "UniqueID", uid),
    )


def _rename(old: str, new: str, uid: str) -> Message:
    return event("Rename", ("Channel", old), ("Newname", new), ("Uniqueid", uid))


def test_a_masquerade_while_parked_is_followed() -> None:
    """1.8: the name lives on with a new Uniqueid; the old one hangs up as a ZOMBIE."""
    lot = ParkingLot(FakeClock())
    ch = "SIP/470-00000004"
    lot.apply(_parked18("701", ch, "100.1"))
    for msg in (
        _rename(ch, ch + "<MASQ>", "100.1"),
        _rename("Parked/" + ch, ch, "100.2"),
        _rename(ch + "<MASQ>", "Parked/" + ch + "<ZOMBIE>", "100.1"),
    ):
        assert lot.apply(msg) == []
    zombie = event("Hangup", ("Channel", "Parked/" + ch + "<ZOMBIE>"), ("Uniqueid", "100.1"))
    assert lot.apply(zombie) == []
    assert lot.calls[0].uniqueid == "100.2"
    (change,) = lot.apply(_parked18("701", ch, "100.2", "ParkedCallGiveUp"))
    assert change.kind is K.GAVE_UP


def test_a_plain_rename_renames_the_parked_channel() -> None:
    lot = ParkingLot(FakeClock())
    lot.apply(_parked18("701", "SIP/470-1", "1.1"))
    lot.apply(_rename("SIP/470-1", "SIP/470-2", "1.1"))
    assert lot.calls[0].channel == "SIP/470-2"


def test_a_hangup_without_give_up_still_ends_the_park() -> None:
    lot = ParkingLot(FakeClock())
    lot.apply(_parked18("701", "SIP/470-1", "1.1"))
    (change,) = lot.apply(event("Hangup", ("Channel", "SIP/470-1"), ("Uniqueid", "1.1")))
    assert change.kind is K.GAVE_UP
    assert lot.apply(_parked18("701", "SIP/470-1", "1.1", "ParkedCallGiveUp")) == []


def test_a_slot_taken_by_another_call_and_a_call_moved() -> None:
    lot = ParkingLot(FakeClock())
    lot.apply(_parked18("701", "SIP/470-1", "1.1"))
    changes = lot.apply(_parked18("701", "SIP/503-2", "2.2"))
    assert [(c.kind, c.call.uniqueid) for c in changes] == [(K.GONE, "1.1"), (K.PARKED, "2.2")]
    changes = lot.apply(_parked18("702", "SIP/503-2", "2.2"))
    assert [(c.kind, c.call.slot) for c in changes] == [(K.GONE, "701"), (K.PARKED, "702")]
    assert lot.apply(_parked18("702", "SIP/503-2", "2.2")) == []  # said again: no change


def test_the_end_of_a_park_never_seen_is_not_reported() -> None:
    lot = ParkingLot(FakeClock())
    assert lot.apply(_parked18("701", "SIP/470-1", "9.9", "UnParkedCall")) == []


def test_swap_22() -> None:
    swap = event(
        "ParkedCallSwap",
        ("ParkeeChannel", "PJSIP/306-00000001"),
        ("ParkeeUniqueid", "3.3"),
        ("ParkeeCallerIDNum", "306"),
        ("ParkerDialString", "PJSIP/474"),
        ("Parkinglot", "default"),
        ("ParkingSpace", "701"),
        ("ParkingTimeout", "30"),
        ("ParkingDuration", "15"),
    )
    clock = FakeClock()
    lot = ParkingLot(clock)
    (change,) = lot.apply(swap)
    assert (change.kind, change.call.channel, change.call.parked_at, change.call.timeout) == (
        K.PARKED,
        "PJSIP/306-00000001",
        clock.now - 15,
        45,
    )


def test_every_end_follows_a_park_of_the_same_call() -> None:
    for path in (C2A, PARK):
        _, changes = replay(stream(path))
        parked: set[ParkedCall] = set()
        for _, _, change in changes:
            if change.kind is K.PARKED:
                parked.add(change.call)
            else:
                assert change.call in parked
                parked.discard(change.call)
