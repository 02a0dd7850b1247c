// The live interviews' REST calls (LIVE_SPEC.md); the types are the generated api-types'.
import type * as gen from '../api-types';
import { newIdempotencyKey, request, type ConsentGive } from '../api';

export type LiveStatus = gen.LiveStatus;
export type LiveCreate = gen.LiveInterviewCreate;
export type AnalysisStatus = gen.LiveAnalysisStatus;
export type TimelineEntry = gen.TimelineEntry;
export type LiveAnswer = gen.LiveAnswerPublic;
export type LiveRecording = gen.LiveRecordingPublic;
export type LiveSummary = gen.LiveInterviewPublic;
export type LiveInterview = gen.LiveInterviewDetail;
export type LiveInvitation = gen.LiveInvitationPublic;
export type LiveCandidateSession = gen.LiveCandidateSessionPublic;
/** The multipart grant of a recording: createAnswerUpload's shape with `recording_id`. */
export type RecordingGrant = gen.LiveRecordingUploadPublic;
export type Parts = { part_number: number; etag: string }[];

const live = (id: string) => `/interviews/live/${encodeURIComponent(id)}`;
const CAND = '/interviews/live/candidate';

export const liveApi = {
  list: (query: { status?: LiveStatus; limit?: number; cursor?: string | null } = {}) => request<gen.LiveInterviewList>('/interviews/live', { query }),
  schedule: (body: LiveCreate, idempotencyKey = newIdempotencyKey()) => request<LiveInvitation>('/interviews/live', { method: 'POST', body, idempotencyKey }),
  get: (id: string) => request<LiveInterview>(live(id)),
  cancel: (id: string) => request<LiveSummary>(`${live(id)}/cancel`, { method: 'POST' }),
  saveNotes: (id: string, text: string) => request<null>(`${live(id)}/notes`, { method: 'PUT', body: { text } }),
  createRecording: (id: string, contentType: string) => request<RecordingGrant>(`${live(id)}/recordings`, { method: 'POST', body: { content_type: contentType } }),
  renewRecordingParts: (id: string, recordingId: string) => request<RecordingGrant>(`${live(id)}/recordings/${encodeURIComponent(recordingId)}/parts`, { method: 'POST' }),
  completeRecording: (id: string, recordingId: string, parts?: Parts) => request<gen.Reply<'completeLiveRecordingUpload'>>(`${live(id)}/recordings/${encodeURIComponent(recordingId)}/complete`, { method: 'POST', body: { parts: parts ?? [] } }),
  // The candidate: the link token is the bearer.
  candidateSession: (token: string) => request<LiveCandidateSession>(`${CAND}/session`, { token }),
  giveConsent: (token: string, body: ConsentGive) => request<gen.Reply<'giveLiveConsent'>>(`${CAND}/consent`, { method: 'POST', body, token }),
  candidateCreateRecording: (token: string, contentType: string) => request<RecordingGrant>(`${CAND}/recordings`, { method: 'POST', body: { content_type: contentType }, token }),
  candidateRenewRecordingParts: (token: string, recordingId: string) => request<RecordingGrant>(`${CAND}/recordings/${encodeURIComponent(recordingId)}/parts`, { method: 'POST', token }),
  candidateCompleteRecording: (token: string, recordingId: string, parts?: Parts) => request<gen.Reply<'completeLiveCandidateRecordingUpload'>>(`${CAND}/recordings/${encodeURIComponent(recordingId)}/complete`, { method: 'POST', body: { parts: parts ?? [] }, token }),
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
