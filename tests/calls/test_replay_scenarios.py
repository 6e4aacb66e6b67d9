"""Scripted streams (tests/data/calls/*.ami, header style of the captures) for the
cases no capture covers: transfers, ring groups, queues, analog ports.

Each case runs fed whole and one byte at a time; rows are
(event, direction, number, name, outcome, transferred_to).
"""

from __future__ import annotations

import pytest

from mypbxdesk.calls import MyPhone

from .replay import load, replay, summary

ACME = ("0301234567", "ACME GmbH")
OBRIEN = ("0301234567", 'O\'Brien "Pat"')

CASES = {
    # seed §1.5: 303 -> 305, redirected while ringing to 306.
    "redirect: 305 sees transferred to 306": (
        "18-redirect-303-305-306.ami",
        "305",
        [
            ("ringing", "incoming", "303", "303", None, None),
            ("ended", "incoming", "303", "303", "transferred", "306"),
        ],
    ),
    "redirect: 306 rings with 303's number": (
        "18-redirect-303-305-306.ami",
        "306",
        [
            ("ringing", "incoming", "303", "303", None, None),
            ("answered", "incoming", "303", "303", None, None),
            ("ended", "incoming", "303", "303", "answered", None),
        ],
    ),
    "redirect: 303 keeps one outgoing call": (
        "18-redirect-303-305-306.ami",
        "303",
        [
            ("ringing", "outgoing", "305", "", None, None),
            ("answered", "outgoing", "305", "", None, None),
            ("ended", "outgoing", "305", "", "answered", None),
        ],
    ),
    # Ring group of three, 475 answers.
    "18 ring group: 474 answered elsewhere": (
        "18-ringgroup-answered-elsewhere.ami",
        "474",
        [
            ("ringing", "incoming", *ACME, None, None),
            ("ended", "incoming", *ACME, "answered_elsewhere", None),
        ],
    ),
    "18 ring group: 475 answers": (
        "18-ringgroup-answered-elsewhere.ami",
        "475",
        [
            ("ringing", "incoming", *ACME, None, None),
            ("answered", "incoming", *ACME, None, None),
            ("ended", "incoming", *ACME, "answered", None),
        ],
    ),
    "22 ring group: 476 answered elsewhere": (
        "22-ringgroup-answered-elsewhere.ami",
        "476",
        [
            ("ringing", "incoming", *OBRIEN, None, None),
            ("ended", "incoming", *OBRIEN, "answered_elsewhere", None),
        ],
    ),
    "22 ring group: 475 answers": (
        "22-ringgroup-answered-elsewhere.ami",
        "475",
        [
            ("ringing", "incoming", *OBRIEN, None, None),
            ("answered", "incoming", *OBRIEN, None, None),
            ("ended", "incoming", *OBRIEN, "answered", None),
        ],
    ),
    # Forked dial to SIP/474 and IAX2/474: one call, one ring.
    "forked to two devices": (
        "18-forked-two-devices-missed.ami",
        "474",
        [
            ("ringing", "incoming", "470", "Alice", None, None),
            ("ended", "incoming", "470", "Alice", "missed", None),
        ],
    ),
    # 1.8 attended transfer (atxfer feature): Masquerade + 3 Renames + zombie Hangup.
    "atxfer: transferer ends transferred": (
        "18-attended-transfer-masquerade.ami",
        "474",
        [
            ("ringing", "incoming", *ACME, None, None),
            ("answered", "incoming", *ACME, None, None),
            ("ended", "incoming", *ACME, "transferred", "306"),
        ],
    ),
    "atxfer: target gets the caller, no lost call": (
        "18-attended-transfer-masquerade.ami",
        "306",
        [
            ("ringing", "incoming", "474", "Ext 474", None, None),
            ("answered", "incoming", "474", "Ext 474", None, None),
            ("answered", "incoming", "0301234567", "", None, None),
            ("ended", "incoming", "0301234567", "", "answered", None),
        ],
    ),
    # Analog phones: DAHDI destinations decided by the look-up (seed §1.4 case 3).
    "dahdi: analog extension 601": (
        "18-dahdi-analog.ami",
        "601",
        [
            ("ringing", "incoming", "470", "Alice", None, None),
            ("answered", "incoming", "470", "Alice", None, None),
            ("ended", "incoming", "470", "Alice", "answered", None),
            ("ringing", "outgoing", "0301234567", "", None, None),
            ("answered", "outgoing", "0301234567", "", None, None),
            ("ended", "outgoing", "0301234567", "", "answered", None),
        ],
    ),
    "dahdi: analog extension 602 (core show channel)": (
        "18-dahdi-analog.ami",
        "602",
        [
            ("ringing", "incoming", "470", "Alice", None, None),
            ("ended", "incoming", "470", "Alice", "missed", None),
        ],
    ),
    "dahdi: SIP caller": (
        "18-dahdi-analog.ami",
        "470",
        [
            ("ringing", "outgoing", "601", "", None, None),
            ("answered", "outgoing", "601", "", None, None),
            ("ended", "outgoing", "601", "", "answered", None),
            ("ringing", "outgoing", "602", "", None, None),
            ("ended", "outgoing", "602", "", "missed", None),
        ],
    ),
    # Queues: the agent is rung again after a retry pause: still one call.
    "18 queue retry without Dial events": (
        "18-queue-retry-missed.ami",
        "474",
        [
            ("ringing", "incoming", *ACME, None, None),
            ("ended", "incoming", *ACME, "missed", None),
        ],
    ),
    "22 queue retry, then blind transfer": (
        "22-queue-retry-blind-transfer.ami",
        "474",
        [
            ("ringing", "incoming", "", "Unknown caller", None, None),
            ("answered", "incoming", "", "Unknown caller", None, None),
            ("ended", "incoming", "", "Unknown caller", "transferred", "306"),
        ],
    ),
    "22 blind transfer target": (
        "22-queue-retry-blind-transfer.ami",
        "306",
        [
            ("ringing", "incoming", "", "Unknown caller", None, None),
            ("answered", "incoming", "", "Unknown caller", None, None),
            ("ended", "incoming", "", "Unknown caller", "answered", None),
        ],
    ),
}


