// Generated from docs/openapi.json by scripts/openapi-types.mjs (`npm run types`,
// also run by `make openapi`). Do not edit: change the API and regenerate.

export type Agreement = {
  /** AI recommendation -> human outcome */
  matrix: {
    [key: string]: {
      [key: string]: number;
    };
  };
  /** AI hire or reject, with a human decision */
  decisive: number;
  /** AI hire with advance/hire, or AI reject with reject */
  agreed: number;
  rate: number | null;
};

export type AnalysisVersionList = {
  /** Newest first */
  items: AnalysisVersionPublic[];
  /** The candidate asked for a human-only review: there is no AI analysis, and none can be made (rescoreInterview is refused) */
  human_review_only?: boolean;
};

export type AnalysisVersionPublic = {
  version: number;
  /** The interview's analysis of this version */
  analysis: {
    [key: string]: unknown;
  };
  /** Answer id -> that answer's scores in this version */
  answers: {
    [key: string]: {
      [key: string]: unknown;
    };
  };
  /** What a re-score scored with; null: the interview's own rubric (the template version it was created from, equal weights) */
  rubric: Rubric | null;
  created_at: string;
};

export type AnalyticsReport = {
  funnel: FunnelStep[];
  drop_off: DropOff[];
  time_to_hire: Times;
  completion_time: Times;
  scores: ScoreDistribution;
  agreement: Agreement;
  /** per template question; empty unless one template is chosen */
  questions: QuestionEffectiveness[];
  languages: LanguageScores[];
  expired: number;
  template_id: string | null;
  language: string | null;
  first_day: string;
  last_day: string;
  items_read: number;
};

export type AnswerAnalysis = {
  criteria: {
    [key: string]: CriterionScore;
  };
  overall: number;
  strengths: string[];
  improvements: string[];
  language: string;
  language_mismatch: boolean;
  provider: string;
  model: string;
  prompt_version: string;
  usage?: Usage;
};

export type AnswerPublic = {
  id: string;
  question_id: string;
  question_index: number;
  attempt: number;
  status: AnswerStatus;
  content_type: string;
  size_bytes: number | null;
  created_at: string;
  uploaded_at: string | null;
  failure_reason: string | null;
  /** recording: the candidate can record again; provider: an outside service kept failing, reprocessAnswer runs the pipeline again */
  failure_kind?: "recording" | "provider" | null;
  processing_attempt?: number;
  duration_seconds?: number | null;
  media: MediaLinks;
  /** The playable video, apart from status: the answer is transcribed and scored from its audio while the video may still be processing; failed: media_issues.video says why (the original stays playable). None before processing */
  video_status?: VideoStatus | null;
  /** What could not be made from a usable recording (video, images) and why; the answer is still transcribed and scored, and the original stays playable */
  media_issues?: {
    [key: string]: string;
  };
  transcript?: string | null;
  /** Detected spoken language (ISO 639-1) */
  language?: string | null;
  analysis?: {
    [key: string]: unknown;
  } | null;
};

export type AnswerStatus = "uploading" | "uploaded" | "processing" | "transcribed" | "scored" | "failed";

export type AnswerStatusPublic = {
  answer_id: string;
  question_id: string;
  attempt: number;
  status: AnswerStatus;
  size_bytes: number | null;
  failure_reason: string | null;
};

export type AnswerUploadComplete = {
  /** MULTIPART only: the ETag S3 returned for each part */
  parts?: CompletedPart[] | null;
};

export type AnswerUploadCreate = {
  question_id: string;
  content_type: string;
  /** Known size: small files get a single POST. Omit when streaming while recording: you get a multipart upload with a URL per part. When given, the stored recording must be exactly this size, or completing it is refused (UploadRejected) and the candidate records again. */
  size_bytes?: number | null;
};

export type AnswerUploadPublic = {
  answer_id: string;
  question_id: string;
  attempt: number;
  method: "POST" | "MULTIPART";
  /** POST: the form's action URL */
  url: string | null;
  /** POST: form fields to send before the file */
  fields: {
    [key: string]: string;
  };
  /** Headers to send with every request */
  headers: {
    [key: string]: string;
  };
  /** MULTIPART: every part but the last */
  part_size_bytes: number | null;
  /** MULTIPART: PUT each part to its URL */
  parts: UploadPart[];
  max_bytes: number;
  expires_at: string;
};

export type ApiKeyCreate = {
  /** What the key is for */
  name: string;
  scopes?: ("jobs:write" | "candidates:write" | "interviews:write" | "hooks:write")[];
};

export type ApiKeyCreated = {
  id: string;
  name: string;
  /** The visible start of the key */
  prefix: string;
  scopes: ("jobs:write" | "candidates:write" | "interviews:write" | "hooks:write")[];
  created_by: string;
  created_at: string;
  revoked_at: string | null;
  /** Shown once: only its SHA-256 hash is stored */
  key: string;
};

export type ApiKeyList = {
  items: ApiKeyPublic[];
};

export type ApiKeyPublic = {
  id: string;
  name: string;
  /** The visible start of the key */
  prefix: string;
  scopes: ("jobs:write" | "candidates:write" | "interviews:write" | "hooks:write")[];
  created_by: string;
  created_at: string;
  revoked_at: string | null;
};

export type Attempt = {
  number: number;
  at: string;
  status_code?: number | null;
  error?: string | null;
  duration_ms: number;
};

export type AudioChunkCreate = {
  /** Where the chunk starts on the recording's clock (ms since the video recording started); a chunk starts about 500 ms before the previous one ends */
  start_ms: number;
};

export type AudioChunkUploadPublic = {
  answer_id: string;
  /** The chunk's number, from 0 in recording order */
  index: number;
  /** The form's action URL (multipart/form-data POST) */
  url: string;
  /** Form fields to send before the file */
  fields: {
    [key: string]: string;
  };
  /** The file's type: a WAV, 16 kHz mono 16-bit PCM */
  content_type: string;
  max_bytes: number;
  expires_at: string;
};

export type AuditEntry = {
  id: string;
  at: string;
  actor_id: string;
  actor_kind: "user" | "api_key";
  actor_role: string;
  action: string;
  target_kind: string;
  target_id: string;
  source_ip?: string | null;
  request_id?: string | null;
};

export type AuditLogPage = {
  items: AuditEntry[];
  /** Pass back as `cursor` for the next (older) page */
  next_cursor?: string | null;
};

/** A question saved to the company's question bank. */
export type BankQuestionCreate = {
  text: string;
  time_limit_seconds?: number;
  think_time_seconds?: number;
  retakes?: number;
  competencies?: string[];
  ideal_answer?: string | null;
};

export type BankQuestionList = {
  items: BankQuestionPublic[];
  next_cursor: string | null;
};

export type BankQuestionPublic = {
  text: string;
  time_limit_seconds?: number;
  think_time_seconds?: number;
  retakes?: number;
  competencies?: string[];
  ideal_answer?: string | null;
  id: string;
  created_by: string;
  created_at: string;
  updated_at: string;
};

/** Only the fields sent change. */
export type BankQuestionUpdate = {
  text?: string | null;
  time_limit_seconds?: number | null;
  think_time_seconds?: number | null;
  retakes?: number | null;
  competencies?: string[] | null;
  ideal_answer?: string | null;
};

export type BillingPublic = {
  /** The plan that applies now */
  plan: PlanName;
  plan_title: string;
  /** Interviews created this calendar month (UTC) */
  usage: number;
  /** Interviews the plan allows a month; null: unlimited */
  limit: number | null;
  /** When the month's count starts again */
  resets_at: string;
  /** The company's plan without a subscription */
  own_plan: PlanName;
  /** Stripe's status of the subscription */
  subscription_status: string | null;
  renews_at: string | null;
  cancel_at_period_end: boolean;
  /** failed: the plan holds until grace_until; lapsed: the grace period is over */
  payment_status: "ok" | "failed" | "lapsed";
  grace_until: string | null;
  /** Whether there is a billing portal to open */
  can_manage: boolean;
  plans: PlanPublic[];
};

export type Branding = {
  logo_url?: string | null;
  primary_color?: string;
};

export type BulkInvitationPublic = {
  id: string;
  template_id: string;
  template_version: number;
  template_name: string;
  candidate: Candidate;
  status: InterviewStatus;
  deadline: string;
  reviewer_ids: string[];
  created_at: string;
  invited_at: string;
  invitations_sent: number;
  started_at: string | null;
  completed_at: string | null;
  cancelled_at: string | null;
  decision: Decision | null;
  /** Answered questions */
  progress?: Progress | null;
  /** The AI analysis's overall score, once analyzed */
  overall_score?: number | null;
  /** The AI analysis's recommendation, once analyzed */
  recommendation?: "hire" | "consider" | "reject" | null;
  /** When the retention purge deleted the recordings and their media (the transcript text, scores and analysis stay) */
  recordings_deleted_at?: string | null;
  /** When the candidate last asked for a new link (expired link) */
  link_requested_at?: string | null;
  /** The candidate's consent to recording and AI analysis: when, which wording version, in which language */
  consent?: Consent | null;
  /** The candidate asked for a human-only review: no AI score, recommendation or analysis is made (the answers are still transcribed) */
  human_review_only?: boolean;
  candidate_url: string;
  candidate_id: string | null;
  external: ExternalIds | null;
};

export type BulkInviteRequest = {
  template_id: string;
  candidate_ids: string[];
  deadline?: string | null;
};

export type BulkInviteResult = {
  items: BulkInvitationPublic[];
};

export type Candidate = {
  name: string;
  /** ASCII before the @; an internationalized domain is stored as punycode */
  email: string;
  language?: "en" | "ru" | "de" | "es";
};

/** Whom the candidate asks for help: the company's support address, else their recruiter. */
export type CandidateContact = {
  name: string;
  email: string;
};

export type CandidateDetail = {
  candidate: CandidateProfile;
  interviews: InterviewPublic[];
};

export type CandidateExportPublic = {
  id: string;
  /** Presigned link to the zip (short-lived) */
  download_url: string;
  expires_in_seconds: number;
  size_bytes: number;
  /** Files in the zip: JSON documents and media objects */
  files: number;
  interviews: number;
  live_interviews: number;
  media_objects: number;
  created_at: string;
};

/**
 * A candidate within the company: their directory entries and every interview sent to this
 * address (compared in lower case). In the body, not the path, so it stays out of logs.
 */
export type CandidateIdentity = {
  /** ASCII before the @; an internationalized domain is stored as punycode */
  email: string;
};

export type CandidateImportResult = {
  outcome: "created" | "updated" | "unchanged";
  candidate: CandidateProfile;
};

/** The template's intro for the welcome page, before the first question. */
export type CandidateIntro = {
  text: string;
  /** A short-lived (15 minutes) link to play it */
  video_url: string | null;
  video_content_type: string | null;
};

export type CandidateList = {
  items: CandidateProfile[];
};

