// The API client: typed calls per operationId, problem+json errors, bearer tokens.
// Types mirror docs/openapi.json; fields other engineers are adding are optional on purpose.

export type Lang = 'en' | 'ru' | 'de' | 'es';
export type InterviewStatus = 'pending' | 'in_progress' | 'completed' | 'analyzed' | 'expired' | 'cancelled';
export type TemplateStatus = 'draft' | 'active' | 'archived';
export type Outcome = 'advance' | 'hire' | 'reject';
export type AnswerStatus = 'uploading' | 'uploaded' | 'processing' | 'transcribed' | 'scored' | 'failed';

export interface Branding { logo_url?: string | null; primary_color?: string }
export interface Company { id: string; name: string; branding: Branding; default_language: Lang; recording_retention_months?: number; support_email?: string | null; privacy_url?: string | null }
export type Role = 'admin' | 'hr' | 'interviewer';
export interface Me { id: string; email: string; name: string; role: Role; language: Lang; created_at: string; company: Company }
export interface Tokens { access_token: string; expires_in: number; refresh_token?: string | null; id_token?: string | null }
export interface MfaChallenge { challenge: string; session: string }
export interface RegistrationRequest { company_name: string; admin_name: string; email: string; password: string; language: Lang }
export interface Registration { company: Company; admin: Omit<Me, 'company'>; confirmation_required: boolean }

export interface Question {
  id: string;
  text: string;
  time_limit_seconds?: number;
  think_time_seconds?: number;
  retakes?: number;
  competencies?: string[];
  ideal_answer?: string | null;
}
export interface Template {
  id: string; version: number; name: string; description: string; language: Lang;
  status: TemplateStatus; questions: Question[]; created_by: string; created_at: string;
  updated_at: string; published_at: string | null;
  /** The company scorecard template its interviews' reviewers fill in. */
  scorecard_template_id?: string | null;
}
export type QuestionDraft = Omit<Question, 'id'> & { id?: string };
export interface TemplateWrite { name?: string; description?: string; language?: Lang; questions?: QuestionDraft[]; scorecard_template_id?: string | null }
export interface Candidate { name: string; email: string; language?: Lang }
export interface Decision { outcome: Outcome; note?: string; decided_by: string; decided_at: string }
export interface Progress { answered: number; total: number; current_question_index: number | null; remaining_seconds_estimate: number }
export interface Interview {
  id: string; template_id: string; template_version: number; template_name: string;
  candidate: Candidate; status: InterviewStatus; deadline: string; reviewer_ids: string[];
  created_at: string; invited_at: string; invitations_sent: number; started_at: string | null;
  completed_at: string | null; cancelled_at: string | null; decision: Decision | null;
  progress?: Progress | null;
  overall_score?: number | null;
  recommendation?: 'hire' | 'consider' | 'reject' | null;
  recordings_deleted_at?: string | null;
  /** When the candidate last asked for a new link on the expired page. */
  link_requested_at?: string | null;
  /** The candidate's consent to recording and AI analysis (welcome page). */
  consent?: Consent | null;
  /** The candidate asked for people alone to review: no AI score is made. */
  human_review_only?: boolean;
}
/** What the candidate agreed to, with the server's time and the wording's version and language. */
export interface Consent { consented_at: string; text_version: string; language: Lang; recording_and_ai_analysis: boolean; human_review_only: boolean }
export interface ConsentGive { text_version: string; language: Lang; recording_and_ai_analysis: boolean; human_review_only: boolean }
export interface Invitation extends Interview { candidate_url: string; token: string }

export interface Criterion { score?: number; reason?: string; evidence?: string | string[] }
export interface TranscriptSegment { start: number; end: number; text: string }
export interface AnswerAnalysis {
  criteria?: Record<string, Criterion | number>;
  overall?: number; score?: number; summary?: string;
  [k: string]: unknown;
}
export interface Answer {
  id: string; question_id: string; question_index: number; attempt: number; status: AnswerStatus;
  content_type: string; size_bytes: number | null; created_at: string; uploaded_at: string | null;
  failure_reason: string | null;
  duration_seconds?: number | null;
  media?: { original_url?: string | null; video_url?: string | null; poster_url?: string | null; captions_url?: string | null } | null;
  transcript?: string | null;
  segments?: TranscriptSegment[] | null;
  language?: string | null;
  analysis?: AnswerAnalysis | null;
}
export interface InterviewDetail extends Interview {
  questions: Question[];
  answers: Answer[];
  recordings_delete_on?: string | null;
  analysis?: {
    overall?: number; overall_score?: number; recommendation?: string; summary?: string;
    strengths?: string[]; concerns?: string[]; criteria?: Record<string, number>;
    [k: string]: unknown;
  } | null;
  /** The reviewers' ratings beside the AI's; `hidden` until the caller submits theirs (when the template says so). */
  scorecard_summary?: ScorecardSummary | null;
}

