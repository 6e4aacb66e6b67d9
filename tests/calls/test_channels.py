"""Channel names, dial strings, caller-ID text and the DAHDI look-up parser."""

from __future__ import annotations

import pytest

from mypbxdesk.calls import MyPhone, PortKind, parse_port_info
from mypbxdesk.calls.channels import (
    c_unescape,
    clean_name,
    clean_number,
    dahdi_port_of,
    extension_of,
    number_from_dialstring,
    split_channel,
    trunk_of,
)


@pytest.mark.parametrize(
    ("name", "tech", "peer", "ext", "trunk"),
    [
        ("SIP/474-000079de", "SIP", "474", "474", None),
        ("IAX2/306-0000801a", "IAX2", "306", "306", None),
        ("PJSIP/474-00000003", "PJSIP", "474", "474", None),
        ("DAHDI/65-0000801c", "DAHDI", "65", None, None),
        ("SIP/trunk-test1/1112233-0000802c", "SIP", "trunk-test1", None, "trunk-test1"),
        ("IAX2/trunk-test2/1112233-0000802c", "IAX2", "trunk-test2", None, "trunk-test2"),
        ("SIP/trunk-sps-test3/111222-0000802c", "SIP", "trunk-sps-test3", None, "trunk-sps-test3"),
        ("SIP/trunk-sps-test1-00000001", "SIP", "trunk-sps-test1", None, "trunk-sps-test1"),
        ("PJSIP/trunk-00000001", "PJSIP", "trunk", None, "trunk"),
        ("Local/202@from-internal-00000001;1", "Local", "202", "202", None),
        ("SIP/202-0000002d<MASQ>", "SIP", "202", "202", None),
        ("Transfered/SIP/trunk-test1-00000030<ZOMBIE>", "SIP", "trunk-test1", None, "trunk-test1"),
        ("AsyncGoto/SIP/305-0000000b", "SIP", "305", "305", None),
        ("garbage", "", "garbage", None, None),
        ("", "", "", None, None),
    ],
)
def test_channel_names(name: str, tech: str, peer: str, ext: str | None, trunk: str | None) -> None:
    assert split_channel(name) == (tech, peer)
    assert extension_of(name) == ext
    assert trunk_of(name) == trunk


def test_dahdi_port() -> None:
    assert dahdi_port_of("DAHDI/5-1") == "5"
    assert dahdi_port_of("SIP/5-1") is None


def test_my_phone_owns_its_channels_only() -> None:
    prefixes = MyPhone("474", dahdi_port=5).channel_prefixes()
    assert "DAHDI/5-" in prefixes
    assert "SIP/trunk-test1/474-0000802c".startswith(prefixes) is False
    assert "SIP/4741-00000001".startswith(prefixes) is False
    assert MyPhone(" 474 ", dahdi_port=" ").dahdi_port is None


@pytest.mark.parametrize(
    ("dialstring", "number"),
    [
        ("474", "474"),
        ("trunk-test1/13806012345", "13806012345"),
        ("13806012345@trunk", "13806012345"),
        ("SIP/474,30", "474"),
        ("SIP/474&IAX2/474", "474"),
        ("", ""),
    ],
)
def test_number_from_dialstring(dialstring: str, number: str) -> None:
    assert number_from_dialstring(dialstring) == number


@pytest.mark.parametrize(
    ("raw", "number"),
    [("470", "470"), ("<unknown>", ""), ("<null>", ""), ("", ""), (None, ""), (" 0301 ", "0301")],
)
def test_clean_number(raw: str | None, number: str) -> None:
    assert clean_number(raw) == number


def test_names_unescaped_only_when_asked() -> None:
    assert clean_name('O\\\'Brien \\"Pat\\"', escaped=True) == 'O\'Brien "Pat"'
    assert clean_name("O\\'Brien", escaped=False) == "O\\'Brien"
    assert c_unescape("a\\qb\\\\") == "a\\qb\\"
    assert clean_name("<unknown>") == ""
    assert clean_name("Line1\\nLine2", escaped=True) == "Line1 Line2"


def test_odd_text_never_raises() -> None:
    assert clean_name("M\udcfcller") == "M\ufffdller"
    assert clean_name("\udc80\ud800x").endswith("x")
    assert clean_name("a\x00b\x1bc") == "a b c"
    assert len(clean_name("x" * 1000)) == 200


LOOKUPS = {
    "dahdi extension": (
        ["Channel: 5", "Context: DLPN_DialPlan601", "Signalling Type: FXO Kewlstart"],
        PortKind.EXTENSION,
        "601",
    ),
    "dahdi trunk": (["Context: from-trunk", "Signalling: FXS Kewlstart"], PortKind.TRUNK, None),
    "fxo only": (["Signalling: FXO Loopstart"], PortKind.EXTENSION, None),
    "fxs only": (["signaling:fxs kewlstart"], PortKind.TRUNK, None),
    "core show channel": (
        [
            " -- General --",
            "           Name: DAHDI/6-4",
            " --   PBX   --",
            "        Context: DLPN_DialPlan602",
        ],
        PortKind.EXTENSION,
        "602",
    ),
    "14+ output prefix kept": (["Output: Context: DLPN_DialPlan603"], PortKind.EXTENSION, "603"),
    "no such channel": (["No such channel: 9"], PortKind.UNKNOWN, None),
    "empty": ([], PortKind.UNKNOWN, None),
}


@pytest.mark.parametrize("case", list(LOOKUPS))
def test_port_lookup_parser(case: str) -> None:
    lines, kind, extension = LOOKUPS[case]
    info = parse_port_info(lines)
    assert info.kind is kind
    assert info.extension == extension