/** A person in the company's candidate directory (interviews refer to them by id). */
export type CandidateProfile = {
  company_id: string;
  id: string;
  name: string;
  /** ASCII before the @; an internationalized domain is stored as punycode */
  email: string;
  language?: "en" | "ru" | "de" | "es";
  phone?: string | null;
  tags?: string[];
  skills?: string[];
  external?: ExternalIds | null;
  created_at: string;
  updated_at: string;
};

export type CandidateSessionPublic = {
  interview_id: string;
  status: InterviewStatus;
  company: CompanyBrand;
  candidate_name: string;
  language: "en" | "ru" | "de" | "es";
  deadline: string;
  progress: Progress;
  questions: QuestionSlot[];
  current_question: CurrentQuestion | null;
  contact?: CandidateContact | null;
  intro?: CandidateIntro | null;
  /** The company's privacy policy, linked from the consent */
  privacy_url?: string | null;
  /** Recordings are deleted this many months after the decision */
  recording_retention_months: number;
  /** The consent given (giveConsent); recording needs it */
  consent?: Consent | null;
};

export type CandidatesImportRequest = {
  /** Payload shape: api, greenhouse or lever */
  source?: "api" | "greenhouse" | "lever";
  /** api: {external_id, name, email, language, phone, tags, skills, job_external_id}; greenhouse: candidates or applications (or webhook bodies); lever: opportunities */
  candidates: {
    [key: string]: unknown;
  }[];
};

export type CandidatesImportResult = {
  created: number;
  updated: number;
  unchanged: number;
  items: CandidateImportResult[];
};

export type ChallengeAnswer = {
  /** ASCII before the @; an internationalized domain is stored as punycode */
  email: string;
  challenge: "SOFTWARE_TOKEN_MFA" | "NEW_PASSWORD_REQUIRED";
  /** From login */
  session: string;
  /** SOFTWARE_TOKEN_MFA */
  code?: string | null;
  /** NEW_PASSWORD_REQUIRED */
  new_password?: string | null;
};

export type CheckResult = {
  status: "ok" | "down";
  latency_ms: number;
  detail?: string | null;
};

export type CheckoutRequest = {
  plan: "plus" | "pro";
};

export type CommentCreate = {
  /** Plain text (no Markdown is rendered); @names stay as typed */
  text: string;
  /** Reply to this thread's first comment (one level of replies) */
  parent_id?: string | null;
  /** Comment on this answer; omit for the interview itself */
  answer_id?: string | null;
  /** A moment in the answer's video (clicking it seeks); needs answer_id and lies within the video when its length is known */
  at_seconds?: number | null;
  /** Ids of the members the text @mentions (each told once per comment, in the app and by email). An interviewer not assigned to the interview cannot be mentioned: 422 naming them (`unassigned_user_ids`); assign them first */
  mentioned_user_ids?: string[];
};

export type CommentList = {
  /** Oldest first: a thread's first comment comes before its replies */
  items: CommentPublic[];
  next_cursor: string | null;
};

export type CommentPublic = {
  id: string;
  interview_id: string;
  answer_id: string | null;
  /** The thread's first comment, for a reply */
  parent_id: string | null;
  at_seconds: number | null;
  author_id: string;
  author_name: string;
  /** null once deleted: show a 'deleted' placeholder */
  text: string | null;
  deleted: boolean;
  mentions: Mention[];
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
};

/**
 * Only the fields sent change; `mentioned_user_ids` replaces the list, and only members not
 * mentioned before on this comment are told.
 */
export type CommentUpdate = {
  text?: string | null;
  /** Ids of the members the text @mentions (each told once per comment, in the app and by email). An interviewer not assigned to the interview cannot be mentioned: 422 naming them (`unassigned_user_ids`); assign them first */
  mentioned_user_ids?: string[] | null;
};

export type CompanyBrand = {
  name: string;
  branding: Branding;
};

export type CompanyPublic = {
  id: string;
  name: string;
  branding: Branding;
  default_language: "en" | "ru" | "de" | "es";
  embed_origins: string[];
  /** Months candidates' recordings are kept after the decision */
  recording_retention_months: number;
  /** Where candidates ask for help (their page's help link) */
  support_email?: string | null;
  /** The privacy policy candidates see beside their consent */
  privacy_url?: string | null;
};

export type CompanyUpdate = {
  name?: string | null;
  branding?: Branding | null;
  default_language?: "en" | "ru" | "de" | "es" | null;
  /** https origins (no path) whose pages may embed the candidate flow */
  embed_origins?: string[] | null;
  /** Months candidates' recordings (and the media made from them) are kept after the decision, or after the cancellation or deadline of an interview nobody decided; 1-24, 12 by default. A shorter period applies to existing recordings at the next daily purge. */
  recording_retention_months?: number | null;
  /** Where candidates ask for help; without it, the recruiter who invited them. null or an empty string clears it (an absent field leaves it as it is). */
  support_email?: string | "" | null;
  /** https link to the company's privacy policy, shown to candidates beside their consent to recording and AI analysis */
  privacy_url?: string | null;
};

export type CompareRequest = {
  interview_ids: string[];
};

export type Comparison = {
  template_id: string;
  template_name: string;
  /** question ids in the template's order */
  questions: string[];
  interviews: InterviewResult[];
};

export type Competency = {
  id: string;
  name: string;
  description?: string;
  /** What ratings 1 to 5 look like (behavioural anchors), lowest first */
  anchors: string[];
};

/** A competency as written; `id` is kept when an existing one is edited. */
export type CompetencyDraft = {
  id?: string | null;
  name: string;
  description?: string;
  /** What ratings 1 to 5 look like (behavioural anchors), lowest first */
  anchors: string[];
};

export type CompetencySummary = {
  competency_id: string;
  name: string;
  /** How many reviewers rated it */
  count: number;
  /** Mean rating, 1-5 */
  mean: number;
  min: number;
  max: number;
  /** Highest minus lowest rating: how much reviewers disagree */
  spread: number;
};

export type CompletedPart = {
  part_number: number;
  etag: string;
};

export type Consent = {
  /** Server time the consent was given */
  consented_at: string;
  /** Version of the exact wording shown (with language) */
  text_version: string;
  /** The language the wording was shown in */
  language: "en" | "ru" | "de" | "es";
  /** Agreed to the recording of the answers and to their AI analysis */
  recording_and_ai_analysis: boolean;
  /** Asked for a human-only review: no AI score, recommendation or analysis */
  human_review_only?: boolean;
};

export type ConsentGive = {
  /** The version of the consent wording shown (the web app's) */
  text_version: string;
  /** The language the wording was shown in */
  language: "en" | "ru" | "de" | "es";
  /** Must be true: agreement to the recording of the answers and their AI analysis (transcription; scoring unless human_review_only) */
  recording_and_ai_analysis: boolean;
  /** The candidate prefers a human-only review: no AI score, recommendation or analysis; the answers are still transcribed for the reviewers */
  human_review_only?: boolean;
};

export type CriterionResult = {
  criterion: string;
  score: number;
  reason: string;
  evidence: string[];
};

export type CriterionScore = {
  score: number;
  reason: string;
  evidence?: string[];
};

export type CurrentQuestion = {
  index: number;
  id: string;
  text: string;
  time_limit_seconds: number;
  think_time_seconds: number;
  attempts_left: number;
  /** e.g. "Question 3 of 8" */
  label: string;
};

export type DataRequestApproval = {
  /** The completed request; null after an erasure, which removes it too */
  request: DataRequestPublic | null;
  export?: CandidateExportPublic | null;
  erasure?: ErasurePublic | null;
};

export type DataRequestCreate = {
  /** The signed token of the link in the candidate's email */
  token: string;
  kind: RequestKind;
};

export type DataRequestDenial = {
  /** Shown to admins */
  reason: string;
};

export type DataRequestList = {
  items: DataRequestPublic[];
};

export type DataRequestPublic = {
  id: string;
  kind: RequestKind;
  status: RequestStatus;
  name: string;
  email: string;
  /** The interview whose email carried the link */
  interview_id: string | null;
  /** Or the live interview's, when the link came in a live interview's email */
  live_interview_id: string | null;
  created_at: string;
  decided_by: string | null;
  decided_at: string | null;
  reason: string | null;
  export_id: string | null;
};

/** What the candidate sees: the request is waiting for the company's admins. */
export type DataRequestReceipt = {
  id: string;
  kind: RequestKind;
  status: RequestStatus;
  created_at: string;
};

export type Decision = {
  outcome: Outcome;
  note?: string;
  decided_by: string;
  decided_at: string;
};

export type DecisionEntryPublic = {
  outcome: Outcome;
  note?: string;
  decided_by: string;
  decided_at: string;
  id: string;
  /** The member's name; None when they left the company */
  decided_by_name?: string | null;
};

export type DecisionRequest = {
  outcome: Outcome;
  note?: string;
};

export type DeliveryList = {
  items: DeliveryPublic[];
  next_cursor: string | null;
};

export type DeliveryPublic = {
  /** Also the webhook-id header the receiver saw */
  event_id: string;
  endpoint_id: string;
  event_type: string;
  status: DeliveryStatus;
  attempt_count: number;
  attempts: Attempt[];
  next_attempt_at: string | null;
  created_at: string;
  finished_at: string | null;
  replays: number;
  event: {
    [key: string]: unknown;
  };
};

export type DeliveryStatus = "pending" | "succeeded" | "failed";

export type DropOff = {
  /** 0-based: the question the candidate did not answer */
  question_index: number;
  question_id: string | null;
  question_text: string | null;
  count: number;
};

export type ErasurePublic = {
  /** The anonymous tombstone left; null when nothing named the candidate any more (already erased, or never known): erasing again is harmless */
  erasure_id: string | null;
  erased_at: string | null;
  interviews_erased: number;
  live_interviews_erased: number;
  /** S3 objects, versions and delete markers */
  objects_deleted: number;
  /** Table items */
  items_deleted: number;
};

export type ExtendDeadlineRequest = {
  /** Later than the current deadline; in the future and at most 365 days ahead */
  deadline: string;
};

/** Ids an ATS gave the job and the candidate, so results go back where they came from. */
export type ExternalIds = {
  source?: string | null;
  job_id?: string | null;
  candidate_id?: string | null;
};

export type FieldError = {
  field: string;
  message: string;
  type: string;
};

export type FinishPublic = {
  interview_id: string;
  status: InterviewStatus;
  completed_at: string | null;
};

export type FunnelStep = {
  step: string;
  count: number;
  /** count / the previous step's count */
  conversion: number | null;
  /** count / invited */
  of_invited: number | null;
  time_from_previous: Times | null;
};

export type HealthPublic = {
  status: "ok" | "degraded";
  stage: string;
  checks: {
    [key: string]: CheckResult;
  };
};

export type HookList = {
  items: HookSummary[];
  /** One sample envelope per event type: what a subscription receives */
  samples: {
    [key: string]: unknown;
  }[];
};

