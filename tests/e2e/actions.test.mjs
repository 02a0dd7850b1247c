// Interview actions (issue 12) in Chromium against the real local platform: resend, cancel,
// extend the deadline (with its checks), reprocess a failed answer, share links for a hiring
// manager (create, open read-only without signing in, revoke -> a clear page), the decision
// history, a candidate's link request shown first, and the company's support address cleared.
// Desktop 1366x800 and phone 390x844, in en, de, es and ru; axe: no serious/critical issues.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { axe, consentBody, launchBrowser, makeAnswerVideo, makeMedia, shot, startPlatform, tmp } from './support.mjs';

let platform;
let browser;
let dir;
let token;
let adminToken;
let video;
let garbage;
const DESKTOP = { viewport: { width: 1366, height: 800 } };
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const VIEWPORTS = [['desktop', DESKTOP], ['phone', PHONE]];
const TITLES = { en: 'Actions', de: 'Aktionen', es: 'Acciones', ru: 'Действия' };
const HISTORY = { en: 'Decision history', de: 'Entscheidungsverlauf', es: 'Historial de decisiones', ru: 'История решений' };
const REVOKED = { en: 'This link was revoked', de: 'Dieser Link wurde widerrufen', es: 'Este enlace fue revocado', ru: 'Ссылка отозвана' };

before(async () => {
  dir = tmp('iv-e2e-actions-');
  const media = makeMedia(dir);
  video = makeAnswerVideo(dir, media.wav, 640, 480);
  garbage = path.join(dir, 'garbage.webm');
  writeFileSync(garbage, Buffer.alloc(32 * 1024, 7)); // no media at all: the pipeline fails it
  platform = await startPlatform();
  browser = await launchBrowser(media);
  token = (await call('/auth/login', { method: 'POST', token: null, body: platform.recruiter })).access_token;
  const admin = platform.output().split('\n').map((l) => l.trim().split(/\s+/)).find((p) => p[0] === 'Admin' && p[2] === '/');
  adminToken = (await call('/auth/login', { method: 'POST', token: null, body: { email: admin[1], password: admin[3] } })).access_token;
});

after(async () => {
  await browser?.close();
  await platform?.stop();
});

