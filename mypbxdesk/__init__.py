"""mypbxdesk: click-to-dial and caller-ID screen-pop for Yeastar MyPBX and Asterisk."""

__version__ = "0.1.0"
