"""Banner, login (plain, MD5, wrong), permissions, Ping, Events, Logoff, input limits."""

from __future__ import annotations

import asyncio

import pytest

from mypbxdesk.ami.actions import md5_key
from mypbxdesk.sim import DEFAULT_USERS, SimulatedPbx

from .amiclient import AmiClient, names
from .conftest import MakeClient, MakePbx


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("dialect", "banner"),
    [
        ("mypbx", b"Asterisk Call Manager/1.1\r\n"),
        ("asterisk", b"Asterisk Call Manager/11.0.0\r\n"),
    ],
)
async def test_banner_bytes_are_exact_and_nothing_follows(
    make_pbx: MakePbx, make_client: MakeClient, dialect: str, banner: bytes
) -> None:
    pbx = await make_pbx(dialect=dialect)
    client = await make_client(pbx.port)
    assert bytes(client.raw) == banner
    assert await client.events_for(0.05) == []  # no blank line after the banner (§1.1)


@pytest.mark.asyncio
async def test_login_success_bytes_match_capture_1a(
    pbx: SimulatedPbx, make_client: MakeClient
) -> None:
    client = await make_client(pbx.port)
    await client.send_raw(
        b"Action: Login\r\nUsername: admin\r\nSecret: password\r\nActionID: login-1a\r\n\r\n"
    )
    await client.until_event("FullyBooted")
    assert bytes(client.raw) == (
        b"Asterisk Call Manager/1.1\r\n"
        b"Response: Success\r\nActionID: login-1a\r\nMessage: Authentication accepted\r\n\r\n"
        b"Event: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted\r\n\r\n"
    )
    await client.send_raw(b"Action: Logoff\r\nActionID: logoff-1a\r\n\r\n")
    await client.expect_eof()
    assert bytes(client.raw).endswith(
        b"Response: Goodbye\r\nActionID: logoff-1a\r\nMessage: Thanks for all the fish.\r\n\r\n"
    )


@pytest.mark.asyncio
async def test_events_off_at_login_means_no_fullybooted(
    pbx: SimulatedPbx, make_client: MakeClient
) -> None:
    client = await make_client(pbx.port, login="admin", secret="password", events="off")
    ping = await client.action("Ping")
    assert [m.name for m in client.messages] == ["Success", "Success"]  # login, ping
    assert ping.get("Ping") == "Pong"
    assert float(ping["Timestamp"]) > 1e9


@pytest.mark.asyncio
async def test_wrong_password_waits_then_errors_and_closes(
    make_pbx: MakePbx, make_client: MakeClient
) -> None:
    pbx = await make_pbx(auth_fail_delay=0.2)
    client = await make_client(pbx.port)
    loop = asyncio.get_running_loop()
    start = loop.time()
    response = await client.login("admin", "wrong-password")
    assert loop.time() - start >= 0.19
    assert response.is_error
    assert response.headers == (
        ("Response", "Error"),
        ("ActionID", response.action_id),
        ("Message", "Authentication failed"),
    )
    await client.expect_eof()
    assert pbx.clients == 0


@pytest.mark.asyncio
async def test_unknown_user_is_refused_like_a_wrong_secret(
    pbx: SimulatedPbx, make_client: MakeClient
) -> None:
    client = await make_client(pbx.port)
    response = await client.login("nobody", "password")
    assert response.message_text == "Authentication failed"
    await client.expect_eof()


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("user", "secret", "challenge", "key"),
    [
        ("crm", "s3cr3t", "1804289383", "1fc9d42c6d6cdaa78b19cfc92779bc1a"),  # §2.2 vector
        ("admin", "password", "202997599", "9deeee114c94ee0a3371293dbeecc939"),  # capture 1c
    ],
)
async def test_md5_login_with_known_vectors(
    make_pbx: MakePbx, make_client: MakeClient, user: str, secret: str, challenge: str, key: str
) -> None:
    pbx = await make_pbx(users={user: secret})
    pbx.server.new_challenge = lambda: challenge  # type: ignore[method-assign]
    client = await make_client(pbx.port)
    await client.send_raw(b"Action: Challenge\r\nAuthType: MD5\r\nActionID: chal-1c\r\n\r\n")
    first = await client.next()
    assert first.headers == (
        ("Response", "Success"),
        ("ActionID", "chal-1c"),
        ("Challenge", challenge),
    )
    again = await client.action("Challenge", ("AuthType", "md5"))
    assert again["Challenge"] == challenge  # one challenge per session, reused
    assert md5_key(challenge, secret) == key
    ok = await client.action("Login", ("AuthType", "MD5"), ("Username", user), ("Key", key))
    assert ok.message_text == "Authentication accepted"


