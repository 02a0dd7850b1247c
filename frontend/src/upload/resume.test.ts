// The candidate's recording is kept in the browser until the API confirmed the whole upload:
// expired part URLs are renewed, and no failure on the way deletes a stored chunk.
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError, type AnswerStatusPublic, type UploadGrant } from '../api';
import { uploadStore } from './idb';
import { resumeUpload, resumeUploads } from './resume';
import type { UploadState } from './state';
import { AnswerUploader, isStaleUrl, partError, type Locks, type PutPart, type UploaderDeps } from './uploader';

const MiB = 1024 * 1024;
const TOKEN = 'tok-resume';
const info = { questionIndex: 2, contentType: 'video/webm', expectedMaxBytes: 20 * MiB };
const EXPIRED_XML = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Request has expired</Message><X-Amz-Expires>3600</X-Amz-Expires><Expires>2026-12-04T15:00:00Z</Expires><ServerTime>2026-12-04T16:05:00Z</ServerTime><RequestId>R</RequestId></Error>';

/** One multipart upload as S3 and the API see it: part URLs of a signing generation, which S3 stops honouring once expired. */
function fakeCloud(answerId: string) {
  const cloud = {
    generation: 1,
    /** URLs signed before this generation answer 403 "Request has expired". */
    validFrom: 1,
    networkFailures: 0,
    /** S3 refuses without CORS headers: the browser reports a network error, not the 403. */
    hideRefusals: false,
    puts: [] as string[],
    parts: new Map<number, { etag: string; body: Blob }>(),
    renewals: 0,
    renewStatus: 200,
    completeFailures: [] as ApiError[],
    completions: [] as ({ part_number: number; etag: string }[] | undefined)[],
    assembled: null as Uint8Array | null,
    /** What the browser still had stored when the API was asked to complete. */
    storedAtCompletion: [] as { states: number; bytes: number }[],
    chunkCount: 0,
  };
  const grant = (generation: number, expiresInMs = 3600_000): UploadGrant => ({
    answer_id: answerId, question_id: 'q3', attempt: 1, method: 'MULTIPART', url: null, fields: {}, headers: {},
    part_size_bytes: 16 * MiB, parts: Array.from({ length: 10 }, (_, i) => ({ part_number: i + 1, url: `https://s3/v${generation}/${answerId}/part${i + 1}` })),
    max_bytes: 1024 * MiB, expires_at: new Date(Date.now() + expiresInMs).toISOString(),
  });
  const putPart: PutPart = async (url, body, onProgress) => {
    cloud.puts.push(url);
    if (cloud.networkFailures > 0) { cloud.networkFailures -= 1; throw partError(0, ''); }
    const [, generation, n] = /\/v(\d+)\/.*part(\d+)$/.exec(url)!.map(Number);
    if (generation < cloud.validFrom) throw cloud.hideRefusals ? partError(0, '') : partError(403, EXPIRED_XML);
    onProgress(body.size);
    const etag = `"etag-${n}-${generation}"`;
    cloud.parts.set(n, { etag, body });
    return etag;
  };
  const renew: UploaderDeps['renew'] = async (token, id) => {
    expect([token, id]).toEqual([TOKEN, answerId]);
    cloud.renewals += 1;
    if (cloud.renewStatus !== 200) throw new ApiError(cloud.renewStatus, 'Conflict with the current state', `answer ${id} is not an unfinished multipart upload; record it again instead`);
    cloud.generation += 1;
    return grant(cloud.generation);
  };
  const status = (): AnswerStatusPublic => ({ answer_id: answerId, question_id: 'q3', attempt: 1, status: 'uploaded', size_bytes: cloud.assembled?.length ?? null, failure_reason: null });
  const complete: UploaderDeps['complete'] = async (token, id, parts) => {
    expect([token, id]).toEqual([TOKEN, answerId]);
    cloud.completions.push(parts);
    const [state] = (await uploadStore.listStates(TOKEN)).filter((s) => s.answerId === answerId);
    const stored = await uploadStore.getChunks(answerId, 0, state?.chunkCount ?? cloud.chunkCount, 'video/webm');
    cloud.storedAtCompletion.push({ states: state ? 1 : 0, bytes: stored.size });
    const failure = cloud.completeFailures.shift();
    if (failure) throw failure;
    if (cloud.assembled) return status(); // completing twice has one effect
    if (!parts) throw new ApiError(422, 'Invalid input', 'parts is required for a multipart upload: [{part_number, etag}]');
    // S3 assembles only the parts it has, under the ETags it gave.
    for (const p of parts) if (cloud.parts.get(p.part_number)?.etag !== p.etag) throw new ApiError(422, 'Upload rejected', 'S3 refused to assemble the parts (InvalidPart)');
    const bodies = await Promise.all(parts.map((p) => cloud.parts.get(p.part_number)!.body.arrayBuffer()));
    cloud.assembled = new Uint8Array(await new Blob(bodies).arrayBuffer());
    return status();
  };
  const deps: UploaderDeps = { putPart, renew, complete, backoff: () => 0 };
  return { cloud, grant, deps };
}

