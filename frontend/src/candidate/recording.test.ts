// Defect 3 (issue 12): Stop works from the first frame and always ends the recording at once,
// whatever the upload grant is doing; the limit stops it by itself.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api';
import { Recording, withRetries, type Clock, type Recorded, type RecorderLike, type UploadSink } from './recording';

/** A clock whose time moves only when told; timers fire in time order. */
function fakeClock() {
  let now = 0;
  let seq = 0;
  const timers = new Map<number, { at: number; every: number | null; fn: () => void }>();
  const clock: Clock = {
    now: () => now,
    setInterval: (fn, ms) => { timers.set(++seq, { at: now + ms, every: ms, fn }); return seq; },
    setTimeout: (fn, ms) => { timers.set(++seq, { at: now + ms, every: null, fn }); return seq; },
    clearInterval: (id) => { timers.delete(id as number); },
    clearTimeout: (id) => { timers.delete(id as number); },
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const next = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!next) break;
      const [id, t] = next;
      now = t.at;
      if (t.every) t.at += t.every; else timers.delete(id);
      t.fn();
    }
    now = end;
  };
  return { clock, advance, pending: () => timers.size };
}

/** MediaRecorder as Chromium behaves: start() is synchronous, stop() delivers data, then 'stop' later. */
class FakeRecorder implements RecorderLike {
  state: 'inactive' | 'recording' | 'paused' = 'inactive';
  ondataavailable: ((e: BlobEvent) => void) | null = null;
  onstop: ((e: Event) => void) | null = null;
  stops = 0;
  constructor(private readonly silentStop = false) {}
  start() { this.state = 'recording'; }
  requestData() { this.emit(100); }
  stop() {
    this.stops += 1;
    this.state = 'inactive';
    if (this.silentStop) return; // a recorder that never says it stopped
    queueMicrotask(() => { this.emit(50); this.onstop?.(new Event('stop')); });
  }
  emit(n: number) { this.ondataavailable?.({ data: new Blob([new Uint8Array(n)]) } as BlobEvent); }
}

