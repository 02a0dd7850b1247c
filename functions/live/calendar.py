"""The invitation's calendar entry: an iCalendar (RFC 5545) REQUEST with one event (pure).

Mail clients offer to add it to the calendar; its UID is the live interview's, so the reminder's
copy (SEQUENCE 1) updates the same entry instead of adding a second, and a cancellation
(METHOD:CANCEL, STATUS:CANCELLED) removes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

PRODUCT = "-//Interviews//Live interview//EN"
LINE_OCTETS = 75


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def escape(text: str) -> str:
    """TEXT values: backslash, semicolon, comma and newlines escaped (RFC 5545 3.3.11)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _param(text: str) -> str:
    """A parameter value (CN): quoted, without the characters a quoted value may not hold."""
    return '"' + text.replace('"', "'").replace("\r", " ").replace("\n", " ") + '"'


def fold(line: str) -> str:
    """Lines of at most 75 octets, continued with CRLF and one space, never inside a UTF-8
    character (RFC 5545 3.1)."""
    parts: list[str] = []
    current = ""
    size = 0
    for char in line:
        width = len(char.encode())
        limit = LINE_OCTETS if not parts else LINE_OCTETS - 1
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def invitation(
    *,
    uid: str,
    method: str,
    sequence: int,
    stamp: datetime,
    starts_at: datetime,
    ends_at: datetime,
    summary: str,
    description: str,
    url: str,
    organizer: tuple[str, str],
    attendees: Iterable[tuple[str, str]],
) -> str:
    """The calendar file's text; `organizer` and each attendee are (name, email)."""
    cancelled = method == "CANCEL"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"SEQUENCE:{sequence}",
        f"DTSTAMP:{_stamp(stamp)}",
        f"DTSTART:{_stamp(starts_at)}",
        f"DTEND:{_stamp(ends_at)}",
        f"SUMMARY:{escape(summary)}",
        f"DESCRIPTION:{escape(description)}",
        f"URL:{url}",
        f"LOCATION:{escape(url)}",
        f"ORGANIZER;CN={_param(organizer[0])}:mailto:{organizer[1]}",
        *(
            f"ATTENDEE;CN={_param(name)};ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:{email}"
            for name, email in attendees
        ),
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)
