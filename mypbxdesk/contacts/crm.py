"""The CRM command: a program run with the caller's number and name as arguments.

Pure logic (stdlib only); layer 1. Like 3CX's CRM command-line API or the
XiVO client's "launch an executable", the receptionist's CRM can be a
program: ``crm_command = ["/usr/bin/crm-lookup", "--phone", "{number}",
"{name}"]``. Each argument is substituted on its own (``str.replace``, not
``str.format``) and the list is executed directly, never through a shell:
a caller name such as ``Bob; rm -rf ~`` or ``$(touch /tmp/pwned)`` reaches
the program as one plain argument. NUL and other control characters
(which caller-ID names can carry from the PBX) are removed.
"""

from __future__ import annotations

from collections.abc import Sequence

PLACEHOLDERS = ("{number}", "{name}")


def _plain(value: str) -> str:
    return "".join(c for c in value if ord(c) >= 32 and ord(c) != 127)


def crm_argv(command: Sequence[str], number: str, name: str) -> list[str]:
    """The argument vector for ``command`` with ``{number}``/``{name}`` filled in.

    Raises:
        ValueError: no command configured, or no program in the first argument.
    """
    if not command or not command[0].strip():
        raise ValueError("no CRM command is configured")
    number, name = _plain(number), _plain(name)
    program = command[0]
    if any(p in program for p in PLACEHOLDERS):
        raise ValueError("the CRM command must start with a program, not {number} or {name}")
    return [program] + [a.replace("{number}", number).replace("{name}", name) for a in command[1:]]
