"""Text the platform accepts from people: one rule per kind, used by every model that takes it.

- A single line (names, titles, labels, ids): no control characters at all (C0, DEL, C1) and no
  Unicode line or paragraph separators, so it cannot break a header, a log line, a CSV export or
  an email subject.
- Multi-line text (question text, descriptions, notes): line feeds and tabs are kept, CR LF and
  lone CR become LF, every other control character (NUL among them) is refused.
- Email addresses: the form a mail provider can deliver (SES sends 7-bit addresses). The part
  before the @ must be ASCII; an internationalized domain is accepted and stored in its ASCII
  (punycode) form, lower-cased, so what is accepted is exactly what is returned and sent to.

Lengths are counted in characters; DynamoDB counts UTF-8 bytes, up to 4 per character, which is
the worst case the item-size budgets (e.g. functions/domain/templates.py) are computed for.
"""

from __future__ import annotations

from typing import Annotated

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BeforeValidator, Field

# ECMA, Python and Rust regex all read this the same way: it goes into the OpenAPI document too.
SINGLE_LINE_PATTERN = r"^[^\x00-\x1F\x7F-\x9F\u2028\u2029]*$"
MULTI_LINE_PATTERN = r"^[^\x00-\x08\x0B-\x1F\x7F-\x9F\u2028\u2029]*$"
MAX_EMAIL_LENGTH = 254  # RFC 5321 path limit, less the angle brackets


def utf8_size(text: str) -> int:
    return len(text.encode("utf-8"))


def _unify_line_ends(value: object) -> object:
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def _normalize_email(value: str) -> str:
    try:
        result = validate_email(value, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as error:
        reason = str(error).rstrip(".")
        raise ValueError(
            f"not a deliverable email address: {reason}. The part before the @ must be ASCII; "
            "internationalized domains are fine"
        ) from None
    return result.ascii_email or result.normalized


Email = Annotated[
    str,
    Field(
        max_length=MAX_EMAIL_LENGTH,
        json_schema_extra={"format": "email"},
        description="ASCII before the @; an internationalized domain is stored as punycode",
    ),
    AfterValidator(_normalize_email),
]

# Multi-line text: CR LF arrives from text areas on some systems and becomes LF.
MultiLine = Annotated[str, Field(pattern=MULTI_LINE_PATTERN), BeforeValidator(_unify_line_ends)]
SingleLine = Annotated[str, Field(pattern=SINGLE_LINE_PATTERN)]
