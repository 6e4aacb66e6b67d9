"""Voicemail: MailboxCount, MailboxStatus, MessageWaiting when a message is left."""

from __future__ import annotations

import pytest

from mypbxdesk.sim import SimulatedPbx

from .amiclient import AmiClient
from .conftest import MakeClient, MakePbx


@pytest.mark.asyncio
async def test_mailbox_count_and_status_like_capture_c6(
    pbx: SimulatedPbx, admin: AmiClient
) -> None:
    count = await admin.action("MailboxCount", ("Mailbox", "474@default"), action_id="mc")
    assert count.headers == (
        ("Response", "Success"),
        ("ActionID", "mc"),
        ("Message", "Mailbox Message Count"),
        ("Mailbox", "474@default"),
        ("UrgMessages", "0"),
        ("NewMessages", "0"),
        ("OldMessages", "0"),
    )
    status = await admin.action("MailboxStatus", ("Mailbox", "474"), action_id="ms")
    assert status.headers == (
        ("Response", "Success"),
        ("ActionID", "ms"),
        ("Message", "Mailbox Status"),
        ("Mailbox", "474"),
        ("Waiting", "0"),
    )
    nobox = await admin.action("MailboxCount", ("Mailbox", "999@default"))
    assert nobox["NewMessages"] == "0"  # zeros, not an error
    assert (await admin.action("MailboxStatus")).message_text == "Mailbox not specified"
    assert (await admin.action("MailboxCount")).message_text == "Mailbox not specified"


@pytest.mark.asyncio
@pytest.mark.parametrize("dialect", ["mypbx", "asterisk"])
async def test_unanswered_call_leaves_a_message(
    make_pbx: MakePbx, make_client: MakeClient, dialect: str
) -> None:
    pbx = await make_pbx(dialect=dialect)
    client = await make_client(pbx.port, login="admin", secret="password")
    call = await pbx.incoming_call(caller="13806012345", to="474", outcome="voicemail")
    msgs = await client.until_event("MessageWaiting")
    vm = next(m for m in msgs if m.is_event("Newexten") and m["Application"] == "VoiceMail")
    assert vm["AppData"] == "474@default,u"
    waiting = msgs[-1]
    assert (waiting["Mailbox"], waiting["Waiting"], waiting["New"], waiting["Old"]) == (
        "474@default",
        "1",
        "1",
        "0",
    )
    if dialect == "asterisk":  # 22 puts the caller's snapshot first (manager_mwi.c)
        assert waiting.headers[2] == ("Channel", call.channel)
    else:
        assert waiting.headers[2] == ("Mailbox", "474@default")
    await call.wait()
    assert pbx.mailbox("474") == (0, 1, 0)
    count = await client.action("MailboxCount", ("Mailbox", "474@default"))
    assert count["NewMessages"] == "1"
    status = await client.action("MailboxStatus", ("Mailbox", "474@default"))
    assert status["Waiting"] == "1"


@pytest.mark.asyncio
@pytest.mark.parametrize("dialect", ["mypbx", "asterisk"])
async def test_voicemail_numbers(make_pbx: MakePbx, make_client: MakeClient, dialect: str) -> None:
    pbx = await make_pbx(dialect=dialect)
    client = await make_client(pbx.port, login="admin", secret="password")
    leave = await pbx.dial_extension("*474", "470", "Alice", via_trunk=False)
    msgs = await client.until_event("MessageWaiting")
    assert msgs[-1]["New"] == "1"
    await leave.wait()
    check = await pbx.dial_extension("*02", "474", "", via_trunk=False)
    msgs = await client.until_event("MessageWaiting")
    assert (msgs[-1]["New"], msgs[-1]["Old"], msgs[-1]["Waiting"]) == ("0", "1", "0")
    assert any(m.is_event("Newexten") and m["Application"] == "VoiceMailMain" for m in msgs)
    await check.wait()
    assert pbx.mailbox("474") == (0, 0, 1)


@pytest.mark.asyncio
async def test_helpers_leave_and_read_voicemail(pbx: SimulatedPbx, admin: AmiClient) -> None:
    pbx.leave_voicemail("305", urgent=True)
    msgs = await admin.until_event("MessageWaiting")
    assert msgs[-1].headers[2:] == (
        ("Mailbox", "305@default"),
        ("Waiting", "1"),
        ("New", "1"),
        ("Old", "0"),
    )
    count = await admin.action("MailboxCount", ("Mailbox", "305@default"))
    assert (count["UrgMessages"], count["NewMessages"]) == ("1", "1")
    pbx.read_voicemail("305")
    assert pbx.mailbox("305") == (0, 0, 1)


@pytest.mark.asyncio
@pytest.mark.parametrize("dialect", ["mypbx", "asterisk"])
async def test_voicemail_users_list_names_every_mailbox(
    make_pbx: MakePbx, make_client: MakeClient, dialect: str
) -> None:
    pbx = await make_pbx(dialect=dialect)
    client = await make_client(pbx.port, login="admin", secret="password")
    pbx.leave_voicemail("474")
    await client.send("VoicemailUsersList", action_id="vul")
    msgs = await client.until_event("VoicemailUserEntryComplete")
    entries = [m for m in msgs if m.is_event("VoicemailUserEntry")]
    boxes = {m["VoiceMailbox"]: (m["Fullname"], m["NewMessageCount"]) for m in entries}
    assert boxes["474"] == ("Reception", "1") and boxes["305"] == ("Maria Garcia", "0")
    if dialect == "mypbx":  # capture c6: ActionID before Event, no Privilege
        assert entries[0].headers[0] == ("ActionID", "vul")
    else:
        assert entries[0].headers[:2] == (("Event", "VoicemailUserEntry"), ("ActionID", "vul"))
        assert msgs[-1]["ListItems"] == str(len(entries))
