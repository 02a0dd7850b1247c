"""What the schedule reads across tenants: the list of companies.

A scan for the company items (one per tenant, `sk = COMPANY`); the job runs every 15 minutes,
and per company it reads only the open interviews through the status index.
"""

from __future__ import annotations

from collections.abc import Iterator

from functions.storage.records import Record


def company_ids() -> Iterator[str]:
    for record in Record.scan(Record.sk == "COMPANY"):
        yield str(record.pk).removeprefix("COMPANY#")
