"""``SimulatedPbx``: the simulated MyPBX (or Asterisk 22) that demo mode and the tests use.

Layer: simulator (``mypbxdesk.sim``): asyncio and ``mypbxdesk.ami`` only; no Qt.

This is the composition root of the simulator: it builds the dialect, the directory
of phones, the engine, the call flows and the AMI server, and it is the only object
callers use. Every delay is a constructor argument in seconds, so tests run the
same flows in milliseconds.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType

from mypbxdesk.ami.message import Message

from .accounts import DEFAULT_RIGHTS, DEFAULT_USERS, FULL_RIGHTS, Rights
from .calls import CallManager, Outcome, SimCall, Timing
from .commands import Cli
from .console import Console
from .console_actions import ConsoleActions
from .dialects import PbxEvent, make_dialect
from .engine import Engine
from .kit import ConsoleTiming
from .model import Behaviour, Directory, Endpoint, IdAllocator
from .pbx_console import ConsoleHelpers
from .server import AmiServer, TaskSet

DEFAULT_MAX_BUFFER = 4 << 20  # bytes a client may leave unread before it is dropped


class SimulatedPbx(ConsoleHelpers):
    """An AMI server on loopback that behaves like a Yeastar MyPBX or an Asterisk 22.

    Args:
        dialect: ``"mypbx"`` (Asterisk 1.8, AMI 1.1) or ``"asterisk"`` (Asterisk 22).
        users: AMI user -> secret (default :data:`DEFAULT_USERS`).
        rights: per-user read/write classes; users not listed here get those of
            :data:`DEFAULT_RIGHTS` (``limited``, ``readonly``) or all rights.
        auth_fail_delay: seconds before ``Authentication failed`` (Asterisk: 1 s).
        ring_time: seconds a phone rings before it answers (or, for a generated
            missed call, before the Dial gives up).
        talk_time: seconds an answered call lasts; ``math.inf`` keeps it up until
            a Hangup action.
        answer_delay: seconds a number behind the trunk takes to answer.
        dial_timeout: the dialplan's ``Dial(…,30)`` timeout in seconds.
        auth_timeout: seconds an unauthenticated client may stay (manager.conf 30).
        max_buffer: unread bytes after which a slow client is disconnected.
        phones: behaviour per extension or external number (answer, noanswer, busy,
            offline); unlisted ones answer.
        names: caller-ID names of the extensions (default :data:`model.DEFAULT_NAMES`,
            ``{}``: ``Ext 474`` for every phone).
        park_time: seconds a parked call waits before it rings its parker again.
        park_announce: 22: seconds the parker hears the slot before it is hung up.
        digit_timeout: Atxfer digits without a final ``#`` are dialled after this.
        queue_timeout, queue_retry: seconds one queue attempt rings, and the pause after.
        voicemail_time: seconds a caller speaks after the beep.
        seed: makes challenges, bridge ids and the schedule reproducible.
        first_sequence: the first uniqueid/channel sequence number.
        clock: wall clock for the part of a uniqueid before the dot.
    """

    def __init__(
        self,
        dialect: str = "mypbx",
        users: Mapping[str, str] | None = None,
        *,
        rights: Mapping[str, Rights] | None = None,
        auth_fail_delay: float = 1.0,
        ring_time: float = 1.5,
        talk_time: float = 5.0,
        answer_delay: float = 0.2,
        dial_timeout: float = 30.0,
        auth_timeout: float = 30.0,
        max_buffer: int = DEFAULT_MAX_BUFFER,
        phones: Mapping[str, Behaviour | str] | None = None,
        names: Mapping[str, str] | None = None,
        seed: int | None = None,
        first_sequence: int = 0,
        clock: Callable[[], float] = time.time,
        park_time: float = 45.0,
        park_announce: float = 2.6,
        digit_timeout: float = 3.0,
        queue_timeout: float = 15.0,
        queue_retry: float = 2.0,
        voicemail_time: float = 4.0,
    ) -> None:
        self._dialect = make_dialect(dialect)
        self.users: Mapping[str, str] = MappingProxyType(
            dict(DEFAULT_USERS if users is None else users)
        )
        merged = dict(DEFAULT_RIGHTS)
        merged.update(rights or {})
        self.rights: Mapping[str, Rights] = MappingProxyType(merged)
        self._rng = random.Random(seed)
        self.directory = Directory(
            trunk_peer=self._dialect.trunk_peer,
            names=names,
            behaviours={k: Behaviour(v) for k, v in (phones or {}).items()},
        )
        self.timing = Timing(ring_time, talk_time, answer_delay, dial_timeout)
        self._idle = asyncio.Event()
        self._idle.set()
        self._tasks = TaskSet()
        self._flows = TaskSet(on_done=self._check_idle)
        self.engine = Engine(
            self._dialect,
            self.directory,
            self._emit,
            IdAllocator(first_sequence, clock),
            self._rng,
            dial_timeout,
        )
        self.engine.on_change = self._check_idle
        self.calls = CallManager(self.engine, self.timing, self._flows.spawn)
        console_timing = ConsoleTiming(
            park_time=park_time,
            park_announce=park_announce,
            digit_timeout=digit_timeout,
            queue_timeout=queue_timeout,
            queue_retry=queue_retry,
            voicemail_time=voicemail_time,
        )
        #: BLF, parking, pickup, transfers, the queue and voicemail (``console.py``).
        self.console = Console(self.engine, self.calls, console_timing, self._flows.spawn)
        self.server = AmiServer(
            dialect=self._dialect,
            engine=self.engine,
            calls=self.calls,
            cli=Cli(self.engine),
            users=self.users,
            rights=self.rights,
            rng=self._rng,
            auth_fail_delay=auth_fail_delay,
            auth_timeout=auth_timeout,
            max_buffer=max_buffer,
        )
        self.server.add_actions(ConsoleActions(self.server, self.console).specs())
        self._schedule: asyncio.Task[None] | None = None
        self._office: asyncio.Task[None] | None = None

    # -- properties ------------------------------------------------------------------------
    @property
    def offers_md5(self) -> bool:
        """Whether ``Challenge`` is answered (False: a PBX without MD5 login)."""
        return self.server.offers_md5

    @offers_md5.setter
    def offers_md5(self, on: bool) -> None:
        self.server.offers_md5 = on

    @property
    def dialect(self) -> str:
        """``"mypbx"`` or ``"asterisk"``."""
        return self._dialect.name

    @property
    def port(self) -> int:
        """The bound TCP port (0 before :meth:`start`)."""
        return self.server.port

    @property
    def banner(self) -> str:
        return f"Asterisk Call Manager/{self._dialect.banner_version}"

    @property
    def clients(self) -> int:
        """Connected AMI sessions."""
        return self.server.clients

    @property
    def actions_received(self) -> list[Message]:
        """Every action from every client, in the order they arrived."""
        return self.server.actions_received

    @property
    def bytes_received(self) -> bytearray:
        """Every byte every client sent."""
        return self.server.bytes_received

    @property
    def silent(self) -> bool:
        return self.server.silent

    @property
    def channels(self) -> list[str]:
        """Names of the live channels, oldest first."""
        return list(self.engine.channels)

    def rights_of(self, user: str) -> Rights:
        return self.rights.get(user, FULL_RIGHTS)

    # -- lifecycle -------------------------------------------------------------------------
    async def start(self, host: str = "127.0.0.1", port: int = 0) -> int:
        """Listen on ``host:port`` (0 = any free port); returns the bound port."""
        return await self.server.start(host, port)

    async def stop(self) -> None:
        """Close every client and the listener, cancel every call and task, forget calls."""
        self.stop_schedule()
        await self._tasks.cancel_all()
        await self._flows.cancel_all()
        await self.server.stop()
        self.console.reset()
        for call in list(self.engine.calls.values()):
            call.done.set()
        self.engine.channels.clear()
        self.engine.calls.clear()
        self.engine.leg_calls.clear()
        self.engine.owners.clear()
        self._check_idle()

    async def __aenter__(self) -> SimulatedPbx:
        if not self.port:
            await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # -- calls -----------------------------------------------------------------------------
    async def incoming_call(
        self,
        caller: str = "13806012345",
        caller_name: str = "Bob Smith",
        to: str = "474",
        via_trunk: bool = True,
        outcome: Outcome | str = Outcome.ANSWERED,
        transfer_to: str = "306",
        ring_time: float | None = None,
        talk_time: float | None = None,
        *,
        colleague: str = "305",
        trunk: str | None = None,
    ) -> SimCall:
        """A call ringing extension ``to``; returns once it rings, the rest runs in the PBX.

        ``via_trunk=False`` makes ``caller`` an extension (an internal call). ``trunk``
        picks an analog trunk port (``"DAHDI/2"``) instead of the SIP trunk.
        """
        return self.calls.incoming(
            caller=caller,
            caller_name=caller_name,
            to=to,
            via_trunk=via_trunk,
            outcome=Outcome(outcome),
            transfer_to=transfer_to,
            colleague=colleague,
            ring_time=self._or(ring_time, self.calls.ring_time(to)),
            talk_time=self._or(talk_time, self.timing.talk_time),
            trunk=self._trunk(trunk),
        )

    async def ring_group_call(
        self,
        caller: str = "13806012345",
        members: Sequence[str] = ("474", "305", "306"),
        answered_by: str | None = "305",
        *,
        caller_name: str = "Bob Smith",
        via_trunk: bool = True,
        group: str = "6300",
        ring_time: float | None = None,
        talk_time: float | None = None,
    ) -> SimCall:
        """One caller, a Dial to every member in parallel; ``answered_by`` picks up
        (None: nobody does) and the others are hung up (``Answered elsewhere``)."""
        return self.calls.ring_group(
            caller=caller,
            caller_name=caller_name,
            members=list(members),
            answered_by=answered_by,
            via_trunk=via_trunk,
            group=group,
            ring_time=self._or(ring_time, self.timing.ring_time),
            talk_time=self._or(talk_time, self.timing.talk_time),
        )

    async def outgoing_call(
        self, from_ext: str = "474", number: str = "13806012345", *, talk_time: float | None = None
    ) -> SimCall:
        """Extension ``from_ext`` dials ``number`` from its handset (no Originate)."""
        return self.calls.outgoing(
            from_ext=from_ext, number=number, talk_time=self._or(talk_time, self.timing.talk_time)
        )

    def set_phone(self, number: str, behaviour: Behaviour | str) -> None:
        """How an extension (or a number behind the trunk) reacts from now on. A phone
        that goes offline (or comes back) changes its BLF state at once."""
        self.directory.behaviours[number] = Behaviour(behaviour)
        phone = self.directory.phone(number)
        if phone is not None:
            self.console.presence.refresh(ep=phone)

    async def wait_idle(self) -> None:
        """Until no channel is up and no call flow is running."""
        while not self._idle.is_set():
            await self._idle.wait()

    # -- the demo schedule -----------------------------------------------------------------
    def start_schedule(self, every: float = 15.0, to: str = "474", *, office: bool = True) -> None:
        """Generate varied calls to ``to`` every ``every`` seconds (demo mode), and with
        ``office`` the life of the rest of the office (colleagues calling, the queue,
        parked calls, voicemails: ``office.py``) about as often."""
        from .office import OfficeLife
        from .scenarios import CallSchedule

        self.stop_schedule()
        schedule = CallSchedule(self, every=every, to=to, rng=self._rng)
        self._schedule = self._tasks.spawn(schedule.run(), "sim-schedule")
        if office:
            life = OfficeLife(self, every=every * 0.7, avoid=to, rng=self._rng)
            self._office = self._tasks.spawn(life.run(), "sim-office")

    def stop_schedule(self) -> None:
        task, self._schedule = self._schedule, None
        office, self._office = self._office, None
        for t in (task, office):
            if t is not None:
                t.cancel()

    # -- faults ----------------------------------------------------------------------------
    async def drop_clients(self) -> None:
        """Reset every client connection at once (the PBX keeps listening)."""
        await self.server.drop_clients()

    def set_silent(self, silent: bool = True) -> None:
        """Half-open PBX: read and record everything, answer nothing, send no events."""
        self.server.set_silent(silent)

    async def send_raw(
        self,
        data: bytes,
        *,
        split_at: Sequence[int] = (),
        pause: float = 0.02,
        timeout: float = 10.0,
    ) -> None:
        """Write raw bytes to every client, cut into separate writes at ``split_at``.

        Returns once every client has read them; one that reads nothing for ``timeout``
        seconds is dropped as a slow reader.
        """
        await self.server.send_raw(data, split_at, pause, timeout)

    # -- internals -------------------------------------------------------------------------
    def _emit(self, events: Sequence[PbxEvent]) -> None:
        self.server.broadcast(events)

    def _check_idle(self) -> None:
        if not self.engine.channels and not len(self._flows):
            self._idle.set()
        else:
            self._idle.clear()

    def _trunk(self, trunk: str | None) -> Endpoint | None:
        if trunk is None:
            return None
        tech, _, port = trunk.partition("/")
        endpoint = self.directory.dahdi_port(int(port)) if port.isdigit() else None
        if tech.upper() != "DAHDI" or endpoint is None or endpoint.is_phone:
            raise ValueError(f"{trunk!r} is not an analog trunk port (DAHDI/1 … DAHDI/4)")
        return endpoint

    @staticmethod
    def _or(value: float | None, default: float) -> float:
        return default if value is None else value

    def describe(self) -> list[str]:
        """What ``mypbxdesk simulate`` prints: the PBX, its users, phones and trunks."""
        d = self._dialect
        product = "Yeastar MyPBX (Asterisk 1.8)" if d.legacy else "Asterisk 22"
        lines = [
            f"Simulated {product} - banner '{self.banner}' on 127.0.0.1:{self.port}",
            "AMI users (username / secret):",
        ]
        for user, secret in self.users.items():
            lines.append(f"  {user} / {secret}  ({self.rights_of(user).note})")
        sip = " ".join(e for e, p in self.directory.phones.items() if not p.is_analog)
        lines.append(f"Extensions: {sip} ({d.sip_tech}), 601 (analog phone on DAHDI/5)")
        lines.append(
            f"Trunks: {d.sip_tech}/{d.trunk_peer}, analog DAHDI/1-4; "
            "numbers of 4+ digits go out through the SIP trunk"
        )
        lines.append(
            "Console: 600 ring group (474, 305), 610 queue 'reception', 700 park / "
            "701-720 retrieve, **<ext> pickup, *8 group pickup, *<ext> voicemail, *02 mailbox"
        )
        return lines