@pytest.mark.asyncio
async def test_md5_login_with_random_challenge_and_failures(
    pbx: SimulatedPbx, make_client: MakeClient
) -> None:
    no_challenge = await make_client(pbx.port)
    response = await no_challenge.action(
        "Login", ("AuthType", "MD5"), ("Username", "admin"), ("Key", md5_key("1", "password"))
    )
    assert response.message_text == "Authentication failed"  # no Challenge asked first
    await no_challenge.expect_eof()

    client = await make_client(pbx.port)
    bad = await client.action("Challenge")
    assert bad.message_text == "Must specify AuthType"
    challenge = (await client.action("Challenge", ("AuthType", "MD5")))["Challenge"]
    assert challenge.isdigit()
    ok = await client.action(
        "Login", ("AuthType", "md5"), ("Username", "admin"), ("Key", md5_key(challenge, "password"))
    )
    assert ok.message_text == "Authentication accepted"


@pytest.mark.asyncio
async def test_actions_before_login_are_denied_and_the_connection_stays(
    pbx: SimulatedPbx, make_client: MakeClient
) -> None:
    client = await make_client(pbx.port)
    for action in ("Ping", "Originate", "NoSuchAction"):
        response = await client.action(action)
        assert response.headers == (
            ("Response", "Error"),
            ("ActionID", response.action_id),
            ("Message", "Permission denied"),
        )
    assert (await client.login()).name == "Success"


@pytest.mark.asyncio
async def test_unknown_and_missing_action(admin: AmiClient) -> None:
    await admin.send_raw(b"Action: NoSuchAction\r\nActionID: bogus\r\n\r\n")
    unknown = await admin.next()
    assert unknown.headers == (
        ("Response", "Error"),
        ("ActionID", "bogus"),
        (
            "Message",
            "Invalid/unknown command: NoSuchAction. Use Action: ListCommands to show "
            "available commands.",
        ),
    )
    await admin.send_raw(b"ActionID: x\r\nFoo: bar\r\n\r\n")
    assert (await admin.next()).message_text == "Missing action in request"
    await admin.send_raw(b"action:   ping\r\nActionID: lower\r\n\r\n")  # any case, blanks
    assert (await admin.next())["Ping"] == "Pong"
    # a client message that looks like 1.8 Command output must not swallow what follows
    await admin.send_raw(
        b"Response: Follows\r\nActionID: f\r\n\r\nAction: Ping\r\nActionID: p\r\n\r\n"
    )
    assert (await admin.next()).message_text == "Missing action in request"
    assert (await admin.next()).action_id == "p"


@pytest.mark.asyncio
async def test_limited_user_is_denied_originate_and_command(
    pbx: SimulatedPbx, make_client: MakeClient
) -> None:
    assert DEFAULT_USERS["limited"] == "limited"
    client = await make_client(pbx.port, login="limited", secret="limited")
    for action, pairs in (
        ("Originate", [("Channel", "SIP/503"), ("Exten", "305")]),
        ("Command", [("Command", "core show channels")]),
    ):
        denied = await client.action(action, *pairs)
        assert denied.is_error and denied.message_text == "Permission denied"
    # Hangup and Redirect pass the permission check (and then miss the channel)
    assert (await client.action("Hangup", ("Channel", "SIP/1-1"))).message_text == "No such channel"
    redirect = await client.action(
        "Redirect",
        ("Channel", "SIP/1-1"),
        ("Exten", "306"),
        ("Context", "DLPN_DialPlan306"),
        ("Priority", "1"),
    )
    assert redirect.message_text == "Channel does not exist: SIP/1-1"
    assert not any(m.is_event("FullyBooted") for m in client.messages)  # no system read


