"""Header values → clean values: what the console models read from the wire."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mypbxdesk.console import fields


@pytest.mark.parametrize(
    ("channel", "device", "extension"),
    [
        ("SIP/474-00000001", "SIP/474", "474"),  # 1.8 (c1)
        ("PJSIP/474-00000003", "PJSIP/474", "474"),  # 22 (console-blf)
        ("IAX2/306-0000801a", "IAX2/306", "306"),
        ("SIP/trunk-test1-00000001", "SIP/trunk-test1", ""),
        ("Local/306@DLPN_DialPlan474-00000000;1", "Local/306@DLPN_DialPlan474", ""),
        ("DAHDI/1-1", "DAHDI/1", "1"),
        ("SIP/470-00000004<ZOMBIE>", "", ""),  # masquerades (c2a, c3a)
        ("SIP/305-0000000e<MASQ>", "", ""),
        ("Parked/SIP/470-00000004", "", ""),
        ("AsyncGoto/SIP/305-0000000b", "", ""),
        ("nonsense", "", ""),
        ("", "", ""),
    ],
)
def test_devices_of_channels(channel: str, device: str, extension: str) -> None:
    assert fields.device_of(channel) == device
    assert fields.extension_of(device) == extension


@pytest.mark.parametrize(
    ("value", "party"),
    [
        ("SIP/474-00000005", "474"),  # 1.8 ParkedCall From
        ("PJSIP/474", "474"),  # 22 ParkerDialString
        ("SIP/trunk-test1-00000001", "SIP/trunk-test1-00000001"),
        ("", ""),
        (None, ""),
    ],
)
def test_party(value: str | None, party: str) -> None:
    assert fields.party(value) == party


def test_small_helpers() -> None:
    assert fields.number("<unknown>") == fields.number("unknown") == fields.number("(null)") == ""
    assert fields.number(" 470 ") == "470"
    assert fields.text("x\r\ny\x00") == "x y"
    assert fields.text("M\udcfcller") == "M\ufffdller"  # a latin-1 byte kept by surrogateescape
    assert fields.text("9" * 300) == "9" * fields.MAX_TEXT
    assert fields.integer(" -1 ") == -1
    assert fields.integer("x", 7) == 7
    assert fields.integer("9" * 40) is None
    assert [fields.flag(v) for v in ("1", "true", "Yes", "0", "false", "", None)] == [
        True, True, True, False, False, False, False,
    ]  # fmt: skip
    assert fields.local_exten("Local/306@DLPN_DialPlan474-00000000;1") == "306"
    assert fields.local_exten("Local/s@ctx-1;2") == ""
    assert fields.local_exten("SIP/306-1") == ""
    assert fields.split_callerid('"Ext 474" <474>') == ("Ext 474", "474")
    assert fields.split_callerid("<474>") == ("", "474")
    assert fields.split_callerid("Reception") == ("Reception", "")


@given(st.text(st.characters(codec=None, exclude_categories=())) | st.none())
def test_never_raises(value: str | None) -> None:
    for helper in (fields.text, fields.number, fields.party, fields.local_exten):
        assert isinstance(helper(value), str)
    assert isinstance(fields.split_callerid(value), tuple)
    if value is not None:
        assert isinstance(fields.device_of(value), str)
        assert isinstance(fields.extension_of(value), str)
        assert len(fields.text(value)) <= fields.MAX_TEXT
