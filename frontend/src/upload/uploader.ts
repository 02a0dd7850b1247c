// Streams one answer's recording to S3 as a multipart upload while it is being recorded,
// persisting every step so that a dropped connection or a reload resumes. The rule: the
// recording stays in the browser (IndexedDB) until the API confirmed the whole upload
// (completeAnswerUpload answered); no failure, expiry or refusal deletes it before that.
import { api, ApiError, type AnswerStatusPublic, type UploadGrant } from '../api';
import { PartBuffer, partThreshold } from './parts';
import { uploadStore } from './idb';
import { completionParts, isExpired, partUrl, pendingParts, uploadedBytes, withEtag, type PartState, type UploadState } from './state';

export interface UploadProgress { uploaded: number; total: number; recordingDone: boolean; retrying: boolean; offline: boolean }

export type PutPart = (url: string, body: Blob, onProgress: (loaded: number) => void, signal: AbortSignal) => Promise<string>;

/** S3's refusal of a part PUT as an ApiError; the XML error's Code is in `extensions.code`. */
export function partError(status: number, responseText: string): ApiError {
  if (status === 0) return new ApiError(0, 'Network error', 'network');
  const code = /<Code>([^<]*)<\/Code>/.exec(responseText)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(responseText)?.[1];
  const why = [code, message].filter(Boolean).join(': ');
  const error = new ApiError(status, 'Upload failed', `part upload failed (${status}${why ? ` ${why}` : ''})`);
  if (code) error.extensions = { code };
  return error;
}

/**
 * A part URL S3 no longer honours: expired (403 AccessDenied "Request has expired"), or signed
 * with credentials that expired first (400 ExpiredToken). Renewing costs one API call, so any
 * 403 counts; a second refusal right after a renewal is final.
 */
export function isStaleUrl(e: unknown): boolean {
  if (!(e instanceof ApiError)) return false;
  return e.status === 403 || (e.status === 400 && /^(ExpiredToken|TokenRefreshRequired)$/.test(String(e.extensions.code ?? '')));
}