// ---- team collaboration (functions/collaboration) ---------------------------------------

export interface UserPublic { id: string; email: string; name: string; role: Role; language: Lang; mfa_enabled: boolean; active?: boolean; created_at: string }
/** Someone who can be @mentioned on an interview (or is one of its reviewers). */
export interface Member { id: string; name: string; role: Role }
export interface Reviewers { interview_id: string; reviewer_ids: string[] }
export interface Mention { user_id: string; name: string }
export interface Comment {
  id: string; interview_id: string; answer_id: string | null; parent_id: string | null;
  at_seconds: number | null; author_id: string; author_name: string;
  /** null once deleted: shown as a placeholder, its replies stay. */
  text: string | null; deleted: boolean; mentions: Mention[];
  created_at: string; edited_at: string | null; deleted_at: string | null;
}
export interface CommentCreate { text: string; parent_id?: string | null; answer_id?: string | null; at_seconds?: number | null; mentioned_user_ids?: string[] }
export interface Notification {
  id: string; kind: 'mention'; interview_id: string; comment_id: string; answer_id: string | null;
  actor_id: string; actor_name: string; candidate_name: string; excerpt: string;
  comment_deleted: boolean; created_at: string; read_at: string | null;
}
export type ScorecardRecommendation = 'strong_no' | 'no' | 'yes' | 'strong_yes';
export interface Competency { id: string; name: string; description?: string; anchors: string[] }
export interface ScorecardTemplate {
  id: string; name: string; description: string; competencies: Competency[];
  hide_others_until_submitted: boolean; version: number; created_by: string; created_at: string; updated_at: string;
}
export interface ScorecardTemplateWrite { name: string; description?: string; competencies: (Omit<Competency, 'id'> & { id?: string | null })[]; hide_others_until_submitted?: boolean }
export interface Rating { competency_id: string; competency_name: string; rating: number; note?: string }
export interface Scorecard {
  interview_id: string; reviewer_id: string; reviewer_name: string;
  scorecard_template_id: string; scorecard_template_version: number;
  ratings: Rating[]; recommendation: ScorecardRecommendation; notes: string;
  submitted_at: string; updated_at: string;
}
export interface ScorecardSubmit { ratings: { competency_id: string; rating: number; note?: string }[]; recommendation: ScorecardRecommendation; notes?: string }
export interface CompetencySummary { competency_id: string; name: string; count: number; mean: number; min: number; max: number; spread: number }
export interface ScorecardSummary {
  hidden: boolean; submitted: number; competencies: CompetencySummary[];
  recommendations: Partial<Record<ScorecardRecommendation, number>>;
  human_score?: number | null; ai_score?: number | null;
  ai_recommendation?: 'hire' | 'consider' | 'reject' | null;
  agreeing?: number; agreement?: number | null;
}
export interface ScorecardList { items: Scorecard[]; hidden_count: number; scorecard_template: ScorecardTemplate | null; summary: ScorecardSummary }
export interface Page<T> { items: T[]; next_cursor: string | null }

export type PlanName = 'free' | 'plus' | 'pro';
export type PaymentStatus = 'ok' | 'failed' | 'lapsed';
export interface PlanPublic { name: PlanName; title: string; monthly_interviews: number | null }
export interface Billing {
  plan: PlanName; plan_title: string; usage: number; limit: number | null; resets_at: string;
  own_plan: PlanName; subscription_status: string | null; renews_at: string | null;
  cancel_at_period_end: boolean; payment_status: PaymentStatus; grace_until: string | null;
  can_manage: boolean; plans: PlanPublic[];
}
/** The extension members of a 402 (functions/billing/quotas.py): the month's interviews are used up. */
export interface QuotaExceeded { plan: PlanName; usage: number; limit: number; requested: number; resets_at: string; upgrade_url: string }

