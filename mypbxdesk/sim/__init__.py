"""A simulated Yeastar MyPBX (Asterisk 1.8) or Asterisk 22: an AMI server on loopback.

Layer: simulator (``mypbxdesk.sim``): asyncio and ``mypbxdesk.ami`` only; no Qt.

Newcomers (``mypbxdesk simulate``), the demo mode and the test-suite use it instead
of a real PBX. It speaks AMI with the project's own sans-IO codec in the server
role, imitates the wire of the real PBX byte for byte (captures in
../shared/captures-asterisk18 and ../shared/asterisk/transcripts) and offers the
faults tests need.

It also plays the PBX behind a receptionist's console (README.md in this folder):
BLF hints, parking, pickup, transfers, the queue ``reception`` and voicemail.

Modules, one idea each:

* ``pbx``: :class:`SimulatedPbx`, the composition root and the only public object;
  ``pbx_console``: its console helpers for tests and demos.
* ``server`` / ``session``: the listener, sessions, auth, bounded writes, faults.
* ``handlers``: the AMI actions and their Asterisk error texts; ``console_actions`` /
  ``queue_actions``: the console's actions.
* ``engine`` / ``callmodel`` / ``calls``: channels and calls; their flow over time.
* ``dialects`` / ``dialect18`` / ``dialect22``: event rendering per Asterisk version;
  ``ev_blf``, ``ev_chan``, ``ev_park``, ``ev_queue``, ``ev_xfer``: the console's events.
* ``console`` (with ``kit``): the console features, wired: ``blf`` (hints, device
  states), ``bridging`` (links, 1.8's masquerade), ``parking``, ``pickup``,
  ``transfers``, ``queues``, ``voicemail``, and ``dialplan`` (600, 610, 700, 701 …).
* ``commands``: CLI output for ``Action: Command``.
* ``model`` / ``accounts``: phones, trunks, numbers, ids; users, rights, event masks.
* ``scenarios``: demo calls and :func:`run_simulator`; ``office``: the office's life.
"""

from .accounts import DEFAULT_RIGHTS, DEFAULT_USERS, Perm, Rights
from .calls import Outcome, SimCall
from .model import Behaviour
from .pbx import SimulatedPbx
from .scenarios import run_simulator

__all__ = [
    "DEFAULT_RIGHTS",
    "DEFAULT_USERS",
    "Behaviour",
    "Outcome",
    "Perm",
    "Rights",
    "SimCall",
    "SimulatedPbx",
    "run_simulator",
]