/** The Web Locks API's exclusive mode, in memory: what tabs of one browser share. */
function fakeLocks(): Locks {
  const held = new Map<string, Promise<void>>();
  return {
    async request(name, options, callback) {
      if (options.ifAvailable && held.has(name)) return callback(null);
      while (held.has(name)) await held.get(name);
      let release = () => {};
      held.set(name, new Promise<void>((r) => { release = r; }));
      try { return await callback({ name }); } finally { held.delete(name); release(); }
    },
  };
}

const chunk = (n: number, fill: number) => new Blob([new Uint8Array(n).fill(fill)], { type: 'video/webm' });
const SIZES = [1 * MiB, 1 * MiB, 1 * MiB, 1 * MiB, 1 * MiB, 1 * MiB, 300_000];
/** Whether S3 assembled exactly the bytes recorded (chunk i is filled with i + 1). */
function isRecording(bytes: Uint8Array | null): boolean {
  if (!bytes || bytes.length !== SIZES.reduce((a, b) => a + b, 0)) return false;
  let at = 0;
  for (const [i, n] of SIZES.entries()) {
    for (let j = at; j < at + n; j++) if (bytes[j] !== i + 1) return false;
    at += n;
  }
  return true;
}

/** Records seven chunks (part 1 leaves at 5 MiB), then the page goes away; returns the saved state. */
async function recordThenLeave(answerId: string, deps: UploaderDeps, grant: UploadGrant, finish = true): Promise<UploadState> {
  const up = await AnswerUploader.start(TOKEN, grant, info, deps);
  for (const [i, n] of SIZES.entries()) await up.addChunk(chunk(n, i + 1));
  if (finish) await up.finishRecording();
  await new Promise((r) => setTimeout(r, 20)); // part 1 (and 2) are sent in the background
  up.stop();
  const [saved] = (await uploadStore.listStates(TOKEN)).filter((s) => s.answerId === answerId);
  return saved;
}

async function storedBytes(answerId: string) {
  const [state] = (await uploadStore.listStates(TOKEN)).filter((s) => s.answerId === answerId);
  return { state, bytes: state ? (await uploadStore.getChunks(answerId, 0, state.chunkCount, 'video/webm')).size : 0 };
}

const TOTAL = SIZES.reduce((a, b) => a + b, 0);

beforeEach(async () => {
  for (const s of await uploadStore.listStates(TOKEN)) { await uploadStore.deleteChunks(s.answerId); await uploadStore.deleteState(TOKEN, s.answerId); }
});

describe('S3 part errors', () => {
  it('reads S3\'s XML error and knows which refusals a renewal can cure', () => {
    const expired = partError(403, EXPIRED_XML);
    expect(expired).toMatchObject({ status: 403, detail: 'part upload failed (403 AccessDenied: Request has expired)', extensions: { code: 'AccessDenied' } });
    expect(isStaleUrl(expired)).toBe(true);
    expect(isStaleUrl(partError(400, '<Error><Code>ExpiredToken</Code><Message>The provided token has expired.</Message></Error>'))).toBe(true);
    expect(isStaleUrl(partError(400, '<Error><Code>EntityTooLarge</Code></Error>'))).toBe(false);
    expect(isStaleUrl(partError(404, '<Error><Code>NoSuchUpload</Code></Error>'))).toBe(false);
    expect(isStaleUrl(partError(0, ''))).toBe(false);
  });
});

