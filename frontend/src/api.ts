// The API client: typed calls per operationId, problem+json errors, bearer tokens.
// Types mirror docs/openapi.json; fields other engineers are adding are optional on purpose.
// The core and admin types come from src/api-types.ts, generated from it (`npm run types`).
import type * as gen from './api-types';

export type Lang = gen.CompanyPublic['default_language'];
export type InterviewStatus = gen.InterviewStatus;
export type TemplateStatus = gen.TemplateStatus;
export type Outcome = gen.Outcome;
export type AnswerStatus = gen.AnswerStatus;

export type Branding = gen.Branding;
export type Company = gen.CompanyPublic;
export type Role = gen.Role;
export type Me = gen.MePublic;
export interface Tokens { access_token: string; expires_in: number; refresh_token?: string | null; id_token?: string | null }
export interface MfaChallenge { challenge: string; session: string }
export type RegistrationRequest = gen.RegistrationRequest;
export type Registration = gen.RegistrationPublic;

export type Question = gen.Question;
export type Template = gen.TemplatePublic;
export type QuestionDraft = gen.QuestionDraft;
export type TemplateWrite = gen.TemplateUpdate;
export type Candidate = gen.Candidate;
export type Decision = gen.Decision;
export type Progress = gen.Progress;
export type Interview = gen.InterviewPublic;
export type Invitation = gen.InvitationPublic;
// Candidates' data-protection rights (GDPR, issue 17).
export type DataRequestKind = gen.RequestKind;
export type DataRequestStatus = gen.RequestStatus;
export type CandidateExport = gen.CandidateExportPublic;
export type Erasure = gen.ErasurePublic;
export type DataRequest = gen.DataRequestPublic;
export type DataRequestApproval = gen.DataRequestApproval;
export type DataRequestReceipt = gen.DataRequestReceipt;
export type Consent = gen.Consent;
export type ConsentGive = gen.ConsentGive;

export interface Criterion { score?: number; reason?: string; evidence?: string | string[] }
export interface TranscriptSegment { start: number; end: number; text: string }
export interface AnswerAnalysis {
  criteria?: Record<string, Criterion | number>;
  overall?: number; score?: number; summary?: string;
  [k: string]: unknown;
}
export type Answer = gen.AnswerPublic;
export type InterviewDetail = gen.InterviewDetail;

// ---- team collaboration (functions/collaboration) ---------------------------------------

export type UserPublic = gen.UserPublic;
/** Someone who can be @mentioned on an interview (or is one of its reviewers). */
export type Member = gen.MemberPublic;
export type Reviewers = gen.Reviewers;
export type Mention = gen.Mention;
export type Comment = gen.CommentPublic;
export type CommentCreate = gen.CommentCreate;
export type Notification = gen.NotificationPublic;
export type ScorecardRecommendation = 'strong_no' | 'no' | 'yes' | 'strong_yes';
export type Competency = gen.Competency;
export type ScorecardTemplate = gen.ScorecardTemplatePublic;
export interface ScorecardTemplateWrite { name: string; description?: string; competencies: (Omit<Competency, 'id'> & { id?: string | null })[]; hide_others_until_submitted?: boolean }
export type Rating = gen.Rating;
export type Scorecard = gen.ScorecardPublic;
export type ScorecardSubmit = gen.ScorecardSubmit;
export type CompetencySummary = gen.CompetencySummary;
export type ScorecardSummary = gen.ScorecardSummary;
export type ScorecardList = gen.ScorecardList;
export interface Page<T> { items: T[]; next_cursor: string | null }

export type PlanName = gen.PlanName;
export type PaymentStatus = 'ok' | 'failed' | 'lapsed';
export type PlanPublic = gen.PlanPublic;
export type Billing = gen.BillingPublic;
/** The extension members of a 402 (functions/billing/quotas.py): the month's interviews are used up. */
export interface QuotaExceeded { plan: PlanName; usage: number; limit: number; requested: number; resets_at: string; upgrade_url: string }

