// Streams one answer's recording to S3 as a multipart upload while it is being recorded,
// persisting every step so that a dropped connection or a reload resumes.
import { api, ApiError, type UploadGrant } from '../api';
import { PartBuffer, partThreshold } from './parts';
import { uploadStore } from './idb';
import { completionParts, isExpired, partUrl, pendingParts, readyToComplete, uploadedBytes, withEtag, type UploadState } from './state';

export interface UploadProgress { uploaded: number; total: number; recordingDone: boolean; retrying: boolean; offline: boolean }

export type PutPart = (url: string, body: Blob, onProgress: (loaded: number) => void, signal: AbortSignal) => Promise<string>;

/** PUT one part with XHR (fetch has no upload progress); resolves to the part's ETag. */
export const xhrPutPart: PutPart = (url, body, onProgress, signal) => new Promise((resolve, reject) => {
  const xhr = new XMLHttpRequest();
  xhr.open('PUT', url);
  xhr.upload.onprogress = (e) => onProgress(e.loaded);
  xhr.onload = () => {
    const etag = xhr.getResponseHeader('ETag');
    if (xhr.status >= 200 && xhr.status < 300 && etag) resolve(etag);
    else reject(new ApiError(xhr.status, 'Upload failed', xhr.status >= 200 && xhr.status < 300 ? 'missing ETag (bucket CORS must expose it)' : `part upload failed (${xhr.status})`));
  };
  xhr.onerror = () => reject(new ApiError(0, 'Network error', 'network'));
  xhr.ontimeout = () => reject(new ApiError(0, 'Network error', 'timeout'));
  xhr.timeout = 120_000;
  signal.addEventListener('abort', () => xhr.abort());
  xhr.send(body);
});

/** 0.5 s, 1 s, 2 s … capped at 15 s, with jitter. */
export function backoffMs(attempt: number, random = Math.random): number {
  const base = Math.min(15_000, 500 * 2 ** attempt);
  return Math.round(base / 2 + random() * (base / 2));
}

const sleep = (ms: number, signal: AbortSignal) => new Promise<void>((resolve) => {
  const t = setTimeout(resolve, ms);
  signal.addEventListener('abort', () => { clearTimeout(t); resolve(); });
});

export interface UploaderDeps { putPart?: PutPart; store?: typeof uploadStore; complete?: typeof api.completeAnswerUpload; maxAttempts?: number }

export class AnswerUploader {
  private state: UploadState;
  private buffer: PartBuffer;
  private inflight = 0;
  private pumping: Promise<void> | null = null;
  private abort = new AbortController();
  private retrying = false;
  private saveChain: Promise<void> = Promise.resolve();
  private readonly putPart: PutPart;
  private readonly store: typeof uploadStore;
  private readonly complete: typeof api.completeAnswerUpload;
  private readonly maxAttempts: number;
  onProgress: (p: UploadProgress) => void = () => {};

  private constructor(state: UploadState, deps: UploaderDeps) {
    this.state = state;
    this.buffer = new PartBuffer(state.threshold, state.partUrls.length, state.buffer);
    this.putPart = deps.putPart ?? xhrPutPart;
    this.store = deps.store ?? uploadStore;
    this.complete = deps.complete ?? api.completeAnswerUpload;
    this.maxAttempts = deps.maxAttempts ?? 12;
  }

  static async start(token: string, grant: UploadGrant, info: { questionIndex: number; contentType: string; expectedMaxBytes: number }, deps: UploaderDeps = {}): Promise<AnswerUploader> {
    const threshold = partThreshold(grant.part_size_bytes, grant.parts.length, info.expectedMaxBytes);
    const state: UploadState = {
      token, answerId: grant.answer_id, questionId: grant.question_id, questionIndex: info.questionIndex,
      attempt: grant.attempt, contentType: info.contentType, partUrls: grant.parts, expiresAt: grant.expires_at,
      threshold, chunkCount: 0, chunkBytes: 0, buffer: { nextChunk: 0, nextPart: 1, pendingFrom: 0, pendingSize: 0 },
      parts: [], recordingDone: false, completed: false, updatedAt: Date.now(),
    };
    const up = new AnswerUploader(state, deps);
    await up.persist();
    return up;
  }

  /** Continue a persisted upload (after a reload). The recording, if cut short, ends where it stopped. */
  static async resume(state: UploadState, deps: UploaderDeps = {}): Promise<AnswerUploader> {
    const up = new AnswerUploader(state, deps);
    if (!state.recordingDone) await up.finishRecording();
    return up;
  }

  get answerId() { return this.state.answerId; }
  get snapshot(): UploadState { return this.state; }
  get expired() { return isExpired(this.state); }

  private chain: Promise<void> = Promise.resolve();