class FakeSink implements UploadSink {
  chunks: number[] = [];
  finished = 0;
  async addChunk(b: Blob) { this.chunks.push(b.size); }
  async finishRecording() { this.finished += 1; }
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

function setup(opts: { grant?: Promise<FakeSink> | null; silentStop?: boolean; limit?: number } = {}) {
  const { clock, advance, pending } = fakeClock();
  const rec = new FakeRecorder(opts.silentStop);
  const stopped: Recorded[] = [];
  const failed: unknown[] = [];
  const grant = opts.grant === undefined ? Promise.resolve(new FakeSink()) : opts.grant;
  const r = new Recording<FakeSink>({
    createRecorder: () => rec,
    openUpload: grant ? () => grant : null,
    limitSeconds: opts.limit ?? 30,
    contentType: 'video/webm',
    clock,
    onStopped: (x) => stopped.push(x),
    onFailed: (e) => failed.push(e),
  });
  return { r, rec, stopped, failed, advance, pending };
}

const flush = () => new Promise((res) => setTimeout(res, 0));

describe('a recording', () => {
  it('records from the click, before the upload grant has arrived', () => {
    const { r, rec } = setup({ grant: deferred<FakeSink>().promise });
    r.start();
    expect(r.phase).toBe('recording');
    expect(rec.state).toBe('recording');
  });

  it('stops at once when Stop is pressed while the grant is still on its way; the grant then gets every chunk in order', async () => {
    const grant = deferred<FakeSink>();
    const { r, rec, stopped, failed, advance } = setup({ grant: grant.promise });
    r.start();
    rec.emit(10);
    advance(5000);
    rec.emit(20);
    r.stop();
    expect(rec.stops).toBe(1);
    await flush();
    expect(stopped).toHaveLength(1);
    expect(stopped[0].seconds).toBe(5);
    expect(stopped[0].byLimit).toBe(false);
    expect(stopped[0].blob.size).toBe(10 + 20 + 100 + 50);
    const sink = new FakeSink();
    grant.resolve(sink);
    expect(await r.upload).toBe(sink);
    expect(sink.chunks).toEqual([10, 20, 100, 50]);
    expect(sink.finished).toBe(1);
    expect(failed).toEqual([]);
  });

  it('stops when Stop is pressed right after the start, before any chunk', async () => {
    const { r, stopped } = setup();
    r.start();
    r.stop();
    await flush();
    expect(stopped).toHaveLength(1);
    expect(stopped[0].seconds).toBe(0);
    const sink = await r.upload;
    await flush();
    expect(sink?.finished).toBe(1);
  });

  it('the duration is the press, not the limit: the timers are gone after Stop', async () => {
    const { r, stopped, advance, pending } = setup({ limit: 30 });
    r.start();
    advance(5000);
    r.stop();
    expect(pending()).toBe(1); // only the stop grace timer
    await flush();
    expect(pending()).toBe(0);
    advance(60_000);
    expect(stopped).toHaveLength(1);
    expect(stopped[0].seconds).toBe(5);
    expect(r.seconds).toBe(5);
  });

  it('the limit stops it by itself', async () => {
    const { r, rec, stopped, advance } = setup({ limit: 30 });
    r.start();
    advance(30_000);
    expect(rec.stops).toBe(1);
    await flush();
    expect(stopped).toEqual([expect.objectContaining({ seconds: 30, byLimit: true })]);
  });

  it('ends even when the recorder never says it stopped', () => {
    const { r, stopped, advance } = setup({ silentStop: true });
    r.start();
    advance(3000);
    r.stop();
    expect(stopped).toHaveLength(0);
    advance(1500);
    expect(stopped).toHaveLength(1);
    expect(stopped[0].seconds).toBe(3);
  });

  it('a second Stop, or a second start, changes nothing', async () => {
    const { r, rec, stopped } = setup();
    r.start();
    r.start();
    r.stop();
    r.stop();
    await flush();
    r.stop();
    expect(rec.stops).toBe(1);
    expect(stopped).toHaveLength(1);
  });

  it('a refused grant while recording ends the recording as failed', async () => {
    const grant = deferred<FakeSink>();
    const { r, rec, failed, stopped } = setup({ grant: grant.promise });
    r.start();
    rec.emit(10);
    grant.reject(new ApiError(409, 'Conflict', 'all recordings used'));
    await flush();
    expect(r.phase).toBe('failed');
    expect(rec.state).toBe('inactive');
    expect(failed).toHaveLength(1);
    expect(stopped).toHaveLength(0);
    await expect(r.upload).rejects.toBeInstanceOf(ApiError);
  });

  it('a recorder that cannot start fails at once', () => {
    const failed: unknown[] = [];
    const r = new Recording({ createRecorder: () => { throw new Error('NotSupportedError'); }, openUpload: null, limitSeconds: 10, contentType: 'video/webm', onStopped: () => undefined, onFailed: (e) => failed.push(e) });
    r.start();
    expect(r.phase).toBe('failed');
    expect(failed).toHaveLength(1);
  });

  it('a take with no bytes never asks for an upload (no attempt is used up)', async () => {
    let opened = 0;
    const rec = new FakeRecorder(true);
    const stopped: Recorded[] = [];
    const r = new Recording({ createRecorder: () => rec, openUpload: async () => { opened += 1; return new FakeSink(); }, limitSeconds: 10, contentType: 'video/webm', onStopped: (x) => stopped.push(x), onFailed: () => undefined });
    rec.requestData = () => undefined; // Chromium stopped in the first frame: no data at all
    r.start();
    r.stop();
    await new Promise((res) => setTimeout(res, 1600));
    expect(stopped).toHaveLength(1);
    expect(stopped[0].blob.size).toBe(0);
    expect(await r.upload).toBeNull();
    expect(opened).toBe(0);
  });

  it('a practice recording has no upload', async () => {
    const { r, stopped } = setup({ grant: null });
    r.start();
    r.stop();
    await flush();
    expect(stopped).toHaveLength(1);
    expect(await r.upload).toBeNull();
  });
});

describe('withRetries', () => {
  it('tries a transient failure again and gives up on a refusal', async () => {
    let calls = 0;
    const noWait = async () => undefined;
    expect(await withRetries(async () => { calls += 1; if (calls < 3) throw new ApiError(0, 'Network error', 'network'); return 'ok'; }, 4, noWait)).toBe('ok');
    expect(calls).toBe(3);
    calls = 0;
    await expect(withRetries(async () => { calls += 1; throw new ApiError(409, 'Conflict', 'no'); }, 4, noWait)).rejects.toBeInstanceOf(ApiError);
    expect(calls).toBe(1);
  });
});