export type QuestionSlot = gen.QuestionSlot;
export type CurrentQuestion = gen.CurrentQuestion;
export type CandidateSession = gen.CandidateSessionPublic;
export type CandidateContact = gen.CandidateContact;
export type LinkRequest = gen.LinkRequestPublic;
export type UploadGrant = gen.AnswerUploadPublic;
export type AnswerStatusPublic = gen.AnswerStatusPublic;

// ---- analytics (issue 14) ------------------------------------------------------------------

export type AnalyticsPeriod = 'week' | 'month' | 'quarter' | 'year';
export type FunnelStepName = 'invited' | 'started' | 'completed' | 'analyzed' | 'decided' | 'hired';
/** A duration percentile: its logarithmic bin's middle, and the bin's bounds (which hold the true value). */
export type Percentile = gen.Percentile;
export type Times = gen.Times;
export type FunnelStep = gen.FunnelStep;
export type DropOff = gen.DropOff;
export type Moments = gen.Moments;
export type ScoreDistribution = gen.ScoreDistribution;
export type Agreement = gen.Agreement;
export type QuestionEffectiveness = gen.QuestionEffectiveness;
export type LanguageScores = gen.LanguageScores;
export type AnalyticsReport = gen.AnalyticsReport;
export type CriterionResult = gen.CriterionResult;
export type QuestionResult = gen.QuestionResult;
export type InterviewResult = gen.InterviewResult;
export type Comparison = gen.Comparison;
/** A file stored in S3 behind a presigned link (PDF reports). */
export type StoredFile = gen.StoredFile;

// ---- errors ---------------------------------------------------------------------------

export interface FieldError { field: string; message: string; type?: string }

export class ApiError extends Error {
  readonly status: number;
  readonly detail: string;
  readonly title: string;
  readonly errors: FieldError[];
  /** RFC 9457 extension members, e.g. `reason`, `company` and `language` on a closed link. */
  extensions: Record<string, unknown> = {};
  constructor(status: number, title: string, detail: string, errors: FieldError[] = []) {
    super(detail || title);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.errors = errors;
  }
  /** The message for one form field, when the API named it (e.g. "candidate.email"). */
  fieldError(field: string): string | undefined {
    return this.errors.find((e) => e.field === field || e.field.endsWith('.' + field))?.message;
  }
}

/** Turns any error response body into an ApiError: problem+json, FastAPI's {detail: [...]}, text. */
export function parseProblem(status: number, body: unknown, statusText = ''): ApiError {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    const errors: FieldError[] = [];
    if (Array.isArray(b.errors)) {
      for (const e of b.errors) {
        if (e && typeof e === 'object') {
          const r = e as Record<string, unknown>;
          errors.push({ field: String(r.field ?? 'body'), message: String(r.message ?? ''), type: r.type ? String(r.type) : undefined });
        }
      }
    }
    if (Array.isArray(b.detail)) {
      // FastAPI's default validation shape: [{loc, msg, type}]
      for (const e of b.detail) {
        if (e && typeof e === 'object') {
          const r = e as Record<string, unknown>;
          const loc = Array.isArray(r.loc) ? r.loc.map(String) : [];
          const parts = loc.length > 1 && ['body', 'query', 'path', 'header'].includes(loc[0]) ? loc.slice(1) : loc;
          errors.push({ field: parts.join('.') || 'body', message: String(r.msg ?? ''), type: r.type ? String(r.type) : undefined });
        }
      }
      const detail = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
      return new ApiError(status, String(b.title ?? statusText ?? 'Error'), detail, errors);
    }
    const detail = typeof b.detail === 'string' ? b.detail : typeof b.message === 'string' ? b.message : '';
    const title = typeof b.title === 'string' ? b.title : statusText;
    const error = new ApiError(status, title || `HTTP ${status}`, detail || title || `HTTP ${status}`, errors);
    const { type: _t, title: _ti, status: _s, detail: _d, instance: _i, errors: _e, ...extensions } = b;
    error.extensions = extensions;
    return error;
  }
  const text = typeof body === 'string' ? body.trim().slice(0, 300) : '';
  return new ApiError(status, statusText || `HTTP ${status}`, text || statusText || `HTTP ${status}`);
}

