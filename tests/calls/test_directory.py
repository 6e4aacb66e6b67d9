"""Extensions from the PBX's peer/endpoint listings (real CLI output formats)."""

from __future__ import annotations

from mypbxdesk.calls.directory import parse_extensions

# `sip show peers` on a real Asterisk 1.8 (captures-asterisk18/7-command-core-show-channels)
SIP_SHOW_PEERS_18 = [
    "Name/username             Host                                    Dyn Forcerport ACL Port"
    "     Status     ",
    "305/305                   127.0.0.1                                    N             15305"
    "    Unmonitored ",
    "474/474                   127.0.0.1                                    N             15474"
    "    Unmonitored ",
    "503/503                   127.0.0.1                                    N             15503"
    "    Unmonitored ",
    "trunk-test1               127.0.0.1                                    N             15999"
    "    Unmonitored ",
    "7 sip peers [Monitored: 0 online, 0 offline Unmonitored: 7 online, 0 offline]",
]

# `pjsip show endpoints` on the real Asterisk 22 of ../shared/asterisk
PJSIP_SHOW_ENDPOINTS_22 = [
    "",
    " Endpoint:  <Endpoint/CID.....................................>  <State.....>  <Channels.>",
    "==========================================================================================",
    " Endpoint:  305/305                                              Not in use    0 of inf",
    "        Aor:  305                                                1",
    "      Contact:  305/sip:305@127.0.0.1:15305                769a9e8a73 NonQual        -nan",
    " Endpoint:  474                                                  In use        1 of inf",
    " Endpoint:  trunk                                                Not in use    0 of inf",
    "Objects found: 3",
]

IAX2_SHOW_PEERS = [
    "Name/Username    Host                 Mask             Port           Status",
    "306              192.168.5.30    (D)  255.255.255.255  4569           OK (3 ms)",
    "trunk-test2      10.0.0.1             255.255.255.255  4569           OK (9 ms)",
    "2 iax2 peers [1 online, 0 offline, 1 unmonitored]",
]


def test_18_sip_peers() -> None:
    assert parse_extensions(SIP_SHOW_PEERS_18) == ["305", "474", "503"]


def test_22_pjsip_endpoints() -> None:
    assert parse_extensions(PJSIP_SHOW_ENDPOINTS_22) == ["305", "474"]


def test_iax2_peers_and_no_summary_lines() -> None:
    assert parse_extensions(IAX2_SHOW_PEERS) == ["306"]
    assert parse_extensions(["No such command 'pjsip show endpoints'", "", "2 active calls"]) == []
