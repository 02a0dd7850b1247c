"""The single DynamoDB table as a PynamoDB model.

Every item is one domain object stored as a map under `data`, beside the keys that find it.
Keys (see functions/resources.py for the table and its indexes):
    company     pk=COMPANY#<cid>  sk=COMPANY
    user        pk=COMPANY#<cid>  sk=USER#<uid>          gsi1pk=EMAIL#<email>
    email claim pk=EMAIL#<email>  sk=EMAIL               (the one company an address belongs to)
    template    pk=COMPANY#<cid>  sk=TEMPLATE#<tid>      (latest version, what lists show)
    version     pk=COMPANY#<cid>  sk=TPLVER#<tid>#<v:05d>
    interview   pk=COMPANY#<cid>  sk=INTERVIEW#<iid>  gsi1pk=TOKEN#<sha256>
                gsi2pk=COMPANY#<cid>#STATUS#<status>  gsi3pk=COMPANY#<cid>#TEMPLATE#<tid>
                gsi4pk=RETAIN#<shard>  gsi4sk=<retention clock start>#<cid>#<iid>
                (until the recordings are purged: the retention job's index)
    answer      pk=COMPANY#<cid>  sk=ANSWER#<iid>#<question index:03d>#<attempt:02d>
    analysis    pk=COMPANY#<cid>  sk=ANALYSIS#<iid>#<version:05d>  (one per analysis version)
    decision    pk=COMPANY#<cid>  sk=DECISION#<iid>#<time-ordered id>  (the decision history)
    share link  pk=COMPANY#<cid>  sk=SHARE#<iid>#<id>  gsi1pk=SHARE#<sha256 of its token>
    billing     pk=COMPANY#<cid>  sk=BILLING             (plan, Stripe customer and subscription)
    usage       pk=COMPANY#<cid>  sk=USAGE#<yyyy-mm>     `used`: interviews created that month
A `revision` number guards every read-modify-write against lost updates.
"""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import (
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from functions.settings import Settings
from functions.storage import pii, sealing


class _Gsi1(GlobalSecondaryIndex["Record"]):
    class Meta:
        index_name = "gsi1"
        projection = AllProjection()

    gsi1pk = UnicodeAttribute(hash_key=True)
    gsi1sk = UnicodeAttribute(range_key=True)


class _Gsi2(GlobalSecondaryIndex["Record"]):
    class Meta:
        index_name = "gsi2"
        projection = AllProjection()

    gsi2pk = UnicodeAttribute(hash_key=True)
    gsi2sk = UnicodeAttribute(range_key=True)


class _Gsi3(GlobalSecondaryIndex["Record"]):
    class Meta:
        index_name = "gsi3"
        projection = AllProjection()

    gsi3pk = UnicodeAttribute(hash_key=True)
    gsi3sk = UnicodeAttribute(range_key=True)


class _Gsi4(GlobalSecondaryIndex["Record"]):
    class Meta:
        index_name = "gsi4"
        projection = KeysOnlyProjection()

    gsi4pk = UnicodeAttribute(hash_key=True)
    gsi4sk = UnicodeAttribute(range_key=True)


class Record(Model):
    class Meta:
        table_name = "unbound"
        region = "eu-west-1"
        host: str | None = None

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    kind = UnicodeAttribute()
    revision = NumberAttribute(default=0)
    status = UnicodeAttribute(null=True)
    reviewer_ids = ListAttribute(of=UnicodeAttribute, null=True)
    search = UnicodeAttribute(null=True)  # lower-cased words a list can be searched by
    data: MapAttribute[str, Any] = MapAttribute()
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    gsi2pk = UnicodeAttribute(null=True)
    gsi2sk = UnicodeAttribute(null=True)
    gsi3pk = UnicodeAttribute(null=True)
    gsi3sk = UnicodeAttribute(null=True)
    gsi4pk = UnicodeAttribute(null=True)
    gsi4sk = UnicodeAttribute(null=True)
    expires_at = NumberAttribute(null=True)
    used = NumberAttribute(null=True)  # a usage counter's count (conditional ADD)

    by_gsi1 = _Gsi1()
    by_gsi2 = _Gsi2()
    by_gsi3 = _Gsi3()
    by_gsi4 = _Gsi4()

    # Personal data is sealed on its way into the table and opened on its way out
    # (functions/storage/sealing.py): every put, transaction and batch serializes here, every
    # get, query and scan result is made by from_raw_data.

    def serialize(self, null_check: bool = True) -> dict[str, dict[str, Any]]:
        plain = self.data
        sealed = sealing.seal(self.kind, self.pk, as_dict(plain))
        if sealed is None:
            return super().serialize(null_check=null_check)
        self.data = MapAttribute(**sealed)
        try:
            return super().serialize(null_check=null_check)
        finally:
            self.data = plain

    def deserialize(self, attribute_values: dict[str, dict[str, Any]]) -> None:
        super().deserialize(attribute_values)
        self._unseal()

    @classmethod
    def from_raw_data(cls, data: dict[str, Any]) -> Record:
        record = super().from_raw_data(data)
        record._unseal()
        return record

    def _unseal(self) -> None:
        if self.pk is None or self.kind not in sealing.SEALED:
            return
        plain = sealing.unseal(self.kind, self.pk, as_dict(self.data))
        if plain is not None:
            self.data = MapAttribute(**plain)


class DataKey(Model):
    """A wrapped personal-data key (functions/storage/pii.py), in the keys table: never in the
    platform table, whose backups must not hold a key next to what it sealed."""

    class Meta:
        table_name = "unbound"
        region = "eu-west-1"
        host: str | None = None

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    wrapped = UnicodeAttribute()


def as_dict(value: Any) -> dict[str, Any]:
    if isinstance(value, MapAttribute):
        found: dict[str, Any] = value.as_dict()
        return found
    return dict(value or {})


def bind_table(settings: Settings) -> None:
    """Point the models at this stage's tables and endpoint (moto locally, AWS in the cloud)."""
    Record.Meta.table_name = settings.table_name
    Record.Meta.region = settings.aws_region
    Record.Meta.host = settings.aws_endpoint_url
    # PynamoDB caches its connection per model class; drop it so the new endpoint is used.
    Record._connection = None
    DataKey.Meta.table_name = settings.pii_keys_table_name
    DataKey.Meta.region = settings.aws_region
    DataKey.Meta.host = settings.aws_endpoint_url
    DataKey._connection = None
    pii.install(lambda: _key_ring(settings))
    for index in (Record.by_gsi1, Record.by_gsi2, Record.by_gsi3, Record.by_gsi4):
        index._connection = None  # type: ignore[union-attr]


def _key_ring(settings: Settings) -> pii.KeyRing:
    import boto3

    kms = boto3.session.Session().client(
        "kms", region_name=settings.aws_region, endpoint_url=settings.aws_endpoint_url
    )
    return pii.KeyRing(kms, settings.pii_kms_key_id, cache_seconds=settings.pii_key_cache_seconds)
