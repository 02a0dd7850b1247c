"""getAnalytics: which aggregate items a period needs, read in a bounded number of Queries.

A period [first, last] (UTC days, inclusive) is read as its whole months (month items) and
the days of the partial months at either end (day items): at most three Queries of at most 31
items, plus one GetItem of the template for its questions, whatever the number of interviews.
Weeks are their seven day items.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel

from functions.analytics.counters import ALL
from functions.analytics.measures import Analytics, analytics, total
from functions.domain.errors import NotFound

if TYPE_CHECKING:
    from functions.analytics.store import AnalyticsStore
    from functions.storage.repositories import TemplateRepository

Grain = Literal["D", "M"]


class Read(BaseModel):
    grain: Grain
    first: str
    last: str


def _month_end(day: date) -> date:
    return day.replace(day=monthrange(day.year, day.month)[1])


def plan(first: date, last: date) -> list[Read]:
    """The Queries that cover [first, last] exactly."""
    full_start = first if first.day == 1 else _month_end(first) + timedelta(days=1)
    full_end = last if last == _month_end(last) else last.replace(day=1) - timedelta(days=1)
    if full_start > full_end:
        return [Read(grain="D", first=first.isoformat(), last=last.isoformat())]
    reads = [Read(grain="M", first=full_start.isoformat()[:7], last=full_end.isoformat()[:7])]
    if first < full_start:
        reads.append(
            Read(
                grain="D",
                first=first.isoformat(),
                last=(full_start - timedelta(days=1)).isoformat(),
            )
        )
    if full_end < last:
        reads.append(
            Read(grain="D", first=(full_end + timedelta(days=1)).isoformat(), last=last.isoformat())
        )
    return reads


class AnalyticsReport(Analytics):
    template_id: str | None
    language: str | None
    first_day: date
    last_day: date
    items_read: int


def get_analytics(
    store: AnalyticsStore,
    templates: TemplateRepository,
    company_id: str,
    *,
    template_id: str | None,
    language: str | None,
    first: date,
    last: date,
) -> AnalyticsReport:
    items = []
    for read in plan(first, last):
        items += store.range(
            company_id, template_id or ALL, language or ALL, read.grain, read.first, read.last
        )
    order: list[tuple[str, str]] = []
    if template_id is not None:
        found = templates.latest(company_id, template_id)
        if found is None:
            raise NotFound(f"template {template_id} not found")
        order = [(q.id, q.text) for q in found[0].questions]
    figures = analytics(total(items), order)
    return AnalyticsReport(
        **figures.model_dump(),
        template_id=template_id,
        language=language,
        first_day=first,
        last_day=last,
        items_read=len(items),
    )
