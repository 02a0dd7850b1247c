import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError, type UploadGrant } from '../api';
import { uploadStore } from './idb';
import { AnswerUploader, backoffMs, type PutPart } from './uploader';
import { completionParts, isExpired, pendingParts, readyToComplete, type UploadState } from './state';

const MiB = 1024 * 1024;
const grant = (id: string, parts = 10): UploadGrant => ({
  answer_id: id, question_id: 'q1', attempt: 1, method: 'MULTIPART', url: null, fields: {}, headers: {},
  part_size_bytes: 16 * MiB, parts: Array.from({ length: parts }, (_, i) => ({ part_number: i + 1, url: `https://s3/part${i + 1}` })),
  max_bytes: 1024 * MiB, expires_at: new Date(Date.now() + 3600_000).toISOString(),
});
const blob = (n: number, fill = 1) => new Blob([new Uint8Array(n).fill(fill)], { type: 'video/webm' });
const info = { questionIndex: 0, contentType: 'video/webm', expectedMaxBytes: 20 * MiB };

function fakeS3(failFirst = 0) {
  const received = new Map<string, number>();
  let failures = failFirst;
  const put: PutPart = async (url, body, onProgress) => {
    if (failures > 0) { failures -= 1; throw new ApiError(0, 'Network error', 'network'); }
    onProgress(body.size);
    received.set(url, body.size);
    return `"etag-${url.slice(-5)}"`;
  };
  return { put, received };
}

beforeEach(async () => {
  for (const s of await uploadStore.listStates('tok')) await uploadStore.deleteState('tok', s.answerId);
});

describe('AnswerUploader', () => {
  it('streams full parts while recording and completes with every ETag', async () => {
    const s3 = fakeS3();
    const completed: unknown[] = [];
    const up = await AnswerUploader.start('tok', grant('a1'), info, { putPart: s3.put, complete: async (_t, id, parts) => { completed.push({ id, parts }); return {} as never; } });
    for (let i = 0; i < 6; i++) await up.addChunk(blob(1 * MiB));
    await new Promise((r) => setTimeout(r, 20));
    expect(s3.received.get('https://s3/part1')).toBe(5 * MiB); // left during the recording
    await up.addChunk(blob(300_000));
    await up.finishRecording();
    await up.done();
    expect(s3.received.get('https://s3/part2')).toBe(1 * MiB + 300_000);
    expect(completed).toEqual([{ id: 'a1', parts: [{ part_number: 1, etag: '"etag-part1"' }, { part_number: 2, etag: '"etag-part2"' }] }]);
    expect(await uploadStore.listStates('tok')).toEqual([]);
  });

  it('a discarded take (a retake) is never completed, stops its part upload and leaves nothing to resume', async () => {
    const completed: string[] = [];
    let started = 0;
    let aborted = 0;
    // A part PUT that hangs until aborted, like a slow connection.
    const put: PutPart = (_url, _body, _p, signal) => new Promise((_res, rej) => {
      started += 1;
      signal.addEventListener('abort', () => { aborted += 1; rej(new ApiError(0, 'Upload stopped', 'aborted')); });
    });
    const up = await AnswerUploader.start('tok', grant('a-discard'), info, { putPart: put, complete: async (_t, id) => { completed.push(id); return {} as never; } });
    await up.addChunk(blob(1000));
    await up.finishRecording();
    await new Promise((r) => setTimeout(r, 10));
    expect(started).toBe(1);
    await up.discard();
    expect(aborted).toBe(1);
    expect(completed).toEqual([]);
    expect(await uploadStore.listStates('tok')).toEqual([]);
    expect((await uploadStore.getChunks('a-discard', 0, 1, 'video/webm')).size).toBe(0);
  });

  it('retries a dropped part with backoff', async () => {
    const s3 = fakeS3(2);
    const up = await AnswerUploader.start('tok', grant('a2'), info, { putPart: s3.put, complete: async () => ({}) as never });
    await up.addChunk(blob(1000));
    await up.finishRecording();
    const t0 = Date.now();
    await up.done();
    expect(s3.received.size).toBe(1);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
  });

  it('resumes after a reload from the persisted state and chunks', async () => {
    const first = fakeS3();
    const up = await AnswerUploader.start('tok', grant('a4'), info, { putPart: first.put, complete: async () => ({}) as never });
    for (let i = 0; i < 5; i++) await up.addChunk(blob(1 * MiB, i + 1));
    await up.addChunk(blob(123, 9));
    await new Promise((r) => setTimeout(r, 20));
    up.stop(); // the page goes away mid-recording

    const [saved] = await uploadStore.listStates('tok');
    expect(saved.answerId).toBe('a4');
    expect(saved.recordingDone).toBe(false);
    expect(saved.parts[0].etag).toBe('"etag-part1"');

    const second = fakeS3();
    const completed: unknown[] = [];
    const resumed = await AnswerUploader.resume(saved, { putPart: second.put, complete: async (_t, _id, parts) => { completed.push(parts); return {} as never; } });
    await resumed.done();
    expect([...second.received.keys()]).toEqual(['https://s3/part2']); // part 1 is not sent twice
    expect(second.received.get('https://s3/part2')).toBe(123);
    expect(completed).toEqual([[{ part_number: 1, etag: '"etag-part1"' }, { part_number: 2, etag: '"etag-part2"' }]]);
  });

  it('stores chunks in order and reads a part back byte for byte', async () => {
    await uploadStore.putChunk('x', 0, new Blob(['ab']));
    await uploadStore.putChunk('x', 1, new Blob(['cd']));
    await uploadStore.putChunk('x', 2, new Blob(['ef']));
    expect(await (await uploadStore.getChunks('x', 1, 3, 'video/webm')).text()).toBe('cdef');
    await uploadStore.deleteChunks('x');
    expect((await uploadStore.getChunks('x', 0, 3, 'video/webm')).size).toBe(0);
  });
});

describe('upload state', () => {
  const base: UploadState = {
    token: 't', answerId: 'a', questionId: 'q', questionIndex: 0, attempt: 1, contentType: 'video/webm', partUrls: [], expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    threshold: 5, chunkCount: 3, chunkBytes: 12, buffer: { nextChunk: 3, nextPart: 3, pendingFrom: 3, pendingSize: 0 },
    parts: [{ partNumber: 2, from: 2, to: 3, size: 2 }, { partNumber: 1, from: 0, to: 2, size: 10, etag: 'e1' }], recordingDone: true, completed: false, updatedAt: 0,
  };
  it('lists unacknowledged parts in order and completes only when all have ETags', () => {
    expect(pendingParts(base).map((p) => p.partNumber)).toEqual([2]);
    expect(readyToComplete(base)).toBe(false);
    const done = { ...base, parts: base.parts.map((p) => ({ ...p, etag: p.etag ?? 'e2' })) };
    expect(readyToComplete(done)).toBe(true);
    expect(completionParts(done)).toEqual([{ part_number: 1, etag: 'e1' }, { part_number: 2, etag: 'e2' }]);
  });
  it('knows when presigned URLs have expired', () => {
    expect(isExpired(base)).toBe(false);
    expect(isExpired({ ...base, expiresAt: '2000-01-01T00:00:00Z' })).toBe(true);
  });
  it('backs off exponentially with jitter, capped', () => {
    expect(backoffMs(0, () => 0)).toBe(250);
    expect(backoffMs(3, () => 1)).toBe(4000);
    expect(backoffMs(20, () => 1)).toBe(15000);
  });
});