async function call(p, { method = 'GET', token: tok = token, body, expect = [200, 201, 202] } = {}) {
  const headers = { accept: 'application/json' };
  if (tok) headers.authorization = `Bearer ${tok}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const init = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
  let res;
  try { res = await fetch(platform.base + p, init); } catch { res = await fetch(platform.base + p, init); }
  const text = await res.text();
  assert.ok(expect.includes(res.status), `${method} ${p}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function check(page, name) {
  await page.waitForTimeout(150);
  const bad = await axe(page, name);
  await shot(page, name);
  assert.deepEqual(bad.map((v) => v.id), [], `${name}: serious/critical axe violations`);
}

async function publishedTemplate(name, n) {
  const questions = Array.from({ length: n }, (_, i) => ({ text: `Question number ${i + 1}: tell us about your work.`, time_limit_seconds: 30, think_time_seconds: 0, retakes: 0 }));
  const tpl = await call('/templates', { method: 'POST', body: { name, description: 'e2e', questions } });
  return call(`/templates/${tpl.id}/publish`, { method: 'POST' });
}

async function invite(templateId, name, extra = {}) {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${Date.now()}@example.com`;
  return call('/interviews', { method: 'POST', body: { template_id: templateId, candidate: { name, email, language: 'en' }, ...extra } });
}

async function answer(tok, file) {
  const session = await call('/candidate/session', { token: tok });
  const bytes = readFileSync(file);
  await call('/candidate/consent', { method: 'POST', token: tok, body: consentBody() }); // idempotent
  const grant = await call('/candidate/answers', { method: 'POST', token: tok, body: { question_id: session.current_question.id, content_type: 'video/webm', size_bytes: bytes.length } });
  const form = new FormData();
  for (const [k, v] of Object.entries(grant.fields)) form.append(k, v);
  form.append('file', new Blob([bytes], { type: 'video/webm' }), 'answer.webm');
  const stored = await fetch(grant.url, { method: 'POST', body: form });
  assert.ok(stored.ok, `S3 POST ${stored.status}`);
  return call(`/candidate/answers/${grant.answer_id}/complete`, { method: 'POST', token: tok, body: {} });
}

async function until(what, probe, seconds = 120) {
  const end = Date.now() + seconds * 1000;
  for (;;) {
    const got = await probe();
    if (got) return got;
    assert.ok(Date.now() < end, `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function recruiterPage(opts, lang = 'en', as = token) {
  const ctx = await browser.newContext({ ...opts, locale: lang });
  await ctx.addInitScript(([tok, l]) => { localStorage.setItem('iv.token', tok); localStorage.setItem('iv.prefs', JSON.stringify({ language: l })); }, [as, lang]);
  return { ctx, page: await ctx.newPage() };
}

/** A finished interview whose second answer failed in the pipeline (no media in it). */
async function finishedWithAFailedAnswer(tplId, name) {
  const inv = await invite(tplId, name);
  await answer(inv.token, video);
  await answer(inv.token, garbage);
  await call('/candidate/finish', { method: 'POST', token: inv.token });
  await until('the second answer to fail', async () => (await call(`/interviews/${inv.id}`)).answers.some((a) => a.question_index === 1 && a.status === 'failed'));
  return inv;
}

const actions = (page) => page.getByRole('region', { name: 'Actions', exact: true });
const dialog = (page) => page.getByRole('dialog');

test('issue 12: resend with confirmation, extend with its checks, cancel, a link request shown first', async () => {
  const tpl = await publishedTemplate('Actions open', 1);
  const open = await invite(tpl.id, 'Olga Open');
  const { ctx, page } = await recruiterPage(DESKTOP);
  try {
    await page.goto(`${platform.base}/app/interviews/${open.id}`);
    await page.getByRole('heading', { name: 'Olga Open' }).waitFor();

    // Resend: asks first, then shows the new link; the old one stops working.
    await actions(page).getByRole('button', { name: 'Resend' }).click();
    await dialog(page).getByText(/A new link goes to olga\.open/).waitFor();
    await check(page, 'actions-desktop-en-resend-confirm');
    await dialog(page).getByRole('button', { name: 'Send a new link' }).click();
    const link = await dialog(page).locator('.ivx-url').innerText();
    assert.match(link, /\/i\/[A-Za-z0-9_-]{20,}$/);
    await check(page, 'actions-desktop-en-resend-done');
    await dialog(page).getByRole('button', { name: 'Close' }).last().click();
    await call('/candidate/session', { token: open.token, expect: [401, 404, 410] });
    assert.equal((await call(`/interviews/${open.id}`)).invitations_sent, 2);

    // Extend: a date not after the current deadline is refused on the page, a later one saved.
    const before = (await call(`/interviews/${open.id}`)).deadline;
    await actions(page).getByRole('button', { name: 'Extend deadline' }).click();
    const date = page.getByLabel('New deadline');
    await date.fill(new Date(Date.now() + 86_400_000).toISOString().slice(0, 10));
    await page.locator('#ivx-extend').getByRole('button', { name: 'Extend deadline' }).click();
    await page.getByText('Choose a date after the current deadline.').waitFor();
    await check(page, 'actions-desktop-en-extend-invalid');
    const later = new Date(new Date(before).getTime() + 10 * 86_400_000);
    const day = `${later.getFullYear()}-${String(later.getMonth() + 1).padStart(2, '0')}-${String(later.getDate()).padStart(2, '0')}`;
    await date.fill(day);
    await page.locator('#ivx-extend').getByRole('button', { name: 'Extend deadline' }).click();
    await page.getByText(/Deadline extended to/).waitFor();
    const after = (await call(`/interviews/${open.id}`)).deadline;
    assert.ok(new Date(after) > new Date(before), `the deadline moved later: ${before} -> ${after}`);
    await check(page, 'actions-desktop-en-extended');

    // Cancel: a confirm dialog, then the interview reads cancelled and offers no more actions.
    await actions(page).getByRole('button', { name: 'Cancel interview' }).click();
    await check(page, 'actions-desktop-en-cancel-confirm');
    await dialog(page).getByRole('button', { name: 'Cancel interview' }).click();
    await page.locator('.page-head').getByText('Cancelled').waitFor();
    assert.equal((await call(`/interviews/${open.id}`)).status, 'cancelled');
    assert.equal(await actions(page).getByRole('button', { name: 'Resend' }).count(), 0);
  } finally { await ctx.close(); }

  // A candidate whose link expired asks for a new one: the page says so first; extending
  // reopens the same link and the notice goes.
  const soon = await invite(tpl.id, 'Lena Late', { deadline: new Date(Date.now() + 4000).toISOString() });
  await new Promise((r) => setTimeout(r, 5000));
  await call('/candidate/link-request', { method: 'POST', token: soon.token });
  for (const [name, opts] of VIEWPORTS) {
    const { ctx: c, page: p } = await recruiterPage(opts);
    try {
      await p.goto(`${platform.base}/app/interviews/${soon.id}`);
      const notice = p.getByText(/Lena Late asked for a new link on/);
      await notice.waitFor();
      const [noticeTop, headTop] = await Promise.all([notice.evaluate((e) => e.getBoundingClientRect().top), actions(p).evaluate((e) => e.getBoundingClientRect().top)]);
      assert.ok(noticeTop < headTop, 'the request shows before the actions');
      await check(p, `actions-${name}-en-link-requested`);
      if (name === 'phone') {
        await actions(p).getByRole('button', { name: 'Extend deadline' }).click();
        await check(p, 'actions-phone-en-extend-form');
        await p.locator('#ivx-extend').getByRole('button', { name: 'Extend deadline' }).click();
        await p.getByText(/Deadline extended to/).waitFor();
        await p.getByText(/asked for a new link on/).waitFor({ state: 'detached' });
        const session = await call('/candidate/session', { token: soon.token });
        assert.equal(session.candidate_name, 'Lena Late', 'the same link works again');
      }
    } finally { await c.close(); }
  }
});

test('issue 12: reprocess a failed answer, the decision history, a share link opened and revoked', async () => {
  const tpl = await publishedTemplate('Actions finished', 2);
  const done = await finishedWithAFailedAnswer(tpl.id, 'Finn Finished');
  const { ctx, page } = await recruiterPage(DESKTOP);
  try {
    await page.goto(`${platform.base}/app/interviews/${done.id}`);
    await page.getByRole('heading', { name: 'Finn Finished' }).waitFor();
    await actions(page).getByText('1 answer needs attention').waitFor();
    await check(page, 'actions-desktop-en-reprocess');
    await actions(page).getByRole('button', { name: 'Reprocess answer 2' }).click();
    await page.getByText('Answer 2 is being processed again').waitFor();
    const again = (await call(`/interviews/${done.id}`)).answers.find((a) => a.question_index === 1);
    assert.ok(again.processing_attempt >= 2, `a new processing attempt: ${JSON.stringify(again)}`);

    // Two decisions: both kept, newest first, who and the note with each.
    const card = page.getByRole('region', { name: 'Decision', exact: true });
    await card.getByText('Advance').click();
    await card.getByLabel('Note (optional)').fill('Strong first round');
    await card.getByRole('button', { name: 'Save decision' }).click();
    await page.getByRole('region', { name: 'Decision history' }).getByText('Strong first round').waitFor();
    await card.getByText('Reject').click();
    await card.getByLabel('Note (optional)').fill('Salary expectations too far apart');
    await card.getByRole('button', { name: 'Update decision' }).click();
    const history = page.getByRole('region', { name: 'Decision history' });
    await history.getByText('Salary expectations too far apart').waitFor();
    const items = await history.locator('li').allInnerTexts();
    assert.equal(items.length, 2);
    assert.match(items[0], /Reject[\s\S]*Current[\s\S]*Salary expectations/);
    assert.match(items[1], /Advance[\s\S]*Strong first round/);
    await check(page, 'actions-desktop-en-history');

    // A share link: 3 days, shown once, opened without signing in, then revoked.
    await actions(page).getByRole('button', { name: 'Share with a hiring manager' }).click();
    await dialog(page).getByLabel('Link works for').selectOption('3');
    await dialog(page).getByRole('button', { name: 'Create link' }).click();
    const url = await dialog(page).getByTestId('share-url').innerText();
    assert.match(url, /\/shared#[A-Za-z0-9_-]{20,}$/);
    await dialog(page).getByText(/Created .*works until/).waitFor();
    await check(page, 'actions-desktop-en-share');

    for (const [name, opts] of VIEWPORTS) {
      const guest = await browser.newContext({ ...opts, locale: 'en' });
      try {
        const g = await guest.newPage();
        await g.goto(url);
        await g.getByRole('heading', { name: 'Finn Finished' }).waitFor();
        const text = await g.locator('main').innerText();
        assert.match(text, /read-only/);
        assert.doesNotMatch(text, /@example\.com/, 'no email on the shared page');
        assert.doesNotMatch(text, /Salary expectations|Strong first round/, 'no notes on the shared page');
        assert.match(text, /Decision: Reject/);
        await g.getByRole('heading', { name: /Q1/ }).waitFor();
        await check(g, `shared-${name}-en`);
      } finally { await guest.close(); }
    }

    await dialog(page).getByRole('button', { name: /Revoke the link created/ }).click();
    await dialog(page).getByText('No active links.').waitFor();
    const guest = await browser.newContext({ ...PHONE, locale: 'en' });
    try {
      const g = await guest.newPage();
      await g.goto(url);
      await g.getByRole('heading', { name: 'This link was revoked' }).waitFor();
      await check(g, 'shared-phone-en-revoked');
    } finally { await guest.close(); }
  } finally { await ctx.close(); }
});

test('issue 12: the actions, the history and the shared page in en, de, es and ru, desktop and phone', async () => {
  const tpl = await publishedTemplate('Actions languages', 2);
  const done = await finishedWithAFailedAnswer(tpl.id, 'Lara Lingua');
  await call(`/interviews/${done.id}/decision`, { method: 'POST', body: { outcome: 'advance', note: 'Good' } });
  await call(`/interviews/${done.id}/decision`, { method: 'POST', body: { outcome: 'hire', note: 'Great' } });
  const open = await invite(tpl.id, 'Otto Offen');
  const share = await call(`/interviews/${done.id}/share-links`, { method: 'POST', body: { expires_in_days: 7 } });
  const revoked = await call(`/interviews/${done.id}/share-links`, { method: 'POST', body: {} });
  await call(`/interviews/${done.id}/share-links/${revoked.id}/revoke`, { method: 'POST' });
  for (const lang of ['en', 'de', 'es', 'ru']) {
    for (const [name, opts] of VIEWPORTS) {
      const { ctx, page } = await recruiterPage(opts, lang);
      try {
        await page.goto(`${platform.base}/app/interviews/${done.id}`);
        const region = page.getByRole('region', { name: TITLES[lang], exact: true });
        await region.waitFor();
        const history = page.getByRole('region', { name: HISTORY[lang] });
        assert.equal(await history.locator('li').count(), 2);
        await check(page, `actions-${name}-${lang}-finished`);
        // Every action fits its card, however long its label is in this language.
        const overflow = await region.evaluate((card) => { const r = card.getBoundingClientRect(); return [...card.querySelectorAll('button')].filter((b) => b.getBoundingClientRect().right > r.right + 1).map((b) => b.textContent); });
        assert.deepEqual(overflow, [], `${name} ${lang}: buttons wider than the actions card`);
        await region.locator('.ivx-buttons button').last().click(); // share (no cancel once finished)
        await dialog(page).locator('select').waitFor();
        await check(page, `actions-${name}-${lang}-share-dialog`);
        await page.goto(`${platform.base}/app/interviews/${open.id}`);
        await page.getByRole('region', { name: TITLES[lang], exact: true }).locator('button[aria-controls="ivx-extend"]').click();
        await page.locator('#ivx-date').fill('2000-01-01');
        await page.locator('#ivx-extend button[type="submit"]').click();
        await page.locator('.ivx-error').waitFor();
        await check(page, `actions-${name}-${lang}-extend-invalid`);
      } finally { await ctx.close(); }
      const guest = await browser.newContext({ ...opts, locale: lang });
      try {
        await guest.addInitScript((l) => localStorage.setItem('iv.prefs', JSON.stringify({ language: l })), lang);
        const g = await guest.newPage();
        await g.goto(share.url);
        await g.getByRole('heading', { name: 'Lara Lingua' }).waitFor();
        assert.equal(await g.evaluate(() => document.documentElement.lang), lang);
        await check(g, `shared-${name}-${lang}`);
        await g.goto(revoked.url);
        await g.reload();
        await g.getByRole('heading', { name: REVOKED[lang] }).waitFor();
        await check(g, `shared-${name}-${lang}-revoked`);
      } finally { await guest.close(); }
    }
  }
});

test('issue 12: the company support address can be cleared in Settings', async () => {
  await call('/company', { method: 'PATCH', token: adminToken, body: { support_email: 'help@acme.example' } });
  const { ctx, page } = await recruiterPage(DESKTOP, 'en', adminToken);
  try {
    await page.goto(`${platform.base}/app/settings`);
    const field = page.getByLabel('Help address for candidates');
    await field.waitFor();
    assert.equal(await field.inputValue(), 'help@acme.example');
    await page.getByText('Leave it empty and save to remove it.').waitFor();
    await field.fill('');
    await field.locator('xpath=ancestor::form').getByRole('button', { name: 'Save' }).click();
    await page.getByText('Settings saved').first().waitFor();
    assert.equal((await call('/company', { token: adminToken })).support_email, null);
    await check(page, 'settings-desktop-en-support-cleared');
  } finally { await ctx.close(); }
});
