// Issue 12: every request that creates something carries an Idempotency-Key, one per user action,
// so a retried click (after a dropped connection) creates nothing twice.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ActionKey, api } from '../api';

let sent: { url: string; method: string; key: string | null }[] = [];
let failNext = 0;

beforeEach(() => {
  sent = [];
  failNext = 0;
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const headers = init.headers as Record<string, string>;
    sent.push({ url, method: init.method ?? 'GET', key: headers['idempotency-key'] ?? null });
    if (failNext > 0) { failNext -= 1; throw new TypeError('Failed to fetch'); }
    return new Response(JSON.stringify({ id: 'x' }), { status: 201, headers: { 'content-type': 'application/json' } });
  });
});
afterEach(() => vi.unstubAllGlobals());

const body = { template_id: 't1', candidate: { name: 'Ann', email: 'ann@example.com' } };

describe('Idempotency-Key', () => {
  it('is sent by every operation that creates something', async () => {
    await api.createTemplate({ name: 'T' });
    await api.createInterview(body);
    await api.resendInvitation('iv1');
    await api.createAnswerUpload('tok', { question_id: 'q1', content_type: 'video/webm' });
    expect(sent.map((s) => s.url)).toEqual(['/templates', '/interviews', '/interviews/iv1/resend', '/candidate/answers']);
    for (const s of sent) expect(s.key).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(new Set(sent.map((s) => s.key)).size).toBe(4);
  });

  it('is not sent by reads', async () => {
    await api.listTemplates();
    expect(sent[0].key).toBeNull();
  });

  it('is the same when a failed action is tried again, and new for the next action', async () => {
    const action = new ActionKey();
    failNext = 1;
    await expect(action.run(body, (key) => api.createInterview(body, key))).rejects.toMatchObject({ status: 0 });
    await action.run(body, (key) => api.createInterview(body, key)); // the retried click
    expect(sent[1].key).toBe(sent[0].key);
    await action.run(body, (key) => api.createInterview(body, key)); // the same person invited again, on purpose
    expect(sent[2].key).not.toBe(sent[0].key);
  });

  it('is new when the request was edited between the tries', async () => {
    const action = new ActionKey();
    failNext = 1;
    await expect(action.run(body, (key) => api.createInterview(body, key))).rejects.toBeTruthy();
    const edited = { ...body, candidate: { ...body.candidate, email: 'anna@example.com' } };
    await action.run(edited, (key) => api.createInterview(edited, key));
    expect(sent[1].key).not.toBe(sent[0].key);
  });

  it('keeps one key per row of a bulk invite retried after a failure', async () => {
    const action = new ActionKey();
    const rows = [body, { ...body, candidate: { name: 'Bo', email: 'bo@example.com' } }];
    failNext = 0;
    await action.run(rows[0], (key) => api.createInterview(rows[0], key));
    failNext = 1;
    await expect(action.run(rows[1], (key) => api.createInterview(rows[1], key))).rejects.toBeTruthy();
    await action.run(rows[1], (key) => api.createInterview(rows[1], key));
    expect(sent[2].key).toBe(sent[1].key);
    expect(sent[1].key).not.toBe(sent[0].key);
  });
});