// ---- transport ------------------------------------------------------------------------

const TOKEN_KEY = 'iv.token';
let onUnauthorized: (() => void) | null = null;
export function setUnauthorizedHandler(fn: (() => void) | null) { onUnauthorized = fn; }
export function getToken(): string | null {
  try { return sessionStorage.getItem(TOKEN_KEY) ?? localStorage.getItem(TOKEN_KEY); } catch { return null; }
}
export function setToken(token: string | null, remember = true) {
  try {
    sessionStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(TOKEN_KEY);
    if (token) (remember ? localStorage : sessionStorage).setItem(TOKEN_KEY, token);
  } catch { /* private mode */ }
}

interface RequestOptions { method?: string; body?: unknown; token?: string | null; query?: Record<string, string | number | undefined | null>; signal?: AbortSignal; idempotencyKey?: string }

/** A fresh Idempotency-Key: random, unguessable, one per intended operation. */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  const b = new Uint8Array(16);
  c.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/**
 * The Idempotency-Keys of one kind of user action (send this invitation, save this template).
 * The same request tried again (a double click, a retry after a dropped connection) sends the
 * same key, so the server creates nothing twice; once it succeeded, the same request again is a
 * new action, and an edited request (another body) is one from the start.
 */
export class ActionKey {
  private keys = new Map<string, string>();
  /** The key for sending `body` now. */
  for(body: unknown): string {
    const b = JSON.stringify(body ?? null);
    let key = this.keys.get(b);
    if (!key) { key = newIdempotencyKey(); this.keys.set(b, key); }
    return key;
  }
  /** Sending `body` succeeded: sending it again is a new action. */
  done(body: unknown): void { this.keys.delete(JSON.stringify(body ?? null)); }
  /** Sends `body` through `call` with this action's key; a success ends the action. */
  async run<T>(body: unknown, call: (key: string) => Promise<T>): Promise<T> {
    const result = await call(this.for(body));
    this.done(body);
    return result;
  }
}

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const q = opts.query ? Object.entries(opts.query).filter(([, v]) => v !== undefined && v !== null && v !== '') : [];
  const url = path + (q.length ? '?' + new URLSearchParams(q.map(([k, v]) => [k, String(v)])).toString() : '');
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = opts.token === undefined ? getToken() : opts.token;
  if (token) headers.authorization = `Bearer ${token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  let res: Response;
  try {
    res = await fetch(url, { method: opts.method ?? 'GET', headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), signal: opts.signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'Network error', 'network');
  }
  const text = await res.text();
  let body: unknown = text;
  try { body = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!res.ok) {
    if (res.status === 401 && opts.token === undefined && onUnauthorized) onUnauthorized();
    throw parseProblem(res.status, body, res.statusText);
  }
  return body as T;
}

/** A file answer (CSV): its bytes as a Blob, with the same errors and credentials as `request`. */
export async function requestBlob(path: string, opts: RequestOptions = {}): Promise<Blob> {
  const q = opts.query ? Object.entries(opts.query).filter(([, v]) => v !== undefined && v !== null && v !== '') : [];
  const url = path + (q.length ? '?' + new URLSearchParams(q.map(([k, v]) => [k, String(v)])).toString() : '');
  const headers: Record<string, string> = { accept: '*/*' };
  const token = opts.token === undefined ? getToken() : opts.token;
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    // A large export answers 303 to its presigned S3 link, which fetch follows.
    res = await fetch(url, { method: opts.method ?? 'GET', headers, signal: opts.signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'Network error', 'network');
  }
  if (!res.ok) {
    const text = await res.text();
    let body: unknown = text;
    try { body = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    if (res.status === 401 && opts.token === undefined && onUnauthorized) onUnauthorized();
    throw parseProblem(res.status, body, res.statusText);
  }
  return res.blob();
}

// ---- operations -----------------------------------------------------------------------

export const api = {
  // Self-serve sign-up: a Free company and its first admin, who confirms the emailed code first.
  registerCompany: (body: RegistrationRequest) => request<Registration>('/auth/register', { method: 'POST', body, token: null }),
  confirmRegistration: (email: string, code: string) => request<null>('/auth/register/confirm', { method: 'POST', body: { email, code }, token: null }),
  resendRegistrationCode: (email: string) => request<null>('/auth/register/resend', { method: 'POST', body: { email }, token: null }),
  login: (email: string, password: string) => request<Tokens | MfaChallenge>('/auth/login', { method: 'POST', body: { email, password }, token: null }),
  // The next sign-in step: a TOTP code (SOFTWARE_TOKEN_MFA) or a new password on first sign-in
  // (NEW_PASSWORD_REQUIRED); the answer is tokens or yet another challenge.
  respondToChallenge: (email: string, challenge: string, session: string, answer: { code?: string; new_password?: string }) =>
    request<Tokens | MfaChallenge>('/auth/challenge', { method: 'POST', body: { email, challenge, session, ...answer }, token: null }),
  // Ends every session of the user, on every device (the token is passed so a 401 does not loop).
  logout: (token: string) => request<null>('/auth/logout', { method: 'POST', token }),
  getMe: () => request<Me>('/me'),
  listTemplates: (query: { status?: TemplateStatus; limit?: number; cursor?: string | null } = {}) => request<Page<Template>>('/templates', { query }),
  getTemplate: (id: string, version?: number) => request<Template>(`/templates/${encodeURIComponent(id)}`, { query: { version } }),
  // Operations that create something take the action's Idempotency-Key (ActionKey); without
  // one, a fresh key still protects the request from being applied twice by a network retry.
  createTemplate: (body: TemplateWrite & { name: string }, idempotencyKey = newIdempotencyKey()) => request<Template>('/templates', { method: 'POST', body, idempotencyKey }),
  updateTemplate: (id: string, body: TemplateWrite) => request<Template>(`/templates/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
  publishTemplate: (id: string) => request<Template>(`/templates/${encodeURIComponent(id)}/publish`, { method: 'POST' }),
  archiveTemplate: (id: string) => request<Template>(`/templates/${encodeURIComponent(id)}/archive`, { method: 'POST' }),
  createInterview: (body: { template_id: string; candidate: Candidate; deadline?: string | null }, idempotencyKey = newIdempotencyKey()) => request<Invitation>('/interviews', { method: 'POST', body, idempotencyKey }),
  // Up to 100 candidates, all or nothing against the plan's interviews this month (402: none).
  createInterviews: (body: { template_id: string; candidates: Candidate[]; deadline?: string | null }, idempotencyKey = newIdempotencyKey()) => request<{ items: Invitation[] }>('/interviews/batch', { method: 'POST', body, idempotencyKey }),
  listInterviews: (query: { status?: InterviewStatus | ''; template_id?: string; q?: string; limit?: number; cursor?: string | null } = {}) => request<Page<Interview>>('/interviews', { query }),
  getInterviewStats: () => request<{ by_status: Partial<Record<InterviewStatus, number>> }>('/interviews/stats'),
  getInterview: (id: string) => request<InterviewDetail>(`/interviews/${encodeURIComponent(id)}`),
  cancelInterview: (id: string) => request<Interview>(`/interviews/${encodeURIComponent(id)}/cancel`, { method: 'POST' }),
  resendInvitation: (id: string, idempotencyKey = newIdempotencyKey()) => request<Invitation>(`/interviews/${encodeURIComponent(id)}/resend`, { method: 'POST', body: {}, idempotencyKey }),
  decideInterview: (id: string, outcome: Outcome, note: string) => request<Interview>(`/interviews/${encodeURIComponent(id)}/decision`, { method: 'POST', body: { outcome, note } }),
  // Team collaboration: reviewers, comments with @mentions, the bell, scorecards.
  listUsers: () => request<{ items: UserPublic[] }>('/users'),
  assignReviewers: (id: string, userIds: string[]) => request<Reviewers>(`/interviews/${encodeURIComponent(id)}/reviewers`, { method: 'POST', body: { user_ids: userIds } }),
  unassignReviewer: (id: string, userId: string) => request<Reviewers>(`/interviews/${encodeURIComponent(id)}/reviewers/${encodeURIComponent(userId)}`, { method: 'DELETE' }),
  listMentionableMembers: (id: string) => request<{ items: Member[] }>(`/interviews/${encodeURIComponent(id)}/mentionable`),
  listComments: (id: string, query: { answer_id?: string; limit?: number; cursor?: string | null } = {}) => request<Page<Comment>>(`/interviews/${encodeURIComponent(id)}/comments`, { query }),
  createComment: (id: string, body: CommentCreate, idempotencyKey = newIdempotencyKey()) => request<Comment>(`/interviews/${encodeURIComponent(id)}/comments`, { method: 'POST', body, idempotencyKey }),
  updateComment: (id: string, commentId: string, body: { text?: string; mentioned_user_ids?: string[] }) => request<Comment>(`/interviews/${encodeURIComponent(id)}/comments/${encodeURIComponent(commentId)}`, { method: 'PATCH', body }),
  deleteComment: (id: string, commentId: string) => request<Comment>(`/interviews/${encodeURIComponent(id)}/comments/${encodeURIComponent(commentId)}`, { method: 'DELETE' }),
  listNotifications: (query: { unread_only?: boolean; limit?: number; cursor?: string | null } = {}) => request<Page<Notification> & { unread_count: number }>('/notifications', { query: { ...query, unread_only: query.unread_only ? 'true' : undefined } }),
  countUnreadNotifications: () => request<{ unread_count: number }>('/notifications/unread-count'),
  // Without ids: every unread one. Answers how many stay unread.
  markNotificationsRead: (ids?: string[]) => request<{ unread_count: number }>('/notifications/read', { method: 'POST', body: { notification_ids: ids ?? null } }),
  listScorecardTemplates: (query: { limit?: number; cursor?: string | null } = {}) => request<Page<ScorecardTemplate>>('/company/scorecard-templates', { query }),
  createScorecardTemplate: (body: ScorecardTemplateWrite, idempotencyKey = newIdempotencyKey()) => request<ScorecardTemplate>('/company/scorecard-templates', { method: 'POST', body, idempotencyKey }),
  updateScorecardTemplate: (id: string, body: Partial<ScorecardTemplateWrite>) => request<ScorecardTemplate>(`/company/scorecard-templates/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
  submitScorecard: (id: string, body: ScorecardSubmit) => request<Scorecard>(`/interviews/${encodeURIComponent(id)}/scorecard`, { method: 'PUT', body }),
  listScorecards: (id: string) => request<ScorecardList>(`/interviews/${encodeURIComponent(id)}/scorecards`),
  getBilling: () => request<Billing>('/billing'),
  createCheckoutSession: (plan: Exclude<PlanName, 'free'>) => request<{ url: string }>('/billing/checkout', { method: 'POST', body: { plan } }),
  createPortalSession: () => request<{ url: string }>('/billing/portal', { method: 'POST' }),
  // Candidates' data (admins): by email in the body, so the address stays out of URLs and logs.
  exportCandidateData: (email: string) => request<CandidateExport>('/candidates/privacy/exports', { method: 'POST', body: { email } }),
  eraseCandidate: (email: string) => request<Erasure>('/candidates/privacy/erasures', { method: 'POST', body: { email } }),
  listDataRequests: (status?: DataRequestStatus) => request<{ items: DataRequest[] }>('/candidates/privacy/requests', { query: { status } }),
  approveDataRequest: (id: string) => request<DataRequestApproval>(`/candidates/privacy/requests/${encodeURIComponent(id)}/approve`, { method: 'POST' }),
  denyDataRequest: (id: string, reason: string) => request<DataRequest>(`/candidates/privacy/requests/${encodeURIComponent(id)}/deny`, { method: 'POST', body: { reason } }),
  // The candidate's request, from the signed link in their email (no account, no bearer).
  requestCandidateData: (token: string, kind: DataRequestKind) => request<DataRequestReceipt>('/candidate/privacy/requests', { method: 'POST', body: { token, kind }, token: null }),
  // candidate (token = the invitation token)
  getCandidateSession: (token: string) => request<CandidateSession>('/candidate/session', { token }),
  // AI preparation tips for this invitation, in the candidate's language (never the questions).
  getPreparationTips: (token: string) => request<{ tips: string[]; language: string }>('/candidate/preparation-tips', { token }),
  createAnswerUpload: (token: string, body: { question_id: string; content_type: string; size_bytes?: number }, idempotencyKey = newIdempotencyKey()) => request<UploadGrant>('/candidate/answers', { method: 'POST', body, token, idempotencyKey }),
  createAnswerAudioChunk: (token: string, answerId: string, n: number, body: { start_ms: number }) => request<gen.AudioChunkUploadPublic>(`/candidate/answers/${encodeURIComponent(answerId)}/chunks/${n}`, { method: 'POST', body, token }),
  completeAnswerUpload: (token: string, answerId: string, parts?: { part_number: number; etag: string }[]) => request<AnswerStatusPublic>(`/candidate/answers/${encodeURIComponent(answerId)}/complete`, { method: 'POST', body: parts ? { parts } : {}, token }),
  // Fresh part URLs for an unfinished multipart upload whose URLs expired (parts sent stay in place).
  renewAnswerUploadParts: (token: string, answerId: string) => request<UploadGrant>(`/candidate/answers/${encodeURIComponent(answerId)}/parts`, { method: 'POST', token }),
  // An expired link asks for a new one (202); the recruiter is emailed at most once a day.
  requestNewLink: (token: string) => request<LinkRequest>('/candidate/link-request', { method: 'POST', token }),
  giveConsent: (token: string, body: ConsentGive) => request<Consent>('/candidate/consent', { method: 'POST', token, body }),
  finishInterview: (token: string) => request<{ interview_id: string; status: InterviewStatus; completed_at: string | null }>('/candidate/finish', { method: 'POST', token }),
  // HR analytics (managers): read models kept from the event bus; a bounded number of reads.
  getAnalytics: (query: { template_id?: string; language?: Lang; period?: AnalyticsPeriod; from?: string; to?: string } = {}) => request<AnalyticsReport>('/company/analytics', { query }),
  // 2-6 interviews of one template side by side (422 for a mix of templates or a repeated id).
  compareInterviews: (interviewIds: string[]) => request<Comparison>('/company/analytics/comparisons', { method: 'POST', body: { interview_ids: interviewIds } }),
  exportInterviews: (query: { template_id?: string; from?: string; to?: string } = {}) => requestBlob('/company/analytics/interviews.csv', { query }),
  // PDFs in the reader's language, stored in S3: a presigned link valid for an hour.
  exportInterviewReport: (id: string) => request<StoredFile>(`/company/analytics/reports/interviews/${encodeURIComponent(id)}`, { method: 'POST' }),
  exportComparisonReport: (interviewIds: string[]) => request<StoredFile>('/company/analytics/reports/comparisons', { method: 'POST', body: { interview_ids: interviewIds } }),
};

export function isMfaChallenge(x: unknown): x is MfaChallenge {
  return !!x && typeof x === 'object' && typeof (x as MfaChallenge).challenge === 'string' && typeof (x as MfaChallenge).session === 'string';
}

// ---- admin screens (issue 12): team, security, notifications, webhooks, API keys, hooks ------
// Types come from src/api-types.ts, generated from docs/openapi.json (`npm run types`).


/** A webhook event type, as the API's schema lists them. */
export type EventType = NonNullable<gen.WebhookCreate['event_types']>[number];
/** An email a member may turn off (updateMe's `muted_notifications`). */
export type OptionalEmail = NonNullable<gen.MeUpdate['muted_notifications']>[number];
export type ApiKeyScope = NonNullable<gen.ApiKeyCreate['scopes']>[number];

const id = encodeURIComponent;
export const adminApi = {
  listUsers: () => request<gen.Reply<'listUsers'>>('/users'),
  createUser: (body: gen.Body<'createUser'>, idempotencyKey = newIdempotencyKey()) => request<gen.Reply<'createUser'>>('/users', { method: 'POST', body, idempotencyKey }),
  updateUser: (userId: string, body: gen.Body<'updateUser'>) => request<gen.Reply<'updateUser'>>(`/users/${id(userId)}`, { method: 'PATCH', body }),
  deactivateUser: (userId: string) => request<gen.Reply<'deactivateUser'>>(`/users/${id(userId)}/deactivate`, { method: 'POST' }),
  reactivateUser: (userId: string) => request<gen.Reply<'reactivateUser'>>(`/users/${id(userId)}/reactivate`, { method: 'POST' }),
  getMe: () => request<gen.Reply<'getMe'>>('/me'),
  updateMe: (body: gen.Body<'updateMe'>) => request<gen.Reply<'updateMe'>>('/me', { method: 'PATCH', body }),
  setupMfa: () => request<gen.Reply<'setupMfa'>>('/me/mfa/setup', { method: 'POST' }),
  verifyMfa: (code: string) => request<gen.Reply<'verifyMfa'>>('/me/mfa/verify', { method: 'POST', body: { code } satisfies gen.Body<'verifyMfa'> }),
  listWebhooks: () => request<gen.Reply<'listWebhooks'>>('/webhooks'),
  createWebhook: (body: gen.Body<'createWebhook'>) => request<gen.Reply<'createWebhook'>>('/webhooks', { method: 'POST', body }),
  updateWebhook: (webhookId: string, body: gen.Body<'updateWebhook'>) => request<gen.Reply<'updateWebhook'>>(`/webhooks/${id(webhookId)}`, { method: 'PATCH', body }),
  deleteWebhook: (webhookId: string) => request<gen.Reply<'deleteWebhook'>>(`/webhooks/${id(webhookId)}`, { method: 'DELETE' }),
  rotateWebhookSecret: (webhookId: string) => request<gen.Reply<'rotateWebhookSecret'>>(`/webhooks/${id(webhookId)}/rotate-secret`, { method: 'POST' }),
  sendTestWebhook: (webhookId: string) => request<gen.Reply<'sendTestWebhook'>>(`/webhooks/${id(webhookId)}/test`, { method: 'POST' }),
  listWebhookDeliveries: (webhookId: string, query: gen.Query<'listWebhookDeliveries'> = {}) => request<gen.Reply<'listWebhookDeliveries'>>(`/webhooks/${id(webhookId)}/deliveries`, { query }),
  replayWebhookDelivery: (webhookId: string, eventId: string) => request<gen.Reply<'replayWebhookDelivery'>>(`/webhooks/${id(webhookId)}/deliveries/${id(eventId)}/replay`, { method: 'POST' }),
  listApiKeys: () => request<gen.Reply<'listApiKeys'>>('/integrations/api-keys'),
  createApiKey: (body: gen.Body<'createApiKey'>) => request<gen.Reply<'createApiKey'>>('/integrations/api-keys', { method: 'POST', body }),
  revokeApiKey: (keyId: string) => request<gen.Reply<'revokeApiKey'>>(`/integrations/api-keys/${id(keyId)}/revoke`, { method: 'POST' }),
  listHooks: () => request<gen.Reply<'listHooks'>>('/integrations/hooks'),
};

// ---- interview actions (issue 12): deadline, decision history, share links, reprocess ----------

export type DecisionEntry = gen.DecisionEntryPublic;
/** getInterview's decision history, newest first (`decision` is the latest). */
export type WithDecisions = { decisions?: DecisionEntry[] };
export type ShareLink = gen.ShareLinkPublic;
export type NewShareLink = gen.NewShareLinkPublic;
// The schema leaves the AI's analysis open (a map): the screens read it with the analysis types.
export type SharedAnswer = Omit<gen.SharedAnswer, 'analysis'> & { analysis: AnswerAnalysis | null };
export type SharedInterview = Omit<gen.SharedInterviewPublic, 'answers' | 'analysis'> & {
  answers: SharedAnswer[]; analysis: InterviewDetail['analysis'];
};

const ivPath = (id: string) => `/interviews/${encodeURIComponent(id)}`;
export const actionsApi = {
  extendInterviewDeadline: (id: string, deadline: string) => request<Interview>(`${ivPath(id)}/extend-deadline`, { method: 'POST', body: { deadline } }),
  reprocessAnswer: (id: string, answerId: string) => request<Answer>(`${ivPath(id)}/answers/${encodeURIComponent(answerId)}/reprocess`, { method: 'POST' }),
  createShareLink: (id: string, expiresInDays: number) => request<NewShareLink>(`${ivPath(id)}/share-links`, { method: 'POST', body: { expires_in_days: expiresInDays } }),
  listShareLinks: (id: string) => request<{ items: ShareLink[] }>(`${ivPath(id)}/share-links`),
  revokeShareLink: (id: string, linkId: string) => request<ShareLink>(`${ivPath(id)}/share-links/${encodeURIComponent(linkId)}/revoke`, { method: 'POST' }),
  // The hiring manager's read-only view: the share link's token, never the recruiter's session.
  getSharedInterview: (token: string) => request<SharedInterview>('/interviews/shared/view', { token }),
};

// ---- templates: search, duplicate, question bank, intro (issue 12) ------------------------
export type IntroVideo = gen.IntroVideoPublic;
export type CandidateIntro = gen.CandidateIntro;
export type IntroVideoType = 'video/mp4' | 'video/webm' | 'video/quicktime';
export const INTRO_VIDEO_TYPES: readonly IntroVideoType[] = ['video/mp4', 'video/webm', 'video/quicktime'];
export const INTRO_VIDEO_MAX_BYTES = 100 * 1024 * 1024;
export const INTRO_TEXT_MAX = 4000;
export type IntroUpload = gen.IntroUploadPublic;
export type BankQuestionWrite = Omit<QuestionDraft, 'id'>;
export type BankQuestion = gen.BankQuestionPublic;

const tpl = (id: string) => `/templates/${encodeURIComponent(id)}`;
const BANK = '/templates/bank/questions';
export const templatesApi = {
  // q: part of a name or a question's text (2-100 characters).
  listTemplates: (query: { status?: TemplateStatus; q?: string; limit?: number; cursor?: string | null } = {}) => request<Page<Template>>('/templates', { query }),
  // A new draft "<name> (copy)"; the client sends the name in the reader's language.
  duplicateTemplate: (id: string, name?: string, idempotencyKey = newIdempotencyKey()) => request<Template>(`${tpl(id)}/duplicate`, { method: 'POST', body: name ? { name } : {}, idempotencyKey }),
  createTemplateIntroUpload: (id: string, body: { content_type: IntroVideoType; size_bytes: number }) => request<IntroUpload>(`${tpl(id)}/intro-video/upload`, { method: 'POST', body }),
  attachTemplateIntroVideo: (id: string, key: string) => request<Template>(`${tpl(id)}/intro-video`, { method: 'PUT', body: { key } }),
  removeTemplateIntroVideo: (id: string) => request<Template>(`${tpl(id)}/intro-video`, { method: 'DELETE' }),
  listBankQuestions: (query: { q?: string; limit?: number; cursor?: string | null } = {}) => request<Page<BankQuestion>>(BANK, { query }),
  createBankQuestion: (body: BankQuestionWrite, idempotencyKey = newIdempotencyKey()) => request<BankQuestion>(BANK, { method: 'POST', body, idempotencyKey }),
  updateBankQuestion: (id: string, body: Partial<BankQuestionWrite>) => request<BankQuestion>(`${BANK}/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
  deleteBankQuestion: (id: string) => request<null>(`${BANK}/${encodeURIComponent(id)}`, { method: 'DELETE' }),
};
