// Issue 12: interview actions: which are offered, the deadline's bounds and checks, what can be
// reprocessed, when a link request shows, the share page's token.
import { describe, expect, it } from 'vitest';
import type { Answer } from '../api';
import { actionsFor, dateInput, deadlineOf, extendBounds, extendProblem, linkRequestPending, reprocessable, sharedTokenOf } from './actionsState';

const now = new Date('2026-03-10T12:00:00');
const answer = (q: string, attempt: number, status: Answer['status'], uploadedMinutesAgo: number | null): Answer => ({
  id: `${q}-${attempt}`, question_id: q, question_index: Number(q.slice(1)), attempt, status, content_type: 'video/webm', size_bytes: 1,
  created_at: now.toISOString(), uploaded_at: uploadedMinutesAgo === null ? null : new Date(now.getTime() - uploadedMinutesAgo * 60_000).toISOString(), failure_reason: null,
  media: { original_url: null },
});

describe('interview actions', () => {
  it('offers resend and cancel while open, extend also once expired, never after the candidate finished', () => {
    expect(actionsFor('pending')).toEqual({ resend: true, cancel: true, extend: true, share: true });
    expect(actionsFor('expired')).toEqual({ resend: false, cancel: false, extend: true, share: true });
    for (const s of ['completed', 'analyzed', 'cancelled'] as const) expect(actionsFor(s).extend).toBe(false);
  });
  it('bounds the new deadline: after the current one, within a year', () => {
    expect(extendBounds(new Date('2026-03-20T23:59:00').toISOString(), now)).toEqual({ min: '2026-03-21', max: '2027-03-10' });
    // An expired one: from tomorrow or today's end, whichever is after now.
    expect(extendBounds(new Date('2026-03-01T10:00:00').toISOString(), now).min).toBe('2026-03-10');
  });
  it('explains a date that cannot be the new deadline', () => {
    const current = new Date('2026-03-20T23:59:00').toISOString();
    expect(extendProblem('', current, now)).toBe('required');
    expect(extendProblem('2026-03-20', current, now)).toBe('notLater');
    expect(extendProblem('2026-03-05', current, now)).toBe('notLater');
    expect(extendProblem('2027-04-01', current, now)).toBe('tooFar');
    expect(extendProblem('2026-03-21', current, now)).toBeNull();
    expect(deadlineOf('2026-03-21')?.getHours()).toBe(23);
    expect(dateInput(new Date('2026-01-05T08:00:00'))).toBe('2026-01-05');
  });
  it('reprocesses the latest attempt of a question when it failed or is stuck', () => {
    const list = reprocessable([
      answer('q0', 1, 'failed', 30), answer('q0', 2, 'scored', 20), // retaken: nothing to do
      answer('q1', 1, 'failed', 30), // failed
      answer('q2', 1, 'processing', 10), // stuck for 10 minutes
      answer('q3', 1, 'uploaded', 2), // just arrived
      answer('q4', 1, 'uploading', null), // never arrived
    ], now);
    expect(list.map((a) => a.id)).toEqual(['q1-1', 'q2-1']);
  });
  it('shows a link request until a new link or deadline answers it', () => {
    const base = { status: 'expired' as const, invited_at: '2026-03-01T10:00:00Z', deadline: '2026-03-05T10:00:00Z' };
    expect(linkRequestPending({ ...base, link_requested_at: '2026-03-06T10:00:00Z' })).toBe(true);
    expect(linkRequestPending({ ...base, link_requested_at: null })).toBe(false);
    expect(linkRequestPending({ ...base, status: 'pending', link_requested_at: '2026-03-06T10:00:00Z', deadline: '2026-03-20T10:00:00Z' })).toBe(false);
    expect(linkRequestPending({ ...base, invited_at: '2026-03-07T10:00:00Z', link_requested_at: '2026-03-06T10:00:00Z' })).toBe(false);
  });
  it('reads the share token from the fragment only when it looks like one', () => {
    expect(sharedTokenOf('#abcDEF0123456789_-abcdef')).toBe('abcDEF0123456789_-abcdef');
    expect(sharedTokenOf('#x')).toBeNull();
    expect(sharedTokenOf('')).toBeNull();
  });
});
