"""The APP_* environment every Lambda reads (functions/settings.py), built from the stacks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from functions.resources import PII_KEYS_TABLE, PLATFORM_TABLE, UPLOADS_BUCKET

if TYPE_CHECKING:
    from cdk.config import StageConfig
    from cdk.stacks.data import DataStack
    from cdk.stacks.events import EventsStack
    from cdk.stacks.identity import IdentityStack


def app_environment(
    config: StageConfig, *, data: DataStack, events: EventsStack, identity: IdentityStack
) -> dict[str, str]:
    """What settings.py needs outside the local stage (it refuses to start without the pool).

    The region and account are passed too: settings derive the issuer and default ARNs from them.
    """
    return {
        "APP_STAGE": config.stage,
        "APP_AWS_REGION": data.region,
        "APP_AWS_ACCOUNT_ID": data.account,
        "APP_PUBLIC_BASE_URL": config.public_base_url,
        "APP_TABLE_NAME": data.tables[PLATFORM_TABLE.base].table_name,
        "APP_PII_KEYS_TABLE_NAME": data.tables[PII_KEYS_TABLE.base].table_name,
        "APP_UPLOADS_BUCKET": data.buckets[UPLOADS_BUCKET.base].bucket_name,
        "APP_EVENT_BUS_NAME": events.bus.event_bus_name,
        "APP_USER_POOL_ID": identity.user_pool.user_pool_id,
        "APP_USER_POOL_CLIENT_ID": identity.client.user_pool_client_id,
    }