export type HookPublic = {
  id: string;
  target_url: string;
  event_types: string[];
  created_at: string;
  /** Standard Webhooks secret (whsec_...) that signs this hook's deliveries; returned only by subscribeHook */
  secret: string;
};

export type HookSamples = {
  /** One sample envelope per event type */
  items: {
    [key: string]: unknown;
  }[];
};

export type HookSubscribe = {
  /** https, a public address */
  target_url: string;
  event_types: string[];
};

/** A REST hook as the company's admins see it: never its secret. */
export type HookSummary = {
  id: string;
  target_url: string;
  event_types: string[];
  /** The API key that subscribed it (revoking it removes it) */
  api_key_id: string;
  /** That key's name; null if it is gone */
  api_key_name: string | null;
  enabled: boolean;
  disabled_reason: string | null;
  created_at: string;
};

export type InterviewAnalysis = {
  overall_score: number;
  recommendation: "hire" | "consider" | "reject";
  summary: string;
  strengths: string[];
  concerns: string[];
  language: string;
  translations: {
    [key: string]: InterviewSummaryText;
  };
  provider: string;
  model: string;
  prompt_version: string;
  usage?: Usage;
};

export type InterviewCreate = {
  template_id: string;
  candidate: Candidate;
  /** When the link stops working; default 14 days from now */
  deadline?: string | null;
  reviewer_ids?: string[];
};

export type InterviewDetail = {
  id: string;
  template_id: string;
  template_version: number;
  template_name: string;
  candidate: Candidate;
  status: InterviewStatus;
  deadline: string;
  reviewer_ids: string[];
  created_at: string;
  invited_at: string;
  invitations_sent: number;
  started_at: string | null;
  completed_at: string | null;
  cancelled_at: string | null;
  decision: Decision | null;
  /** Answered questions */
  progress?: Progress | null;
  /** The AI analysis's overall score, once analyzed */
  overall_score?: number | null;
  /** The AI analysis's recommendation, once analyzed */
  recommendation?: "hire" | "consider" | "reject" | null;
  /** When the retention purge deleted the recordings and their media (the transcript text, scores and analysis stay) */
  recordings_deleted_at?: string | null;
  /** When the candidate last asked for a new link (expired link) */
  link_requested_at?: string | null;
  /** The candidate's consent to recording and AI analysis: when, which wording version, in which language */
  consent?: Consent | null;
  /** The candidate asked for a human-only review: no AI score, recommendation or analysis is made (the answers are still transcribed) */
  human_review_only?: boolean;
  questions: Question[];
  answers: AnswerPublic[];
  /** When the recordings will be deleted under the company's retention period (recording_retention_months after the decision; without one, after the cancellation or the deadline); it moves with a later decision. None once deleted. */
  recordings_delete_on?: string | null;
  analysis?: {
    [key: string]: unknown;
  } | null;
  analysis_error?: string | null;
  /** Every decision (who, when, outcome, note), newest first; `decision` is the latest */
  decisions?: DecisionEntryPublic[];
  /** The reviewers' ratings per competency, their spread and agreement with the AI (listScorecards has each scorecard); hidden from a reviewer who has not submitted theirs when the scorecard template says so */
  scorecard_summary?: ScorecardSummary | null;
};

export type InterviewList = {
  items: InterviewPublic[];
  next_cursor: string | null;
};

export type InterviewPublic = {
  id: string;
  template_id: string;
  template_version: number;
  template_name: string;
  candidate: Candidate;
  status: InterviewStatus;
  deadline: string;
  reviewer_ids: string[];
  created_at: string;
  invited_at: string;
  invitations_sent: number;
  started_at: string | null;
  completed_at: string | null;
  cancelled_at: string | null;
  decision: Decision | null;
  /** Answered questions */
  progress?: Progress | null;
  /** The AI analysis's overall score, once analyzed */
  overall_score?: number | null;
  /** The AI analysis's recommendation, once analyzed */
  recommendation?: "hire" | "consider" | "reject" | null;
  /** When the retention purge deleted the recordings and their media (the transcript text, scores and analysis stay) */
  recordings_deleted_at?: string | null;
  /** When the candidate last asked for a new link (expired link) */
  link_requested_at?: string | null;
  /** The candidate's consent to recording and AI analysis: when, which wording version, in which language */
  consent?: Consent | null;
  /** The candidate asked for a human-only review: no AI score, recommendation or analysis is made (the answers are still transcribed) */
  human_review_only?: boolean;
};

export type InterviewResult = {
  interview_id: string;
  candidate_name: string;
  candidate_language: string;
  template_id: string;
  template_name: string;
  status: string;
  overall_score: number | null;
  recommendation: string | null;
  summary: string | null;
  decision: string | null;
  decision_note: string | null;
  /** each criterion's mean over the answers */
  criteria: {
    [key: string]: number;
  };
  questions: QuestionResult[];
  /** The reviewers' scorecards beside the AI, when any were submitted (under the hidden-until-submitted rule, as on getInterview) */
  scorecards?: ScorecardSummary | null;
};

export type InterviewStats = {
  by_status: {
    [key: string]: number;
  };
};

export type InterviewStatus = "pending" | "in_progress" | "completed" | "analyzed" | "expired" | "cancelled";

export type InterviewSummaryText = {
  summary: string;
  strengths: string[];
  concerns: string[];
};

/**
 * Several candidates for one template (a CSV upload): all are invited or, beyond the
 * plan's interviews this month, none.
 */
export type InterviewsCreate = {
  template_id: string;
  candidates: Candidate[];
  /** When the links stop working; default 14 days from now */
  deadline?: string | null;
  reviewer_ids?: string[];
};

export type IntroUploadCreate = {
  content_type: "video/mp4" | "video/webm" | "video/quicktime";
  /** The file's exact size */
  size_bytes: number;
};

/**
 * POST the file to `url` as multipart/form-data with `fields` (then the file as `file`),
 * then attach `key` with attachTemplateIntroVideo.
 */
export type IntroUploadPublic = {
  key: string;
  url: string;
  fields: {
    [key: string]: string;
  };
  max_bytes: number;
  expires_at: string;
};

export type IntroVideoAttach = {
  key: string;
};

export type IntroVideoPublic = {
  content_type: string;
  size_bytes: number;
  /** A short-lived (15 minutes) link to play it */
  url: string;
};

export type InvitationList = {
  items: InvitationPublic[];
};

export type InvitationPublic = {
  id: string;
  template_id: string;
  template_version: number;
  template_name: string;
  candidate: Candidate;
  status: InterviewStatus;
  deadline: string;
  reviewer_ids: string[];
  created_at: string;
  invited_at: string;
  invitations_sent: number;
  started_at: string | null;
  completed_at: string | null;
  cancelled_at: string | null;
  decision: Decision | null;
  /** Answered questions */
  progress?: Progress | null;
  /** The AI analysis's overall score, once analyzed */
  overall_score?: number | null;
  /** The AI analysis's recommendation, once analyzed */
  recommendation?: "hire" | "consider" | "reject" | null;
  /** When the retention purge deleted the recordings and their media (the transcript text, scores and analysis stay) */
  recordings_deleted_at?: string | null;
  /** When the candidate last asked for a new link (expired link) */
  link_requested_at?: string | null;
  /** The candidate's consent to recording and AI analysis: when, which wording version, in which language */
  consent?: Consent | null;
  /** The candidate asked for a human-only review: no AI score, recommendation or analysis is made (the answers are still transcribed) */
  human_review_only?: boolean;
  /** The candidate's link; it contains the token */
  candidate_url: string;
  /** Shown once: only its hash is stored */
  token: string;
};

export type Job = {
  company_id: string;
  id: string;
  title: string;
  location?: string | null;
  external: ExternalIds;
  created_at: string;
  updated_at: string;
};

export type JobImportRequest = {
  /** Payload shape: api, greenhouse or lever */
  source?: "api" | "greenhouse" | "lever";
  /** api: {external_id, title, location}; greenhouse: a job {id, name, offices}; lever: a posting {id, text, categories} */
  job: {
    [key: string]: unknown;
  };
};

export type JobImportResult = {
  outcome: "created" | "updated" | "unchanged";
  job: Job;
};

export type LanguageScores = {
  language: string;
  scores: Moments;
  bins: number[];
  /** answers in every other language */
  rest: Moments;
  /** this language's mean minus the rest's */
  difference: number | null;
  flagged: boolean;
  advice: string | null;
};

export type LinkRequestPublic = {
  requested_at: string;
  /** False when the recruiter was already told in the last 24 hours */
  recruiter_notified: boolean;
};

export type LiveAnalysisStatus = "waiting_for_recording" | "analyzing" | "analyzed" | "failed" | "skipped";

/** The candidate's answer to one timeline entry (after the call). */
export type LiveAnswerPublic = {
  number: number;
  kind: TimelineKind;
  question_text: string;
  /** On the candidate recording's clock */
  start_seconds: number;
  end_seconds: number;
  transcript: string;
  /** live: the candidate's confirmed lines in the span; recording: that stretch of the recording transcribed */
  transcript_source: "live" | "recording";
  analysis: AnswerAnalysis | null;
  /** The answer's clip, a short-lived (15 min) link; null until it is cut (after the analysis is stored) or without a recording */
  video_url: string | null;
};

export type LiveCandidateSessionPublic = {
  live_interview_id: string;
  title: string;
  company: CompanyBrand;
  candidate_name: string;
  language: "en" | "ru" | "de" | "es";
  starts_at: string;
  ends_at: string;
  status: LiveStatus;
  /** Connect with ?token=<link token> */
  signalling_url: string;
  /** The consent given; joining the room needs it */
  consent: Consent | null;
  privacy_url: string | null;
  recording_retention_months: number;
};

/**
 * Questions come from a published template (`template_id`) or are written here
 * (`questions`), not both; neither is a conversation without prepared questions.
 */
export type LiveInterviewCreate = {
  candidate: Candidate;
  template_id?: string | null;
  questions?: QuestionDraft[] | null;
  /** Default: the template's name */
  title?: string | null;
  /** With a time zone; in the future, at most 365 days ahead */
  starts_at: string;
  duration_minutes: number;
  /** Members on the panel */
  interviewer_ids: string[];
};

export type LiveInterviewDetail = {
  id: string;
  title: string;
  candidate: Candidate;
  template_id: string | null;
  template_version: number | null;
  questions: Question[];
  starts_at: string;
  ends_at: string;
  duration_minutes: number;
  interviewer_ids: string[];
  status: LiveStatus;
  created_by: string;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
  cancelled_at: string | null;
  cancelled_by: string | null;
  /** wss:// (ws:// locally) URL of the room's signalling WebSocket; connect with ?live_interview_id=<id>&access_token=<access token>, or a candidate's ?token=<link token> */
  signalling_url: string;
  /** The questions asked, in order */
  timeline: TimelineEntry[];
  /** Confirmed lines, by start */
  transcript: TranscriptLine[];
  /** The calling member's private notes */
  my_notes: string | null;
  /** The candidate's consent (giveLiveConsent) */
  consent: Consent | null;
  analysis_status: LiveAnalysisStatus | null;
  answers: LiveAnswerPublic[];
  analysis: InterviewAnalysis | null;
  recordings: LiveRecordingPublic[];
};

