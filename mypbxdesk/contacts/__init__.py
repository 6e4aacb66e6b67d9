"""People behind numbers: the imported address book (``book``) and the hand-off
of a caller to the user's CRM (``crm``). No asyncio, no Qt.
"""
