"""Company API keys (admins, signed in) and the inbound API that ATS and automation tools call
with a key: job and candidate imports, bulk invitations, REST hook subscriptions."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from functions.api.contract import QUOTA_REFUSAL
from functions.api.deps import (
    Admin,
    ApiKeys,
    AppSettings,
    Billing,
    CandidatesKey,
    Directory,
    HooksKey,
    Interviews,
    InterviewsKey,
    Jobs,
    JobsKey,
    Templates,
    Webhooks,
)
from functions.api.params import ResourceId
from functions.api.schemas.integrations import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyList,
    ApiKeyPublic,
    BulkInvitationPublic,
    BulkInviteRequest,
    BulkInviteResult,
    CandidateImportResult,
    CandidatesImportRequest,
    CandidatesImportResult,
    HookList,
    HookPublic,
    HookSamples,
    HookSubscribe,
    HookSummary,
    JobImportRequest,
    JobImportResult,
    SampleEventType,
)
from functions.domain.interviews import progress
from functions.integrations import api_keys, ats, hooks, use_cases

router = APIRouter(prefix="/integrations", tags=["integrations"])


@router.post(
    "/api-keys",
    operation_id="createApiKey",
    response_model=ApiKeyCreated,
    status_code=status.HTTP_201_CREATED,
)
def create_api_key(body: ApiKeyCreate, admin: Admin, keys: ApiKeys) -> ApiKeyCreated:
    """The key is in this response only; store it in the ATS now."""
    issued = api_keys.create_api_key(keys, admin, name=body.name, scopes=body.scopes)
    return ApiKeyCreated(**issued.key.model_dump(), key=issued.secret)


@router.get("/api-keys", operation_id="listApiKeys", response_model=ApiKeyList)
def list_api_keys(admin: Admin, keys: ApiKeys) -> ApiKeyList:
    items = [ApiKeyPublic(**k.model_dump()) for k in keys.list(admin.company_id)]
    return ApiKeyList(items=items)


@router.post("/api-keys/{key_id}/revoke", operation_id="revokeApiKey", response_model=ApiKeyPublic)
def revoke_api_key(key_id: ResourceId, admin: Admin, keys: ApiKeys, repo: Webhooks) -> ApiKeyPublic:
    """The key stops working at once, and the REST hooks it subscribed are removed."""
    return ApiKeyPublic(**api_keys.revoke_api_key(keys, repo, admin, key_id).model_dump())


@router.post("/jobs", operation_id="importJob", response_model=JobImportResult)
def import_job(body: JobImportRequest, key: JobsKey, jobs: Jobs) -> JobImportResult:
    """Idempotent by the job's external id: sending it again changes nothing."""
    job = ats.read_job(body.source, body.job)
    result = use_cases.import_job(jobs, key.company_id, body.source, job)
    return JobImportResult(**result.model_dump())


@router.post("/candidates", operation_id="importCandidates", response_model=CandidatesImportResult)
def import_candidates(
    body: CandidatesImportRequest, key: CandidatesKey, directory: Directory
) -> CandidatesImportResult:
    """Idempotent by each candidate's external id; all records are read before any is stored."""
    records = [ats.read_candidate(body.source, item) for item in body.candidates]
    results = [
        use_cases.import_candidate(directory, key.company_id, body.source, r) for r in records
    ]
    items = [CandidateImportResult(**r.model_dump()) for r in results]
    counts = {o: sum(r.outcome == o for r in results) for o in ("created", "updated", "unchanged")}
    return CandidatesImportResult(**counts, items=items)


@router.post(
    "/interviews",
    operation_id="inviteCandidates",
    response_model=BulkInviteResult,
    status_code=status.HTTP_201_CREATED,
    responses=QUOTA_REFUSAL,
)
def invite_candidates(
    body: BulkInviteRequest,
    key: InterviewsKey,
    interviews: Interviews,
    templates: Templates,
    directory: Directory,
    billing: Billing,
    settings: AppSettings,
) -> BulkInviteResult:
    """One interview per imported candidate; results come back through webhooks with the
    candidate's external ids. All or nothing against the plan's interviews this month: a
    batch beyond them creates none (402 problem naming plan, usage, limit, reset date and
    upgrade link)."""
    invited = use_cases.invite_candidates(
        interviews,
        templates,
        directory,
        billing,
        key,
        template_id=body.template_id,
        candidate_ids=body.candidate_ids,
        deadline=body.deadline,
        default_days=settings.invitation_days_default,
        public_base_url=settings.public_base_url,
        upgrade_url=settings.billing_page_url,
    )
    items = [
        BulkInvitationPublic(
            **i.interview.model_dump(exclude={"token_hash", "questions", "company_id"}),
            progress=progress(i.interview, []),
            candidate_url=i.candidate_url,
        )
        for i in invited
    ]
    return BulkInviteResult(items=items)


@router.post(
    "/hooks",
    operation_id="subscribeHook",
    response_model=HookPublic,
    status_code=status.HTTP_201_CREATED,
)
def subscribe_hook(
    body: HookSubscribe, key: HooksKey, repo: Webhooks, settings: AppSettings
) -> HookPublic:
    """Zapier/Make REST hook: events of these types are delivered to target_url, signed with the
    returned secret (shown only here), like every webhook. A 410 Gone from the target
    unsubscribes the hook."""
    hook = hooks.subscribe(
        repo,
        key,
        target_url=body.target_url,
        event_types=body.event_types,
        allow_loopback=settings.webhooks_allow_loopback,
    )
    return HookPublic(
        id=hook.id,
        target_url=hook.url,
        event_types=hook.event_types,
        created_at=hook.created_at,
        secret=hook.secret,
    )


@router.get("/hooks", operation_id="listHooks", response_model=HookList)
def list_hooks(admin: Admin, keys: ApiKeys, repo: Webhooks) -> HookList:
    """The company's Zapier/Make subscriptions (deleteWebhook removes one), with the samples
    their receivers map fields from. Admins only, like the API keys that made them."""
    names = {k.id: k.name for k in keys.list(admin.company_id)}
    items = [
        HookSummary(
            id=h.id,
            target_url=h.url,
            event_types=h.event_types,
            api_key_id=h.hook_api_key_id or "",
            api_key_name=names.get(h.hook_api_key_id or ""),
            enabled=h.enabled,
            disabled_reason=h.disabled_reason,
            created_at=h.created_at,
        )
        for h in hooks.list_hooks(repo, admin.company_id)
    ]
    return HookList(items=items, samples=[hooks.sample(t) for t in sorted(hooks.SAMPLE_DATA)])


@router.get("/hooks/samples", operation_id="listHookSamples", response_model=HookSamples)
def list_hook_samples(
    key: HooksKey,
    event_type: SampleEventType | None = None,  # type: ignore[valid-type]
) -> HookSamples:
    """What a subscription receives, per event type (Zapier's performList for sample data)."""
    types = [event_type] if event_type else sorted(hooks.SAMPLE_DATA)
    return HookSamples(items=[hooks.sample(t) for t in types])


@router.delete(
    "/hooks/{hook_id}",
    operation_id="unsubscribeHook",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
)
def unsubscribe_hook(hook_id: ResourceId, key: HooksKey, repo: Webhooks) -> Response:
    hooks.unsubscribe(repo, key, hook_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