describe('resume after the part URLs expired', () => {
  it('renews the URLs when S3 answers 403 "Request has expired", re-uploads the remaining parts and completes', async () => {
    const { cloud, grant, deps } = fakeCloud('x1');
    // The page went away before the last part left (its PUT never answered).
    const saved = await recordThenLeave('x1', { ...deps, putPart: (url, body, p, signal) => (url.endsWith('part2') ? new Promise(() => {}) : deps.putPart!(url, body, p, signal)) }, grant(1));
    expect(saved.parts.map((p) => [p.partNumber, p.etag])).toEqual([[1, '"etag-1-1"'], [2, undefined]]);

    // An hour later: S3 refuses the old URLs, though this device's clock still trusts them.
    cloud.validFrom = 2;
    const result = await resumeUpload(saved, deps);

    expect(result.outcome).toBe('confirmed');
    expect(cloud.renewals).toBe(1);
    expect(cloud.puts.slice(-2)).toEqual(['https://s3/v1/x1/part2', 'https://s3/v2/x1/part2']); // refused, renewed, sent
    expect(cloud.puts.filter((u) => u.endsWith('part1'))).toHaveLength(1); // part 1 is not sent twice
    expect(cloud.completions).toEqual([[{ part_number: 1, etag: '"etag-1-1"' }, { part_number: 2, etag: '"etag-2-2"' }]]);
    expect(isRecording(cloud.assembled)).toBe(true);
    expect(cloud.storedAtCompletion).toEqual([{ states: 1, bytes: TOTAL }]); // every chunk kept until the API answered
    expect(await storedBytes('x1')).toEqual({ state: undefined, bytes: 0 });
  });

  it('renews before sending when the saved URLs are past their expiry', async () => {
    const { cloud, grant, deps } = fakeCloud('x2');
    const saved = await recordThenLeave('x2', { ...deps, putPart: (url, body, p, signal) => (url.endsWith('part2') ? new Promise(() => {}) : deps.putPart!(url, body, p, signal)) }, grant(1));
    cloud.validFrom = 2;
    const result = await resumeUpload({ ...saved, expiresAt: new Date(Date.now() - 60_000).toISOString() }, deps);
    expect(result.outcome).toBe('confirmed');
    expect(cloud.renewals).toBe(1);
    expect(cloud.puts.filter((u) => u.endsWith('part2'))).toEqual(['https://s3/v2/x2/part2']); // no PUT on an expired URL
    expect(isRecording(cloud.assembled)).toBe(true);
  });

  it('renews once, not before every part, when this device\'s clock runs ahead of the server\'s', async () => {
    const { cloud, grant, deps } = fakeCloud('x5');
    const saved = await recordThenLeave('x5', { ...deps, putPart: () => new Promise(() => {}) }, grant(1)); // no part left
    cloud.validFrom = 2;
    const renew: UploaderDeps['renew'] = async (token, id) => ({ ...(await deps.renew!(token, id)), expires_at: new Date(Date.now() - 2 * 3600_000).toISOString() });
    const result = await resumeUpload({ ...saved, expiresAt: new Date(Date.now() - 3600_000).toISOString() }, { ...deps, renew });
    expect(result.outcome).toBe('confirmed');
    expect(cloud.renewals).toBe(1);
    expect(cloud.puts).toEqual(['https://s3/v2/x5/part1', 'https://s3/v2/x5/part2']);
  });

  it('renews when S3\'s refusal reaches the page as a network error (no CORS headers on it)', async () => {
    const { cloud, grant, deps } = fakeCloud('x6');
    const saved = await recordThenLeave('x6', { ...deps, putPart: (url, body, p, signal) => (url.endsWith('part2') ? new Promise(() => {}) : deps.putPart!(url, body, p, signal)) }, grant(1));
    cloud.validFrom = 2;
    cloud.hideRefusals = true;
    const result = await resumeUpload(saved, { ...deps, maxAttempts: 3 });
    expect(result.outcome).toBe('confirmed');
    expect(cloud.puts.filter((u) => u.endsWith('part2'))).toEqual(['https://s3/v1/x6/part2', 'https://s3/v1/x6/part2', 'https://s3/v1/x6/part2', 'https://s3/v2/x6/part2']);
    expect(isRecording(cloud.assembled)).toBe(true);
  });

  it('keeps the recording when a renewed URL is refused too, and sends it once S3 accepts', async () => {
    const { cloud, grant, deps } = fakeCloud('x3');
    const saved = await recordThenLeave('x3', deps, grant(1), false);
    cloud.validFrom = 99; // S3 refuses every URL, even fresh ones
    const refused = await resumeUpload(saved, deps);
    expect(refused).toMatchObject({ outcome: 'kept', error: { status: 403 } });
    expect(cloud.renewals).toBe(1); // one renewal, then the refusal is final
    expect((await storedBytes('x3')).bytes).toBe(TOTAL);

    cloud.validFrom = 1;
    const [again] = await resumeUploads(TOKEN, { deps });
    expect(again.outcome).toBe('confirmed');
    expect(isRecording(cloud.assembled)).toBe(true);
  });

  it('asks the API what it has when the renewal answers 409 (confirmed before the page closed)', async () => {
    const { cloud, grant, deps } = fakeCloud('x4');
    const saved = await recordThenLeave('x4', { ...deps, putPart: (url, body, p, signal) => (url.endsWith('part2') ? new Promise(() => {}) : deps.putPart!(url, body, p, signal)) }, grant(1));
    cloud.assembled = new Uint8Array(TOTAL); // the server already has it
    cloud.validFrom = 2;
    cloud.renewStatus = 409;
    const result = await resumeUpload(saved, deps);
    expect(result.outcome).toBe('confirmed');
    expect(cloud.completions).toEqual([undefined]); // no parts: it can never assemble a partial upload
    expect(await storedBytes('x4')).toEqual({ state: undefined, bytes: 0 });
  });
});