export type LiveInterviewList = {
  items: LiveInterviewPublic[];
  next_cursor: string | null;
};

export type LiveInterviewPublic = {
  id: string;
  title: string;
  candidate: Candidate;
  template_id: string | null;
  template_version: number | null;
  questions: Question[];
  starts_at: string;
  ends_at: string;
  duration_minutes: number;
  interviewer_ids: string[];
  status: LiveStatus;
  created_by: string;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
  cancelled_at: string | null;
  cancelled_by: string | null;
  /** wss:// (ws:// locally) URL of the room's signalling WebSocket; connect with ?live_interview_id=<id>&access_token=<access token>, or a candidate's ?token=<link token> */
  signalling_url: string;
};

export type LiveInvitationPublic = {
  id: string;
  title: string;
  candidate: Candidate;
  template_id: string | null;
  template_version: number | null;
  questions: Question[];
  starts_at: string;
  ends_at: string;
  duration_minutes: number;
  interviewer_ids: string[];
  status: LiveStatus;
  created_by: string;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
  cancelled_at: string | null;
  cancelled_by: string | null;
  /** wss:// (ws:// locally) URL of the room's signalling WebSocket; connect with ?live_interview_id=<id>&access_token=<access token>, or a candidate's ?token=<link token> */
  signalling_url: string;
  /** The candidate's join link (shown once) */
  candidate_url: string;
  /** The candidate's link token (shown once) */
  token: string;
};

export type LiveNotesSave = {
  text: string;
};

export type LiveRecordingComplete = {
  /** The ETag S3 returned for each part */
  parts: CompletedPart[];
};

export type LiveRecordingCreate = {
  content_type: string;
};

export type LiveRecordingPublic = {
  recording_id: string;
  participant_id: string;
  role: "candidate" | "interviewer";
  status: RecordingStatus;
  started_at: string;
};

/**
 * As AnswerUploadPublic (always MULTIPART): PUT each part (>= 5 MiB but the last) to its
 * URL as the recording fills, then complete with the ETags.
 */
export type LiveRecordingUploadPublic = {
  recording_id: string;
  /** Server time the recording's clock starts */
  started_at: string;
  method: "MULTIPART";
  url: string | null;
  fields: {
    [key: string]: string;
  };
  headers: {
    [key: string]: string;
  };
  part_size_bytes: number | null;
  parts: UploadPart[];
  max_bytes: number;
  expires_at: string;
};

export type LiveStatus = "scheduled" | "in_progress" | "ended" | "cancelled";

/**
 * Either tokens, or the next sign-in step (`challenge` + `session`): answer it with
 * respondToLoginChallenge.
 */
export type LoginPublic = {
  access_token?: string | null;
  token_type?: string | null;
  expires_in?: number | null;
  id_token?: string | null;
  refresh_token?: string | null;
  challenge?: "SOFTWARE_TOKEN_MFA" | "NEW_PASSWORD_REQUIRED" | null;
  session?: string | null;
};

export type LoginRequest = {
  /** ASCII before the @; an internationalized domain is stored as punycode */
  email: string;
  password: string;
};

export type MePublic = {
  id: string;
  /** ASCII before the @; an internationalized domain is stored as punycode */
  email: string;
  name: string;
  role: Role;
  language: "en" | "ru" | "de" | "es";
  mfa_enabled: boolean;
  muted_notifications?: ("interview_completed" | "analysis_ready" | "webhook_endpoint_disabled" | "mention")[];
  created_at: string;
  /** False once an admin deactivated them */
  active?: boolean;
  company: CompanyPublic;
  /** This role must use an authenticator app */
  mfa_required: boolean;
};

export type MeUpdate = {
  name?: string | null;
  language?: "en" | "ru" | "de" | "es" | null;
  /** Emails you do not want; [] turns them all back on */
  muted_notifications?: ("interview_completed" | "analysis_ready" | "webhook_endpoint_disabled" | "mention")[] | null;
};

/** Presigned links, valid 1 hour; each appears once the pipeline has made it. */
export type MediaLinks = {
  /** Presigned link to the upload, valid 1 hour */
  original_url: string | null;
  /** H.264/AAC MP4 (faststart) */
  video_url?: string | null;
  /** JPEG frame near the start */
  poster_url?: string | null;
  /** JPEG strip of frames */
  thumbnails_url?: string | null;
  /** WebVTT captions */
  captions_url?: string | null;
  /** JSON transcript with timestamped segments */
  transcript_url?: string | null;
};

export type MemberList = {
  items: MemberPublic[];
};

export type MemberPublic = {
  id: string;
  name: string;
  role: Role;
};

export type Mention = {
  user_id: string;
  /** The member's name when they were mentioned */
  name: string;
};

export type MfaSetupPublic = {
  /** Base32 secret for the authenticator app */
  secret: string;
  /** Show as a QR code */
  otpauth_uri: string;
};

export type MfaVerify = {
  code: string;
};

export type Moments = {
  count: number;
  mean: number | null;
  /** population standard deviation */
  standard_deviation: number | null;
};

export type NewShareLinkPublic = {
  id: string;
  interview_id: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  revoked_at?: string | null;
  revoked_by?: string | null;
  /** The link to send; it contains the token */
  url: string;
  /** Shown once: only its hash is stored */
  token: string;
};

export type NotificationList = {
  /** Newest first */
  items: NotificationPublic[];
  unread_count: number;
  next_cursor: string | null;
};

export type NotificationPublic = {
  id: string;
  kind: "mention";
  interview_id: string;
  comment_id: string;
  answer_id: string | null;
  actor_id: string;
  /** Who mentioned you */
  actor_name: string;
  candidate_name: string;
  /** The comment's start when you were mentioned; empty once it was deleted */
  excerpt: string;
  comment_deleted: boolean;
  created_at: string;
  read_at: string | null;
};

export type NotificationsRead = {
  /** The notifications to mark read; omit to mark every unread one */
  notification_ids?: string[] | null;
};

export type Outcome = "advance" | "hire" | "reject";

export type PasswordChange = {
  current_password: string;
  /** At least 8 characters with upper and lower case letters, a digit and a symbol (the user pool's policy; a weaker one is a 422) */
  new_password: string;
};

export type Percentile = {
  seconds: number;
  low_seconds: number;
  high_seconds: number;
};

export type PlanName = "free" | "plus" | "pro";

export type PlanPublic = {
  name: PlanName;
  title: string;
  monthly_interviews: number | null;
};

export type PreparationTipsPublic = {
  tips: string[];
  language: "en" | "ru" | "de" | "es";
};

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string | null;
  errors?: FieldError[] | null;
  [key: string]: unknown;
};

export type Progress = {
  answered: number;
  total: number;
  current_question_index: number | null;
  remaining_seconds_estimate: number;
};

export type Question = {
  text: string;
  time_limit_seconds?: number;
  think_time_seconds?: number;
  retakes?: number;
  competencies?: string[];
  ideal_answer?: string | null;
  id: string;
};

/** A question as a recruiter writes it; `id` is kept when an existing question is edited. */
export type QuestionDraft = {
  text: string;
  time_limit_seconds?: number;
  think_time_seconds?: number;
  retakes?: number;
  competencies?: string[];
  ideal_answer?: string | null;
  id?: string | null;
};

export type QuestionEffectiveness = {
  question_id: string;
  question_text: string | null;
  /** spread of this question's scores (analyzed interviews) */
  scores: Moments;
  /** corrected item-total correlation: with the sum of the other questions */
  item_total: number | null;
  /** poor < 0.2 <= fair <= 0.4 < good */
  label: string | null;
  decided: number;
  /** correlation with advanced-or-hired */
  point_biserial: number | null;
};

export type QuestionHints = {
  ideal_answer?: string | null;
  competencies?: string[];
};

export type QuestionResult = {
  question_id: string;
  question_text: string;
  overall: number | null;
  language: string | null;
  criteria: CriterionResult[];
  transcript_excerpt: string | null;
};

/** What the candidate may know of every question: its place and timing, not its text. */
export type QuestionSlot = {
  index: number;
  id: string;
  time_limit_seconds: number;
  think_time_seconds: number;
  attempts_allowed: number;
  attempts_used: number;
  answered: boolean;
};

export type Rating = {
  competency_id: string;
  competency_name: string;
  rating: number;
  note?: string;
};

export type RatingInput = {
  competency_id: string;
  rating: number;
  note?: string;
};

export type RecordingStatus = "uploading" | "uploaded";

export type RedirectPublic = {
  /** Send the browser here */
  url: string;
};

export type RegistrationCodeRequest = {
  /** ASCII before the @; an internationalized domain is stored as punycode */
  email: string;
};

export type RegistrationConfirmation = {
  /** ASCII before the @; an internationalized domain is stored as punycode */
  email: string;
  /** The 6 digits emailed at sign-up */
  code: string;
};

/**
 * Confirm your email with the code we sent to it (confirmRegistration), then sign in with
 * the email and password you chose (login).
 */
export type RegistrationPublic = {
  company: CompanyPublic;
  admin: UserPublic;
  /** Always true: sign-in waits for confirmRegistration */
  confirmation_required?: boolean;
};

/** A new company on the Free plan and its first admin (you). */
export type RegistrationRequest = {
  company_name: string;
  admin_name: string;
  /** ASCII before the @; an internationalized domain is stored as punycode */
  email: string;
  /** At least 12 characters with an upper- and a lower-case letter, a digit and a symbol */
  password: string;
  /** Yours, and the company's default */
  language: "en" | "ru" | "de" | "es";
};

export type RequestKind = "export" | "erasure";

export type RequestStatus = "pending" | "denied" | "completed";

export type RescoreAccepted = {
  interview_id: string;
  /** The version the re-score will be recorded as */
  analysis_version: number;
  rubric: Rubric;
};

export type RescoreRequest = {
  /** A published version of the interview's template (at or after the one the interview was created from) whose ideal-answer hints and competencies to score with; default: its newest published version */
  template_version?: number | null;
  /** Relative criteria weights for the overall score; default: equal */
  weights?: Weights | null;
};

export type ResendRequest = {
  /** A new deadline; required when the old one has passed */
  deadline?: string | null;
};

export type Reviewers = {
  interview_id: string;
  /** Every reviewer assigned to the interview */
  reviewer_ids: string[];
};

export type ReviewersAssign = {
  /** Members to add as reviewers; those already assigned are left as they are */
  user_ids: string[];
};

export type Role = "admin" | "hr" | "interviewer";

