"""Share links as items beside their interview (keys: functions/storage/records.py).

    share link  pk=COMPANY#<cid>  sk=SHARE#<iid>#<id>  gsi1pk=SHARE#<sha256 of the token>

Written through the audited, revision-guarded write every change of an interview uses.
"""

from __future__ import annotations

from functions.domain.share_links import ShareLink
from functions.storage.records import Record
from functions.storage.repositories import company_pk, write_record


class ShareLinkRepository:
    def _record(self, link: ShareLink) -> Record:
        return Record(
            company_pk(link.company_id),
            f"SHARE#{link.interview_id}#{link.id}",
            kind="share_link",
            status="revoked" if link.revoked_at else "active",
            data=link.model_dump(mode="json"),
            gsi1pk=f"SHARE#{link.token_hash}",
            gsi1sk="SHARE",
        )

    def add(self, link: ShareLink) -> None:
        write_record(self._record(link), None, f"share link {link.id}", ())

    def save(self, link: ShareLink, revision: int) -> None:
        write_record(self._record(link), revision, f"share link {link.id}", ())

    def get(self, company_id: str, interview_id: str, link_id: str) -> tuple[ShareLink, int] | None:
        try:
            record = Record.get(company_pk(company_id), f"SHARE#{interview_id}#{link_id}")
        except Record.DoesNotExist:
            return None
        return ShareLink.model_validate(record.data.as_dict()), int(record.revision)

    def of_interview(self, company_id: str, interview_id: str) -> list[ShareLink]:
        """Newest first (ids are time-ordered)."""
        records = Record.query(
            company_pk(company_id),
            Record.sk.startswith(f"SHARE#{interview_id}#"),
            scan_index_forward=False,
        )
        return [ShareLink.model_validate(r.data.as_dict()) for r in records]

    def by_token_hash(self, token_hash: str) -> ShareLink | None:
        for record in Record.by_gsi1.query(f"SHARE#{token_hash}", limit=1):
            if record.kind == "share_link":
                return ShareLink.model_validate(record.data.as_dict())
        return None
