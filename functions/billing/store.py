"""Where billing sits in the table:

account    pk=COMPANY#<cid>            sk=BILLING            plan, Stripe customer, subscription
usage      pk=COMPANY#<cid>            sk=USAGE#<yyyy-mm>    `used` (the metered writes in
                                                             functions/storage/repositories.py)
"""

from __future__ import annotations

from functions.billing.domain import BillingAccount
from functions.storage.records import Record
from functions.storage.repositories import (
    _load,
    _save,
    company_pk,
    usage_sk,
)

ACCOUNT_SK = "BILLING"


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
