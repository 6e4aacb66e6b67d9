"""One AMI session against the simulated MyPBX over real loopback sockets."""

from __future__ import annotations

import asyncio
import contextlib
import logging

import pytest

from mypbxdesk.ami import (
    ActionFailed,
    AuthenticationFailed,
    ConfigurationError,
    ConnectionLost,
    InvalidAction,
    Message,
    ProtocolError,
    actions,
)
from mypbxdesk.base.numbers import clean_number
from mypbxdesk.driver.client import AmiOptions, connect
from mypbxdesk.service.clicktodial import dial
from mypbxdesk.settings.config import Settings
from mypbxdesk.sim import SimulatedPbx

from .conftest import eventually, options

pytestmark = pytest.mark.asyncio


def _actions(pbx: SimulatedPbx, name: str) -> list[Message]:
    return [m for m in pbx.actions_received if m.name.lower() == name.lower()]


async def test_md5_login_is_preferred_and_the_secret_never_crosses_the_wire(
    pbx: SimulatedPbx,
) -> None:
    conn = await connect(options(pbx))
    assert conn.info.auth == "md5"
    assert conn.info.version == ("1.1" if pbx.dialect == "mypbx" else "11.0.0")
    await conn.logoff()
    assert b"password" not in bytes(pbx.bytes_received)
    (login,) = _actions(pbx, "Login")
    assert login.get("AuthType", "").lower() == "md5"
    assert login["Events"] == "call,system,cdr,agent"
    assert _actions(pbx, "Logoff")


async def test_plain_login_only_when_allowed_and_md5_is_not_offered(mypbx: SimulatedPbx) -> None:
    mypbx.offers_md5 = False
    with pytest.raises(ConfigurationError, match="does not offer MD5 login"):
        await connect(options(mypbx))
    assert _actions(mypbx, "Login") == []  # the secret never left
    conn = await connect(options(mypbx, plain_login=True))
    await conn.logoff()
    (login,) = _actions(mypbx, "Login")
    assert login["Secret"] == "password"
    assert conn.info.auth == "plain"


async def test_wrong_password_is_authentication_failed(pbx: SimulatedPbx) -> None:
    with pytest.raises(AuthenticationFailed) as err:
        await connect(options(pbx, secret="nope-not-it"))
    assert "nope-not-it" not in str(err.value)
    await eventually(lambda: pbx.clients == 0)


