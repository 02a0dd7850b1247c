// One recording of one answer: the camera recorder and the upload it streams to. The recorder
// starts on the click; the upload grant (an API round trip) is asked for with the first recorded
// bytes and arrives while it already records, and the chunks recorded meanwhile are handed over
// in order (a take with no bytes never asks, so it uses up no attempt). Stop works from the
// first frame and always ends the recording at once: the elapsed time freezes on the press, and
// the result is delivered when the recorder says it stopped, or a moment later if it never does.

/** The part of MediaRecorder a recording uses (a fake in tests). */
export interface RecorderLike {
  readonly state: 'inactive' | 'recording' | 'paused';
  start(timeslice?: number): void;
  stop(): void;
  requestData(): void;
  ondataavailable: ((e: BlobEvent) => void) | null;
  onstop: ((e: Event) => void) | null;
}

/** Where the chunks go (AnswerUploader); none for a practice answer, which is never stored. */
export interface UploadSink {
  addChunk(blob: Blob): Promise<void>;
  finishRecording(): Promise<void>;
}

export interface Clock {
  now(): number;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(id: unknown): void;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

const browserClock: Clock = {
  now: () => performance.now(),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (id) => clearInterval(id as ReturnType<typeof setInterval>),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
};

export type RecordingPhase = 'idle' | 'recording' | 'stopping' | 'stopped' | 'failed';

export interface Recorded {
  blob: Blob;
  /** From the start to the Stop press (or the limit), in seconds. */
  seconds: number;
  /** The limit ended it, not the candidate. */
  byLimit: boolean;
}

export interface RecordingOptions<S extends UploadSink = UploadSink> {
  createRecorder: () => RecorderLike;
  /** Opens the upload (the grant and the uploader); null for a practice answer. */
  openUpload: (() => Promise<S>) | null;
  limitSeconds: number;
  contentType: string;
  clock?: Clock;
  /** How long a stopped recorder may take to say so before the recording is ended without it. */
  stopGraceMs?: number;
  onTick?: (seconds: number) => void;
  onStopped: (r: Recorded) => void;
  /** The recorder could not start, or the upload could not be opened: this recording is over. */
  onFailed: (e: unknown) => void;
}

export class Recording<S extends UploadSink = UploadSink> {
  phase: RecordingPhase = 'idle';
  private recorder: RecorderLike | null = null;
  private chunks: Blob[] = [];
  private sink: S | null = null;
  /** Chunks recorded before the upload was open, handed over in order once it is. */
  private waiting: Blob[] = [];
  private startedAt = 0;
  private stoppedAt = 0;
  private byLimit = false;
  private ticker: unknown = null;
  private limitTimer: unknown = null;
  private graceTimer: unknown = null;
  private readonly clock: Clock;
  /** Resolves with the upload once it is open (null for practice); rejects when it cannot be. */
  readonly upload: Promise<S | null>;
  private resolveUpload!: (s: S | null) => void;
  private rejectUpload!: (e: unknown) => void;

  constructor(private readonly opts: RecordingOptions<S>) {
    this.clock = opts.clock ?? browserClock;
    this.upload = new Promise((resolve, reject) => { this.resolveUpload = resolve; this.rejectUpload = reject; });
    this.upload.catch(() => undefined); // read by whoever needs it; never an unhandled rejection
  }

  /** Starts recording now; the upload opens meanwhile. A second call does nothing. */
  start(): void {
    if (this.phase !== 'idle') return;
    let rec: RecorderLike;
    try {
      rec = this.opts.createRecorder();
      rec.ondataavailable = (e) => this.chunk(e.data);
      rec.onstop = () => this.finish();
      rec.start(1000);
    } catch (e) {
      this.fail(e);
      return;
    }
    this.recorder = rec;
    this.phase = 'recording';
    this.startedAt = this.clock.now();
    this.ticker = this.clock.setInterval(() => this.opts.onTick?.(this.seconds), 250);
    this.limitTimer = this.clock.setTimeout(() => { this.byLimit = true; this.stop(); }, this.opts.limitSeconds * 1000);
  }

