"""Voicemail: one mailbox ``<ext>@default`` per phone, MailboxCount/MailboxStatus, and
``MessageWaiting`` whenever a box changes.

Layer: simulator (``mypbxdesk.sim``): asyncio and ``mypbxdesk.ami`` only; no Qt.

A message is left by dialling ``*<ext>`` (capture c6: ``VoiceMail(474@default,s)``), by
a call that nobody answers (``incoming_call(outcome="voicemail")``: the Dial ends with
NOANSWER and the caller goes on to ``VoiceMail(<ext>@default,u)``), or by
:meth:`SimulatedPbx.leave_voicemail`. ``*02`` (or ``*97``) runs ``VoiceMailMain``: after listening,
the new messages are old. 1.8 writes ``MessageWaiting`` with Mailbox, Waiting, New and
Old; 22 puts the channel's snapshot first when a channel changed the box
(``manager_mwi.c``). An unknown box counts zeros, never an error.
"""

from __future__ import annotations

import asyncio

from .callmodel import Call
from .dialects import NORMAL_CLEARING, Pairs
from .kit import Kit
from .model import MAILBOX_CONTEXT, Channel


class Voicemail:
    def __init__(self, kit: Kit) -> None:
        self.kit = kit
        self.boxes: dict[str, list[int]] = {}  # "474@default" -> [urgent, new, old]

    @staticmethod
    def key(mailbox: str) -> str:
        box, _, context = mailbox.partition("@")
        return f"{box}@{context or MAILBOX_CONTEXT}"

    def counts(self, mailbox: str) -> tuple[int, int, int]:
        urgent, new, old = self.boxes.get(self.key(mailbox), [0, 0, 0])
        return urgent, new, old

    def waiting(self, mailbox: str) -> bool:
        _, new, _ = self.counts(mailbox)
        return new > 0

    def _changed(self, key: str, ch: Channel | None) -> None:
        _, new, old = self.boxes[key]
        self.kit.engine.emit(self.kit.chan.message_waiting(key, new, old, ch))

    def leave(self, mailbox: str, ch: Channel | None = None, urgent: bool = False) -> None:
        """A new message in ``mailbox`` (``474`` or ``474@default``)."""
        key = self.key(mailbox)
        box = self.boxes.setdefault(key, [0, 0, 0])
        box[0] += urgent
        box[1] += 1
        self._changed(key, ch)

    def read(self, mailbox: str, ch: Channel | None = None) -> None:
        """The owner listened: every new message is old now."""
        key = self.key(mailbox)
        box = self.boxes.setdefault(key, [0, 0, 0])
        box[2] += box[1]
        box[0] = box[1] = 0
        self._changed(key, ch)

    # -- the dialplan applications ---------------------------------------------------------
    def record(self, call: Call, extension: str, option: str = "s") -> None:
        """``VoiceMail(<ext>@default,<option>)``: the caller speaks, then hangs up."""
        kit, engine = self.kit, self.kit.engine
        ch = call.caller
        kit.calls.stop_driver(call)
        kit.up(ch)
        data = f"{extension}@{MAILBOX_CONTEXT},{option}"
        ch.priority += 1 if call.last_app == "Dial" else 0
        ch.application, ch.app_data = "VoiceMail", data
        call.last_app, call.last_data = "VoiceMail", data
        engine.emit(engine.d.newexten(ch, "VoiceMail", data))
        call.task = kit.spawn(self._record(call, extension), f"sim-voicemail-{ch.name}")

    async def _record(self, call: Call, extension: str) -> None:
        await asyncio.sleep(self.kit.timing.voicemail_time)
        engine = self.kit.engine
        ch = call.caller
        if engine.calls.get(ch) is not call:
            return
        folder = f"/var/spool/asterisk/voicemail/{MAILBOX_CONTEXT}/{extension}/INBOX"
        engine.set_variable(ch, "VM_MESSAGEFILE", f"{folder}/msg{self._count(extension):04d}")
        self.leave(extension, None if engine.d.legacy else ch)
        engine.set_variable(ch, "VMSTATUS", "SUCCESS")
        engine.hangup_caller(call, NORMAL_CLEARING)

    def _count(self, extension: str) -> int:
        _, new, old = self.counts(extension)
        return new + old

    def main(self, call: Call, talk_time: float) -> None:
        """``VoiceMailMain(<caller>@default)``: listen, then the messages are old."""
        kit, engine = self.kit, self.kit.engine
        ch = call.caller
        kit.calls.stop_driver(call)
        kit.up(ch)
        box = ch.endpoint.extension or ch.caller_num
        data = f"{box}@{MAILBOX_CONTEXT}"
        ch.application, ch.app_data = "VoiceMailMain", data
        call.last_app, call.last_data = "VoiceMailMain", data
        engine.emit(engine.d.newexten(ch, "VoiceMailMain", data))
        call.task = kit.spawn(self._listen(call, box, talk_time), f"sim-vmmain-{ch.name}")

    async def _listen(self, call: Call, box: str, talk_time: float) -> None:
        await asyncio.sleep(min(talk_time, self.kit.timing.voicemail_time))
        engine = self.kit.engine
        if engine.calls.get(call.caller) is not call:
            return
        if self.counts(box)[1]:
            self.read(box, None if engine.d.legacy else call.caller)
        engine.hangup_caller(call, NORMAL_CLEARING)


def user_entry(legacy: bool, box: str, fullname: str, new: int, old: int, aid: Pairs) -> Pairs:
    """One ``VoicemailUserEntry`` (c6: 1.8 starts with ``ActionID``; 22 adds FromString,
    CanMarkUrgent and OldMessageCount, ``append_vmu_info_astman``)."""
    head: Pairs = (
        [*aid, ("Event", "VoicemailUserEntry")]
        if legacy
        else [
            ("Event", "VoicemailUserEntry"),
            *aid,
        ]
    )
    body: Pairs = [
        ("VMContext", MAILBOX_CONTEXT),
        ("VoiceMailbox", box),
        ("Fullname", fullname),
        ("Email", ""),
        ("Pager", ""),
        ("ServerEmail", "asterisk"),
        *([] if legacy else [("FromString", "")]),
        ("MailCommand", "/usr/sbin/sendmail -t"),
        ("Language", ""),
        ("TimeZone", ""),
        ("Callback", ""),
        ("Dialout", ""),
        ("UniqueID", ""),
        ("ExitContext", ""),
        ("SayDurationMinimum", "2"),
        ("SayEnvelope", "Yes"),
        ("SayCID", "No"),
        ("AttachMessage", "No"),
        ("AttachmentFormat", ""),
        ("DeleteMessage", "No"),
        ("VolumeGain", "0.00"),
        ("CanReview", "No"),
        *([] if legacy else [("CanMarkUrgent", "No")]),
        ("CallOperator", "No"),
        ("MaxMessageCount", "100"),
        ("MaxMessageLength", "60"),
        ("NewMessageCount", str(new)),
        *([] if legacy else [("OldMessageCount", str(old))]),
    ]
    return [*head, *body]