/** PUT one part with XHR (fetch has no upload progress); resolves to the part's ETag. */
export const xhrPutPart: PutPart = (url, body, onProgress, signal) => new Promise((resolve, reject) => {
  if (signal.aborted) { reject(new ApiError(0, 'Upload stopped', 'aborted')); return; }
  const xhr = new XMLHttpRequest();
  xhr.open('PUT', url);
  xhr.upload.onprogress = (e) => onProgress(e.loaded);
  xhr.onload = () => {
    const etag = xhr.getResponseHeader('ETag');
    const ok = xhr.status >= 200 && xhr.status < 300;
    if (ok && etag) resolve(etag);
    else if (ok) reject(new ApiError(xhr.status, 'Upload failed', 'missing ETag (bucket CORS must expose it)'));
    else reject(partError(xhr.status, xhr.responseText));
  };
  xhr.onerror = () => reject(new ApiError(0, 'Network error', 'network'));
  xhr.ontimeout = () => reject(new ApiError(0, 'Network error', 'timeout'));
  xhr.onabort = () => reject(new ApiError(0, 'Upload stopped', 'aborted'));
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

/** Part URLs are renewed this long before they expire, so that no PUT starts on a dying URL. */
const RENEW_MARGIN_MS = 60_000;
/** A device clock ahead of the server's sees fresh URLs as expired: renew ahead of time at most this often. */
const RENEW_AHEAD_EVERY_MS = 10 * 60_000;

/** The API refused to renew the part URLs because the answer is no longer uploading (409). */
class ClosedOnServer extends Error {}

/** Another page (a second tab) is recording or sending this answer right now. */
export class UploadBusy extends Error {}

/**
 * The Web Locks API, as far as the uploader needs it: one lock per answer, shared by every tab
 * of the browser, held while a page records the answer and while one sends or completes it.
 */
export interface Locks {
  request<T>(name: string, options: { ifAvailable?: boolean }, callback: (lock: unknown) => Promise<T>): Promise<T>;
}
const browserLocks = (): Locks | null => (typeof navigator !== 'undefined' && navigator.locks ? navigator.locks : null);

export interface UploaderDeps {
  putPart?: PutPart;
  store?: typeof uploadStore;
  complete?: typeof api.completeAnswerUpload;
  renew?: typeof api.renewAnswerUploadParts;
  maxAttempts?: number;
  /** The wait before retry number `attempt` (defaults to backoffMs). */
  backoff?: (attempt: number) => number;
  /** Defaults to navigator.locks; null where the browser has none. */
  locks?: Locks | null;
}

export class AnswerUploader {
  private state: UploadState;
  private buffer: PartBuffer;
  private inflight = 0;
  private pumping: Promise<void> | null = null;
  private abort = new AbortController();
  private retrying = false;
  private saveChain: Promise<void> = Promise.resolve();
  private chain: Promise<void> = Promise.resolve();
  /** Chunks recorded by this page whose part S3 has not acknowledged yet (IndexedDB may fail). */
  private unsent = new Map<number, Blob>();
  /** Lets go of this answer's lock, held from start() until the API confirmed it or stop(). */
  private releaseLock: (() => void) | null = null;
  private renewedAt = Number.NEGATIVE_INFINITY;
  private readonly putPart: PutPart;
  private readonly store: typeof uploadStore;
  private readonly complete: typeof api.completeAnswerUpload;
  private readonly renew: typeof api.renewAnswerUploadParts;
  private readonly maxAttempts: number;
  private readonly backoff: (attempt: number) => number;
  private readonly locks: Locks | null;
  onProgress: (p: UploadProgress) => void = () => {};

  private constructor(state: UploadState, deps: UploaderDeps) {
    this.state = state;
    this.buffer = new PartBuffer(state.threshold, state.partUrls.length, state.buffer);
    this.putPart = deps.putPart ?? xhrPutPart;
    this.store = deps.store ?? uploadStore;
    this.complete = deps.complete ?? api.completeAnswerUpload;
    this.renew = deps.renew ?? api.renewAnswerUploadParts;
    this.maxAttempts = deps.maxAttempts ?? 12;
    this.backoff = deps.backoff ?? ((attempt) => backoffMs(attempt));
    this.locks = deps.locks === undefined ? browserLocks() : deps.locks;
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
    await up.holdLock();
    await up.persist();
    return up;
  }

  /** A persisted upload (after a reload); done() finishes it. A recording cut short ends where it stopped. */
  static resume(state: UploadState, deps: UploaderDeps = {}): AnswerUploader {
    return new AnswerUploader(state, deps);
  }

  /** The page that records an answer owns it (no other tab resumes it) until it is confirmed or left. */
  private holdLock(): Promise<void> {
    const locks = this.locks;
    if (!locks) return Promise.resolve();
    return new Promise<void>((acquired) => {
      locks.request(this.lockName, {}, () => {
        acquired();
        return new Promise<void>((release) => { this.releaseLock = release; });
      }).catch(() => acquired());
    });
  }

  private letGoOfLock() {
    this.releaseLock?.();
    this.releaseLock = null;
  }

  private get lockName() { return `iv-upload:${this.state.answerId}`; }

  get answerId() { return this.state.answerId; }
  get snapshot(): UploadState { return this.state; }

  /** One MediaRecorder chunk, in order. Stored first, then counted toward the next part. */
  addChunk(blob: Blob): Promise<void> {
    return this.enqueue(() => this.addChunkNow(blob));
  }

  finishRecording(): Promise<void> {
    return this.enqueue(() => this.finishNow());
  }

  /** Runs recorder steps in order; one failed step never stops the ones after it. */
  private enqueue(step: () => Promise<void>): Promise<void> {
    const next = this.chain.then(step);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async addChunkNow(blob: Blob): Promise<void> {
    if (!blob.size) return;
    const seq = this.state.chunkCount;
    this.unsent.set(seq, blob);
    this.state = { ...this.state, chunkCount: seq + 1, chunkBytes: this.state.chunkBytes + blob.size };
    // A failed write (quota, private mode) must not drop the chunk: this page still has it in
    // `unsent` and uploads it from there; only a reload before its part is sent would lose it.
    await this.store.putChunk(this.state.answerId, seq, blob).catch(() => undefined);
    const part = this.buffer.push(blob.size);
    this.state = { ...this.state, buffer: this.buffer.snapshot(), parts: part ? [...this.state.parts, part] : this.state.parts, updatedAt: Date.now() };
    await this.persist();
    this.emit();
    if (part) this.pump().catch(() => undefined); // retried again by done()
  }

  private async finishNow(): Promise<void> {
    if (this.state.recordingDone) return;
    const part = this.buffer.finish();
    this.state = { ...this.state, recordingDone: true, buffer: this.buffer.snapshot(), parts: part ? [...this.state.parts, part] : this.state.parts, updatedAt: Date.now() };
    await this.persist();
    this.emit();
    this.pump().catch(() => undefined); // the last part leaves at once, while the candidate watches the preview
  }

  /**
   * Uploads every remaining part and completes. Resolves with the API's answer once it
   * confirmed the upload; only then is the local copy deleted. On any failure the recording
   * stays stored: call done() again, or resume after a reload. With `ifFree`, an upload another
   * tab holds is left alone (UploadBusy) instead of waited for.
   */
  async done(opts: { ifFree?: boolean } = {}): Promise<AnswerStatusPublic> {
    if (this.releaseLock) { // this page recorded it and holds its lock already
      const answer = await this.doneNow();
      this.letGoOfLock();
      return answer;
    }
    if (!this.locks) return this.doneNow();
    let granted = false;
    try {
      return await this.locks.request(this.lockName, { ifAvailable: !!opts.ifFree }, async (lock) => {
        granted = true;
        if (!lock) throw new UploadBusy(`answer ${this.state.answerId} is being uploaded by another page`);
        return this.doneNow();
      });
    } catch (e) {
      if (granted) throw e;
      return this.doneNow(); // the lock manager refused to work here (e.g. an opaque origin): no other tab can be told
    }
  }

  private async doneNow(): Promise<AnswerStatusPublic> {
    await this.finishRecording();
    if (this.state.parts.length === 0) {
      await this.forget(); // nothing was recorded, so nothing can be lost
      throw new ApiError(0, 'Empty recording', 'empty');
    }
    let parts: { part_number: number; etag: string }[] | undefined;
    try {
      await this.uploadAll();
      parts = completionParts(this.state);
    } catch (e) {
      if (!(e instanceof ClosedOnServer)) throw e;
      // Completed (or judged) before, e.g. its answer was lost with the page: a completion
      // without parts returns what the server has, and can never assemble a partial upload.
      parts = undefined;
    }
    const { token, answerId } = this.state;
    const answer = await this.withRetry(() => this.complete(token, answerId, parts));
    this.state = { ...this.state, completed: true, updatedAt: Date.now() };
    await this.persist();
    await this.forget();
    this.emit();
    return answer;
  }

  stop() { this.abort.abort(); this.letGoOfLock(); }

  /**
   * The candidate recorded this answer again: this take is never sent or completed (the
   * pipeline never spends a transcription on it, the retake has the whole connection), and its
   * local copy is deleted so that no later page resumes it. On the server it stays an unfinished
   * attempt, which S3's lifecycle rule clears.
   */
  async discard(): Promise<void> {
    this.abort.abort();
    await this.chain;
    await this.pumping?.catch(() => undefined);
    await this.forget().catch(() => undefined);
    this.letGoOfLock();
  }

  private async uploadAll(): Promise<void> {
    while (pendingParts(this.state).length > 0) {
      if (this.abort.signal.aborted) throw new ApiError(0, 'Upload stopped', 'aborted');
      await this.pump();
    }
  }

  /** Deletes the local copy: chunks first, so that a crash in between leaves a state to finish it. */
  private async forget(): Promise<void> {
    await this.saveChain; // no state write may land after the delete
    await this.store.deleteChunks(this.state.answerId);
    await this.store.deleteState(this.state.token, this.state.answerId);
  }

  private pump(): Promise<void> {
    if (this.pumping) return this.pumping;
    this.pumping = (async () => {
      try {
        let next = pendingParts(this.state)[0];
        while (next && !this.abort.signal.aborted) {
          const part = next;
          const etag = await this.sendPart(part);
          this.inflight = 0;
          this.state = withEtag(this.state, part.partNumber, etag);
          for (let i = part.from; i < part.to; i++) this.unsent.delete(i);
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

  /**
   * PUTs one part; renews the URLs first when they are about to expire, and once more when S3
   * refuses one as stale, or when the PUT fails like a network error every time (a refusal
   * without CORS headers reads as one; if the network is really down, the renewal fails too).
   */
  private async sendPart(part: PartState): Promise<string> {
    const body = await this.partBody(part);
    if (isExpired(this.state, Date.now() + RENEW_MARGIN_MS) && Date.now() - this.renewedAt > RENEW_AHEAD_EVERY_MS) await this.renewUrls();
    for (let renewed = false; ; renewed = true) {
      const url = partUrl(this.state, part.partNumber);
      if (!url) throw new ApiError(0, 'Upload failed', `no URL for part ${part.partNumber}`);
      try {
        return await this.withRetry(() => this.putPart(url, body, (loaded) => { this.inflight = loaded; this.emit(); }, this.abort.signal));
      } catch (e) {
        const network = e instanceof ApiError && e.status === 0;
        if (renewed || !(isStaleUrl(e) || network) || this.abort.signal.aborted) throw e;
        await this.renewUrls();
      }
    }
  }

  /** A part's bytes: from memory while this page holds them, else from IndexedDB; never a short part. */
  private async partBody(part: PartState): Promise<Blob> {
    const held: Blob[] = [];
    for (let i = part.from; i < part.to && this.unsent.has(i); i++) held.push(this.unsent.get(i) as Blob);
    const body = held.length === part.to - part.from
      ? new Blob(held, { type: this.state.contentType })
      : await this.store.getChunks(this.state.answerId, part.from, part.to, this.state.contentType);
    if (body.size !== part.size) throw new ApiError(0, 'Upload failed', `part ${part.partNumber}: ${body.size} of ${part.size} bytes are stored in this browser`);
    return body;
  }

  /** Fresh part URLs from the API (renewAnswerUploadParts); the parts S3 has stay valid. */
  private async renewUrls(): Promise<void> {
    const { token, answerId } = this.state;
    let grant: UploadGrant;
    try {
      grant = await this.withRetry(() => this.renew(token, answerId));
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) throw new ClosedOnServer(e.detail);
      throw e;
    }
    this.renewedAt = Date.now();
    this.state = { ...this.state, partUrls: grant.parts, expiresAt: grant.expires_at, updatedAt: Date.now() };
    await this.persist();
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
        await sleep(this.backoff(attempt), this.abort.signal);
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
