"""Call pickup, as the picker and as the colleague whose ringing call was taken.

The real captures: 1.8 ``c3a-pickupchan`` (an Originate of SIP/305 running
``PickupChan(SIP/474)``: a masquerade renames the ringing ``SIP/474-…`` to
``SIP/305-…``, which keeps 474's Uniqueid) and 22 ``console-pickup*`` (``Pickup``
with both Uniqueids, the ringing leg hangs up with cause 26, the picker enters a
bridge with the caller): (a) the console's ``Originate … PickupChan``, (b) the
dialplan's directed pickup ``**474``, (c) group pickup ``*8``.

The receptionist who picks a call up talks to the caller: that is her incoming,
answered call. For the colleague it was answered elsewhere, never "answered".
"""

from __future__ import annotations

import pytest

from mypbxdesk.calls import CallState, Direction, MyPhone

from .replay import load, replay, summary

C18 = "captures18/c3a-pickupchan.from-pbx.raw"
P22_474 = "asterisk22/console-pickup-474.A.from-asterisk.raw"
P22_601 = "asterisk22/console-pickup.A.from-asterisk.raw"


def test_18_picker_gets_the_callers_call_answered() -> None:
    r = replay(load(C18), MyPhone("305"))
    assert summary(r.changes) == [
        ("answered", "incoming", "470", "", None, None),
        ("ended", "incoming", "470", "", "answered", None),
    ]
    answered = r.changes[0].call
    assert answered.my_channel == "SIP/305-0000000e"
    assert answered.peer_channel == "SIP/470-0000000c"
    assert answered.answered_at is not None
    assert r.tracker.followed == 0  # nothing left behind


def test_18_the_colleague_whose_call_was_picked_up_sees_it_answered_elsewhere() -> None:
    r = replay(load(C18), MyPhone("474"))
    assert summary(r.changes) == [
        ("ringing", "incoming", "470", "Alice", None, None),
        ("ended", "incoming", "470", "Alice", "answered_elsewhere", None),
    ]
    # Her phone is out of it at once: not a call of 474's that 305 talks in.
    assert all((c.call.my_channel or "").startswith("SIP/474-") for c in r.changes)
    assert r.tracker.followed == 0


@pytest.mark.parametrize(("capture", "target"), [(P22_474, "474"), (P22_601, "601")])
@pytest.mark.parametrize("picker", ["305", "503", "306"])
def test_22_each_kind_of_pickup_gives_the_picker_the_call(
    capture: str, target: str, picker: str
) -> None:
    r = replay(load(capture), MyPhone(picker))
    # (a) 305 by Originate PickupChan, (b) 503 by **<ext>, (c) 306 by *8.
    assert summary(r.changes) == [
        ("answered", "incoming", "470", "Alice", None, None),
        ("ended", "incoming", "470", "Alice", "answered", None),
    ]
    call = r.changes[0].call
    assert call.state is CallState.ANSWERED and call.direction is Direction.INCOMING
    assert call.peer_channel is not None and call.peer_channel.startswith("PJSIP/470-")
    assert r.tracker.followed == 0


@pytest.mark.parametrize(("capture", "target"), [(P22_474, "474"), (P22_601, "601")])
def test_22_the_ringing_colleague_sees_three_calls_answered_elsewhere(
    capture: str, target: str
) -> None:
    r = replay(load(capture), MyPhone(target))
    assert [s[4] for s in summary(r.changes) if s[0] == "ended"] == ["answered_elsewhere"] * 3


def test_a_bytewise_replay_gives_the_same() -> None:
    data = load(C18)
    assert summary(replay(data, MyPhone("305"), bytewise=True).changes) == summary(
        replay(data, MyPhone("305")).changes
    )
