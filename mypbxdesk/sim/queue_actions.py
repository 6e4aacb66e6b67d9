"""The AMI queue actions: QueueStatus, QueueSummary, QueueAdd, QueueRemove, QueuePause.

Layer: simulator (``mypbxdesk.sim``): asyncio and ``mypbxdesk.ami`` only; no Qt.

As app_queue registers them: QueueStatus and QueueSummary need no write class, the
others ``agent``. The answer comes first, the member event after it (captures c4 and
console-queue); the refusal texts are app_queue's.
"""

from __future__ import annotations

from mypbxdesk.ami.message import Message

from .accounts import Perm
from .handlers import ActionSpec, PbxContext, action_id, header
from .queues import CallQueue, parse_bool
from .session import Session


def queue_specs(pbx: PbxContext, queue: CallQueue) -> list[ActionSpec]:
    q = QueueActions(pbx, queue)
    return [
        ActionSpec("QueueStatus", 0, "Show queue status", q.status),
        ActionSpec("QueueSummary", 0, "Show queue summary", q.summary),
        ActionSpec("QueueAdd", Perm.AGENT, "Add interface to queue", q.add),
        ActionSpec("QueueRemove", Perm.AGENT, "Remove interface from queue", q.remove),
        ActionSpec(
            "QueuePause", Perm.AGENT, "Makes a queue member temporarily unavailable", q.pause
        ),
    ]


class QueueActions:
    def __init__(self, pbx: PbxContext, queue: CallQueue) -> None:
        self.pbx = pbx
        self.q = queue

    @staticmethod
    def _reply(session: Session, msg: Message, ok: bool, text: str) -> bool:
        status = "Success" if ok else "Error"
        session.send([("Response", status), *action_id(msg), ("Message", text)])
        return True

    def _ours(self, name: str) -> bool:
        return not name or name == self.q.name

    async def status(self, session: Session, msg: Message) -> bool:
        aid = action_id(msg)
        ev = self.q.ev
        items = []
        if self._ours(header(msg, "Queue")):
            items = self.q.status_items(aid, header(msg, "Member"))
        session.send(ev.ack(aid, "Queue status will follow"))
        for item in items:
            session.send(item)
        session.send(ev.complete("QueueStatusComplete", aid, len(items)))
        return True

    async def summary(self, session: Session, msg: Message) -> bool:
        aid = action_id(msg)
        ev = self.q.ev
        items = self.q.summary_items(aid) if self._ours(header(msg, "Queue")) else []
        session.send(ev.ack(aid, "Queue summary will follow"))
        for item in items:
            session.send(item)
        session.send(ev.complete("QueueSummaryComplete", aid, len(items)))
        return True

    async def add(self, session: Session, msg: Message) -> bool:
        name, iface = header(msg, "Queue"), header(msg, "Interface")
        if not name:
            return self._reply(session, msg, False, "'Queue' not specified.")
        if not iface:
            return self._reply(session, msg, False, "'Interface' not specified.")
        if name != self.q.name:
            return self._reply(
                session, msg, False, "Unable to add interface to queue: No such queue"
            )
        if self.q.member(iface) is not None:
            return self._reply(session, msg, False, "Unable to add interface: Already there")
        penalty = header(msg, "Penalty")
        self._reply(session, msg, True, "Added interface to queue")
        self.q.add(
            iface,
            header(msg, "MemberName"),
            int(penalty) if penalty.isdigit() else 0,
            parse_bool(header(msg, "Paused")),
        )
        return True

    async def remove(self, session: Session, msg: Message) -> bool:
        name, iface = header(msg, "Queue"), header(msg, "Interface")
        if not name or not iface:
            return self._reply(session, msg, False, "Need 'Queue' and 'Interface' parameters.")
        if name != self.q.name:
            text = "Unable to remove interface from queue: No such queue"
            return self._reply(session, msg, False, text)
        member = self.q.member(iface)
        if member is None:
            return self._reply(session, msg, False, "Unable to remove interface: Not there")
        if not member.dynamic:
            return self._reply(session, msg, False, "Member not dynamic")
        self._reply(session, msg, True, "Removed interface from queue")
        self.q.remove(iface)
        return True

    async def pause(self, session: Session, msg: Message) -> bool:
        iface, paused_s = header(msg, "Interface"), header(msg, "Paused")
        if not iface or not paused_s:
            return self._reply(session, msg, False, "Need 'Interface' and 'Paused' parameters.")
        if not self._ours(header(msg, "Queue")) or self.q.member(iface) is None:
            return self._reply(session, msg, False, "Interface not found")
        paused = parse_bool(paused_s)
        text = "Interface paused successfully" if paused else "Interface unpaused successfully"
        self._reply(session, msg, True, text)
        self.q.pause(iface, paused, header(msg, "Reason"))
        return True
