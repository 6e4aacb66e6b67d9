"""Every template of the layers below the UI, for lupdate (context ``Messages``).

Layer 4 (``mypbxdesk.ui``). The Qt-free layers build the sentences they hand
up with :meth:`mypbxdesk.base.text.Msg.of` (English); :func:`mypbxdesk.ui.i18n.tr_text`
translates them when a widget shows them. lupdate only reads literal strings
inside ``QT_TRANSLATE_NOOP`` in the UI's files, so this module lists each
template once, literally. ``tests/ui/test_messages.py`` checks that this list and
the templates in the code are the same set: add a line here (and its
translation: re-run lupdate, translate, lrelease) when you add a template.
"""

from __future__ import annotations

from .i18n import QT_TRANSLATE_NOOP

__all__ = ["TEMPLATES"]

TEMPLATES: tuple[str, ...] = (
    # driver/client.py
    QT_TRANSLATE_NOOP("Messages", "not started"),
    QT_TRANSLATE_NOOP("Messages", "stopped"),
    QT_TRANSLATE_NOOP("Messages", "the computer resumed from sleep; reconnecting"),
    QT_TRANSLATE_NOOP("Messages", "settings changed; reconnecting"),
    QT_TRANSLATE_NOOP("Messages", "not connected to the PBX ({detail})"),
    QT_TRANSLATE_NOOP("Messages", "connecting to {address}"),
    QT_TRANSLATE_NOOP("Messages", "wrong AMI username or secret for {username}@{address}"),
    QT_TRANSLATE_NOOP("Messages", "connection lost: {reason}"),
    QT_TRANSLATE_NOOP(
        "Messages", "connected to {address} as {username} (AMI {version}, {auth} login)"
    ),
    QT_TRANSLATE_NOOP("Messages", "the PBX is restarting"),
    QT_TRANSLATE_NOOP("Messages", "the PBX is shutting down"),
    QT_TRANSLATE_NOOP("Messages", "the PBX did not answer a keepalive ping within {seconds} s"),
    # driver/connection.py
    QT_TRANSLATE_NOOP(
        "Messages", "{channel} could not be reached (no such phone, or it is not registered)"
    ),
    QT_TRANSLATE_NOOP("Messages", "{channel} hung up or rejected the call"),
    QT_TRANSLATE_NOOP("Messages", "{channel} rang but nobody picked it up"),
    QT_TRANSLATE_NOOP("Messages", "answered"),
    QT_TRANSLATE_NOOP("Messages", "{channel} is busy"),
    QT_TRANSLATE_NOOP("Messages", "the PBX could not place the call (congestion)"),
    QT_TRANSLATE_NOOP("Messages", "the call failed (reason {reason})"),
    QT_TRANSLATE_NOOP("Messages", "no AMI greeting from {address} within {seconds} s"),
    QT_TRANSLATE_NOOP("Messages", "TLS handshake with {address} failed: {reason}"),
    QT_TRANSLATE_NOOP(
        "Messages",
        "{address} refused the connection (is AMI enabled on the PBX, and the port right?)",
    ),
    QT_TRANSLATE_NOOP("Messages", "cannot reach {address}: {reason}"),
    QT_TRANSLATE_NOOP(
        "Messages",
        "the PBX closed the connection during login (is this computer's address "
        "permitted in the PBX's AMI settings?)",
    ),
    QT_TRANSLATE_NOOP("Messages", "the PBX refused the AMI username or secret"),
    QT_TRANSLATE_NOOP("Messages", "login refused: {reason}"),
    QT_TRANSLATE_NOOP("Messages", "no reason given"),
    QT_TRANSLATE_NOOP("Messages", "not connected to the PBX"),
    QT_TRANSLATE_NOOP("Messages", "the PBX did not answer {action} within {seconds} s"),
    QT_TRANSLATE_NOOP("Messages", "logged off"),
    QT_TRANSLATE_NOOP("Messages", "the PBX closed the connection in the middle of a message"),
    QT_TRANSLATE_NOOP("Messages", "connection to the PBX lost: {reason}"),
    QT_TRANSLATE_NOOP("Messages", "the PBX closed the connection"),
    QT_TRANSLATE_NOOP(
        "Messages",
        "the PBX closed the connection before greeting us (is this computer's "
        "address permitted in the PBX's AMI settings?)",
    ),
    QT_TRANSLATE_NOOP("Messages", "{reason}; the action was not re-sent"),
    QT_TRANSLATE_NOOP("Messages", "{action} failed (no reason given)"),
    QT_TRANSLATE_NOOP("Messages", "the phone"),
    QT_TRANSLATE_NOOP("Messages", "unknown"),
    QT_TRANSLATE_NOOP("Messages", "{action} failed"),
    # calls/history.py
    QT_TRANSLATE_NOOP(
        "Messages", "The call history {path} cannot be used ({reason}); it was left as it is"
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "The call history {path} is damaged ({reason}) and could not be moved aside "
        "({error}); it was left as it is",
    ),
    QT_TRANSLATE_NOOP(
        "Messages", "The call history {path} was damaged ({reason}); it was kept as {copy}"
    ),
    QT_TRANSLATE_NOOP("Messages", "{note}, and a new history was started in {path}."),
    QT_TRANSLATE_NOOP(
        "Messages",
        "{note}; no new history file could be created ({reason}): calls are kept in "
        "memory until the app quits.",
    ),
    QT_TRANSLATE_NOOP("Messages", "The call history could not be written: {reason}"),
    # calls/historywriter.py
    QT_TRANSLATE_NOOP(
        "Messages",
        "The call history {path} cannot be written ({reason}); calls are kept in memory "
        "and saved when it can be written again.",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "The call history {path} was deleted while the app was running; a new history "
        "was started there with the calls not yet saved.",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "The call history {path} was damaged while the app was running ({reason}); it "
        "was kept as {copy} and a new history was started with the calls not yet saved.",
    ),
    # clicktodial.py
    QT_TRANSLATE_NOOP(
        "Messages",
        "the PBX refused: this AMI user may not place calls (it needs the "
        "'originate' write permission)",
    ),
    QT_TRANSLATE_NOOP("Messages", "the PBX says that number does not exist in the dial plan"),
    QT_TRANSLATE_NOOP(
        "Messages", "Calling your phone {extension} — pick up to connect to {number}"
    ),
    QT_TRANSLATE_NOOP("Messages", "the connection to the PBX was lost ({reason})"),
    QT_TRANSLATE_NOOP("Messages", "the PBX did not say whether the call was placed"),
    QT_TRANSLATE_NOOP("Messages", "not sent: {reason}"),
    QT_TRANSLATE_NOOP("Messages", "Connected: your phone {extension} is now calling {number}"),
    # config.py
    QT_TRANSLATE_NOOP("Messages", "the channel must not contain line breaks or control characters"),
    QT_TRANSLATE_NOOP(
        "Messages", "the caller id must not contain line breaks or control characters"
    ),
    QT_TRANSLATE_NOOP(
        "Messages", "the username must not contain line breaks or control characters"
    ),
    QT_TRANSLATE_NOOP("Messages", "the PBX host is empty"),
    QT_TRANSLATE_NOOP("Messages", "{host} is not a host name or IP address"),
    QT_TRANSLATE_NOOP("Messages", "port {port} is not between 1 and 65535"),
    QT_TRANSLATE_NOOP("Messages", "the AMI username is empty"),
    QT_TRANSLATE_NOOP("Messages", "my extension must be 1 to 10 digits"),
    QT_TRANSLATE_NOOP("Messages", "phone type must be one of {choices}"),
    QT_TRANSLATE_NOOP("Messages", "an analog phone needs its DAHDI port (1-999)"),
    QT_TRANSLATE_NOOP(
        "Messages",
        "the dial context template is invalid (use {extension}, no spaces or line breaks)",
    ),
    QT_TRANSLATE_NOOP("Messages", "the ring timeout must be 1-600 seconds"),
    QT_TRANSLATE_NOOP("Messages", "pop corner must be one of {choices}"),
    QT_TRANSLATE_NOOP("Messages", "{region} is not a country code such as CN, DE or US"),
    QT_TRANSLATE_NOOP("Messages", "CRM mode must be one of {choices}"),
    QT_TRANSLATE_NOOP(
        "Messages", "the call history must be kept 0 to 36500 days (0: keep everything)"
    ),
    QT_TRANSLATE_NOOP("Messages", "the CRM command must start with a program"),
    QT_TRANSLATE_NOOP("Messages", "the CRM command may only contain {number} and {name}"),
    QT_TRANSLATE_NOOP("Messages", "{path}: {name} must be a list of texts, e.g. {example}"),
    QT_TRANSLATE_NOOP("Messages", "{path}: {name} must be true or false"),
    QT_TRANSLATE_NOOP("Messages", "{path}: {name} must be a whole number"),
    QT_TRANSLATE_NOOP("Messages", "{path}: {name} must be text"),
    QT_TRANSLATE_NOOP("Messages", "cannot read {path}: {reason}"),
    QT_TRANSLATE_NOOP("Messages", "{path} is not valid TOML: {reason}"),
    QT_TRANSLATE_NOOP("Messages", "{path}: [{section}] must be a table"),
    QT_TRANSLATE_NOOP(
        "Messages",
        "{path} contains the AMI secret but other users can read it; run 'chmod 600 "
        "{path}' or move the secret to the keyring",
    ),
    # contacts.py
    QT_TRANSLATE_NOOP("Messages", "{path}, line {line}"),
    QT_TRANSLATE_NOOP("Messages", "{path}: the file is larger than 20 MB"),
    QT_TRANSLATE_NOOP("Messages", "{path}: cannot read it: {reason}"),
    QT_TRANSLATE_NOOP(
        "Messages", "{where}: contains a NUL byte (is this a binary file, not CSV or vCard?)"
    ),
    # contacts/encoding.py
    QT_TRANSLATE_NOOP(
        "Messages",
        "{path}: the file is not UTF-8, and more than one code page reads it ({choices}); "
        "import it again with the --encoding that shows the names right",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "{where}: the text is neither UTF-8 nor cleanly {expected}; it may be {choices}: "
        "import it again with the --encoding that shows the names right",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "{where}: the text is neither UTF-8 nor cleanly {expected}; import it again with "
        "--encoding and the file's code page",
    ),
    QT_TRANSLATE_NOOP("Messages", "{path}: unknown encoding {encoding}"),
    QT_TRANSLATE_NOOP("Messages", "{where}: unknown encoding {encoding}"),
    QT_TRANSLATE_NOOP("Messages", "{where}: the text is not valid {encoding}"),
    QT_TRANSLATE_NOOP(
        "Messages",
        "{where}: the file starts with a {encoding} byte-order mark but is not valid {encoding}",
    ),
    QT_TRANSLATE_NOOP("Messages", "{where}: {text} is not a phone number ({reason})"),
    QT_TRANSLATE_NOOP("Messages", "{where}: {reason}"),
    QT_TRANSLATE_NOOP("Messages", "{path}: the file has no contacts"),
    QT_TRANSLATE_NOOP(
        "Messages", "{where}: no name and phone columns found; use a header such as {example}"
    ),
    QT_TRANSLATE_NOOP("Messages", "{where}: a number without a name"),
    QT_TRANSLATE_NOOP("Messages", "{where}: not a vCard line: {text}"),
    QT_TRANSLATE_NOOP("Messages", "{where}: bad quoted-printable text"),
    QT_TRANSLATE_NOOP(
        "Messages",
        "{where}: BEGIN:VCARD inside the card that starts on line {begin} (missing END:VCARD)",
    ),
    QT_TRANSLATE_NOOP("Messages", "{where}: END:VCARD without BEGIN:VCARD"),
    QT_TRANSLATE_NOOP("Messages", "{where}: {property} outside BEGIN/END:VCARD"),
    QT_TRANSLATE_NOOP("Messages", "{where}: the card has no END:VCARD"),
    QT_TRANSLATE_NOOP("Messages", "{where}: not a vCard file (no BEGIN:VCARD)"),
    QT_TRANSLATE_NOOP("Messages", "{where}: the card has numbers but no name (FN, N or ORG)"),
    QT_TRANSLATE_NOOP("Messages", "{path}: the contacts store is damaged: {reason}"),
    QT_TRANSLATE_NOOP("Messages", "{path}: no contact with a phone number found"),
    # hotkeys.py
    QT_TRANSLATE_NOOP(
        "Messages",
        "“{key}” cannot be a global hotkey: use a letter, a digit, F1–F24, Space, "
        "Insert, Delete, Home, End, Page Up/Down or an arrow",
    ),
    QT_TRANSLATE_NOOP("Messages", "a Mac keyboard has no {key} key; choose another key"),
    QT_TRANSLATE_NOOP("Messages", "a global hotkey is one key combination, not a sequence of keys"),
    QT_TRANSLATE_NOOP("Messages", "“{text}” is not a key combination (like Ctrl+Alt+D)"),
    QT_TRANSLATE_NOOP(
        "Messages", "“{word}” is not a modifier: use Ctrl, Alt, Shift or Meta before the key"
    ),
    QT_TRANSLATE_NOOP("Messages", "{key} is given twice"),
    QT_TRANSLATE_NOOP(
        "Messages",
        "{chord} alone would catch ordinary typing: add Ctrl, Alt or Meta (only "
        "F-keys and Pause may be used alone)",
    ),
    # numbers.py
    QT_TRANSLATE_NOOP("Messages", "the number contains a control character (e.g. a line break)"),
    QT_TRANSLATE_NOOP("Messages", "the number is empty"),
    QT_TRANSLATE_NOOP("Messages", "a phone number cannot contain letters ({letter})"),
    QT_TRANSLATE_NOOP("Messages", "a phone number cannot contain {character}"),
    QT_TRANSLATE_NOOP("Messages", "'+' may only stand at the start of a number"),
    QT_TRANSLATE_NOOP("Messages", "the number is longer than {count} keys (digits, * and #)"),
    QT_TRANSLATE_NOOP("Messages", "the extension is longer than {count} keys (digits, * and #)"),
    QT_TRANSLATE_NOOP(
        "Messages",
        "the extension or the keys after the answer ({text}) may only be digits, * and #",
    ),
    QT_TRANSLATE_NOOP(
        "Messages", "after the answer, key {keys} on your phone (mypbxdesk does not dial it)"
    ),
    QT_TRANSLATE_NOOP("Messages", "an extension is 1 to 10 digits, not {text}"),
    # service.py
    QT_TRANSLATE_NOOP("Messages", "that call has already ended"),
    QT_TRANSLATE_NOOP(
        "Messages",
        "the other party's channel is not known, so the call cannot be transferred from here",
    ),
    QT_TRANSLATE_NOOP("Messages", "that is your own extension"),
    QT_TRANSLATE_NOOP("Messages", "Transferred to {target}"),
    QT_TRANSLATE_NOOP("Messages", "the call's channel is not known"),
    QT_TRANSLATE_NOOP("Messages", "Hung up"),
    QT_TRANSLATE_NOOP("Messages", "the PBX refused: {reason}"),
    QT_TRANSLATE_NOOP("Messages", "the PBX refused user {username}: wrong username or secret"),
    QT_TRANSLATE_NOOP("Messages", "Connected to {address} (AMI {version}, {auth} login)"),
    # ami/protocol.py
    QT_TRANSLATE_NOOP(
        "Messages",
        "the PBX refused the MD5 challenge it offered before; plain-text login was not "
        "attempted (someone may be tampering with the connection)",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "the PBX does not offer MD5 login; to send the secret in plain text anyway, allow"
        " plain-text login in the settings",
    ),
    # driver/client.py
    QT_TRANSLATE_NOOP("Messages", "more than {seconds} s behind the PBX's events; reconnecting"),
    # driver/connection.py
    QT_TRANSLATE_NOOP("Messages", "the PBX did not answer the login within {seconds} s"),
    QT_TRANSLATE_NOOP("Messages", "unexpected error: {reason}"),
    # driver/errors.py
    QT_TRANSLATE_NOOP("Messages", "{host} is not a valid host name; correct it in the settings"),
    QT_TRANSLATE_NOOP("Messages", "the settings cannot be sent to the PBX: {reason}"),
    QT_TRANSLATE_NOOP("Messages", "the host name is not valid; correct it in the settings"),
    QT_TRANSLATE_NOOP("Messages", "network error: {reason}"),
    # ami/protocol.py
    QT_TRANSLATE_NOOP(
        "Messages",
        "the AMI username contains a line break or NUL, which AMI cannot carry; correct "
        "it in the settings",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "the AMI secret contains a line break or NUL, which AMI cannot carry (was it "
        "copied from a file edited on Windows?); correct it in the settings",
    ),
    # service/attended.py
    QT_TRANSLATE_NOOP("Messages", "Calling {target}…"),
    QT_TRANSLATE_NOOP("Messages", "Putting the caller on hold…"),
    QT_TRANSLATE_NOOP(
        "Messages", "The caller waits on {slot}; pick up your phone to talk to {target}"
    ),
    QT_TRANSLATE_NOOP("Messages", "Consulting {target}"),
    QT_TRANSLATE_NOOP("Messages", "Handing the caller over to {target}…"),
    QT_TRANSLATE_NOOP("Messages", "Back to the caller…"),
    QT_TRANSLATE_NOOP("Messages", "{target} hung up"),
    QT_TRANSLATE_NOOP("Messages", "{target} did not answer"),
    QT_TRANSLATE_NOOP("Messages", "the call's channels are not known"),
    QT_TRANSLATE_NOOP("Messages", "Your phone rings: pick it up to talk to {target}"),
    QT_TRANSLATE_NOOP("Messages", "there is no consultation to complete"),
    QT_TRANSLATE_NOOP("Messages", "the transfer is over"),
    QT_TRANSLATE_NOOP("Messages", "Back with the caller"),
    QT_TRANSLATE_NOOP("Messages", "{reason}; the caller waits on {slot} and rings you again soon"),
    QT_TRANSLATE_NOOP("Messages", "{why}: you are back with the caller"),
    QT_TRANSLATE_NOOP("Messages", "The caller waits on hold; {target} is being called"),
    QT_TRANSLATE_NOOP("Messages", "The call to {target} failed: {reason}"),
    QT_TRANSLATE_NOOP("Messages", "{target} has not answered yet"),
    QT_TRANSLATE_NOOP("Messages", "You are back with the caller"),
    QT_TRANSLATE_NOOP("Messages", "Back to the caller"),
    QT_TRANSLATE_NOOP(
        "Messages", "You talk to {target}; the caller waits. Complete, or go back to the caller"
    ),
    QT_TRANSLATE_NOOP("Messages", "{why}: back to the caller"),
    QT_TRANSLATE_NOOP("Messages", "The caller hung up while waiting"),
    QT_TRANSLATE_NOOP("Messages", "Nobody took the call in time: it rings you again"),
    # service/console.py
    QT_TRANSLATE_NOOP("Messages", "Transferred to parked call {slot}"),
    QT_TRANSLATE_NOOP("Messages", "Parked on {slot}"),
    QT_TRANSLATE_NOOP("Messages", "Paused"),
    QT_TRANSLATE_NOOP("Messages", "Back in the queue"),
    QT_TRANSLATE_NOOP("Messages", "there is no call to transfer"),
    QT_TRANSLATE_NOOP("Messages", "there is no call to park"),
    QT_TRANSLATE_NOOP("Messages", "the call's channels are not known, so it cannot be parked"),
    QT_TRANSLATE_NOOP("Messages", "no call is parked on {slot}"),
    QT_TRANSLATE_NOOP("Messages", "Your phone rings: pick it up for the call on {slot}"),
    QT_TRANSLATE_NOOP("Messages", "nothing is ringing on {ext}"),
    QT_TRANSLATE_NOOP("Messages", "Picked up the call for {ext}"),
    QT_TRANSLATE_NOOP("Messages", "Your phone rings: pick it up for your voicemail"),
    QT_TRANSLATE_NOOP("Messages", "there is no answered call to transfer"),
    QT_TRANSLATE_NOOP("Messages", "this call is already being transferred"),
    QT_TRANSLATE_NOOP("Messages", "there is no consultation to go back from"),
    QT_TRANSLATE_NOOP("Messages", "Joined {queue}"),
    QT_TRANSLATE_NOOP("Messages", "Left {queue}"),
    QT_TRANSLATE_NOOP("Messages", "Parked"),
    QT_TRANSLATE_NOOP("Messages", "the PBX accepted the park but did not say the slot"),
    QT_TRANSLATE_NOOP("Messages", "the pickup failed: {reason}"),
    QT_TRANSLATE_NOOP("Messages", "the call on {ext} was not picked up: it stopped ringing"),
    # service/permissions.py
    QT_TRANSLATE_NOOP(
        "Messages", "this AMI user may not place calls (it needs the 'originate' write permission)"
    ),
    QT_TRANSLATE_NOOP(
        "Messages", "this AMI user may not transfer calls (it needs the 'call' write permission)"
    ),
    QT_TRANSLATE_NOOP(
        "Messages", "this AMI user may not park calls (it needs the 'call' write permission)"
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "this AMI user may not pick up calls (it needs the 'originate' write permission)",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "this AMI user may not see the colleagues' lines "
        "(it needs the 'call' and 'reporting' read permissions)",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "this AMI user may not see or change the queues (it needs the 'agent' permission)",
    ),
    QT_TRANSLATE_NOOP(
        "Messages",
        "this AMI user may not read the voicemail counts "
        "(it needs the 'call' and 'reporting' read permissions)",
    ),
    # service/attended.py
    QT_TRANSLATE_NOOP("Messages", "you went back to the caller before {target} was called"),
    QT_TRANSLATE_NOOP("Messages", "{target} did not get the call: you have the caller again"),
    # service/console.py
    QT_TRANSLATE_NOOP("Messages", "{ext} answered the call before you could pick it up"),
)