@pytest.mark.parametrize("bytewise", [False, True], ids=["whole", "bytewise"])
@pytest.mark.parametrize("case", list(CASES))
def test_scenario(case: str, bytewise: bool) -> None:
    name, extension, expected = CASES[case]
    result = replay(load("calls/" + name), MyPhone(extension), bytewise=bytewise)
    assert summary(result.changes) == expected
    assert result.tracker.calls == []
    assert result.tracker.followed == 0
    rings = [c.call.call_id for c in result.changes if c.event.value == "ringing"]
    assert len(rings) == len(set(rings))


def test_dahdi_lookups_are_asked_once_per_port() -> None:
    result = replay(load("calls/18-dahdi-analog.ami"), MyPhone("601"))
    assert result.lookups == ["5:DAHDI/5-1", "1:DAHDI/1-3", "6:DAHDI/6-4"]
    outgoing = [c.call for c in result.changes if c.call.direction.value == "outgoing"]
    assert outgoing[-1].trunk == "DAHDI/1"
    assert result.changes[0].call.my_channel == "DAHDI/5-1"


def test_known_analog_port_needs_no_lookup() -> None:
    result = replay(load("calls/18-dahdi-analog.ami"), MyPhone("601", dahdi_port=5))
    assert "5:DAHDI/5-1" not in result.lookups
    assert summary(result.changes)[0] == ("ringing", "incoming", "470", "Alice", None, None)


def test_queue_retry_keeps_one_call_id_and_follows_the_new_channel() -> None:
    result = replay(load("calls/22-queue-retry-blind-transfer.ami"), MyPhone("474"))
    ids = {c.call.call_id for c in result.changes}
    assert ids == {"1795824100.111"}
    assert result.changes[1].call.my_channel == "PJSIP/474-00000071"


def test_ringgroup_loser_ends_when_the_colleague_answers() -> None:
    # The call ends for 474 at 475's answer, long before the caller hangs up.
    result = replay(load("calls/22-ringgroup-answered-elsewhere.ami"), MyPhone("474"))
    ended = result.changes[-1].call
    assert ended.ended_at is not None
    assert ended.ended_at - ended.started_at < 1.0
    assert ended.duration == 0.0
