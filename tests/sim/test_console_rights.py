"""Every console action needs the write class Asterisk registers it with, so a client
can tell "this AMI user may not ..." (limited: call; readonly: none)."""

from __future__ import annotations

import pytest

from .conftest import MakeClient, MakePbx

DENIED = "Permission denied"


@pytest.mark.asyncio
@pytest.mark.parametrize("dialect", ["mypbx", "asterisk"])
async def test_limited_user_may_park_and_transfer_but_not_manage_the_queue(
    make_pbx: MakePbx, make_client: MakeClient, dialect: str
) -> None:
    pbx = await make_pbx(dialect=dialect)
    limited = await make_client(pbx.port, login="limited", secret="limited")
    tech = "SIP" if dialect == "mypbx" else "PJSIP"
    for action in ("QueueAdd", "QueueRemove", "QueuePause"):
        denied = await limited.action(action, ("Interface", f"{tech}/306"), ("Queue", "reception"))
        assert denied.message_text == DENIED, action
    allowed = {
        "Park": "Channel not specified",
        "Atxfer": "No channel specified",
        "ExtensionState": "Extension not specified",
        "MailboxCount": "Mailbox not specified",
        "MailboxStatus": "Mailbox not specified",
    }
    for action, text in allowed.items():
        assert (await limited.action(action)).message_text == text, action
    status = await limited.action("QueueStatus")  # no write class at all
    assert status.message_text == "Queue status will follow"
    listing = await limited.action("ListCommands")
    assert "Park" in listing and "QueueAdd" not in listing


@pytest.mark.asyncio
@pytest.mark.parametrize("dialect", ["mypbx", "asterisk"])
async def test_readonly_user_is_refused_every_console_action_with_a_write_class(
    make_pbx: MakePbx, make_client: MakeClient, dialect: str
) -> None:
    pbx = await make_pbx(dialect=dialect)
    readonly = await make_client(pbx.port, login="readonly", secret="readonly")
    actions = ["Park", "Atxfer", "ExtensionState", "MailboxCount", "QueueAdd", "QueuePause"]
    actions += ["SIPpeers"] if dialect == "mypbx" else ["BlindTransfer", "PJSIPShowEndpoints"]
    for action in actions:
        assert (await readonly.action(action)).message_text == DENIED, action
    summary = await readonly.action("QueueSummary")
    assert summary.message_text == "Queue summary will follow"
    parked = await readonly.action("ParkedCalls")
    # features.c (1.8) registers ParkedCalls without a class; res_parking (22) with call
    expected = "Parked calls will follow" if dialect == "mypbx" else DENIED
    assert parked.message_text == expected


@pytest.mark.asyncio
async def test_admin_sees_the_console_actions_with_their_classes(
    make_pbx: MakePbx, make_client: MakeClient
) -> None:
    pbx = await make_pbx(dialect="asterisk")
    admin = await make_client(pbx.port, login="admin", secret="password")
    listing = await admin.action("ListCommands")
    assert listing["Park"] == "Park a channel (Priv: call,all)"
    assert listing["QueuePause"].endswith("(Priv: agent,all)")
    assert listing["MailboxCount"].endswith("(Priv: call,reporting,all)")
    assert listing["PJSIPShowEndpoints"].endswith("(Priv: system,all)")
