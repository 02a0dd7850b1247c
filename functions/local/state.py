"""Local data that survives restarts: moto forgets everything when the process ends.

A snapshot under a folder (by default `.local/state/`) holds
- every DynamoDB item of every table, as typed JSON (the low-level client's format);
- every S3 object's current version: bytes in `blobs/` (named by bucket, key and ETag, so
  an unchanged object is never fetched or written again), content type and user metadata;
- every Cognito user of every pool: username, sub, attributes, enabled, status, password,
  group memberships and MFA settings, read from moto's in-process backend because the API
  cannot return passwords. Restored into the same pool id, which the HASH id strategy keeps
  stable (see `EmbeddedAws`).

- work in flight, re-driven on the next start: every SQS message still in a queue (in flight
  too: a consumer that had not finished has not deleted it), each running Step Functions
  execution (started again under its name, with its input) and each asynchronous delivery
  not finished (an EventBridge target, an `Event` invoke). Consumers are idempotent on the
  event id, so work that had in fact finished runs to no effect.

On stop, DynamoDB, S3 and Cognito are read at one instant: with a `SnapshotGate`, no request to
those services runs while they are read (functions/local/snapshot_gate.py). Periodic saves do
not hold requests back (a save at a thousand interviews takes seconds).

- the KMS keys that carry an alias (the catalog's data and PII keys): id and key material, so
  the data keys wrapped under them (functions/storage/pii.py) still open after a restart. On
  restore the key provisioning made for the alias takes the saved id and material back.

Not persisted: finished executions, other KMS keys, object versions other than the current
one.

Restore into provisioned resources: `provision()` first, then `restore_state()`; tables,
buckets or pools missing from the running platform are skipped with a warning. Restored
objects do not emit S3 notifications, so a restart does not re-run the pipeline.

Writes are atomic (temporary file + rename) and the snapshot file is replaced last, after the
blobs it names exist: a kill mid-save leaves the previous snapshot intact.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

import boto3

from functions.local.async_dispatch import Redrive
from functions.local.snapshot_gate import SNAPSHOT_HEADER, SnapshotGate

logger = logging.getLogger(__name__)

SNAPSHOT_FILE = "snapshot.json"
BLOBS_DIR = "blobs"
FORMAT_VERSION = 1
SAVE_SHARE = 10  # a periodic save waits at least ten times as long as the last one took
_OBJECT_HEADERS = ("ContentType", "CacheControl", "ContentDisposition", "ContentEncoding")


def atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _mark_snapshot(request: Any, **_: Any) -> None:
    request.headers[SNAPSHOT_HEADER] = "1"


def snapshot_client(service: str, endpoint_url: str, region: str) -> Any:
    client = boto3.client(service, endpoint_url=endpoint_url, region_name=region)  # type: ignore[call-overload]
    client.meta.events.register("request-created", _mark_snapshot)  # passes a closed gate
    return client


# -- save ------------------------------------------------------------------------------------


def save_state(
    state_dir: Path,
    endpoint_url: str,
    region: str = "eu-west-1",
    gate: SnapshotGate | None = None,
    unfinished: Callable[[], list[Redrive]] | None = None,
) -> None:
    state_dir = Path(state_dir)
    previous = _load_snapshot(state_dir)
    s3 = snapshot_client("s3", endpoint_url, region)
    with gate.closed() if gate else nullcontext():
        snapshot: dict[str, Any] = {
            "version": FORMAT_VERSION,
            "dynamodb": _dump_tables(region),
            "s3": _dump_buckets(s3, state_dir, previous.get("s3", {})),
            "cognito": _dump_user_pools(),
            "kms": _dump_kms_keys(),
        }
    snapshot["queues"] = _dump_queues()
    stepfunctions = snapshot_client("stepfunctions", endpoint_url, region)
    snapshot["executions"] = _dump_executions(stepfunctions)
    snapshot["deliveries"] = [r.as_dict() for r in unfinished()] if unfinished else []
    atomic_write(state_dir / SNAPSHOT_FILE, json.dumps(snapshot, indent=1).encode())
    _remove_unreferenced_blobs(state_dir, snapshot["s3"])


def _load_snapshot(state_dir: Path) -> dict[str, Any]:
    path = state_dir / SNAPSHOT_FILE
    if not path.exists():
        return {}
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def _dump_tables(region: str) -> dict[str, list[dict[str, Any]]]:
    """Every item of every table in the region, read from moto's backend in this process (as
    the user pools are). A Scan through moto's server pages from the start of the table again
    for every page: 25 s for 8,000 items here, against 0.4 s this way, and the Ctrl-C save
    holds every request back while it reads. The items are the wire format a Scan returns."""
    from moto.dynamodb.models import dynamodb_backends

    tables: dict[str, list[dict[str, Any]]] = {}
    for _, regions in list(dynamodb_backends.items()):
        for name, backend in list(regions.items()):
            if name != region:
                continue
            for table_name, table in list(backend.tables.items()):
                tables[table_name] = [item.to_json()["Attributes"] for item in _items(table)]
    return tables


def _items(table: Any) -> list[Any]:
    """The table's items; each dict is copied in one step (a periodic save runs beside writes)."""
    if not table.range_key_attr:
        return list(table.items.values())
    return [item for by_range in list(table.items.values()) for item in list(by_range.values())]


