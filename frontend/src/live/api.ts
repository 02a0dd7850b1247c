// The live interviews' REST calls (LIVE_SPEC.md). The scheduling types come from the generated
// api-types; the fields LIVE-BACKEND adds are optional here until its schema is merged.
import type * as gen from '../api-types';
import { newIdempotencyKey, request, type AnswerAnalysis, type Consent, type ConsentGive, type InterviewDetail, type UploadGrant } from '../api';
import type { TranscriptLine } from './session';

export type LiveStatus = gen.LiveStatus;
export type LiveCreate = gen.LiveInterviewCreate;
export type AnalysisStatus = 'waiting_for_recording' | 'analyzing' | 'analyzed' | 'failed' | 'skipped';
export interface TimelineEntry { number: number; kind: 'template' | 'followup'; index: number | null; text: string; asked_at: string; asked_by?: string }
export interface LiveAnswer {
  number: number; kind: 'template' | 'followup'; question_text: string; start_seconds: number; end_seconds: number | null;
  transcript: string; transcript_source: 'live' | 'recording'; analysis: AnswerAnalysis | null; video_url: string | null;
}
export interface LiveRecording { recording_id: string; participant_id: string; role: string; status: 'uploading' | 'uploaded'; started_at: string }
export type LiveInterview = gen.LiveInterviewPublic & {
  timeline?: TimelineEntry[];
  transcript?: TranscriptLine[];
  my_notes?: string | null;
  consent?: Consent | null;
  analysis_status?: AnalysisStatus | null;
  answers?: LiveAnswer[];
  analysis?: InterviewDetail['analysis'] | null;
  recordings?: LiveRecording[];
};
export type LiveInvitation = gen.LiveInvitationPublic;
export interface LiveCandidateSession {
  live_interview_id: string; title: string; company: { name: string; branding?: gen.Branding | null };
  candidate_name: string; language: gen.CompanyPublic['default_language']; starts_at: string; ends_at: string;
  status: LiveStatus; signalling_url: string; consent: Consent | null; privacy_url: string | null; recording_retention_months: number;
}
/** The multipart grant of a recording: createAnswerUpload's shape with `recording_id`. */
export type RecordingGrant = Omit<UploadGrant, 'answer_id' | 'question_id' | 'attempt'> & { recording_id: string; attempt?: number };
export type Parts = { part_number: number; etag: string }[];

const live = (id: string) => `/interviews/live/${encodeURIComponent(id)}`;
const CAND = '/interviews/live/candidate';

export const liveApi = {
  list: (query: { status?: LiveStatus; limit?: number; cursor?: string | null } = {}) => request<gen.LiveInterviewList>('/interviews/live', { query }),
  schedule: (body: LiveCreate, idempotencyKey = newIdempotencyKey()) => request<LiveInvitation>('/interviews/live', { method: 'POST', body, idempotencyKey }),
  get: (id: string) => request<LiveInterview>(live(id)),
  cancel: (id: string) => request<LiveInterview>(`${live(id)}/cancel`, { method: 'POST' }),
  saveNotes: (id: string, text: string) => request<null>(`${live(id)}/notes`, { method: 'PUT', body: { text } }),
  createRecording: (id: string, contentType: string) => request<RecordingGrant>(`${live(id)}/recordings`, { method: 'POST', body: { content_type: contentType } }),
  renewRecordingParts: (id: string, recordingId: string) => request<RecordingGrant>(`${live(id)}/recordings/${encodeURIComponent(recordingId)}/parts`, { method: 'POST' }),
  completeRecording: (id: string, recordingId: string, parts?: Parts) => request<unknown>(`${live(id)}/recordings/${encodeURIComponent(recordingId)}/complete`, { method: 'POST', body: { parts: parts ?? [] } }),
  // The candidate: the link token is the bearer.
  candidateSession: (token: string) => request<LiveCandidateSession>(`${CAND}/session`, { token }),
  giveConsent: (token: string, body: ConsentGive) => request<Consent>(`${CAND}/consent`, { method: 'POST', body, token }),
  candidateCreateRecording: (token: string, contentType: string) => request<RecordingGrant>(`${CAND}/recordings`, { method: 'POST', body: { content_type: contentType }, token }),
  candidateRenewRecordingParts: (token: string, recordingId: string) => request<RecordingGrant>(`${CAND}/recordings/${encodeURIComponent(recordingId)}/parts`, { method: 'POST', token }),
  candidateCompleteRecording: (token: string, recordingId: string, parts?: Parts) => request<unknown>(`${CAND}/recordings/${encodeURIComponent(recordingId)}/complete`, { method: 'POST', body: { parts: parts ?? [] }, token }),
};

/** Where the room's calls go: a member's (bearer JWT) or the candidate's (link token). */
export interface RecordingEndpoints {
  create: (contentType: string) => Promise<RecordingGrant>;
  renew: (recordingId: string) => Promise<RecordingGrant>;
  complete: (recordingId: string, parts?: Parts) => Promise<unknown>;
}
export function memberRecordings(id: string): RecordingEndpoints {
  return { create: (ct) => liveApi.createRecording(id, ct), renew: (r) => liveApi.renewRecordingParts(id, r), complete: (r, p) => liveApi.completeRecording(id, r, p) };
}
export function candidateRecordings(token: string): RecordingEndpoints {
  return { create: (ct) => liveApi.candidateCreateRecording(token, ct), renew: (r) => liveApi.candidateRenewRecordingParts(token, r), complete: (r, p) => liveApi.candidateCompleteRecording(token, r, p) };
}

/** The signalling URL with a member's or the candidate's credentials. */
export function signallingUrl(base: string, creds: { liveId: string; accessToken: string } | { token: string }): string {
  const url = new URL(base, typeof location === 'undefined' ? 'http://localhost' : location.href);
  if ('token' in creds) url.searchParams.set('token', creds.token);
  else { url.searchParams.set('live_interview_id', creds.liveId); url.searchParams.set('access_token', creds.accessToken); }
  return url.toString();
}
