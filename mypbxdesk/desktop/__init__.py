"""Desktop integration without Qt: link handlers and menu entries (``handlers``),
start at login (``autostart``), the text form of global hotkeys (``hotkeys``), and
the user's private socket folder and local-socket peer checks (``runtimedir``,
``peercred``) for the single-instance hand-over.
"""