export type Rubric = {
  template_id: string;
  template_version: number;
  weights?: Weights | null;
  hints: {
    [key: string]: QuestionHints;
  };
  requested_by: string;
};

export type ScoreDistribution = {
  moments: Moments;
  /** counts in 0-9, 10-19, ..., 80-89, 90-100 */
  bins: number[];
  recommendations: {
    [key: string]: number;
  };
};

export type ScorecardList = {
  /** Every reviewer's scorecard; only your own while the others are hidden */
  items: ScorecardPublic[];
  /** The others' scorecards hidden until you submit yours (the template's hide_others_until_submitted) */
  hidden_count: number;
  /** What to fill in (with the anchors); null when the interview's template has none */
  scorecard_template: ScorecardTemplatePublic | null;
  summary: ScorecardSummary;
};

export type ScorecardPublic = {
  interview_id: string;
  reviewer_id: string;
  reviewer_name: string;
  scorecard_template_id: string;
  scorecard_template_version: number;
  ratings: Rating[];
  recommendation: "strong_no" | "no" | "yes" | "strong_yes";
  notes: string;
  /** The first submission */
  submitted_at: string;
  updated_at: string;
};

export type ScorecardSubmit = {
  /** One rating for every competency of the interview's scorecard template */
  ratings: RatingInput[];
  recommendation: "strong_no" | "no" | "yes" | "strong_yes";
  notes?: string;
};

export type ScorecardSummary = {
  /** The others' scorecards are hidden until you submit yours; nothing below is filled in then */
  hidden: boolean;
  /** Scorecards submitted */
  submitted: number;
  competencies: CompetencySummary[];
  recommendations: {
    [key: string]: number;
  };
  /** The mean of every rating on the AI's 0-100 scale (1 -> 0, 5 -> 100) */
  human_score?: number | null;
  /** The AI analysis's overall score */
  ai_score?: number | null;
  ai_recommendation?: "hire" | "consider" | "reject" | null;
  /** Reviewers whose recommendation agrees with the AI's (hire: yes or strong yes; reject: no or strong no; consider: yes or no) */
  agreeing?: number;
  /** agreeing / submitted, once the AI has analyzed */
  agreement?: number | null;
};

export type ScorecardTemplateCreate = {
  name: string;
  description?: string;
  /** 3 to 8, each rated 1-5 against five behavioural anchors */
  competencies: CompetencyDraft[];
  /** Reviewers see the others' scorecards only once they submitted their own */
  hide_others_until_submitted?: boolean;
};

export type ScorecardTemplateList = {
  /** Newest first */
  items: ScorecardTemplatePublic[];
  next_cursor: string | null;
};

export type ScorecardTemplatePublic = {
  id: string;
  name: string;
  description: string;
  competencies: Competency[];
  hide_others_until_submitted: boolean;
  version: number;
  created_by: string;
  created_at: string;
  updated_at: string;
};

/**
 * Only the fields sent change; `competencies` replaces the list (send `id` on the ones that
 * exist to keep them).
 */
export type ScorecardTemplateUpdate = {
  name?: string | null;
  description?: string | null;
  competencies?: CompetencyDraft[] | null;
  hide_others_until_submitted?: boolean | null;
};

export type ShareLinkCreate = {
  /** How long the link works: 1 to 30 days */
  expires_in_days?: number;
};

export type ShareLinkList = {
  /** Links that still work, newest first */
  items: ShareLinkPublic[];
};

export type ShareLinkPublic = {
  id: string;
  interview_id: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  revoked_at?: string | null;
  revoked_by?: string | null;
};

export type SharedAnswer = {
  question_id: string;
  question_index: number;
  status: AnswerStatus;
  duration_seconds: number | null;
  language: string | null;
  transcript: string | null;
  /** The AI's criteria scores, reasons */
  analysis: {
    [key: string]: unknown;
  } | null;
  media: SharedMedia;
};

export type SharedDecision = {
  outcome: Outcome;
  decided_at: string;
};

/**
 * What a hiring manager needs to judge the candidate, and nothing more: no email, no
 * recruiters' notes, comments or scorecards, no ids of people.
 */
export type SharedInterviewPublic = {
  candidate_name: string;
  template_name: string;
  status: InterviewStatus;
  completed_at: string | null;
  questions: SharedQuestion[];
  /** Each question's latest usable answer */
  answers: SharedAnswer[];
  overall_score: number | null;
  recommendation: "hire" | "consider" | "reject" | null;
  /** Summary, strengths and concerns */
  analysis: {
    [key: string]: unknown;
  } | null;
  /** The current decision, without notes */
  decision: SharedDecision | null;
  link_expires_at: string;
  media_expires_in_seconds: number;
};

export type SharedMedia = {
  /** Presigned, valid for a few minutes */
  video_url: string | null;
  poster_url?: string | null;
  /** WebVTT */
  captions_url?: string | null;
};

export type SharedQuestion = {
  id: string;
  text: string;
};

export type StoredFile = {
  url: string;
  expires_in_seconds: number;
  size_bytes: number;
  key: string;
};

export type StripeEventReceived = {
  received?: boolean;
  outcome: "applied" | "unchanged" | "duplicate" | "ignored";
};

export type TemplateCreate = {
  name: string;
  description?: string;
  language?: "en" | "ru" | "de" | "es";
  /** Together, the questions' text, ideal answers and competencies may have at most 120,000 bytes of UTF-8 */
  questions?: QuestionDraft[];
  /** The company scorecard template its interviews' reviewers fill in (createScorecardTemplate) */
  scorecard_template_id?: string | null;
  /** Shown on the candidate's welcome page before the first question */
  intro_text?: string;
};

export type TemplateDuplicate = {
  /** The copy's name; default "<name> (copy)" (send a localized one) */
  name?: string | null;
};

export type TemplateList = {
  items: TemplatePublic[];
  next_cursor: string | null;
};

export type TemplatePublic = {
  id: string;
  version: number;
  name: string;
  description: string;
  language: "en" | "ru" | "de" | "es";
  status: TemplateStatus;
  questions: Question[];
  scorecard_template_id?: string | null;
  intro_text?: string;
  intro_video?: IntroVideoPublic | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  published_at: string | null;
};

export type TemplateStatus = "draft" | "active" | "archived";

/**
 * Only the fields sent change. `questions` replaces the whole ordered list: send questions
 * in their new order to reorder them, with `id` on the ones that already exist.
 */
export type TemplateUpdate = {
  name?: string | null;
  description?: string | null;
  language?: "en" | "ru" | "de" | "es" | null;
  /** Together, the questions' text, ideal answers and competencies may have at most 120,000 bytes of UTF-8 */
  questions?: QuestionDraft[] | null;
  /** The company scorecard template its interviews' reviewers fill in (createScorecardTemplate); an empty string detaches it */
  scorecard_template_id?: string | null;
  /** Shown on the candidate's welcome page before the first question; empty for none */
  intro_text?: string | null;
};

/** A question put to the candidate, in the order asked: it opens an answer's span. */
export type TimelineEntry = {
  /** 1-based position in the timeline */
  number: number;
  kind: TimelineKind;
  /** template: the question's index; followup: null */
  index: number | null;
  text: string;
  /** Server time the question was put on screen */
  asked_at: string;
  /** The interviewer's user id */
  asked_by: string;
};

export type TimelineKind = "template" | "followup";

export type Times = {
  count: number;
  median: Percentile | null;
  p90: Percentile | null;
  mean_seconds: number | null;
};

export type TranscriptLine = {
  live_id: string;
  speaker: string;
  role: "candidate" | "interviewer";
  seq: number;
  text: string;
  language?: string | null;
  start: string;
  end: string;
  final?: boolean;
};

export type UnreadCount = {
  unread_count: number;
};

export type UploadPart = {
  part_number: number;
  url: string;
};

export type Usage = {
  input_tokens?: number;
  output_tokens?: number;
};

export type UserCreate = {
  /** ASCII before the @; an internationalized domain is stored as punycode */
  email: string;
  name: string;
  role: Role;
  language?: "en" | "ru" | "de" | "es";
};

export type UserCreated = {
  id: string;
  /** ASCII before the @; an internationalized domain is stored as punycode */
  email: string;
  name: string;
  role: Role;
  language: "en" | "ru" | "de" | "es";
  mfa_enabled: boolean;
  muted_notifications?: ("interview_completed" | "analysis_ready" | "webhook_endpoint_disabled" | "mention")[];
  created_at: string;
  /** False once an admin deactivated them */
  active?: boolean;
  /** Shown once: the first sign-in with it asks for a new password */
  temporary_password: string;
};

export type UserList = {
  items: UserPublic[];
};

export type UserPublic = {
  id: string;
  /** ASCII before the @; an internationalized domain is stored as punycode */
  email: string;
  name: string;
  role: Role;
  language: "en" | "ru" | "de" | "es";
  mfa_enabled: boolean;
  muted_notifications?: ("interview_completed" | "analysis_ready" | "webhook_endpoint_disabled" | "mention")[];
  created_at: string;
  /** False once an admin deactivated them */
  active?: boolean;
};

export type UserUpdate = {
  name?: string | null;
  role?: Role | null;
  language?: "en" | "ru" | "de" | "es" | null;
};

/**
 * The playable video's progress, apart from the answer's status: the answer is transcribed
 * and scored from its audio while the video may still be transcoding.
 */
export type VideoStatus = "processing" | "ready" | "failed";

export type WebhookCreate = {
  /** https, a public address */
  url: string;
  description?: string;
  /** Empty: every event type */
  event_types?: ("answer.failed" | "answer.scored" | "answer.uploaded" | "billing.payment_failed" | "billing.payment_succeeded" | "billing.quota_warning" | "candidate.erased" | "candidate.imported" | "comment.created" | "comment.mentioned" | "interview.analyzed" | "interview.completed" | "interview.created" | "interview.deadline_extended" | "interview.decided" | "interview.expired" | "interview.invited" | "interview.started" | "live_interview.analyzed" | "live_interview.cancelled" | "live_interview.ended" | "live_interview.scheduled" | "live_interview.started" | "reviewer.assigned" | "scorecard.submitted" | "team.member_added" | "template.published" | "webhook.endpoint_disabled")[];
};

export type WebhookList = {
  items: WebhookPublic[];
};

export type WebhookPublic = {
  id: string;
  url: string;
  description: string;
  event_types: string[];
  enabled: boolean;
  disabled_reason: string | null;
  failing_since: string | null;
  created_at: string;
};

/** Only the fields sent change; `enabled: true` re-enables a disabled endpoint. */
export type WebhookUpdate = {
  url?: string | null;
  description?: string | null;
  event_types?: ("answer.failed" | "answer.scored" | "answer.uploaded" | "billing.payment_failed" | "billing.payment_succeeded" | "billing.quota_warning" | "candidate.erased" | "candidate.imported" | "comment.created" | "comment.mentioned" | "interview.analyzed" | "interview.completed" | "interview.created" | "interview.deadline_extended" | "interview.decided" | "interview.expired" | "interview.invited" | "interview.started" | "live_interview.analyzed" | "live_interview.cancelled" | "live_interview.ended" | "live_interview.scheduled" | "live_interview.started" | "reviewer.assigned" | "scorecard.submitted" | "team.member_added" | "template.published" | "webhook.endpoint_disabled")[] | null;
  enabled?: boolean | null;
};

