"""Desktop integration without Qt: link handlers and menu entries (``handlers``),
start at login (``autostart``) and the text form of global hotkeys (``hotkeys``).
"""