def _blob_name(bucket: str, key: str, etag: str) -> str:
    return hashlib.sha256(f"{bucket}\0{key}\0{etag}".encode()).hexdigest()


def _dump_buckets(
    s3: Any, state_dir: Path, previous: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    buckets: dict[str, dict[str, Any]] = {}
    for bucket in s3.list_buckets()["Buckets"]:
        name = bucket["Name"]
        buckets[name] = _dump_bucket(s3, state_dir, name, previous.get(name, {}))
    return buckets


def _dump_bucket(s3: Any, state_dir: Path, bucket: str, previous: dict[str, Any]) -> dict[str, Any]:
    objects: dict[str, Any] = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for summary in page.get("Contents", []):
            key, etag = summary["Key"], summary["ETag"]
            blob = _blob_name(bucket, key, etag)
            known = previous.get(key)
            if known and known["blob"] == blob and (state_dir / BLOBS_DIR / blob).exists():
                objects[key] = known  # unchanged since the last save: no download, no write
                continue
            objects[key] = _dump_object(s3, state_dir, bucket, key, blob)
    return objects


def _dump_object(s3: Any, state_dir: Path, bucket: str, key: str, blob: str) -> dict[str, Any]:
    response = s3.get_object(Bucket=bucket, Key=key)
    atomic_write(state_dir / BLOBS_DIR / blob, response["Body"].read())
    headers = {name: response[name] for name in _OBJECT_HEADERS if response.get(name)}
    return {"blob": blob, "headers": headers, "metadata": response.get("Metadata", {})}


def _remove_unreferenced_blobs(state_dir: Path, buckets: dict[str, dict[str, Any]]) -> None:
    referenced = {obj["blob"] for objects in buckets.values() for obj in objects.values()}
    blobs = state_dir / BLOBS_DIR
    if not blobs.exists():
        return
    for path in blobs.iterdir():
        if path.name not in referenced:
            path.unlink(missing_ok=True)


def _kms_backends() -> Iterator[tuple[str, str, Any]]:
    from moto.kms.models import kms_backends

    for account_id, regions in list(kms_backends.items()):
        for region, backend in list(regions.items()):
            yield account_id, region, backend


def _dump_kms_keys() -> list[dict[str, Any]]:
    return [
        {
            "account": account_id,
            "region": region,
            "id": key.id,
            "material": base64.b64encode(key.key_material).decode(),
            "aliases": sorted(key.aliases),
        }
        for account_id, region, backend in _kms_backends()
        for key in list(backend.keys.values())
        if key.aliases
    ]


def _restore_kms_keys(saved: list[dict[str, Any]]) -> None:
    """The live key of each saved key's alias becomes the saved key (id, ARN, material)."""
    from moto.kms.models import kms_backends

    for entry in saved:
        backend = kms_backends[entry["account"]][entry["region"]]
        if entry["id"] in backend.keys:
            continue
        live = next(
            (k for k in list(backend.keys.values()) if set(entry["aliases"]) & set(k.aliases)),
            None,
        )
        if live is None:
            logger.warning(
                "state: no key has alias %s; key %s skipped", entry["aliases"], entry["id"]
            )
            continue
        backend.keys.pop(live.id)
        live.arn = live.arn.replace(live.id, entry["id"])
        live.id = entry["id"]
        live.key_material = base64.b64decode(entry["material"])
        for alias in live.aliases.values():
            alias.target_key_id = live.id
        backend.keys[live.id] = live


def _cognito_backends() -> Iterator[tuple[str, str, Any]]:
    from moto.cognitoidp.models import cognitoidp_backends

    for account_id, regions in list(cognitoidp_backends.items()):
        for region, backend in list(regions.items()):
            yield account_id, region, backend


def _dump_user_pools() -> dict[str, Any]:
    pools: dict[str, Any] = {}
    for account_id, region, backend in _cognito_backends():
        for pool_id, pool in list(backend.user_pools.items()):
            pools[pool_id] = {
                "account": account_id,
                "region": region,
                "users": [_dump_user(user) for user in list(pool.users.values())],
            }
    return pools


def _dump_user(user: Any) -> dict[str, Any]:
    return {
        "username": user.username,
        "sub": user.id,
        "password": user.password,
        "status": user.status,
        "enabled": user.enabled,
        "attributes": user.attributes,
        "groups": sorted(group.group_name for group in user.groups),
        "sms_mfa_enabled": user.sms_mfa_enabled,
        "software_token_mfa_enabled": user.software_token_mfa_enabled,
        "token_verified": user.token_verified,
        "preferred_mfa_setting": user.preferred_mfa_setting,
    }


def _dump_queues() -> dict[str, list[dict[str, Any]]]:
    """Each queue's messages, visible or not: a message is gone only once deleted."""
    from moto.sqs.models import sqs_backends

    now = time.time() * 1000
    queues: dict[str, list[dict[str, Any]]] = {}
    for regions in list(sqs_backends.values()):
        for backend in list(regions.values()):
            for name, queue in list(backend.queues.items()):
                messages = [
                    {"body": m.body, "delay": max(0, int((m.delayed_until - now) / 1000))}
                    for m in list(queue._messages)
                ]
                if messages:
                    queues[name] = messages
    return queues


def _dump_executions(stepfunctions: Any) -> list[dict[str, str]]:
    """Running executions, to be started again under their names."""
    running = []
    for page in stepfunctions.get_paginator("list_state_machines").paginate():
        for machine in page["stateMachines"]:
            arn = machine["stateMachineArn"]
            listed = stepfunctions.list_executions(stateMachineArn=arn, statusFilter="RUNNING")
            for execution in listed["executions"]:
                described = stepfunctions.describe_execution(executionArn=execution["executionArn"])
                running.append(
                    {"machine": arn, "name": execution["name"], "input": described["input"]}
                )
    return running


# -- restore ---------------------------------------------------------------------------------


def restore_state(state_dir: Path, endpoint_url: str, region: str = "eu-west-1") -> bool:
    """Load the snapshot into the running, provisioned platform; False when there is none."""
    state_dir = Path(state_dir)
    snapshot = _load_snapshot(state_dir)
    if not snapshot:
        return False
    _restore_tables(snapshot_client("dynamodb", endpoint_url, region), snapshot.get("dynamodb", {}))
    _restore_buckets(snapshot_client("s3", endpoint_url, region), state_dir, snapshot.get("s3", {}))
    _restore_user_pools(snapshot.get("cognito", {}))
    _restore_kms_keys(snapshot.get("kms", []))
    _redrive(snapshot, endpoint_url, region)
    return True


def _redrive(snapshot: dict[str, Any], endpoint_url: str, region: str) -> None:
    """Work that was in flight when the snapshot was taken starts again."""
    sqs = snapshot_client("sqs", endpoint_url, region)
    for queue, messages in snapshot.get("queues", {}).items():
        url = sqs.get_queue_url(QueueName=queue)["QueueUrl"]
        for message in messages:
            sqs.send_message(
                QueueUrl=url, MessageBody=message["body"], DelaySeconds=min(900, message["delay"])
            )
    stepfunctions = snapshot_client("stepfunctions", endpoint_url, region)
    for execution in snapshot.get("executions", []):
        stepfunctions.start_execution(
            stateMachineArn=execution["machine"], name=execution["name"], input=execution["input"]
        )
    lambdas = snapshot_client("lambda", endpoint_url, region)
    for delivery in snapshot.get("deliveries", []):
        if delivery["kind"] == "states":
            stepfunctions.start_execution(
                stateMachineArn=delivery["target"], input=delivery["payload"]
            )
        else:
            lambdas.invoke(
                FunctionName=delivery["target"], InvocationType="Event", Payload=delivery["payload"]
            )


def _restore_tables(dynamodb: Any, tables: dict[str, list[dict[str, Any]]]) -> None:
    existing = set(dynamodb.list_tables()["TableNames"])
    for name, items in tables.items():
        if name not in existing:
            logger.warning("state: table %s is not provisioned; %d items skipped", name, len(items))
            continue
        for start in range(0, len(items), 25):  # BatchWriteItem's limit
            requests = [{"PutRequest": {"Item": item}} for item in items[start : start + 25]]
            pending: dict[str, Any] = {name: requests}
            while pending:
                pending = dynamodb.batch_write_item(RequestItems=pending).get("UnprocessedItems")


def _restore_buckets(s3: Any, state_dir: Path, buckets: dict[str, dict[str, Any]]) -> None:
    existing = {bucket["Name"] for bucket in s3.list_buckets()["Buckets"]}
    for name, objects in buckets.items():
        if name not in existing:
            logger.warning(
                "state: bucket %s is not provisioned; %d objects skipped", name, len(objects)
            )
            continue
        with notifications_paused(name):
            for key, saved in objects.items():
                body = (state_dir / BLOBS_DIR / saved["blob"]).read_bytes()
                s3.put_object(
                    Bucket=name, Key=key, Body=body, Metadata=saved["metadata"], **saved["headers"]
                )


@contextmanager
def notifications_paused(bucket_name: str) -> Iterator[None]:
    """Restoring an object is not an upload: no EventBridge event, no pipeline run."""
    from moto.s3.models import s3_backends

    paused = []
    for regions in list(s3_backends.values()):
        for backend in list(regions.values()):
            bucket = backend.buckets.get(bucket_name)
            if bucket is not None:
                paused.append((bucket, bucket.notification_configuration))
                bucket.notification_configuration = None
    try:
        yield
    finally:
        for bucket, configuration in paused:
            bucket.notification_configuration = configuration


def _restore_user_pools(pools: dict[str, Any]) -> None:
    live = {
        pool_id: pool
        for _, _, backend in _cognito_backends()
        for pool_id, pool in list(backend.user_pools.items())
    }
    for pool_id, saved in pools.items():
        pool = live.get(pool_id)
        if pool is None:
            logger.warning("state: user pool %s is not provisioned; users skipped", pool_id)
            continue
        for user in saved["users"]:
            _restore_user(pool, user)


def _restore_user(pool: Any, saved: dict[str, Any]) -> None:
    from moto.cognitoidp.models import CognitoIdpUser

    user = CognitoIdpUser(
        pool.id, saved["username"], saved["password"], saved["status"], saved["attributes"]
    )
    user.id = saved["sub"]
    user.update_attributes(saved["attributes"])  # the constructor drew a fresh sub
    user.enabled = saved["enabled"]
    user.sms_mfa_enabled = saved["sms_mfa_enabled"]
    user.software_token_mfa_enabled = saved["software_token_mfa_enabled"]
    user.token_verified = saved["token_verified"]
    user.preferred_mfa_setting = saved["preferred_mfa_setting"]
    _forget_user(pool, saved["username"])
    pool.users[user.username] = user
    for group_name in saved["groups"]:
        group = pool.groups.get(group_name)
        if group is None:
            logger.warning("state: group %s missing in pool %s", group_name, pool.id)
            continue
        group.users.add(user)
        user.groups.add(group)


def _forget_user(pool: Any, username: str) -> None:
    old = pool.users.pop(username, None)
    if old is not None:
        for group in old.groups:
            group.users.discard(old)


# -- periodic saving -------------------------------------------------------------------------


class StateKeeper:
    """Saves every `interval_seconds` (when given) in a background thread, and once on stop."""

    def __init__(
        self,
        state_dir: Path,
        endpoint_url: str,
        region: str = "eu-west-1",
        interval_seconds: float | None = None,
        gate: SnapshotGate | None = None,
        unfinished: Callable[[], list[Redrive]] | None = None,
    ) -> None:
        self.state_dir = Path(state_dir)
        self._endpoint_url = endpoint_url
        self._region = region
        self._interval = interval_seconds
        self._gate = gate
        self._unfinished = unfinished
        self._saved_writes = -1  # the gate's write count at the last save
        self._last_seconds = 0.0  # how long the last save took
        self._stop = threading.Event()
        self._lock = threading.Lock()  # a periodic save and the final one never overlap
        self._thread: threading.Thread | None = None

    def restore(self) -> bool:
        return restore_state(self.state_dir, self._endpoint_url, self._region)

    def save(self, at_one_instant: bool = True) -> None:
        """`at_one_instant`: hold writes back while DynamoDB, S3 and Cognito are read."""
        with self._lock:
            started = time.monotonic()
            writes = self._gate.writes if self._gate else 0
            gate = self._gate if at_one_instant else None
            save_state(self.state_dir, self._endpoint_url, self._region, gate, self._unfinished)
            self._saved_writes = writes
            self._last_seconds = time.monotonic() - started

    def save_if_changed(self) -> None:
        """A periodic save, unless the gate saw no write since the last one (an idle
        platform). It does not close the gate: at a thousand interviews reading everything
        takes seconds, which every request would wait for; the save on stop does."""
        if self._gate is None or self._gate.writes != self._saved_writes:
            self.save(at_one_instant=False)

    def start(self) -> StateKeeper:
        if self._interval and self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._loop, name="state-keeper", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self.save()

    def _loop(self) -> None:
        assert self._interval is not None
        # Saving takes a tenth of the time at most, however much there is to read.
        while not self._stop.wait(max(self._interval, SAVE_SHARE * self._last_seconds)):
            try:
                self.save_if_changed()
            except Exception:
                # A failed periodic save must not end the loop; the next one may succeed.
                logger.exception("state: periodic save to %s failed", self.state_dir)
