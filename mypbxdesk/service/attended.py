"""Attended transfer: the caller waits, she talks to the colleague, then hands over — or not.

Application layer (asyncio, no Qt). Two ways, chosen per PBX:

* **Atxfer** (where the PBX allows it: Asterisk 12+ always; 1.8 / MyPBX when the
  ``atxfer`` feature code is set and the call was dialled with ``tT``): the PBX
  puts the caller on hold and dials the colleague from her line. Complete =
  hang up her leg; back = ``CancelAtxfer`` (13+) or hang up the leg the
  consultation added to the colleague's phone (1.8: never another call of hers);
  a colleague who does not answer gives her the caller back by itself.
* **Our own** (where Atxfer is refused): the caller is parked (hears music),
  her phone calls the colleague (click-to-dial), and then: complete = redirect
  the colleague into the parking slot, back = redirect her into it. A colleague
  who does not answer, or a consultation call she does not pick up, sends her
  phone to the slot again. Whatever happens, the parked call rings her again
  when the park times out: the caller is never lost.

Going back before the PBX answered the start (Esc right after F2) waits for
that answer, then undoes what it started: a CancelAtxfer that overtook the
Atxfer would be lost and the colleague's phone would ring all the same. A
transfer that is over (DONE, BACK, FAILED) never reports another stage.

Stages (:class:`Stage`), each reported to the UI with a sentence:

=============  ===============================================================
STARTING       asking the PBX
HOLDING        the caller is being parked (own way)
CALLING        the colleague's phone rings (her phone first, own way)
CONSULTING     she talks to the colleague; the caller waits
COMPLETING     handing the caller over
DONE           the caller talks to the colleague (final)
RETURNING      on the way back to the caller
BACK           she talks to the caller again (final)
FAILED         it could not be done; the text says where the caller is (final)
=============  ===============================================================
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from ..ami import actions
from ..ami.errors import ActionFailed, AmiError
from ..base.text import Msg
from ..calls import Call, CallState, Direction
from ..console import LineState, ParkChange, ParkKind, PresenceChange
from ..service.view import ResolvedChange
from .permissions import Feature, is_denial
from .phone import Outcome

if TYPE_CHECKING:
    from .console import ConsoleService

log = logging.getLogger("mypbxdesk.service.attended")

__all__ = ["AttendedTransfer", "Method", "Stage", "TransferProgress"]


class Method(Enum):
    ATXFER = "atxfer"
    PARK = "park"


class Stage(Enum):
    STARTING = "starting"
    HOLDING = "holding"
    CALLING = "calling"
    CONSULTING = "consulting"
    COMPLETING = "completing"
    DONE = "done"
    RETURNING = "returning"
    BACK = "back"
    FAILED = "failed"

    @property
    def final(self) -> bool:
        return self in (Stage.DONE, Stage.BACK, Stage.FAILED)


@dataclass(frozen=True, slots=True)
class TransferProgress:
    """Where one attended transfer stands, for the console and the CLI."""

    transfer_id: str
    call_id: str
    target: str
    method: Method
    stage: Stage
    text: str
    slot: str = ""

    @property
    def final(self) -> bool:
        return self.stage.final


_ids = itertools.count(1)
#: Seconds after starting without a sign of the colleague's phone: treat as unanswered.
NO_SIGN = 45.0
#: 1.8, back to the caller right after the Atxfer: seconds to wait for the colleague's
#: phone to start ringing, so that its new leg can be hung up.
RING_WAIT = 5.0


class AttendedTransfer:
    """One attended transfer of a call of hers to ``target`` (a colleague or a number)."""

    def __init__(
        self,
        console: ConsoleService,
        call: Call,
        target: str,
        on_progress: Callable[[TransferProgress], None],
    ) -> None:
        self._console = console
        self.call = call
        self.target = target
        self._on_progress = on_progress
        self.transfer_id = f"xfer-{next(_ids)}"
        self.method = Method.ATXFER
        self.stage = Stage.STARTING
        self.slot = ""
        self._started = time.monotonic()
        self._target_rang = False
        self._consult: Call | None = None
        self._watchers = False
        self._timer: asyncio.TimerHandle | None = None
        #: Set while start() does not wait for the PBX (the Atxfer, or the park).
        self._step_done = asyncio.Event()
        self._step_done.set()
        #: back() was asked while start() waited: start() leaves the rest to it.
        self._back_requested = False
        #: Whether the PBX accepted the Atxfer.
        self._atxfer_ok = False
        #: The colleague's channels before the consultation (1.8: not ours to hang up).
        self._target_channels: frozenset[str] = frozenset()

    # -- reporting --------------------------------------------------------------------
    def _report(self, stage: Stage, text: str) -> None:
        if self.stage.final:  # over: nothing brings it back to life, or ends it twice
            log.debug("transfer %s is over; not reporting %s", self.transfer_id, stage.value)
            return
        self.stage = stage
        if stage.final:
            self._unwatch()
        progress = TransferProgress(
            self.transfer_id, self.call.call_id, self.target, self.method, stage, text, self.slot
        )
        try:
            self._on_progress(progress)
        except Exception:
            log.exception("error in a transfer progress observer")

    def _watch(self) -> None:
        if not self._watchers:
            self._watchers = True
            self._console.on_presence(self._on_presence)
            self._console.on_park(self._on_park)
            self._console.phone.on_change(self._on_call)
            self._timer = asyncio.get_running_loop().call_later(NO_SIGN, self._no_sign)

    def _unwatch(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._watchers:
            self._watchers = False
            self._console.forget_observer(self._on_presence)
            self._console.forget_observer(self._on_park)
            self._console.phone.forget_observer(self._on_call)

    # -- start -----------------------------------------------------------------------
    async def start(self) -> Outcome:
        """Begin the consultation (Atxfer, or park + call, when Atxfer is refused)."""
        console = self._console
        call = self.call
        if not call.my_channel or not call.peer_channel:
            return self._fail(Msg.of("the call's channels are not known"))
        if not console.permissions.allowed(Feature.ATTENDED):
            return Outcome(False, console.permissions.reason(Feature.ATTENDED))
        self._report(Stage.STARTING, Msg.of("Calling {target}…", target=self.target))
        self._watch()
        self._target_channels = frozenset(console.presence.channels_of(self.target))
        context = console.phone.settings.context_for(console.my_extension)
        if console.atxfer_usable:
            failure: AmiError | None = None
            self._step_done.clear()
            try:
                await console.client.send(
                    actions.atxfer(call.my_channel, f"{self.target}#", context)
                )
            except AmiError as exc:
                failure = exc
            finally:
                self._atxfer_ok = failure is None
                self._step_done.set()
            refused = failure if isinstance(failure, ActionFailed) else None
            if refused is not None and is_denial(refused.message):
                reason = console.permissions.deny(Feature.ATTENDED)
                return self._went_back() if self._back_requested else self._fail(reason)
            if refused is not None:
                log.info("Atxfer refused (%s): parking the caller instead", refused.message)
                console.atxfer_usable = False
            interrupted = self._interrupted()  # Esc before the PBX answered: back() undoes it
            if interrupted is not None:
                return interrupted
            if failure is None:
                self._report(
                    Stage.CALLING,
                    Msg.of(
                        "The caller waits on hold; {target} is being called", target=self.target
                    ),
                )
                return Outcome(True, Msg.of("Consulting {target}", target=self.target))
            if refused is None:
                return self._fail(str(failure))
        return await self._start_parked()

    def _went_back(self) -> Outcome:
        return Outcome(
            False,
            Msg.of("you went back to the caller before {target} was called", target=self.target),
        )

    def _interrupted(self) -> Outcome | None:
        """What start() returns when, while it awaited the PBX, she went back (back()
        takes it from there) or the transfer ended; None: it goes on."""
        if self._back_requested:
            return self._went_back()
        if self._is_over():
            return Outcome(False, Msg.of("the transfer is over"))
        return None

    def _is_over(self) -> bool:
        return self.stage.final

    async def _start_parked(self) -> Outcome:
        self.method = Method.PARK
        self._report(Stage.HOLDING, Msg.of("Putting the caller on hold…"))
        console = self._console
        assert self.call.peer_channel and self.call.my_channel
        self._step_done.clear()
        try:
            result = await console.park_channel(self.call.peer_channel, self.call.my_channel)
            if not isinstance(result, Outcome):
                self.slot = result.slot
        finally:
            self._step_done.set()
        interrupted = self._interrupted()  # back() takes the caller from the slot, if parked
        if interrupted is not None:
            return interrupted
        if isinstance(result, Outcome):
            return self._fail(result.message)
        ringing = await console.ring_me(
            self.target,
            Msg.of("Your phone rings: pick it up to talk to {target}", target=self.target),
            wait=False,
        )
        interrupted = self._interrupted()  # she went back while her phone was being rung
        if interrupted is not None:
            return interrupted
        if not ringing.ok:
            await self._return(
                Msg.of(
                    "The call to {target} failed: {reason}",
                    target=self.target,
                    reason=ringing.message,
                )
            )
            return Outcome(False, ringing.message)
        self._report(
            Stage.CALLING,
            Msg.of(
                "The caller waits on {slot}; pick up your phone to talk to {target}",
                slot=self.slot,
                target=self.target,
            ),
        )
        return Outcome(True, Msg.of("Consulting {target}", target=self.target))

    # -- complete / back ------------------------------------------------------------------
    async def complete(self) -> Outcome:
        """Hand the caller over to the colleague."""
        if self.stage not in (Stage.CALLING, Stage.CONSULTING):
            return Outcome(False, Msg.of("there is no consultation to complete"))
        console = self._console
        # Our own way: the colleague's leg of her consultation call, to the slot.
        colleague = ""
        if self.method is Method.PARK:
            consult = self._consult_call()
            colleague = (consult.peer_channel or "") if consult is not None else ""
            if not colleague:
                # Asked before she reached the colleague: nothing changes (once
                # COMPLETING, the flow would follow neither the colleague nor her).
                return Outcome(False, Msg.of("{target} has not answered yet", target=self.target))
        previous = self.stage
        self._report(
            Stage.COMPLETING, Msg.of("Handing the caller over to {target}…", target=self.target)
        )
        try:
            if not colleague:  # Atxfer: her leg hangs up, the PBX joins the two
                assert self.call.my_channel
                await console.client.send(actions.hangup(self.call.my_channel))
                self._report(Stage.DONE, Msg.of("Transferred to {target}", target=self.target))
                return Outcome(True, Msg.of("Transferred to {target}", target=self.target))
            context = (
                console.phone.settings.context_for(self.target)
                if console.is_extension(self.target)
                else console.phone.settings.context_for(console.my_extension)
            )
            await console.client.send(actions.redirect(colleague, context, self.slot))
        except AmiError as exc:
            if not self.stage.final:
                self.stage = previous
            return Outcome(False, Msg.of("the PBX refused: {reason}", reason=str(exc)))
        return Outcome(True, Msg.of("Transferred to {target}", target=self.target))

    async def back(self) -> Outcome:
        """Back to the caller; the colleague's leg is hung up.

        Asked while the PBX has not yet answered the start (the Atxfer, or the
        park), it waits for that answer and then undoes what it started: a
        CancelAtxfer sent before the Atxfer took effect would be lost, and the
        colleague's phone would ring all the same.
        """
        if self.stage.final:
            return Outcome(False, Msg.of("the transfer is over"))
        console = self._console
        self._back_requested = True
        self._report(Stage.RETURNING, Msg.of("Back to the caller…"))
        if not self._step_done.is_set():
            await self._step_done.wait()
            if self._is_over():
                return Outcome(False, Msg.of("the transfer is over"))
            if self.method is Method.ATXFER and not self._atxfer_ok:
                # Refused, so nothing was started: she never left the caller.
                self._report(Stage.BACK, Msg.of("You are back with the caller"))
                return Outcome(True, Msg.of("Back with the caller"))
        try:
            if self.method is Method.ATXFER:
                assert self.call.my_channel
                if console.phone.tracker.modern:
                    await console.client.send(actions.cancel_atxfer(self.call.my_channel))
                else:  # 1.8 has no CancelAtxfer: the colleague's new leg hangs up
                    for channel in await self._consultation_legs():
                        with contextlib.suppress(ActionFailed):  # it hung up meanwhile
                            await console.client.send(actions.hangup(channel))
                # The PBX gives her the caller back at once; nothing later would
                # end the flow (the presence watch only looks at CALLING/CONSULTING).
                self._report(Stage.BACK, Msg.of("You are back with the caller"))
                return Outcome(True, Msg.of("Back with the caller"))
            consult = self._consult_call()
            if consult is not None and consult.my_channel:
                context = console.phone.settings.context_for(console.my_extension)
                await console.client.send(actions.redirect(consult.my_channel, context, self.slot))
                return Outcome(True, Msg.of("Back with the caller"))
            if not self.slot:  # the park failed: the caller never left her
                self._report(Stage.BACK, Msg.of("You are back with the caller"))
                return Outcome(True, Msg.of("Back with the caller"))
            await self._return(Msg.of("Back to the caller"))
            return Outcome(True, Msg.of("Back with the caller"))
        except AmiError as exc:
            return Outcome(False, Msg.of("the PBX refused: {reason}", reason=str(exc)))

    async def _consultation_legs(self) -> list[str]:
        """1.8: the colleague's channels the consultation added (never a call she was
        already on), waiting up to ``RING_WAIT`` for her phone to start ringing."""
        console = self._console

        def legs() -> list[str]:
            now = console.presence.channels_of(self.target)
            return [c for c in now if c not in self._target_channels]

        if legs():
            return legs()
        rang: asyncio.Future[None] = asyncio.get_running_loop().create_future()

        def watch(change: PresenceChange) -> None:
            if change.extension == self.target and legs() and not rang.done():
                rang.set_result(None)

        console.on_presence(watch)
        try:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(RING_WAIT):
                    await rang
        finally:
            console.forget_observer(watch)
        return legs()

    async def _return(self, why: str) -> None:
        """Her phone rings again for the parked caller (she hung up, or nobody answered)."""
        if self.stage is not Stage.RETURNING:
            self._report(Stage.RETURNING, why)
        if not self.slot:
            return
        outcome = await self._console.retrieve(self.slot)
        if not outcome.ok:
            self._report(
                Stage.FAILED,
                Msg.of(
                    "{reason}; the caller waits on {slot} and rings you again soon",
                    reason=outcome.message,
                    slot=self.slot,
                ),
            )

    def _fail(self, why: str) -> Outcome:
        self._report(Stage.FAILED, why)
        return Outcome(False, why)

    # -- what happens ------------------------------------------------------------------
    def _consult_call(self) -> Call | None:
        for call in self._console.phone.calls:
            if (
                call.direction is Direction.OUTGOING
                and call.number == self.target
                and call.call_id != self.call.call_id
            ):
                self._consult = call
        return self._consult

    def _on_presence(self, change: PresenceChange) -> None:
        if change.extension != self.target or self.stage.final:
            return
        state = change.state
        if state in (LineState.RINGING, LineState.IN_CALL_RINGING):
            self._target_rang = True
        elif state in (LineState.IN_CALL, LineState.ON_HOLD) and self.stage is Stage.CALLING:
            self._target_rang = True
            self._report(
                Stage.CONSULTING,
                Msg.of(
                    "You talk to {target}; the caller waits. Complete, or go back to the caller",
                    target=self.target,
                ),
            )
        elif state in (LineState.IDLE, LineState.UNAVAILABLE) and self.stage in (
            Stage.CALLING,
            Stage.CONSULTING,
        ):
            self._colleague_left()

    def _colleague_left(self) -> None:
        answered = self.stage is Stage.CONSULTING
        why = (
            Msg.of("{target} hung up", target=self.target)
            if answered
            else Msg.of("{target} did not answer", target=self.target)
        )
        if self.method is Method.ATXFER:
            # The PBX gives her the caller back by itself.
            self._report(Stage.BACK, Msg.of("{why}: you are back with the caller", why=why))
        else:
            asyncio.get_running_loop().create_task(
                self._return(Msg.of("{why}: back to the caller", why=why))
            )

    def _on_park(self, change: ParkChange) -> None:
        if self.method is not Method.PARK or change.call.slot != self.slot or self.stage.final:
            return
        if change.kind is ParkKind.RETRIEVED:
            by = change.retrieved_by
            mine = by == self._console.my_extension
            if by == self.target or (self.stage is Stage.COMPLETING and not mine):
                self._report(Stage.DONE, Msg.of("Transferred to {target}", target=self.target))
            elif self.stage is Stage.COMPLETING:
                # The hand-over went wrong: her phone, not the colleague's, took the
                # caller from the slot (a PBX where a Redirect of a dialled leg moves
                # its caller, as in the MyPBX developer guide's transfer example).
                self._report(
                    Stage.FAILED,
                    Msg.of(
                        "{target} did not get the call: you have the caller again",
                        target=self.target,
                    ),
                )
            else:
                self._report(Stage.BACK, Msg.of("You are back with the caller"))
        elif change.kind is ParkKind.GAVE_UP:
            self._report(Stage.FAILED, Msg.of("The caller hung up while waiting"))
        elif change.kind is ParkKind.TIMED_OUT:
            self._report(Stage.FAILED, Msg.of("Nobody took the call in time: it rings you again"))

    def _on_call(self, change: ResolvedChange) -> None:
        call = change.call
        if self.stage.final:
            return
        if self.method is Method.ATXFER and call.call_id == self.call.call_id:
            if call.state is CallState.ENDED and call.outcome == "transferred":
                self._report(Stage.DONE, Msg.of("Transferred to {target}", target=self.target))
            return
        consult = self._consult_call()
        if consult is None or call.call_id != consult.call_id or self.method is not Method.PARK:
            return
        if call.state is CallState.ENDED and self.stage in (Stage.CALLING, Stage.CONSULTING):
            # The consultation ended before the hand-over: she or the colleague
            # hung up, or nobody answered. The caller comes back to her.
            self._colleague_left()

    def _no_sign(self) -> None:
        self._timer = None
        if self.stage is Stage.CALLING and not self._target_rang:
            self._colleague_left()