class _FakeService:
    """A TCP server that is not a (working) PBX, closing every socket it accepts."""

    def __init__(self, greeting: bytes | None, linger: float = 0.0) -> None:
        self.greeting, self.linger = greeting, linger
        self.writers: list[asyncio.StreamWriter] = []

    async def handle(self, r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
        self.writers.append(w)
        if self.greeting is not None:
            w.write(self.greeting)
        with contextlib.suppress(asyncio.CancelledError):  # stopped with the loop: quietly
            await asyncio.sleep(self.linger)
        w.close()

    async def __aenter__(self) -> int:
        self.server = await asyncio.start_server(self.handle, "127.0.0.1", 0)
        return int(self.server.sockets[0].getsockname()[1])

    async def __aexit__(self, *exc: object) -> None:
        for w in self.writers:
            w.close()
        self.server.close()
        await self.server.wait_closed()


@pytest.mark.expect_log("AMI protocol error")
async def test_refused_and_non_ami_ports_give_clear_errors() -> None:
    async with _FakeService(b"HTTP/1.1 400 Bad Request\r\n\r\n", linger=1) as port:
        with pytest.raises(ProtocolError, match="not an AMI server"):
            await connect(AmiOptions("127.0.0.1", port, "admin", "x"))
    with pytest.raises(ConnectionLost, match="refused the connection"):
        await connect(AmiOptions("127.0.0.1", port, "admin", "x", connect_timeout=2))


async def test_closed_right_after_accept_and_silent_server() -> None:
    async with _FakeService(None) as port:
        with pytest.raises(ConnectionLost, match="before greeting"):
            await connect(AmiOptions("127.0.0.1", port, "admin", "x", connect_timeout=2))
    async with _FakeService(None, linger=2) as port:
        with pytest.raises(ConnectionLost, match="no AMI greeting"):
            await connect(AmiOptions("127.0.0.1", port, "admin", "x", connect_timeout=0.3))


async def test_originate_sends_the_seed_headers_and_reports_success(pbx: SimulatedPbx) -> None:
    conn = await connect(options(pbx))
    tech = "SIP" if pbx.dialect == "mypbx" else "PJSIP"
    settings = Settings(host="x", extension="503", phone_type=tech.lower())
    ringing: list[str] = []
    try:
        result = await dial(
            conn.send, settings, clean_number("138-0601-2345"), on_phone_ringing=ringing.append
        )
    finally:
        await conn.logoff()
    assert result.ok, result.message
    assert ringing == ["Calling your phone 503 — pick up to connect to 13806012345"]
    (orig,) = _actions(pbx, "Originate")
    assert [(n, v) for n, v in orig.headers if n != "ActionID"] == [
        ("Action", "Originate"),
        ("Channel", f"{tech}/503"),
        ("Context", "DLPN_DialPlan503"),
        ("Exten", "13806012345"),
        ("Priority", "1"),
        ("Timeout", "30000"),
        ("CallerID", "503"),
        ("Async", "true"),
    ]
    assert orig.action_id


async def test_originate_refusals_in_plain_words(pbx: SimulatedPbx) -> None:
    limited = await connect(options(pbx, "limited"))
    settings = Settings(host="x", extension="503")
    try:
        result = await dial(limited.send, settings, clean_number("306"))
    finally:
        await limited.logoff()
    assert not result.ok
    assert "may not place calls" in result.message
    admin = await connect(options(pbx))
    try:
        result = await dial(
            admin.send,
            Settings(host="x", extension="503", channel="SIP/999"),
            clean_number("306"),
        )
        assert not result.ok
        assert "SIP/999 could not be reached" in result.message
        with pytest.raises(ActionFailed, match=r"Permission denied|Channel not specified"):
            await admin.send(actions.Action("Originate", (("Context", "x"),)))
    finally:
        await admin.logoff()


async def test_injection_is_refused_and_nothing_reaches_the_pbx(mypbx: SimulatedPbx) -> None:
    conn = await connect(options(mypbx))
    before = len(mypbx.bytes_received)
    try:
        with pytest.raises(InvalidAction):
            await conn.send(
                actions.originate(
                    "SIP/503", "DLPN_DialPlan503", "123\r\nAction: Hangup\r\nChannel: SIP/474-1"
                )
            )
        await conn.send(actions.ping())
    finally:
        await conn.logoff()
    sent = bytes(mypbx.bytes_received[before:])
    assert b"Hangup" not in sent
    assert b"Originate" not in sent
    assert [m.name for m in mypbx.actions_received].count("Hangup") == 0


async def test_redirect_moves_a_ringing_call_with_the_original_caller_id(pbx: SimulatedPbx) -> None:
    seen: list[Message] = []
    conn = await connect(options(pbx), subscribers=[seen.append])
    try:
        await pbx.incoming_call(
            caller="303",
            caller_name="Anna",
            to="305",
            via_trunk=False,
            outcome="missed",
            ring_time=5.0,
        )
        await eventually(lambda: any(_dial_to(m, "305") for m in seen))
        begin = next(m for m in seen if _dial_to(m, "305"))
        caller_channel = begin["Channel"]
        result = await conn.send(actions.redirect(caller_channel, "DLPN_DialPlan306", "306"))
        assert result.ok
        await eventually(lambda: any(_dial_to(m, "306") for m in seen))
        again = next(m for m in seen if _dial_to(m, "306"))
        assert again["CallerIDNum"] == "303"
        assert again["Channel"] == caller_channel
        with pytest.raises(ActionFailed, match="Channel does not exist"):
            await conn.send(actions.redirect("SIP/000-00000000", "DLPN_DialPlan306", "306"))
    finally:
        await conn.logoff()


def _dial_to(m: Message, ext: str) -> bool:
    dest = m.first("DestChannel", "Destination")
    return (
        (m.is_event("Dial") and m.get("SubEvent") == "Begin") or m.is_event("DialBegin")
    ) and dest.split("/", 1)[-1].startswith(f"{ext}-")


async def test_command_output_is_the_same_lines_in_both_formats(pbx: SimulatedPbx) -> None:
    conn = await connect(options(pbx))
    try:
        await pbx.incoming_call(to="474", outcome="missed", ring_time=5.0)
        result = await conn.send(actions.command("core show channels"))
    finally:
        await conn.logoff()
    lines = result.response.output
    assert any("active channel" in line for line in lines)
    assert any(line.startswith(("SIP/474-", "PJSIP/474-")) for line in lines)
    if pbx.dialect == "mypbx":
        assert result.response.name == "Follows"
    else:
        assert result.response.get_all("Output") == lines


async def test_lists_are_collected(pbx: SimulatedPbx) -> None:
    conn = await connect(options(pbx))
    try:
        await pbx.incoming_call(to="474", outcome="missed", ring_time=5.0)
        channels = await conn.send(actions.core_show_channels())
        status = await conn.send(actions.status())
    finally:
        await conn.logoff()
    assert len(channels.events) == 2
    assert {e.name for e in channels.events} == {"CoreShowChannel"}
    assert channels.final is not None and channels.final.name == "CoreShowChannelsComplete"
    assert len(status.events) == 2
    assert status.final is not None and status.final.name == "StatusComplete"


async def test_burst_of_100k_events_arrives_complete_and_in_order(mypbx: SimulatedPbx) -> None:
    got: list[str] = []
    conn = await connect(
        options(mypbx), subscribers=[lambda m: got.append(m["Seq"])], wanted_events={"UserEvent"}
    )
    burst = b"".join(
        b"Event: UserEvent\r\nPrivilege: user,all\r\nSeq: %d\r\n\r\n" % i for i in range(100_000)
    )
    try:
        await mypbx.send_raw(burst)
        await eventually(lambda: len(got) >= 100_000, timeout=60)
        result = await conn.send(actions.ping())  # still responsive afterwards
        assert result.ok
    finally:
        await conn.logoff()
    assert got == [str(i) for i in range(100_000)]


async def test_split_and_garbage_input(
    mypbx: SimulatedPbx, caplog: pytest.LogCaptureFixture
) -> None:
    got: list[Message] = []
    conn = await connect(options(mypbx), subscribers=[got.append])
    data = "Event: Newchannel\r\nCallerIDName: 张三 Jürgen\r\n\r\n".encode()
    cut = data.index("张".encode()) + 1
    try:
        with caplog.at_level(logging.WARNING, logger="mypbxdesk.ami"):
            await mypbx.send_raw(data, split_at=[3, cut, cut + 1, len(data) - 1])
            await mypbx.send_raw(b"garbage without a colon\r\n\r\n\r\n\n")
            await mypbx.send_raw(b"Event: After\r\nX: \xff\xfe\r\n\r\n")
            await eventually(lambda: any(m.is_event("After") for m in got))
        assert (await conn.send(actions.ping())).ok
    finally:
        await conn.logoff()
    names = [m.get("CallerIDName") for m in got if m.is_event("Newchannel")]
    assert names == ["张三 Jürgen"]
    after = next(m for m in got if m.is_event("After"))
    assert after["X"].encode("latin-1") == b"\xff\xfe"
    assert any("unexpected message" in r.getMessage() for r in caplog.records)


async def test_pbx_dying_mid_action_fails_it_and_never_resends(mypbx: SimulatedPbx) -> None:
    mypbx.set_phone("503", "noanswer")
    conn = await connect(options(mypbx))
    pending = asyncio.create_task(
        conn.send(actions.originate("SIP/503", "DLPN_DialPlan503", "13806012345"), timeout=30)
    )
    await eventually(lambda: bool(_actions(mypbx, "Originate")))
    await mypbx.drop_clients()
    with pytest.raises(ConnectionLost, match="not re-sent"):
        await pending
    assert not conn.is_open
    assert len(_actions(mypbx, "Originate")) == 1


@pytest.mark.expect_log("AMI protocol error")
async def test_oversized_line_closes_the_connection_with_a_reason(mypbx: SimulatedPbx) -> None:
    conn = await connect(options(mypbx))
    await mypbx.send_raw(b"Event: Huge\r\nData: " + b"x" * (70 * 1024) + b"\r\n\r\n")
    reason = await asyncio.wait_for(conn.closed, 5)
    assert isinstance(reason, ProtocolError)
    assert "line of more than" in str(reason)


async def test_secret_never_in_logs_even_at_wire_debug(
    mypbx: SimulatedPbx, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        mypbx.offers_md5 = False
        conn = await connect(options(mypbx, plain_login=True))
        await conn.send(actions.ping())
        await conn.logoff()
        with pytest.raises(AuthenticationFailed):
            await connect(options(mypbx, secret="s3cr3t-wrong", plain_login=True))
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "Action: Login" in text  # the wire log did run
    assert "password" not in text
    assert "s3cr3t-wrong" not in text