/** Returned on creation and rotation only: verify deliveries with this secret. */
export type WebhookWithSecret = {
  id: string;
  url: string;
  description: string;
  event_types: string[];
  enabled: boolean;
  disabled_reason: string | null;
  failing_since: string | null;
  created_at: string;
  secret: string;
};

/** Criteria weights for the interview's overall score (relative; at least one above 0). */
export type Weights = {
  relevance?: number;
  completeness?: number;
  clarity?: number;
  depth?: number;
};

/** Every operation by its operationId: method, path, parameters, body, success response. */
export interface operations {
  /** Approve Data Request */
  approveDataRequest: {
    method: "POST";
    path: "/candidates/privacy/requests/{request_id}/approve";
    params: {
      request_id: string;
    };
    query: never;
    body: never;
    response: DataRequestApproval;
  };
  /** Archive Template */
  archiveTemplate: {
    method: "POST";
    path: "/templates/{template_id}/archive";
    params: {
      template_id: string;
    };
    query: never;
    body: never;
    response: TemplatePublic;
  };
  /** Assign Reviewers */
  assignReviewers: {
    method: "POST";
    path: "/interviews/{interview_id}/reviewers";
    params: {
      interview_id: string;
    };
    query: never;
    body: ReviewersAssign;
    response: Reviewers;
  };
  /** Attach Template Intro Video */
  attachTemplateIntroVideo: {
    method: "PUT";
    path: "/templates/{template_id}/intro-video";
    params: {
      template_id: string;
    };
    query: never;
    body: IntroVideoAttach;
    response: TemplatePublic;
  };
  /** Cancel Interview */
  cancelInterview: {
    method: "POST";
    path: "/interviews/{interview_id}/cancel";
    params: {
      interview_id: string;
    };
    query: never;
    body: never;
    response: InterviewPublic;
  };
  /** Cancel Live Interview */
  cancelLiveInterview: {
    method: "POST";
    path: "/interviews/live/{live_interview_id}/cancel";
    params: {
      live_interview_id: string;
    };
    query: never;
    body: never;
    response: LiveInterviewPublic;
  };
  /** Change Password */
  changePassword: {
    method: "POST";
    path: "/me/password";
    params: never;
    query: never;
    body: PasswordChange;
    response: null;
  };
  /** Compare Interviews */
  compareInterviews: {
    method: "POST";
    path: "/company/analytics/comparisons";
    params: never;
    query: never;
    body: CompareRequest;
    response: Comparison;
  };
  /** Complete Answer Upload */
  completeAnswerUpload: {
    method: "POST";
    path: "/candidate/answers/{answer_id}/complete";
    params: {
      answer_id: string;
    };
    query: never;
    body: AnswerUploadComplete | null;
    response: AnswerStatusPublic;
  };
  /** Complete Live Candidate Recording Upload */
  completeLiveCandidateRecordingUpload: {
    method: "POST";
    path: "/interviews/live/candidate/recordings/{recording_id}/complete";
    params: {
      recording_id: string;
    };
    query: never;
    body: LiveRecordingComplete;
    response: LiveRecordingPublic;
  };
  /** Complete Live Recording Upload */
  completeLiveRecordingUpload: {
    method: "POST";
    path: "/interviews/live/{live_interview_id}/recordings/{recording_id}/complete";
    params: {
      live_interview_id: string;
      recording_id: string;
    };
    query: never;
    body: LiveRecordingComplete;
    response: LiveRecordingPublic;
  };
  /** Confirm Registration */
  confirmRegistration: {
    method: "POST";
    path: "/auth/register/confirm";
    params: never;
    query: never;
    body: RegistrationConfirmation;
    response: null;
  };
  /** Count Unread Notifications */
  countUnreadNotifications: {
    method: "GET";
    path: "/notifications/unread-count";
    params: never;
    query: never;
    body: never;
    response: UnreadCount;
  };
  /** Create Answer Audio Chunk */
  createAnswerAudioChunk: {
    method: "POST";
    path: "/candidate/answers/{answer_id}/chunks/{n}";
    params: {
      answer_id: string;
      n: number;
    };
    query: never;
    body: AudioChunkCreate;
    response: AudioChunkUploadPublic;
  };
  /** Create Answer Upload */
  createAnswerUpload: {
    method: "POST";
    path: "/candidate/answers";
    params: never;
    query: never;
    body: AnswerUploadCreate;
    response: AnswerUploadPublic;
  };
  /** Create Api Key */
  createApiKey: {
    method: "POST";
    path: "/integrations/api-keys";
    params: never;
    query: never;
    body: ApiKeyCreate;
    response: ApiKeyCreated;
  };
  /** Create Bank Question */
  createBankQuestion: {
    method: "POST";
    path: "/templates/bank/questions";
    params: never;
    query: never;
    body: BankQuestionCreate;
    response: BankQuestionPublic;
  };
  /** Create Checkout Session */
  createCheckoutSession: {
    method: "POST";
    path: "/billing/checkout";
    params: never;
    query: never;
    body: CheckoutRequest;
    response: RedirectPublic;
  };
  /** Create Comment */
  createComment: {
    method: "POST";
    path: "/interviews/{interview_id}/comments";
    params: {
      interview_id: string;
    };
    query: never;
    body: CommentCreate;
    response: CommentPublic;
  };
  /** Create Interview */
  createInterview: {
    method: "POST";
    path: "/interviews";
    params: never;
    query: never;
    body: InterviewCreate;
    response: InvitationPublic;
  };
  /** Create Interviews */
  createInterviews: {
    method: "POST";
    path: "/interviews/batch";
    params: never;
    query: never;
    body: InterviewsCreate;
    response: InvitationList;
  };
  /** Create Live Candidate Recording Upload */
  createLiveCandidateRecordingUpload: {
    method: "POST";
    path: "/interviews/live/candidate/recordings";
    params: never;
    query: never;
    body: LiveRecordingCreate;
    response: LiveRecordingUploadPublic;
  };
  /** Create Live Recording Upload */
  createLiveRecordingUpload: {
    method: "POST";
    path: "/interviews/live/{live_interview_id}/recordings";
    params: {
      live_interview_id: string;
    };
    query: never;
    body: LiveRecordingCreate;
    response: LiveRecordingUploadPublic;
  };
  /** Create Portal Session */
  createPortalSession: {
    method: "POST";
    path: "/billing/portal";
    params: never;
    query: never;
    body: never;
    response: RedirectPublic;
  };
  /** Create Scorecard Template */
  createScorecardTemplate: {
    method: "POST";
    path: "/company/scorecard-templates";
    params: never;
    query: never;
    body: ScorecardTemplateCreate;
    response: ScorecardTemplatePublic;
  };
  /** Create Share Link */
  createShareLink: {
    method: "POST";
    path: "/interviews/{interview_id}/share-links";
    params: {
      interview_id: string;
    };
    query: never;
    body: ShareLinkCreate | null;
    response: NewShareLinkPublic;
  };
  /** Create Template */
  createTemplate: {
    method: "POST";
    path: "/templates";
    params: never;
    query: never;
    body: TemplateCreate;
    response: TemplatePublic;
  };
  /** Create Template Intro Upload */
  createTemplateIntroUpload: {
    method: "POST";
    path: "/templates/{template_id}/intro-video/upload";
    params: {
      template_id: string;
    };
    query: never;
    body: IntroUploadCreate;
    response: IntroUploadPublic;
  };
  /** Create User */
  createUser: {
    method: "POST";
    path: "/users";
    params: never;
    query: never;
    body: UserCreate;
    response: UserCreated;
  };
  /** Create Webhook */
  createWebhook: {
    method: "POST";
    path: "/webhooks";
    params: never;
    query: never;
    body: WebhookCreate;
    response: WebhookWithSecret;
  };
  /** Deactivate User */
  deactivateUser: {
    method: "POST";
    path: "/users/{user_id}/deactivate";
    params: {
      user_id: string;
    };
    query: never;
    body: never;
    response: UserPublic;
  };
  /** Decide Interview */
  decideInterview: {
    method: "POST";
    path: "/interviews/{interview_id}/decision";
    params: {
      interview_id: string;
    };
    query: never;
    body: DecisionRequest;
    response: InterviewPublic;
  };
  /** Delete Bank Question */
  deleteBankQuestion: {
    method: "DELETE";
    path: "/templates/bank/questions/{question_id}";
    params: {
      question_id: string;
    };
    query: never;
    body: never;
    response: null;
  };
  /** Delete Comment */
  deleteComment: {
    method: "DELETE";
    path: "/interviews/{interview_id}/comments/{comment_id}";
    params: {
      interview_id: string;
      comment_id: string;
    };
    query: never;
    body: never;
    response: CommentPublic;
  };
  /** Delete Webhook */
  deleteWebhook: {
    method: "DELETE";
    path: "/webhooks/{webhook_id}";
    params: {
      webhook_id: string;
    };
    query: never;
    body: never;
    response: null;
  };
  /** Deny Data Request */
  denyDataRequest: {
    method: "POST";
    path: "/candidates/privacy/requests/{request_id}/deny";
    params: {
      request_id: string;
    };
    query: never;
    body: DataRequestDenial;
    response: DataRequestPublic;
  };
  /** Download Candidate Data */
  downloadCandidateData: {
    method: "GET";
    path: "/candidate/privacy/download";
    params: never;
    query: {
      /** From the email */
      token: string;
    };
    body: never;
    response: unknown;
  };
  /** Duplicate Template */
  duplicateTemplate: {
    method: "POST";
    path: "/templates/{template_id}/duplicate";
    params: {
      template_id: string;
    };
    query: never;
    body: TemplateDuplicate | null;
    response: TemplatePublic;
  };
  /** Erase Candidate */
  eraseCandidate: {
    method: "POST";
    path: "/candidates/privacy/erasures";
    params: never;
    query: never;
    body: CandidateIdentity;
    response: ErasurePublic;
  };
  /** Export Candidate Data */
  exportCandidateData: {
    method: "POST";
    path: "/candidates/privacy/exports";
    params: never;
    query: never;
    body: CandidateIdentity;
    response: CandidateExportPublic;
  };
  /** Export Comparison Report */
  exportComparisonReport: {
    method: "POST";
    path: "/company/analytics/reports/comparisons";
    params: never;
    query: never;
    body: CompareRequest;
    response: StoredFile;
  };
  /** Export Interview Report */
  exportInterviewReport: {
    method: "POST";
    path: "/company/analytics/reports/interviews/{interview_id}";
    params: {
      interview_id: string;
    };
    query: never;
    body: never;
    response: StoredFile;
  };
  /** Export Interviews */
  exportInterviews: {
    method: "GET";
    path: "/company/analytics/interviews.csv";
    params: never;
    query: {
      template_id?: string | null;
      from?: string | null;
      to?: string | null;
    };
    body: never;
    response: string;
  };
  /** Extend Interview Deadline */
  extendInterviewDeadline: {
    method: "POST";
    path: "/interviews/{interview_id}/extend-deadline";
    params: {
      interview_id: string;
    };
    query: never;
    body: ExtendDeadlineRequest;
    response: InterviewPublic;
  };
  /** Finish Interview */
  finishInterview: {
    method: "POST";
    path: "/candidate/finish";
    params: never;
    query: never;
    body: never;
    response: FinishPublic;
  };
  /** Get Analytics */
  getAnalytics: {
    method: "GET";
    path: "/company/analytics";
    params: never;
    query: {
      /** one template (position) */
      template_id?: string | null;
      /** the candidates' (interviews') language; fairness is by answer */
      language?: "en" | "ru" | "de" | "es" | null;
      /** the last 7, 30, 91 or 365 days up to `to` (today by default) */
      period?: "week" | "month" | "quarter" | "year";
      /** first day (UTC) */
      from?: string | null;
      /** last day (UTC), inclusive */
      to?: string | null;
    };
    body: never;
    response: AnalyticsReport;
  };
  /** Get Billing */
  getBilling: {
    method: "GET";
    path: "/billing";
    params: never;
    query: never;
    body: never;
    response: BillingPublic;
  };
  /** Get Candidate */
  getCandidate: {
    method: "GET";
    path: "/candidates/{candidate_id}";
    params: {
      candidate_id: string;
    };
    query: never;
    body: never;
    response: CandidateDetail;
  };
  /** Get Candidate Session */
  getCandidateSession: {
    method: "GET";
    path: "/candidate/session";
    params: never;
    query: never;
    body: never;
    response: CandidateSessionPublic;
  };
  /** Get Company */
  getCompany: {
    method: "GET";
    path: "/company";
    params: never;
    query: never;
    body: never;
    response: CompanyPublic;
  };
  /** Get Health */
  getHealth: {
    method: "GET";
    path: "/health";
    params: never;
    query: never;
    body: never;
    response: HealthPublic;
  };
  /** Get Interview */
  getInterview: {
    method: "GET";
    path: "/interviews/{interview_id}";
    params: {
      interview_id: string;
    };
    query: never;
    body: never;
    response: InterviewDetail;
  };
  /** Get Interview Analysis */
  getInterviewAnalysis: {
    method: "GET";
    path: "/interviews/{interview_id}/analyses/{version}";
    params: {
      interview_id: string;
      version: number;
    };
    query: never;
    body: never;
    response: AnalysisVersionPublic;
  };
  /** Get Interview Stats */
  getInterviewStats: {
    method: "GET";
    path: "/interviews/stats";
    params: never;
    query: never;
    body: never;
    response: InterviewStats;
  };
  /** Get Live Candidate Session */
  getLiveCandidateSession: {
    method: "GET";
    path: "/interviews/live/candidate/session";
    params: never;
    query: never;
    body: never;
    response: LiveCandidateSessionPublic;
  };
  /** Get Live Interview */
  getLiveInterview: {
    method: "GET";
    path: "/interviews/live/{live_interview_id}";
    params: {
      live_interview_id: string;
    };
    query: never;
    body: never;
    response: LiveInterviewDetail;
  };
  /** Get Me */
  getMe: {
    method: "GET";
    path: "/me";
    params: never;
    query: never;
    body: never;
    response: MePublic;
  };
  /** Get Preparation Tips */
  getPreparationTips: {
    method: "GET";
    path: "/candidate/preparation-tips";
    params: never;
    query: never;
    body: never;
    response: PreparationTipsPublic;
  };
  /** Get Shared Interview */
  getSharedInterview: {
    method: "GET";
    path: "/interviews/shared/view";
    params: never;
    query: never;
    body: never;
    response: SharedInterviewPublic;
  };
  /** Get Template */
  getTemplate: {
    method: "GET";
    path: "/templates/{template_id}";
    params: {
      template_id: string;
    };
    query: {
      /** Default: the latest */
      version?: number | null;
    };
    body: never;
    response: TemplatePublic;
  };
  /** Give Consent */
  giveConsent: {
    method: "POST";
    path: "/candidate/consent";
    params: never;
    query: never;
    body: ConsentGive;
    response: Consent;
  };
  /** Give Live Consent */
  giveLiveConsent: {
    method: "POST";
    path: "/interviews/live/candidate/consent";
    params: never;
    query: never;
    body: ConsentGive;
    response: Consent;
  };
  /** Import Candidates */
  importCandidates: {
    method: "POST";
    path: "/integrations/candidates";
    params: never;
    query: never;
    body: CandidatesImportRequest;
    response: CandidatesImportResult;
  };
  /** Import Job */
  importJob: {
    method: "POST";
    path: "/integrations/jobs";
    params: never;
    query: never;
    body: JobImportRequest;
    response: JobImportResult;
  };
  /** Invite Candidates */
  inviteCandidates: {
    method: "POST";
    path: "/integrations/interviews";
    params: never;
    query: never;
    body: BulkInviteRequest;
    response: BulkInviteResult;
  };
  /** List Api Keys */
  listApiKeys: {
    method: "GET";
    path: "/integrations/api-keys";
    params: never;
    query: never;
    body: never;
    response: ApiKeyList;
  };
  /** List Audit Log */
  listAuditLog: {
    method: "GET";
    path: "/company/audit-log";
    params: never;
    query: {
      /** A user's or API key's id */
      actor_id?: string | null;
      /** An operation, e.g. updateCompany */
      action?: string | null;
      /** A changed item's key, e.g. USER#<id> */
      target_id?: string | null;
      /** From (inclusive) */
      since?: string | null;
      /** Until (inclusive) */
      until?: string | null;
      limit?: number;
      cursor?: string | null;
      format?: "json" | "csv";
    };
    body: never;
    response: AuditLogPage;
  };
  /** List Bank Questions */
  listBankQuestions: {
    method: "GET";
    path: "/templates/bank/questions";
    params: never;
    query: {
      limit?: number;
      cursor?: string | null;
      /** Part of the text or a competency */
      q?: string | null;
    };
    body: never;
    response: BankQuestionList;
  };
  /** List Candidates */
  listCandidates: {
    method: "GET";
    path: "/candidates";
    params: never;
    query: {
      /** Part of name or email */
      search?: string | null;
      tag?: string | null;
      limit?: number;
    };
    body: never;
    response: CandidateList;
  };
  /** List Comments */
  listComments: {
    method: "GET";
    path: "/interviews/{interview_id}/comments";
    params: {
      interview_id: string;
    };
    query: {
      /** Only the comments on this answer */
      answer_id?: string | null;
      limit?: number;
      cursor?: string | null;
    };
    body: never;
    response: CommentList;
  };
  /** List Data Requests */
  listDataRequests: {
    method: "GET";
    path: "/candidates/privacy/requests";
    params: never;
    query: {
      status?: RequestStatus | null;
    };
    body: never;
    response: DataRequestList;
  };
  /** List Hook Samples */
  listHookSamples: {
    method: "GET";
    path: "/integrations/hooks/samples";
    params: never;
    query: {
      event_type?: "answer.failed" | "answer.scored" | "answer.uploaded" | "billing.payment_failed" | "billing.payment_succeeded" | "billing.quota_warning" | "candidate.erased" | "candidate.imported" | "comment.created" | "comment.mentioned" | "interview.analyzed" | "interview.completed" | "interview.created" | "interview.deadline_extended" | "interview.decided" | "interview.expired" | "interview.invited" | "interview.started" | "live_interview.analyzed" | "live_interview.cancelled" | "live_interview.ended" | "live_interview.scheduled" | "live_interview.started" | "reviewer.assigned" | "scorecard.submitted" | "team.member_added" | "template.published" | "webhook.endpoint_disabled" | null;
    };
    body: never;
    response: HookSamples;
  };
  /** List Hooks */
  listHooks: {
    method: "GET";
    path: "/integrations/hooks";
    params: never;
    query: never;
    body: never;
    response: HookList;
  };
  /** List Interview Analyses */
  listInterviewAnalyses: {
    method: "GET";
    path: "/interviews/{interview_id}/analyses";
    params: {
      interview_id: string;
    };
    query: never;
    body: never;
    response: AnalysisVersionList;
  };
  /** List Interviews */
  listInterviews: {
    method: "GET";
    path: "/interviews";
    params: never;
    query: {
      status?: InterviewStatus | null;
      template_id?: string | null;
      limit?: number;
      cursor?: string | null;
      /** Part of the candidate's name or email, or of the template's name */
      q?: string | null;
    };
    body: never;
    response: InterviewList;
  };
  /** List Live Interviews */
  listLiveInterviews: {
    method: "GET";
    path: "/interviews/live";
    params: never;
    query: {
      status?: LiveStatus | null;
      limit?: number;
      cursor?: string | null;
    };
    body: never;
    response: LiveInterviewList;
  };
  /** List Mentionable Members */
  listMentionableMembers: {
    method: "GET";
    path: "/interviews/{interview_id}/mentionable";
    params: {
      interview_id: string;
    };
    query: never;
    body: never;
    response: MemberList;
  };
  /** List Notifications */
  listNotifications: {
    method: "GET";
    path: "/notifications";
    params: never;
    query: {
      unread_only?: boolean;
      limit?: number;
      cursor?: string | null;
    };
    body: never;
    response: NotificationList;
  };
  /** List Scorecard Templates */
  listScorecardTemplates: {
    method: "GET";
    path: "/company/scorecard-templates";
    params: never;
    query: {
      limit?: number;
      cursor?: string | null;
    };
    body: never;
    response: ScorecardTemplateList;
  };
  /** List Scorecards */
  listScorecards: {
    method: "GET";
    path: "/interviews/{interview_id}/scorecards";
    params: {
      interview_id: string;
    };
    query: never;
    body: never;
    response: ScorecardList;
  };
  /** List Share Links */
  listShareLinks: {
    method: "GET";
    path: "/interviews/{interview_id}/share-links";
    params: {
      interview_id: string;
    };
    query: never;
    body: never;
    response: ShareLinkList;
  };
  /** List Templates */
  listTemplates: {
    method: "GET";
    path: "/templates";
    params: never;
    query: {
      status?: TemplateStatus | null;
      limit?: number;
      cursor?: string | null;
      /** Part of the name or of a question's text */
      q?: string | null;
    };
    body: never;
    response: TemplateList;
  };
  /** List Users */
  listUsers: {
    method: "GET";
    path: "/users";
    params: never;
    query: never;
    body: never;
    response: UserList;
  };
  /** List Webhook Deliveries */
  listWebhookDeliveries: {
    method: "GET";
    path: "/webhooks/{webhook_id}/deliveries";
    params: {
      webhook_id: string;
    };
    query: {
      limit?: number;
      cursor?: string | null;
    };
    body: never;
    response: DeliveryList;
  };
  /** List Webhooks */
  listWebhooks: {
    method: "GET";
    path: "/webhooks";
    params: never;
    query: never;
    body: never;
    response: WebhookList;
  };
  /** Login */
  login: {
    method: "POST";
    path: "/auth/login";
    params: never;
    query: never;
    body: LoginRequest;
    response: LoginPublic;
  };
  /** Logout */
  logout: {
    method: "POST";
    path: "/auth/logout";
    params: never;
    query: never;
    body: never;
    response: null;
  };
  /** Mark Notifications Read */
  markNotificationsRead: {
    method: "POST";
    path: "/notifications/read";
    params: never;
    query: never;
    body: NotificationsRead | null;
    response: UnreadCount;
  };
  /** Measure Upload Speed */
  measureUploadSpeed: {
    method: "POST";
    path: "/candidate/speedtest";
    params: never;
    query: never;
    body: never;
    response: null;
  };
  /** Publish Template */
  publishTemplate: {
    method: "POST";
    path: "/templates/{template_id}/publish";
    params: {
      template_id: string;
    };
    query: never;
    body: never;
    response: TemplatePublic;
  };
  /** Reactivate User */
  reactivateUser: {
    method: "POST";
    path: "/users/{user_id}/reactivate";
    params: {
      user_id: string;
    };
    query: never;
    body: never;
    response: UserPublic;
  };
  /** Receive Stripe Event */
  receiveStripeEvent: {
    method: "POST";
    path: "/billing/stripe/webhook";
    params: never;
    query: never;
    body: Record<string, unknown>;
    response: StripeEventReceived;
  };
  /** Register Company */
  registerCompany: {
    method: "POST";
    path: "/auth/register";
    params: never;
    query: never;
    body: RegistrationRequest;
    response: RegistrationPublic;
  };
  /** Remove Template Intro Video */
  removeTemplateIntroVideo: {
    method: "DELETE";
    path: "/templates/{template_id}/intro-video";
    params: {
      template_id: string;
    };
    query: never;
    body: never;
    response: TemplatePublic;
  };
  /** Renew Answer Upload Parts */
  renewAnswerUploadParts: {
    method: "POST";
    path: "/candidate/answers/{answer_id}/parts";
    params: {
      answer_id: string;
    };
    query: never;
    body: never;
    response: AnswerUploadPublic;
  };
  /** Renew Live Candidate Recording Parts */
  renewLiveCandidateRecordingParts: {
    method: "POST";
    path: "/interviews/live/candidate/recordings/{recording_id}/parts";
    params: {
      recording_id: string;
    };
    query: never;
    body: never;
    response: LiveRecordingUploadPublic;
  };
  /** Renew Live Recording Parts */
  renewLiveRecordingParts: {
    method: "POST";
    path: "/interviews/live/{live_interview_id}/recordings/{recording_id}/parts";
    params: {
      live_interview_id: string;
      recording_id: string;
    };
    query: never;
    body: never;
    response: LiveRecordingUploadPublic;
  };
  /** Replay Webhook Delivery */
  replayWebhookDelivery: {
    method: "POST";
    path: "/webhooks/{webhook_id}/deliveries/{event_id}/replay";
    params: {
      webhook_id: string;
      event_id: string;
    };
    query: never;
    body: never;
    response: DeliveryPublic;
  };
  /** Reprocess Answer */
  reprocessAnswer: {
    method: "POST";
    path: "/interviews/{interview_id}/answers/{answer_id}/reprocess";
    params: {
      interview_id: string;
      answer_id: string;
    };
    query: never;
    body: never;
    response: AnswerPublic;
  };
  /** Request Candidate Data */
  requestCandidateData: {
    method: "POST";
    path: "/candidate/privacy/requests";
    params: never;
    query: never;
    body: DataRequestCreate;
    response: DataRequestReceipt;
  };
  /** Request New Link */
  requestNewLink: {
    method: "POST";
    path: "/candidate/link-request";
    params: never;
    query: never;
    body: never;
    response: LinkRequestPublic;
  };
  /** Rescore Interview */
  rescoreInterview: {
    method: "POST";
    path: "/interviews/{interview_id}/rescore";
    params: {
      interview_id: string;
    };
    query: never;
    body: RescoreRequest | null;
    response: RescoreAccepted;
  };
  /** Resend Invitation */
  resendInvitation: {
    method: "POST";
    path: "/interviews/{interview_id}/resend";
    params: {
      interview_id: string;
    };
    query: never;
    body: ResendRequest | null;
    response: InvitationPublic;
  };
  /** Resend Registration Code */
  resendRegistrationCode: {
    method: "POST";
    path: "/auth/register/resend";
    params: never;
    query: never;
    body: RegistrationCodeRequest;
    response: null;
  };
  /** Respond To Login Challenge */
  respondToLoginChallenge: {
    method: "POST";
    path: "/auth/challenge";
    params: never;
    query: never;
    body: ChallengeAnswer;
    response: LoginPublic;
  };
  /** Revoke Api Key */
  revokeApiKey: {
    method: "POST";
    path: "/integrations/api-keys/{key_id}/revoke";
    params: {
      key_id: string;
    };
    query: never;
    body: never;
    response: ApiKeyPublic;
  };
  /** Revoke Share Link */
  revokeShareLink: {
    method: "POST";
    path: "/interviews/{interview_id}/share-links/{link_id}/revoke";
    params: {
      interview_id: string;
      link_id: string;
    };
    query: never;
    body: never;
    response: ShareLinkPublic;
  };
  /** Rotate Webhook Secret */
  rotateWebhookSecret: {
    method: "POST";
    path: "/webhooks/{webhook_id}/rotate-secret";
    params: {
      webhook_id: string;
    };
    query: never;
    body: never;
    response: WebhookWithSecret;
  };
  /** Save Live Notes */
  saveLiveNotes: {
    method: "PUT";
    path: "/interviews/live/{live_interview_id}/notes";
    params: {
      live_interview_id: string;
    };
    query: never;
    body: LiveNotesSave;
    response: null;
  };
  /** Schedule Live Interview */
  scheduleLiveInterview: {
    method: "POST";
    path: "/interviews/live";
    params: never;
    query: never;
    body: LiveInterviewCreate;
    response: LiveInvitationPublic;
  };
  /** Send Test Webhook */
  sendTestWebhook: {
    method: "POST";
    path: "/webhooks/{webhook_id}/test";
    params: {
      webhook_id: string;
    };
    query: never;
    body: never;
    response: DeliveryPublic;
  };
  /** Setup Mfa */
  setupMfa: {
    method: "POST";
    path: "/me/mfa/setup";
    params: never;
    query: never;
    body: never;
    response: MfaSetupPublic;
  };
  /** Show Unsubscribe */
  showUnsubscribe: {
    method: "GET";
    path: "/notifications/unsubscribe";
    params: never;
    query: {
      /** From the email */
      token: string;
    };
    body: never;
    response: string;
  };
  /** Submit Scorecard */
  submitScorecard: {
    method: "PUT";
    path: "/interviews/{interview_id}/scorecard";
    params: {
      interview_id: string;
    };
    query: never;
    body: ScorecardSubmit;
    response: ScorecardPublic;
  };
  /** Subscribe Hook */
  subscribeHook: {
    method: "POST";
    path: "/integrations/hooks";
    params: never;
    query: never;
    body: HookSubscribe;
    response: HookPublic;
  };
  /** Unassign Reviewer */
  unassignReviewer: {
    method: "DELETE";
    path: "/interviews/{interview_id}/reviewers/{user_id}";
    params: {
      interview_id: string;
      user_id: string;
    };
    query: never;
    body: never;
    response: Reviewers;
  };
  /** Do Unsubscribe */
  unsubscribe: {
    method: "POST";
    path: "/notifications/unsubscribe";
    params: never;
    query: {
      /** From the email */
      token: string;
    };
    body: never;
    response: string;
  };
  /** Unsubscribe Hook */
  unsubscribeHook: {
    method: "DELETE";
    path: "/integrations/hooks/{hook_id}";
    params: {
      hook_id: string;
    };
    query: never;
    body: never;
    response: null;
  };
  /** Update Bank Question */
  updateBankQuestion: {
    method: "PATCH";
    path: "/templates/bank/questions/{question_id}";
    params: {
      question_id: string;
    };
    query: never;
    body: BankQuestionUpdate;
    response: BankQuestionPublic;
  };
  /** Update Comment */
  updateComment: {
    method: "PATCH";
    path: "/interviews/{interview_id}/comments/{comment_id}";
    params: {
      interview_id: string;
      comment_id: string;
    };
    query: never;
    body: CommentUpdate;
    response: CommentPublic;
  };
  /** Update Company */
  updateCompany: {
    method: "PATCH";
    path: "/company";
    params: never;
    query: never;
    body: CompanyUpdate;
    response: CompanyPublic;
  };
  /** Update Me */
  updateMe: {
    method: "PATCH";
    path: "/me";
    params: never;
    query: never;
    body: MeUpdate;
    response: MePublic;
  };
  /** Update Scorecard Template */
  updateScorecardTemplate: {
    method: "PATCH";
    path: "/company/scorecard-templates/{scorecard_template_id}";
    params: {
      scorecard_template_id: string;
    };
    query: never;
    body: ScorecardTemplateUpdate;
    response: ScorecardTemplatePublic;
  };
  /** Update Template */
  updateTemplate: {
    method: "PATCH";
    path: "/templates/{template_id}";
    params: {
      template_id: string;
    };
    query: never;
    body: TemplateUpdate;
    response: TemplatePublic;
  };
  /** Update User */
  updateUser: {
    method: "PATCH";
    path: "/users/{user_id}";
    params: {
      user_id: string;
    };
    query: never;
    body: UserUpdate;
    response: UserPublic;
  };
  /** Update Webhook */
  updateWebhook: {
    method: "PATCH";
    path: "/webhooks/{webhook_id}";
    params: {
      webhook_id: string;
    };
    query: never;
    body: WebhookUpdate;
    response: WebhookPublic;
  };
  /** Verify Mfa */
  verifyMfa: {
    method: "POST";
    path: "/me/mfa/verify";
    params: never;
    query: never;
    body: MfaVerify;
    response: MePublic;
  };
}

export type OperationId = keyof operations;
/** The JSON body an operation takes. */
export type Body<K extends OperationId> = operations[K]['body'];
/** What an operation answers on success (null for 204). */
export type Reply<K extends OperationId> = operations[K]['response'];
/** An operation's query parameters. */
export type Query<K extends OperationId> = operations[K]['query'];
