"""The candidates' data keys, as the erasure sees them (functions.privacy.ports.CandidateKeys).

Wired to the PII key store when it lands: personal data will be encrypted with a data key per
candidate, and shredding deletes that candidate's wrapped key so every copy of their data,
backups included, becomes unreadable. Until then no candidate has a key of their own, so there
is nothing to delete; this method is the one place erasure calls for it.
"""

from __future__ import annotations


class CandidateKeyStore:
    def shred_candidate_key(self, company_id: str, email: str) -> None:
        """Delete the candidate's wrapped data key (none exists yet; see the module's note)."""
        del company_id, email
