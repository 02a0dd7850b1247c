import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseProblem } from '../api';
import { loadLang, translate } from '../i18n';
import { nextPlan, quotaFromError, QuotaPrompt, UsageBar } from './Billing';
import { inviteBatch } from './Invite';
import type { Invitation } from '../api';

// The body functions/billing/quotas.py sends with a 402 (as the API serialises it).
const refusal = {
  type: '/problems/quota-exceeded', title: 'Payment Required', status: 402,
  detail: 'the Free plan includes 3 interviews a month; 3 are used this month and 0 left, too few for this interview. The count starts again on 2026-01-01; upgrade at http://localhost:8000/app/billing for more',
  plan: 'free', usage: 3, limit: 3, requested: 1, resets_at: '2026-01-01T00:00:00+00:00', upgrade_url: 'http://localhost:8000/app/billing',
};

describe('the 402 upgrade prompt', () => {
  it('reads the quota from a problem body, and nothing from other errors', () => {
    expect(quotaFromError(parseProblem(402, refusal))).toEqual({ plan: 'free', usage: 3, limit: 3, requested: 1, resets_at: '2026-01-01T00:00:00+00:00', upgrade_url: 'http://localhost:8000/app/billing' });
    expect(quotaFromError(parseProblem(422, { detail: 'bad', plan: 'free' }))).toBeNull();
    expect(quotaFromError(parseProblem(402, { detail: 'no extension members' }))).toBeNull();
    expect(quotaFromError(new Error('x'))).toBeNull();
  });
  it('shows plan, usage, limit, reset date and an upgrade action, never the raw message', () => {
    const html = renderToStaticMarkup(createElement(QuotaPrompt, { quota: quotaFromError(parseProblem(402, refusal))!, role: 'hr' }));
    expect(html).toContain('role="alert"');
    expect(html).toContain('Free');
    expect(html).toContain('3 of 3 interviews this month');
    expect(html).toContain('Jan 1, 2026');
    expect(html).toContain('href="/app/billing"');
    expect(html).toContain('Upgrade');
    expect(html).not.toContain('too few for this interview');
    expect(html).not.toContain('localhost:8000');
  });
  it('offers admins checkout of the next plan up, and interviewers no billing link', () => {
    const quota = quotaFromError(parseProblem(402, refusal))!;
    const admin = renderToStaticMarkup(createElement(QuotaPrompt, { quota, role: 'admin' }));
    expect(admin).toMatch(/<button[^>]*>[^<]*(<svg[\s\S]*?<\/svg>)?Upgrade to Plus<\/button>/);
    const interviewer = renderToStaticMarkup(createElement(QuotaPrompt, { quota, role: 'interviewer' }));
    expect(interviewer).not.toContain('/app/billing');
    expect(interviewer).toContain('Ask an admin');
    expect(nextPlan('free')).toBe('plus');
    expect(nextPlan('plus')).toBe('pro');
    expect(nextPlan('pro')).toBeNull();
  });
  it('says how many of a bulk invite did not fit', () => {
    const html = renderToStaticMarkup(createElement(QuotaPrompt, { quota: { ...quotaFromError(parseProblem(402, refusal))!, usage: 1, requested: 5 }, role: 'hr' }));
    expect(html).toContain('1 of 3 interviews this month');
    expect(html).toContain('5 new interviews need more than the 2 left');
  });
});

describe('the usage bar', () => {
  beforeAll(async () => { await loadLang('ru'); await loadLang('de'); });
  it('is a progressbar with its value, and pluralised text', () => {
    const html = renderToStaticMarkup(createElement(UsageBar, { usage: 2, limit: 3 }));
    expect(html).toContain('role="progressbar"');
    expect(html).toContain('aria-valuenow="2"');
    expect(html).toContain('aria-valuemin="0"');
    expect(html).toContain('aria-valuemax="3"');
    expect(html).toContain('2 of 3 interviews this month');
    expect(renderToStaticMarkup(createElement(UsageBar, { usage: 1, limit: 1 }))).toContain('1 of 1 interview this month');
  });
  it('caps the bar at full when over the limit, and has no bar when unlimited', () => {
    expect(renderToStaticMarkup(createElement(UsageBar, { usage: 5, limit: 3 }))).toContain('width:100%');
    const pro = renderToStaticMarkup(createElement(UsageBar, { usage: 41, limit: null }));
    expect(pro).not.toContain('progressbar');
    expect(pro).toContain('41 interviews this month · unlimited');
  });
  it('pluralises in Russian and German', () => {
    expect(translate('ru', 'bill.usage', { n: 2, limit: 3 })).toBe('2 из 3 собеседований в этом месяце');
    expect(translate('ru', 'bill.usage', { n: 1, limit: 21 })).toBe('1 из 21 собеседования в этом месяце');
    expect(translate('de', 'bill.usage', { n: 1, limit: 1 })).toBe('1 von 1 Interview in diesem Monat');
    expect(translate('de', 'bill.usage', { n: 2, limit: 3 })).toBe('2 von 3 Interviews in diesem Monat');
  });
});

describe('a CSV invite that meets the quota', () => {
  it('is one all-or-nothing request: every row invited, or none and the 402 for the whole upload', async () => {
    const asked: string[][] = [];
    const refuse = async (rows: string[]) => { asked.push(rows); throw parseProblem(402, { ...refusal, requested: rows.length, detail: 'too few for these 5 interviews' }); };
    const r = await inviteBatch(['a', 'b', 'c', 'd', 'e'], refuse);
    expect(asked).toEqual([['a', 'b', 'c', 'd', 'e']]);
    expect(r.out).toEqual([]);
    expect(quotaFromError(r.error)?.requested).toBe(5);
    const html = renderToStaticMarkup(createElement(QuotaPrompt, { quota: quotaFromError(r.error)!, role: 'hr' }));
    expect(html).toContain('5 new interviews need more than the 0 left.');
    const ok = await inviteBatch(['x', 'y'], async (rows) => rows.map((id) => ({ id }) as unknown as Invitation));
    expect(ok).toEqual({ out: [{ row: 'x', inv: { id: 'x' } }, { row: 'y', inv: { id: 'y' } }], error: null });
  });
});
