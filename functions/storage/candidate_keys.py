"""The candidates' data keys, as the erasure sees them (functions.privacy.ports.CandidateKeys).

Personal data about a candidate is sealed under a data key of their own (functions/storage/pii.py,
sealing.py); shredding deletes that wrapped key, so every copy of what it sealed (a stream
record, an export's consumer, a table backup once its wrapped key item is gone from it too)
becomes unreadable.
"""

from __future__ import annotations

from functions.storage import pii


class CandidateKeyStore:
    def shred_candidate_key(self, company_id: str, email: str) -> None:
        """Delete the candidate's wrapped data key (idempotent)."""
        pii.shred_candidate_key(company_id, email)
