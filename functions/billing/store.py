"""Where billing sits in the table:

account    pk=COMPANY#<cid>            sk=BILLING            plan, Stripe customer, subscription
usage      pk=COMPANY#<cid>            sk=USAGE#<yyyy-mm>    `used` (the metered writes in
                                                             functions/storage/repositories.py)
event      pk=COMPANY#<cid>            sk=STRIPE_EVENT#<id>  a Stripe event applied (TTL 30 d)
customer   pk=STRIPE_CUSTOMER#<cus id> sk=STRIPE_CUSTOMER    the company a Stripe customer is
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Literal

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from functions.billing.domain import BillingAccount
from functions.domain.errors import Conflict
from functions.events.catalog import Event
from functions.storage.audit import audit_records, new_only
from functions.storage.records import Record
from functions.storage.repositories import (
    _connection,
    _guard,
    _is_condition_failure,
    _load,
    _save,
    company_pk,
    outbox_record,
    usage_sk,
)

ACCOUNT_SK = "BILLING"
EVENT_TTL_SECONDS = 30 * 24 * 3600  # Stripe re-sends an event for up to 3 days
APPLY_ATTEMPTS = 3
WARNING_TTL_SECONDS = 62 * 24 * 3600  # a month's warning markers outlive the month
Applied = Literal["applied", "unchanged", "duplicate"]


def customer_pk(customer_id: str) -> str:
    return f"STRIPE_CUSTOMER#{customer_id}"


class BillingRepository:
    def _record(self, account: BillingAccount) -> Record:
        return Record(
            company_pk(account.company_id),
            ACCOUNT_SK,
            kind="billing_account",
            data=account.model_dump(mode="json"),
        )

    def account(self, company_id: str) -> tuple[BillingAccount, int] | None:
        try:
            record = Record.get(company_pk(company_id), ACCOUNT_SK, consistent_read=True)
        except Record.DoesNotExist:
            return None
        return _load(BillingAccount, record), int(record.revision)

    def open(self, account: BillingAccount) -> None:
        """A new company's account (Conflict when it has one)."""
        _save(self._record(account), None, f"billing account of {account.company_id}")

    def save(self, account: BillingAccount, revision: int) -> int:
        """Over `revision` only (Conflict when someone else changed it first)."""
        return _save(self._record(account), revision, f"billing account of {account.company_id}")

    def used(self, company_id: str, month: str) -> int:
        """Interviews counted in `month` ('YYYY-MM')."""
        try:
            record = Record.get(company_pk(company_id), usage_sk(month), consistent_read=True)
        except Record.DoesNotExist:
            return 0
        return int(record.used or 0)

    def link_customer(self, account: BillingAccount, revision: int) -> None:
        """Save the account with its new Stripe customer, and the customer's claim that names
        the company (how an event about that customer finds it), in one transaction."""
        assert account.customer_id is not None
        claim = Record(
            customer_pk(account.customer_id),
            "STRIPE_CUSTOMER",
            kind="stripe_customer",
            data={"company_id": account.company_id},
        )
        record = self._record(account)
        condition = _guard(record, revision)
        try:
            with TransactWrite(connection=_connection()) as transaction:
                transaction.save(record, condition=condition)
                transaction.save(claim)
                for entry in audit_records(record):  # an admin starting a checkout
                    transaction.save(entry, condition=new_only())
        except TransactWriteError as error:
            if _is_condition_failure(error):
                raise Conflict("the billing account changed meanwhile; try again") from None
            raise

    def company_of_customer(self, customer_id: str) -> str | None:
        try:
            record = Record.get(customer_pk(customer_id), "STRIPE_CUSTOMER", consistent_read=True)
        except Record.DoesNotExist:
            return None
        return str(record.data["company_id"])

    def seen(self, company_id: str, event_id: str) -> bool:
        try:
            Record.get(company_pk(company_id), f"STRIPE_EVENT#{event_id}", consistent_read=True)
        except Record.DoesNotExist:
            return False
        return True

    def apply(
        self,
        company_id: str,
        event_id: str,
        created: int,
        change: Callable[[BillingAccount], tuple[BillingAccount, Sequence[Event]]],
    ) -> Applied:
        """Apply one Stripe event once: the changed account and the event's marker are one
        transaction, the marker only if the event was never applied (a duplicate delivery, even
        a concurrent one, changes nothing); a concurrent change of the account is re-read."""
        for _ in range(APPLY_ATTEMPTS):
            if self.seen(company_id, event_id):
                return "duplicate"
            found = self.account(company_id)
            current, revision = found or (BillingAccount(company_id=company_id), None)
            changed, events = change(current)
            try:
                self._write_applied(changed, revision, event_id, created, events)
            except TransactWriteError as error:
                if _is_condition_failure(error):
                    continue
                raise
            return "unchanged" if changed == current else "applied"
        raise Conflict("the billing account is being changed by someone else; Stripe retries")

    def _write_applied(
        self,
        account: BillingAccount,
        revision: int | None,
        event_id: str,
        created: int,
        events: Sequence[Event],
    ) -> None:
        marker = Record(
            company_pk(account.company_id),
            f"STRIPE_EVENT#{event_id}",
            kind="stripe_event",
            data={"created": created},
            expires_at=int(time.time()) + EVENT_TTL_SECONDS,
        )
        record = self._record(account)
        condition = _guard(record, revision)
        with TransactWrite(connection=_connection()) as transaction:
            transaction.save(record, condition=condition)
            transaction.save(marker, condition=Record.pk.does_not_exist())
            for event in events:  # the emails it causes (outbox)
                transaction.save(outbox_record(event), condition=Record.pk.does_not_exist())

    def warn_once(
        self, company_id: str, month: str, percent: int, covers: Sequence[int], event: Event
    ) -> bool:
        """Write the month's `percent` warning event unless it was written already; the
        shares it covers are marked too. False when someone else warned first."""
        expires = int(time.time()) + WARNING_TTL_SECONDS
        try:
            with TransactWrite(connection=_connection()) as transaction:
                for share in covers:
                    marker = Record(
                        company_pk(company_id),
                        f"QUOTA_WARNED#{month}#{share}",
                        kind="quota_warning",
                        data={"event_id": event.id},
                        expires_at=expires,
                    )
                    once = Record.pk.does_not_exist() if share == percent else None
                    transaction.save(marker, condition=once)
                transaction.save(outbox_record(event), condition=Record.pk.does_not_exist())
        except TransactWriteError as error:
            if _is_condition_failure(error):
                return False
            raise
        return True
