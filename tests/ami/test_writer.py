"""Serializing actions: exact bytes, injection refused before anything is produced."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mypbxdesk.ami import InvalidAction, Message, actions, encode_follows, encode_message
from mypbxdesk.ami.writer import MAX_LINE_BYTES, encode_banner

from .helpers import parse_whole

DATA = Path(__file__).parent.parent / "data" / "ami-transcripts"


def test_seed_originate_bytes_exactly() -> None:
    action = actions.originate(
        "SIP/503",
        "DLPN_DialPlan503",
        "13806012345",
        timeout_ms=30000,
        caller_id="503",
        asynchronous=False,
    )
    assert encode_message(action.wire_headers("1")) == (
        b"Action: Originate\r\nActionID: 1\r\nChannel: SIP/503\r\n"
        b"Context: DLPN_DialPlan503\r\nExten: 13806012345\r\nPriority: 1\r\n"
        b"Timeout: 30000\r\nCallerID: 503\r\n\r\n"
    )


def test_md5_login_matches_the_protocol_doc_test_vector() -> None:
    assert actions.md5_key("1804289383", "s3cr3t") == "1fc9d42c6d6cdaa78b19cfc92779bc1a"
    action = actions.login_md5("crm", "1804289383", "s3cr3t", events="off")
    sent = encode_message(action.wire_headers("a2"))
    expected = (DATA / "18-login-md5.sent.txt").read_bytes()
    # AuthType is matched case-insensitively by Asterisk (strcasecmp)
    assert sorted(sent.lower().split(b"\r\n")) == sorted(expected.lower().split(b"\r\n"))
    assert b"s3cr3t" not in sent


def test_redirect_matches_the_seed() -> None:
    sent = encode_message(
        actions.redirect("SIP/305-0000000b", "DLPN_DialPlan306", "306").wire_headers("#10001")
    )
    assert sent == (
        b"Action: Redirect\r\nActionID: #10001\r\nChannel: SIP/305-0000000b\r\n"
        b"Context: DLPN_DialPlan306\r\nExten: 306\r\nPriority: 1\r\n\r\n"
    )


@pytest.mark.parametrize(
    "evil",
    [
        "123\r\nAction: Hangup",
        "123\nAction: Hangup",
        "123\rX",
        "12\x003",
        "\r\n\r\nAction: Command",
    ],
)
def test_injection_is_refused_before_a_byte_is_produced(evil: str) -> None:
    with pytest.raises(InvalidAction, match="Exten") as err:
        encode_message([("Action", "Originate"), ("Exten", evil)])
    assert "Hangup" not in str(err.value)  # the value itself is never echoed


def test_secret_value_never_appears_in_the_error() -> None:
    with pytest.raises(InvalidAction) as err:
        encode_message(actions.login("admin", "top\nsecret").wire_headers("x"))
    assert "top" not in str(err.value) and "secret'" not in str(err.value)
    assert "Secret" in str(err.value)


@pytest.mark.parametrize("name", ["", "Ex:ten", " Exten", "Ex\nten"])
def test_bad_header_names_are_refused(name: str) -> None:
    with pytest.raises(InvalidAction):
        encode_message([(name, "1")])


def test_lines_asterisk_would_reject_are_refused() -> None:
    ok_value = "x" * (MAX_LINE_BYTES - len("Data: \r\n"))
    assert encode_message([("Data", ok_value)])
    with pytest.raises(InvalidAction, match="rejects lines of more than"):
        encode_message([("Data", ok_value + "x")])
    with pytest.raises(InvalidAction, match="at most 128"):
        encode_message([("Variable", "a=1")] * 129)
    with pytest.raises(InvalidAction):
        encode_message([])


def test_originate_variable_with_comma_is_refused() -> None:
    with pytest.raises(ValueError, match="comma"):
        actions.originate("SIP/1", "c", "2", variables={"A": "1,B=2"})


def test_action_repr_hides_secret_and_key() -> None:
    assert "hunter2" not in repr(actions.login("admin", "hunter2"))
    assert actions.md5_key("1", "hunter2") not in repr(actions.login_md5("a", "1", "hunter2"))


def test_follows_encoding_parses_back() -> None:
    data = encode_follows(
        [("Response", "Follows"), ("Privilege", "Command"), ("ActionID", "c")],
        ["Channel  State", "", "Note: not a header", "1 active call"],
    )
    assert b"Channel  State\n\nNote: not a header\n1 active call\n--END COMMAND--\r\n\r\n" in data
    (msg,) = parse_whole(data, banner=False)
    assert isinstance(msg, Message)
    assert msg.output == ["Channel  State", "", "Note: not a header", "1 active call"]
    with pytest.raises(InvalidAction):
        encode_follows([("Response", "Follows")], ["a\nb"])


def test_banner() -> None:
    assert encode_banner() == b"Asterisk Call Manager/1.1\r\n"
    with pytest.raises(InvalidAction):
        encode_banner("1\r\n")


_name = st.from_regex(r"[A-Za-z][A-Za-z0-9_-]{0,20}", fullmatch=True)
_value = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="\r\n\0"),
    max_size=60,
)


@given(st.lists(st.tuples(_name, _value), min_size=1, max_size=20))
def test_encode_then_parse_round_trips(headers: list[tuple[str, str]]) -> None:
    (msg,) = parse_whole(encode_message(headers), banner=False)
    assert isinstance(msg, Message)
    assert list(msg.headers) == headers


@given(_value, st.sampled_from(["\r", "\n", "\0"]), _value)
def test_any_value_with_cr_lf_nul_is_refused(prefix: str, bad: str, suffix: str) -> None:
    with pytest.raises(InvalidAction):
        encode_message([("Exten", prefix + bad + suffix)])


# -- the console's actions refuse injection like every other ------------------------------------
@pytest.mark.parametrize(
    "build",
    [
        lambda v: actions.extension_state(v, "DLPN_DialPlan474"),
        lambda v: actions.park(v, "SIP/474-1", timeout_ms=45000),
        lambda v: actions.park("SIP/470-1", v),
        lambda v: actions.blind_transfer("SIP/474-1", v, "DLPN_DialPlan474"),
        lambda v: actions.atxfer("SIP/474-1", v, "DLPN_DialPlan474"),
        lambda v: actions.cancel_atxfer(v),
        lambda v: actions.originate_application("SIP/474", "PickupChan", v),
        lambda v: actions.queue_pause(v, True, reason="lunch"),
        lambda v: actions.queue_pause("SIP/474", True, reason=v),
        lambda v: actions.queue_add("reception", v),
        lambda v: actions.queue_remove(v, "SIP/474"),
        lambda v: actions.mailbox_count(v),
    ],
)
def test_console_actions_refuse_header_injection(build: object) -> None:
    action = build("306\r\nAction: Hangup")  # type: ignore[operator]
    with pytest.raises(InvalidAction):
        encode_message(action.wire_headers("x-1"))
    fine = build("306")  # type: ignore[operator]
    assert b"Action: " in encode_message(fine.wire_headers("x-1"))


def test_park_names_the_parker_for_both_dialects() -> None:
    action = actions.park("SIP/470-1", "SIP/474-2", timeout_ms=45000)
    assert dict(action.headers) == {
        "Channel": "SIP/470-1",
        "Channel2": "SIP/474-2",  # 1.8
        "TimeoutChannel": "SIP/474-2",  # 22
        "Timeout": "45000",
    }