  /** Ends the recording now, whatever the upload is doing. Safe to call at any time, and again. */
  stop(): void {
    if (this.phase !== 'recording') return;
    this.phase = 'stopping';
    this.stoppedAt = this.clock.now();
    this.clearTimers();
    const rec = this.recorder;
    // stop() makes the state 'inactive' at once; the last data and the 'stop' event follow.
    if (!rec || rec.state === 'inactive') { this.finish(); return; }
    try { rec.requestData(); rec.stop(); } catch { /* a recorder that will not stop is ended below anyway */ }
    this.graceTimer = this.clock.setTimeout(() => this.finish(), this.opts.stopGraceMs ?? 1500);
  }

  /** Seconds recorded: running while recording, frozen at the Stop press. */
  get seconds(): number {
    if (this.phase === 'idle') return 0;
    const end = this.phase === 'recording' ? this.clock.now() : this.stoppedAt;
    return Math.min(this.opts.limitSeconds, Math.max(0, (end - this.startedAt) / 1000));
  }

  /** Abandons the recording (the page is left): the recorder stops, nothing is reported. */
  dispose(): void {
    this.clearTimers();
    if (this.graceTimer !== null) this.clock.clearTimeout(this.graceTimer);
    const rec = this.recorder;
    this.phase = this.phase === 'idle' ? 'failed' : 'stopped';
    if (rec) { rec.ondataavailable = null; rec.onstop = null; try { if (rec.state !== 'inactive') rec.stop(); } catch { /* gone */ } }
  }

  private chunk(data: Blob | undefined) {
    if (!data || !data.size || this.phase === 'stopped' || this.phase === 'failed') return;
    this.chunks.push(data);
    if (this.chunks.length === 1) this.openUpload(); // a take with nothing in it never uses up an attempt
    if (this.sink) void this.sink.addChunk(data).catch(() => undefined);
    else this.waiting.push(data);
  }

  private openUpload() {
    const open = this.opts.openUpload;
    if (!open) { this.resolveUpload(null); return; }
    open().then((sink) => {
      if (this.phase === 'failed') return;
      for (const b of this.waiting) void sink.addChunk(b).catch(() => undefined);
      this.waiting = [];
      this.sink = sink;
      if (this.phase === 'stopped') void sink.finishRecording().catch(() => undefined);
      this.resolveUpload(sink);
    }, (e: unknown) => {
      this.rejectUpload(e);
      if (this.phase === 'recording' || this.phase === 'stopping') this.fail(e);
    });
  }

  /** The recorder stopped (or did not say so in time): the recording is what was recorded. */
  private finish() {
    if (this.phase !== 'stopping' && this.phase !== 'recording') return;
    if (this.phase === 'recording') { this.stoppedAt = this.clock.now(); this.clearTimers(); }
    this.phase = 'stopped';
    if (this.graceTimer !== null) { this.clock.clearTimeout(this.graceTimer); this.graceTimer = null; }
    if (this.recorder) { this.recorder.ondataavailable = null; this.recorder.onstop = null; }
    if (this.sink) void this.sink.finishRecording().catch(() => undefined);
    if (!this.chunks.length) this.resolveUpload(null); // nothing recorded: nothing to upload
    this.opts.onStopped({ blob: new Blob(this.chunks, { type: this.opts.contentType }), seconds: this.seconds, byLimit: this.byLimit });
  }

  private fail(e: unknown) {
    const rec = this.recorder;
    this.clearTimers();
    if (this.graceTimer !== null) { this.clock.clearTimeout(this.graceTimer); this.graceTimer = null; }
    this.phase = 'failed';
    if (rec) { rec.ondataavailable = null; rec.onstop = null; try { if (rec.state !== 'inactive') rec.stop(); } catch { /* gone */ } }
    this.opts.onFailed(e);
  }

  private clearTimers() {
    if (this.ticker !== null) { this.clock.clearInterval(this.ticker); this.ticker = null; }
    if (this.limitTimer !== null) { this.clock.clearTimeout(this.limitTimer); this.limitTimer = null; }
  }
}

/** A transient failure (no answer, 408, 429, 5xx) is tried again; anything else is final. */
export function isTransient(e: unknown): boolean {
  const status = typeof e === 'object' && e && 'status' in e ? Number((e as { status: unknown }).status) : 0;
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

/** `fn` until it succeeds, a final failure, or `attempts` tries (0.5 s, 1 s, 2 s … between). */
export async function withRetries<T>(fn: () => Promise<T>, attempts = 4, wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (!isTransient(e) || i + 1 >= attempts) throw e;
      await wait(500 * 2 ** i);
    }
  }
}