describe('the recording stays until the API confirmed it', () => {
  it('survives a refused completion and completes on the next try', async () => {
    const { cloud, grant, deps } = fakeCloud('k1');
    const saved = await recordThenLeave('k1', deps, grant(1));
    cloud.completeFailures.push(new ApiError(422, 'Upload rejected', 'S3 refused to assemble the parts (InvalidPart)'));
    const failed = await resumeUpload(saved, deps);
    expect(failed).toMatchObject({ outcome: 'kept', error: { status: 422 } });
    const after = await storedBytes('k1');
    expect(after.bytes).toBe(TOTAL);
    expect(after.state.completed).toBe(false);

    const [ok] = await resumeUploads(TOKEN, { deps });
    expect(ok.outcome).toBe('confirmed');
    expect(isRecording(cloud.assembled)).toBe(true);
    expect(cloud.storedAtCompletion.map((s) => s.bytes)).toEqual([TOTAL, TOTAL]);
    expect(await storedBytes('k1')).toEqual({ state: undefined, bytes: 0 });
  });

  it('keeps everything after a network error mid-part and sends only what S3 lacks on the next try', async () => {
    const { cloud, grant, deps } = fakeCloud('k2');
    const saved = await recordThenLeave('k2', deps, grant(1), false);
    cloud.networkFailures = 1_000;
    const dropped = await resumeUpload(saved, { ...deps, maxAttempts: 3 });
    expect(dropped).toMatchObject({ outcome: 'kept', error: { status: 0 } });
    expect((await storedBytes('k2')).bytes).toBe(TOTAL);

    cloud.networkFailures = 0;
    const before = cloud.puts.length;
    const [ok] = await resumeUploads(TOKEN, { deps });
    expect(ok.outcome).toBe('confirmed');
    expect(cloud.puts.slice(before)).toEqual(['https://s3/v2/k2/part2']); // URLs renewed once after the retries ran out
    expect(cloud.renewals).toBe(1);
    expect(isRecording(cloud.assembled)).toBe(true);
  });

  it('survives a 410 from completion (link closed) for a later try', async () => {
    const { cloud, grant, deps } = fakeCloud('k3');
    const saved = await recordThenLeave('k3', deps, grant(1));
    cloud.completeFailures.push(new ApiError(410, 'No longer available', 'this interview link has expired'));
    expect((await resumeUpload(saved, deps)).outcome).toBe('kept');
    expect((await storedBytes('k3')).bytes).toBe(TOTAL);
  });

  it('uploads a chunk IndexedDB failed to store, and never reports success without completing', async () => {
    const { cloud, grant, deps } = fakeCloud('k4');
    const store: typeof uploadStore = { ...uploadStore, putChunk: async (id, seq, blob) => { if (seq === 5) throw new DOMException('quota', 'QuotaExceededError'); return uploadStore.putChunk(id, seq, blob); } };
    const up = await AnswerUploader.start(TOKEN, grant(1), info, { ...deps, store });
    for (const [i, n] of SIZES.entries()) void up.addChunk(chunk(n, i + 1)).catch(() => undefined);
    await up.finishRecording().catch(() => undefined);
    const answer = await up.done();
    expect(answer.status).toBe('uploaded');
    expect(isRecording(cloud.assembled)).toBe(true);
  });

  it('refuses to finish a stopped upload instead of spinning', async () => {
    const { cloud, grant, deps } = fakeCloud('k5');
    cloud.networkFailures = 1_000;
    const up = await AnswerUploader.start(TOKEN, grant(1), info, { ...deps, backoff: () => 5_000 });
    for (const [i, n] of SIZES.entries()) await up.addChunk(chunk(n, i + 1));
    up.stop(); // the page leaves the question while part 1 waits to be retried
    await new Promise((r) => setTimeout(r, 10));
    await expect(up.done()).rejects.toMatchObject({ status: 0 });
    expect((await storedBytes('k5')).bytes).toBe(TOTAL);
  });

  it('deletes the chunks of an upload confirmed just before the page closed', async () => {
    const { grant, deps } = fakeCloud('k6');
    const saved = await recordThenLeave('k6', deps, grant(1));
    const result = await resumeUpload({ ...saved, completed: true }, deps);
    expect(result.outcome).toBe('confirmed');
    expect((await uploadStore.getChunks('k6', 0, saved.chunkCount, 'video/webm')).size).toBe(0);
    expect(await storedBytes('k6')).toEqual({ state: undefined, bytes: 0 });
  });

  it('resumes only the uploads it is asked to (never one this page is recording)', async () => {
    const a = fakeCloud('k7');
    const b = fakeCloud('k8');
    await recordThenLeave('k7', a.deps, a.grant(1));
    await recordThenLeave('k8', b.deps, b.grant(1));
    const results = await resumeUploads(TOKEN, { deps: b.deps, answerIds: ['k8'] });
    expect(results.map((r) => [r.state.answerId, r.outcome])).toEqual([['k8', 'confirmed']]);
    expect((await storedBytes('k7')).bytes).toBe(TOTAL);
  });

  it('never resumes in a second tab an answer the first tab still records, nor one it is sending', async () => {
    const { cloud, grant, deps } = fakeCloud('t1');
    const locks = fakeLocks(); // one browser: the tabs share its locks and its IndexedDB
    const tabA = await AnswerUploader.start(TOKEN, grant(1), info, { ...deps, locks });
    for (const [i, n] of SIZES.slice(0, 6).entries()) await tabA.addChunk(chunk(n, i + 1));

    const tabB = await resumeUploads(TOKEN, { deps: { ...deps, locks } }); // the link opened again
    expect(tabB.map((r) => r.outcome)).toEqual(['busy']);
    const [untouched] = await uploadStore.listStates(TOKEN);
    expect(untouched.recordingDone).toBe(false);
    expect(cloud.completions).toEqual([]);

    await tabA.addChunk(chunk(SIZES[6], 7));
    await tabA.finishRecording(); // the candidate watches the preview; parts still leave in the background
    expect((await resumeUploads(TOKEN, { deps: { ...deps, locks } })).map((r) => r.outcome)).toEqual(['busy']);
    const sending = tabA.done();
    expect((await resumeUploads(TOKEN, { deps: { ...deps, locks } })).map((r) => r.outcome)).toEqual(['busy']);
    await sending;
    expect(await resumeUploads(TOKEN, { deps: { ...deps, locks } })).toEqual([]);
    expect(await locks.request('iv-upload:t1', { ifAvailable: true }, async (lock) => lock !== null)).toBe(true); // let go once confirmed
    expect(cloud.completions).toHaveLength(1);
    expect(isRecording(cloud.assembled)).toBe(true); // the whole recording, not what tab B would have cut
  });

  it('still completes where the browser refuses locks', async () => {
    const { cloud, grant, deps } = fakeCloud('t2');
    const locks: Locks = { request: async () => { throw new DOMException('The request was denied.', 'SecurityError'); } };
    const saved = await recordThenLeave('t2', { ...deps, locks }, grant(1));
    expect((await resumeUpload(saved, { ...deps, locks })).outcome).toBe('confirmed');
    expect(isRecording(cloud.assembled)).toBe(true);
  });

  it('forgets a recording with no bytes at all', async () => {
    const { cloud, grant, deps } = fakeCloud('k9');
    const up = await AnswerUploader.start(TOKEN, grant(1), info, deps);
    up.stop();
    const [saved] = (await uploadStore.listStates(TOKEN)).filter((s) => s.answerId === 'k9');
    expect((await resumeUpload(saved, deps)).outcome).toBe('empty');
    expect(cloud.completions).toEqual([]);
    expect(await storedBytes('k9')).toEqual({ state: undefined, bytes: 0 });
  });
});
