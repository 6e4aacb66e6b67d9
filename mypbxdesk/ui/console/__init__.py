"""The receptionist's console window: her main window, opened from the tray.

Layer 4 (``mypbxdesk.ui``): PySide6 widgets over :class:`~mypbxdesk.ui.bridge.PbxBridge`
(which carries the :class:`~mypbxdesk.service.console.ConsoleService`); the
widgets never touch the service.

Modules, one idea each: ``look`` (a line state's colour, symbol and words),
``colleagues`` (the colleagues as a Qt model, and the search filter), ``tiles``
(the painted tiles and the grid), ``mycalls`` (her calls and the
attended-transfer banner), ``parked``, ``queues``, ``voicemail``, ``commands``
(a key and a button per command, disabled with the reason), ``actions`` (what
the commands do, through the bridge), ``panels`` (the layout) and ``window``
(the keyboard and the decisions).
"""

from .window import ConsoleWindow

__all__ = ["ConsoleWindow"]