  /** One MediaRecorder chunk, in order. Stored first, then counted toward the next part. */
  addChunk(blob: Blob): Promise<void> {
    this.chain = this.chain.then(() => this.addChunkNow(blob));
    return this.chain;
  }

  private async addChunkNow(blob: Blob): Promise<void> {
    if (!blob.size) return;
    const seq = this.state.chunkCount;
    this.state = { ...this.state, chunkCount: seq + 1, chunkBytes: this.state.chunkBytes + blob.size };
    await this.store.putChunk(this.state.answerId, seq, blob);
    const part = this.buffer.push(blob.size);
    this.state = { ...this.state, buffer: this.buffer.snapshot(), parts: part ? [...this.state.parts, part] : this.state.parts, updatedAt: Date.now() };
    await this.persist();
    this.emit();
    if (part) this.pump().catch(() => undefined); // retried again by done()
  }

  finishRecording(): Promise<void> {
    this.chain = this.chain.then(() => this.finishNow());
    return this.chain;
  }

  private async finishNow(): Promise<void> {
    if (this.state.recordingDone) return;
    const part = this.buffer.finish();
    this.state = { ...this.state, recordingDone: true, buffer: this.buffer.snapshot(), parts: part ? [...this.state.parts, part] : this.state.parts, updatedAt: Date.now() };
    await this.persist();
    this.emit();
    this.pump().catch(() => undefined); // the last part leaves at once, while the candidate watches the preview
  }

  /** Uploads every remaining part and completes; resolves when S3 and the API confirmed. */
  async done(): Promise<void> {
    for (;;) {
      await this.pump();
      if (pendingParts(this.state).length === 0) break;
    }
    if (this.state.parts.length === 0) throw new ApiError(0, 'Empty recording', 'empty');
    if (readyToComplete(this.state)) {
      await this.withRetry(() => this.complete(this.state.token, this.state.answerId, completionParts(this.state)));
      this.state = { ...this.state, completed: true };
    }
    await this.store.deleteState(this.state.token, this.state.answerId);
    await this.store.deleteChunks(this.state.answerId);
    this.emit();
  }

  /** Stop uploading and forget this attempt locally (the server keeps its record). */
  async discard(): Promise<void> {
    this.abort.abort();
    await this.store.deleteState(this.state.token, this.state.answerId);
    await this.store.deleteChunks(this.state.answerId);
  }

  stop() { this.abort.abort(); }

  private pump(): Promise<void> {
    if (this.pumping) return this.pumping;
    this.pumping = (async () => {
      try {
        let next = pendingParts(this.state)[0];
        while (next && !this.abort.signal.aborted) {
          const part = next;
          const url = partUrl(this.state, part.partNumber);
          if (!url) throw new ApiError(0, 'Upload failed', `no URL for part ${part.partNumber}`);
          const body = await this.store.getChunks(this.state.answerId, part.from, part.to, this.state.contentType);
          const etag = await this.withRetry(() => this.putPart(url, body, (loaded) => { this.inflight = loaded; this.emit(); }, this.abort.signal));
          this.inflight = 0;
          this.state = withEtag(this.state, part.partNumber, etag);
          await this.persist();
          this.emit();
          next = pendingParts(this.state)[0];
        }
      } finally {
        this.pumping = null;
      }
    })();
    return this.pumping;
  }

  private async withRetry<T>(fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await fn();
        if (this.retrying) { this.retrying = false; this.emit(); }
        return result;
      } catch (e) {
        const status = e instanceof ApiError ? e.status : 0;
        const transient = status === 0 || status === 408 || status === 429 || status >= 500;
        if (!transient || attempt + 1 >= this.maxAttempts || this.abort.signal.aborted) throw e;
        this.retrying = true;
        this.inflight = 0;
        this.emit();
        if (typeof navigator !== 'undefined' && navigator.onLine === false) await waitOnline(this.abort.signal, 30_000);
        await sleep(backoffMs(attempt), this.abort.signal);
      }
    }
  }

  private persist(): Promise<void> {
    const snap = this.state;
    this.saveChain = this.saveChain.then(() => this.store.saveState(snap)).catch(() => undefined);
    return this.saveChain;
  }

  private emit() {
    this.onProgress({
      uploaded: uploadedBytes(this.state) + this.inflight,
      total: this.state.chunkBytes,
      recordingDone: this.state.recordingDone,
      retrying: this.retrying,
      offline: typeof navigator !== 'undefined' && navigator.onLine === false,
    });
  }
}

function waitOnline(signal: AbortSignal, max: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => { window.removeEventListener('online', done); clearTimeout(t); resolve(); };
    const t = setTimeout(done, max);
    window.addEventListener('online', done);
    signal.addEventListener('abort', done);
  });
}
