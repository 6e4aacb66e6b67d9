"""The console's commands: one key and one button each, enabled or disabled with the reason.

Layer 4 (``mypbxdesk.ui``). A :class:`Command` ties a key (``F3``), a button
("Park (F3)"), the :class:`~mypbxdesk.service.permissions.Feature` the PBX may
refuse, the reason it cannot run right now (no call, nothing parked …) and
what it does. :class:`CommandSet` keeps every button's state and tooltip
current and runs a command from its key, so a key and a click always behave
the same: a command that cannot run says why in the status line and sends
nothing. A feature the PBX refused stays visible, disabled, with the PBX's
reason as its tooltip, and is listed in the permissions line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QAbstractButton

from ...service.permissions import Feature
from ..bridge import PbxBridge
from ..callinfo import not_connected
from ..i18n import QT_TRANSLATE_NOOP, tr_text
from ..plaintext import plain_tip

CONTEXT = "ConsoleCommands"

#: What each feature is called in the permissions line.
FEATURE_NAMES: dict[Feature, str] = {
    Feature.DIAL: QT_TRANSLATE_NOOP("ConsoleCommands", "Calls from your phone"),
    Feature.TRANSFER: QT_TRANSLATE_NOOP("ConsoleCommands", "Transfer"),
    Feature.ATTENDED: QT_TRANSLATE_NOOP("ConsoleCommands", "Attended transfer"),
    Feature.PARK: QT_TRANSLATE_NOOP("ConsoleCommands", "Park"),
    Feature.PICKUP: QT_TRANSLATE_NOOP("ConsoleCommands", "Pick up"),
    Feature.PRESENCE: QT_TRANSLATE_NOOP("ConsoleCommands", "Colleagues' lines"),
    Feature.QUEUES: QT_TRANSLATE_NOOP("ConsoleCommands", "Queues"),
    Feature.VOICEMAIL: QT_TRANSLATE_NOOP("ConsoleCommands", "Voicemail count"),
}


def feature_name(feature: Feature) -> str:
    return QCoreApplication.translate(CONTEXT, FEATURE_NAMES[feature])


def refused_text(bridge: PbxBridge, feature: Feature) -> str:
    """Why the PBX refuses ``feature``, in the UI language ("" when it is allowed)."""
    console = bridge.console
    if console is None:
        return ""
    return tr_text(console.permissions.reason(feature))


def permissions_summary(bridge: PbxBridge) -> str:
    """One line per refused feature (``Park: this AMI user may not park calls …``)."""
    lines = []
    for feature in Feature:
        reason = refused_text(bridge, feature)
        if reason:
            lines.append(
                QCoreApplication.translate("ConsoleCommands", "{feature}: {reason}").format(
                    feature=feature_name(feature), reason=reason
                )
            )
    return "\n".join(lines)


@dataclass(slots=True)
class Command:
    """One thing she can do from the console.

    Attributes:
        name: ``"park"`` (for tests and the key table).
        buttons: the buttons that run it (kept enabled/disabled with the reason).
        run: what it does (starts the work; the result goes to the status line).
        why_not: why it cannot run now ("" when it can).
        features: the features the PBX may refuse for it (any refused: disabled),
            or a function giving them (when they depend on the moment).
        tip: the tooltip while it can run (or a function giving it).
        needs_connection: it cannot run while the PBX is not connected.
    """

    name: str
    buttons: list[QAbstractButton]
    run: Callable[[], None]
    why_not: Callable[[], str] = lambda: ""
    features: tuple[Feature, ...] | Callable[[], tuple[Feature, ...]] = ()
    tip: str | Callable[[], str] = ""
    needs_connection: bool = True

    def refusable(self) -> tuple[Feature, ...]:
        return self.features() if callable(self.features) else self.features

    def tooltip(self) -> str:
        return self.tip() if callable(self.tip) else self.tip


class CommandSet:
    """Every command of the console window; see the module docstring."""

    def __init__(self, bridge: PbxBridge, report: Callable[[str, bool], None]) -> None:
        self._bridge = bridge
        self._report = report
        self._commands: dict[str, Command] = {}

    def add(self, command: Command) -> Command:
        self._commands[command.name] = command
        for button in command.buttons:
            button.clicked.connect(lambda _checked=False, n=command.name: self.trigger(n))
        return command

    def __getitem__(self, name: str) -> Command:
        return self._commands[name]

    def __iter__(self) -> Iterator[Command]:
        return iter(self._commands.values())

    def reason(self, name: str) -> str:
        """Why ``name`` cannot run now ("" when it can): refused by the PBX, not
        connected, or the command's own reason."""
        command = self._commands[name]
        for feature in command.refusable():
            refused = refused_text(self._bridge, feature)
            if refused:
                return refused
        if command.needs_connection and not self._bridge.connected:
            return not_connected()
        return command.why_not()

    def refresh(self) -> None:
        for command in self._commands.values():
            why = self.reason(command.name)
            tip = why or command.tooltip()
            for button in command.buttons:
                button.setEnabled(not why)
                button.setToolTip(plain_tip(tip))  # may name a colleague or caller
                button.setAccessibleDescription(tip)

    def trigger(self, name: str) -> bool:
        """Run ``name`` if it can run; else say why in the status line. True if it ran."""
        why = self.reason(name)
        if why:
            self._report(why, False)
            return False
        self._commands[name].run()
        return True
