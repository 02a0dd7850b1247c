// The resumable state of one answer upload, persisted after every change so a dropped
// connection or a page reload continues where it stopped.
import type { PartRange } from './parts';

export interface PartState extends PartRange { etag?: string }

export interface UploadState {
  token: string;
  answerId: string;
  questionId: string;
  questionIndex: number;
  attempt: number;
  contentType: string;
  partUrls: { part_number: number; url: string }[];
  expiresAt: string;
  threshold: number;
  chunkCount: number;
  chunkBytes: number;
  buffer: { nextChunk: number; nextPart: number; pendingFrom: number; pendingSize: number };
  parts: PartState[];
  recordingDone: boolean;
  completed: boolean;
  updatedAt: number;
}

export function partUrl(state: UploadState, n: number): string | undefined {
  return state.partUrls.find((p) => p.part_number === n)?.url;
}

/** Parts cut but not yet acknowledged by S3 (no ETag), in order. */
export function pendingParts(state: UploadState): PartState[] {
  return state.parts.filter((p) => !p.etag).sort((a, b) => a.partNumber - b.partNumber);
}

export function withEtag(state: UploadState, partNumber: number, etag: string): UploadState {
  return { ...state, parts: state.parts.map((p) => (p.partNumber === partNumber ? { ...p, etag } : p)), updatedAt: Date.now() };
}

export function uploadedBytes(state: UploadState): number {
  return state.parts.reduce((sum, p) => sum + (p.etag ? p.size : 0), 0);
}

/** Ready to complete: recording over, at least one part, every part acknowledged. */
export function readyToComplete(state: UploadState): boolean {
  return state.recordingDone && !state.completed && state.parts.length > 0 && state.parts.every((p) => !!p.etag);
}

export function completionParts(state: UploadState): { part_number: number; etag: string }[] {
  return [...state.parts].sort((a, b) => a.partNumber - b.partNumber).map((p) => ({ part_number: p.partNumber, etag: p.etag as string }));
}

/** Presigned URLs expire; past its expiry a state's URLs must be renewed (renewAnswerUploadParts). */
export function isExpired(state: UploadState, now = Date.now()): boolean {
  const t = Date.parse(state.expiresAt);
  return Number.isFinite(t) && t <= now;
}