export interface QuestionSlot { index: number; id: string; time_limit_seconds: number; think_time_seconds: number; attempts_allowed: number; attempts_used: number; answered: boolean }
export interface CurrentQuestion { index: number; id: string; text: string; time_limit_seconds: number; think_time_seconds: number; attempts_left: number; label: string }
export interface CandidateSession {
  interview_id: string; status: InterviewStatus; company: { name: string; branding: Branding };
  candidate_name: string; language: Lang; deadline: string; progress: Progress;
  questions: QuestionSlot[]; current_question: CurrentQuestion | null;
  /** Whom the candidate asks for help: the company's support address, else their recruiter. */
  contact?: CandidateContact | null;
  /** The company's privacy policy and how long recordings are kept, for the consent. */
  privacy_url?: string | null;
  recording_retention_months: number;
  /** Recording needs it (createAnswerUpload answers 409 consent-required without). */
  consent?: Consent | null;
}
export interface CandidateContact { name: string; email: string }
export interface LinkRequest { requested_at: string; recruiter_notified: boolean }
export interface UploadGrant {
  answer_id: string; question_id: string; attempt: number; method: 'POST' | 'MULTIPART';
  url: string | null; fields: Record<string, string>; headers: Record<string, string>;
  part_size_bytes: number | null; parts: { part_number: number; url: string }[];
  max_bytes: number; expires_at: string;
}
export interface AnswerStatusPublic { answer_id: string; question_id: string; attempt: number; status: AnswerStatus; size_bytes: number | null; failure_reason: string | null }

// ---- analytics (issue 14) ------------------------------------------------------------------

export type AnalyticsPeriod = 'week' | 'month' | 'quarter' | 'year';
export type FunnelStepName = 'invited' | 'started' | 'completed' | 'analyzed' | 'decided' | 'hired';
/** A duration percentile: its logarithmic bin's middle, and the bin's bounds (which hold the true value). */
export interface Percentile { seconds: number; low_seconds: number; high_seconds: number }
export interface Times { count: number; median: Percentile | null; p90: Percentile | null; mean_seconds: number | null }
export interface FunnelStep { step: FunnelStepName | string; count: number; conversion: number | null; of_invited: number | null; time_from_previous: Times | null }
export interface DropOff { question_index: number; question_id: string | null; question_text: string | null; count: number }
export interface Moments { count: number; mean: number | null; standard_deviation: number | null }
export interface ScoreDistribution { moments: Moments; bins: number[]; recommendations: Record<string, number> }
export interface Agreement { matrix: Record<string, Record<string, number>>; decisive: number; agreed: number; rate: number | null }
export interface QuestionEffectiveness {
  question_id: string; question_text: string | null; scores: Moments; item_total: number | null;
  label: 'poor' | 'fair' | 'good' | string | null; decided: number; point_biserial: number | null;
}
export interface LanguageScores { language: string; scores: Moments; bins: number[]; rest: Moments; difference: number | null; flagged: boolean; advice: string | null }
export interface AnalyticsReport {
  funnel: FunnelStep[]; drop_off: DropOff[]; time_to_hire: Times; completion_time: Times;
  scores: ScoreDistribution; agreement: Agreement; questions: QuestionEffectiveness[];
  languages: LanguageScores[]; expired: number; template_id: string | null; language: string | null;
  first_day: string; last_day: string; items_read: number;
}
export interface CriterionResult { criterion: string; score: number; reason: string; evidence: string[] }
export interface QuestionResult { question_id: string; question_text: string; overall: number | null; language: string | null; criteria: CriterionResult[]; transcript_excerpt: string | null }
export interface InterviewResult {
  interview_id: string; candidate_name: string; candidate_language: string; template_id: string;
  template_name: string; status: string; overall_score: number | null; recommendation: string | null;
  summary: string | null; decision: string | null; decision_note: string | null;
  criteria: Record<string, number>; questions: QuestionResult[];
}
export interface Comparison { template_id: string; template_name: string; questions: string[]; interviews: InterviewResult[] }
/** A file stored in S3 behind a presigned link (PDF reports). */
export interface StoredFile { url: string; expires_in_seconds: number; size_bytes: number; key: string }

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
  // candidate (token = the invitation token)
  getCandidateSession: (token: string) => request<CandidateSession>('/candidate/session', { token }),
  // AI preparation tips for this invitation, in the candidate's language (never the questions).
  getPreparationTips: (token: string) => request<{ tips: string[]; language: string }>('/candidate/preparation-tips', { token }),
  createAnswerUpload: (token: string, body: { question_id: string; content_type: string; size_bytes?: number }, idempotencyKey = newIdempotencyKey()) => request<UploadGrant>('/candidate/answers', { method: 'POST', body, token, idempotencyKey }),
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