@pytest.mark.asyncio
async def test_events_action_masks_what_a_session_receives(
    pbx: SimulatedPbx, make_client: MakeClient
) -> None:
    full = await make_client(pbx.port, login="admin", secret="password")
    call_only = await make_client(pbx.port, login="admin", secret="password", events="call,system")
    cdr_only = await make_client(pbx.port, login="admin", secret="password")
    off = await make_client(pbx.port, login="admin", secret="password")
    assert (await cdr_only.action("Events", ("EventMask", "cdr")))["Events"] == "On"
    assert (await off.action("Events", ("EventMask", "off")))["Events"] == "Off"
    invalid = await off.action("Events", ("EventMask", ""))
    assert invalid.message_text == "Invalid event mask"

    call = await pbx.incoming_call()
    await call.wait()
    everything = names(await full.until_event("Hangup", Channel=call.channel))
    assert {"Newexten", "VarSet", "Cdr"} <= set(everything)  # dialplan and cdr classes
    only_call = names(await call_only.until_event("Hangup", Channel=call.channel))
    assert "Newchannel" in only_call
    assert not {"Cdr", "VarSet", "Newexten"} & set(only_call)
    assert names(await cdr_only.until_event("Cdr")) == ["FullyBooted", "Cdr"]
    ping = await off.action("Ping")
    assert ping.get("Ping") == "Pong"
    assert names(off.messages) == ["FullyBooted"]  # from the login, before Events: off


@pytest.mark.asyncio
async def test_line_too_long_is_refused_and_not_executed(
    admin: AmiClient, pbx: SimulatedPbx
) -> None:
    long_value = "x" * 1100
    await admin.send_raw(
        f"Action: Originate\r\nChannel: SIP/503\r\nContext: DLPN_DialPlan503\r\n"
        f"Exten: 474\r\nPriority: 1\r\nVariable: A={long_value}\r\nAsync: true\r\n"
        f"ActionID: long\r\n\r\n".encode()
    )
    response = await admin.next()
    assert response.headers == (
        ("Response", "Error"),
        ("ActionID", "long"),
        ("Message", "Failed to parse message: line too long"),
    )
    assert pbx.channels == []
    # a line of 1023 bytes with its LF is still fine (inbuf[1025])
    ok_line = b"ActionID: " + b"y" * (1023 - len("ActionID: ") - 2) + b"\r\n"
    assert len(ok_line) == 1023
    await admin.send_raw(b"Action: Ping\r\n" + ok_line + b"\r\n")
    assert (await admin.next())["Ping"] == "Pong"
    await admin.send_raw(b"Action: Ping\r\nActionID: after\r\n\r\n")
    assert (await admin.next()).action_id == "after"
    assert pbx.actions_received[-3]["Action"] == "Originate"
    assert "Variable" not in pbx.actions_received[-3]  # the dropped line never arrived


@pytest.mark.asyncio
async def test_too_many_lines(admin: AmiClient) -> None:
    lines = b"".join(b"X-Header-%d: v\r\n" % i for i in range(130))
    await admin.send_raw(b"Action: Ping\r\nActionID: many\r\n" + lines + b"\r\n")
    response = await admin.next()
    assert response.message_text == "Too many lines in message or allocation failure"


@pytest.mark.asyncio
async def test_ping_without_action_id_and_split_writes(admin: AmiClient) -> None:
    await admin.send_raw(b"Action: Ping\r\n\r\n")
    response = await admin.next()
    assert [n for n, _ in response.headers] == ["Response", "Ping", "Timestamp"]
    for piece in (b"Act", b"ion: Pi", b"ng\r", b"\nActionID: p", b"2\r\n", b"\r", b"\n"):
        await admin.send_raw(piece)
        await asyncio.sleep(0.005)
    assert (await admin.next()).action_id == "p2"


@pytest.mark.asyncio
async def test_unauthenticated_clients_time_out(make_pbx: MakePbx, make_client: MakeClient) -> None:
    pbx = await make_pbx(auth_timeout=0.15)
    client = await make_client(pbx.port)
    for _ in range(5):  # activity does not extend the deadline
        await client.send("Ping")
        await asyncio.sleep(0.02)
    await client.expect_eof(1.0)
    logged_in = await make_client(pbx.port, login="admin", secret="password")
    await asyncio.sleep(0.2)
    assert (await logged_in.action("Ping"))["Ping"] == "Pong"


@pytest.mark.asyncio
async def test_list_commands_and_core_settings(
    admin: AmiClient, make_client: MakeClient, pbx: SimulatedPbx
) -> None:
    listing = await admin.action("ListCommands")
    assert listing["Originate"] == "Originate a call (Priv: originate,all)"
    limited = await make_client(pbx.port, login="limited", secret="limited")
    assert "Originate" not in await limited.action("ListCommands")
    assert listing["Ping"] == "Keepalive command (Priv: <none>)"
    settings = await admin.action("CoreSettings")
    assert settings["AMIversion"] == "1.1"
    assert settings["AsteriskVersion"].startswith("1.8")
