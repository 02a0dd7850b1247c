// The web app's defects from the real-browser review (issue 12), each against the real local
// platform: answers are uploaded through the candidate API with generated media, then the
// recruiter's and the candidate's pages are driven in Chromium. Each test stands alone (run one
// with --test-name-pattern); axe-core checks the page states they reach.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { axe, consentAndStart, consentBody, launchBrowser, makeAnswerVideo, makeMedia, shot, startPlatform, tmp } from './support.mjs';

let platform;
let browser;
let media;
let dir;
let recruiterToken;
let videos;
const DESKTOP = { viewport: { width: 1366, height: 800 } };
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

before(async () => {
  dir = tmp('iv-e2e-webapp-');
  media = makeMedia(dir);
  videos = { landscape: makeAnswerVideo(dir, media.wav, 640, 480), portrait: makeAnswerVideo(dir, media.wav, 360, 640) };
  platform = await startPlatform();
  browser = await launchBrowser(media);
  recruiterToken = (await call('/auth/login', { method: 'POST', token: null, body: platform.recruiter })).access_token;
});

after(async () => {
  await browser?.close();
  await platform?.stop();
});

async function call(path, { method = 'GET', token = recruiterToken, body, expect = [200, 201] } = {}) {
  const headers = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const init = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
  let res;
  try {
    res = await fetch(platform.base + path, init);
  } catch (e) {
    // A kept-alive connection the server closed meanwhile (uvicorn's keep-alive is 5 s): once more.
    console.log(`retrying ${method} ${path}:`, e.cause?.code ?? e.cause ?? e);
    res = await fetch(platform.base + path, init);
  }
  const text = await res.text();
  assert.ok(expect.includes(res.status), `${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function check(page, name) {
  await page.waitForTimeout(150);
  const bad = await axe(page, name);
  await shot(page, name);
  assert.deepEqual(bad.map((v) => v.id), [], `${name}: serious/critical axe violations`);
}

/** A published template with `n` short questions (no think time, no retakes). */
async function publishedTemplate(name, n) {
  const questions = Array.from({ length: n }, (_, i) => ({ text: `Question number ${i + 1}: tell us about your work.`, time_limit_seconds: 30, think_time_seconds: 0, retakes: 0 }));
  const tpl = await call('/templates', { method: 'POST', body: { name, description: 'e2e', questions } });
  return call(`/templates/${tpl.id}/publish`, { method: 'POST' });
}

async function invite(templateId, name, language = 'en') {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${Date.now()}@example.com`;
  return call('/interviews', { method: 'POST', body: { template_id: templateId, candidate: { name, email, language } } });
}

/** Uploads `file` as the answer to the candidate's current question (presigned POST), as the recorder would. */
async function answer(token, file) {
  const session = await call('/candidate/session', { token });
  // The candidate consents on the welcome page before recording (giveConsent).
  if (!session.consent) await call('/candidate/consent', { method: 'POST', token, body: consentBody(session.language) });
  const bytes = readFileSync(file);
  const grant = await call('/candidate/answers', { method: 'POST', token, body: { question_id: session.current_question.id, content_type: 'video/webm', size_bytes: bytes.length } });
  assert.equal(grant.method, 'POST');
  const form = new FormData();
  for (const [k, v] of Object.entries(grant.fields)) form.append(k, v);
  form.append('file', new Blob([bytes], { type: 'video/webm' }), 'answer.webm');
  const stored = await fetch(grant.url, { method: 'POST', body: form });
  assert.ok(stored.ok, `S3 POST ${stored.status}`);
  return call(`/candidate/answers/${grant.answer_id}/complete`, { method: 'POST', token, body: {} });
}

async function recruiterPage(opts, locale = 'en-US') {
  const ctx = await browser.newContext({ ...opts, locale });
  await ctx.addInitScript((tok) => localStorage.setItem('iv.token', tok), recruiterToken);
  return { ctx, page: await ctx.newPage() };
}

/** Where the answer's <video> sits, against the nearest ancestor that clips, and the viewport. */
function playerGeometry() {
  const v = document.querySelector('#qpanel video');
  const box = (el) => { const r = el.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height }; };
  let clip = null;
  for (let el = v.parentElement; el && el !== document.body; el = el.parentElement) {
    const cs = getComputedStyle(el);
    if (cs.overflowX !== 'visible' || cs.overflowY !== 'visible') { clip = box(el); break; }
  }
  return { video: box(v), clip, fit: getComputedStyle(v).objectFit, videoWidth: v.videoWidth, videoHeight: v.videoHeight, viewportHeight: innerHeight };
}

test('defect 1: the review player shows 4:3 and portrait answers whole, with their controls', async () => {
  const tpl = await publishedTemplate('Player aspect ratios', 2);
  const inv = await invite(tpl.id, 'Ria Ratio');
  await answer(inv.token, videos.landscape);
  await answer(inv.token, videos.portrait);
  for (const [name, opts] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    const { ctx, page } = await recruiterPage(opts);
    try {
      await page.goto(`${platform.base}/app/interviews/${inv.id}`);
      await page.getByRole('heading', { name: 'Ria Ratio' }).waitFor();
      for (const [tab, ratio] of [['Q1', 4 / 3], ['Q2', 9 / 16]]) {
        await page.getByRole('tab', { name: new RegExp(tab) }).click();
        await page.waitForFunction(() => { const v = document.querySelector('#qpanel video'); return v && v.readyState >= 1 && v.videoWidth > 0; }, null, { timeout: 30_000 });
        await page.locator('#qpanel video').scrollIntoViewIfNeeded();
        const g = await page.evaluate(playerGeometry);
        const what = `${name} ${tab} ${JSON.stringify(g)}`;
        assert.ok(Math.abs(g.videoWidth / g.videoHeight - ratio) < 0.02, `the recording's own ratio: ${what}`);
        assert.notEqual(g.fit, 'cover', `the picture is never cropped: ${what}`);
        if (g.clip) {
          // Nothing that clips cuts off the player (its picture, its controls, its captions).
          assert.ok(g.video.top >= g.clip.top - 1 && g.video.bottom <= g.clip.bottom + 1 && g.video.left >= g.clip.left - 1 && g.video.right <= g.clip.right + 1, `the player is cut off: ${what}`);
        }
        // The whole player fits on the screen, so its controls are reachable with the picture in view.
        assert.ok(g.video.height <= g.viewportHeight, `taller than the screen: ${what}`);
        assert.ok(g.video.height >= 150 && g.video.width >= 150, `too small to watch: ${what}`);
        await shot(page, `${name}-40-player-${tab}`);
      }
      await check(page, `${name}-41-player`);
    } finally {
      await ctx.close();
    }
  }
});

test('defects 6 and 7: the interviews list finds by template name, shows progress and score columns, sorts, shows a search under way and keeps it all in the URL', async () => {
  const tpl = await publishedTemplate('Warehouse Shift Lead', 1);
  const done = await invite(tpl.id, 'Wes Warehouse');
  await answer(done.token, videos.landscape);
  await call('/candidate/finish', { method: 'POST', token: done.token });
  const { ctx, page } = await recruiterPage(DESKTOP);
  try {
    // Searches wait here until released, so the page's state meanwhile can be seen.
    let release = () => undefined;
    let holding = false;
    let held;
    const heldNow = new Promise((r) => { held = r; });
    await page.route((url) => url.pathname === '/interviews' && url.searchParams.has('q'), async (route) => {
      if (holding) await new Promise((r) => { release = r; held(); });
      await route.continue();
    });
    await page.goto(`${platform.base}/app/interviews`);
    await page.getByRole('link', { name: 'Wes Warehouse' }).waitFor();
    holding = true;
    await page.getByRole('searchbox', { name: 'Search' }).fill('warehouse shift');
    await page.getByRole('status').filter({ hasText: 'Searching…' }).waitFor({ timeout: 5000 });
    await heldNow; // the search request is out and waits
    assert.equal(await page.getByRole('status').filter({ hasText: 'Searching…' }).count(), 1, 'the search shows it is under way');
    assert.equal(await page.locator('tbody').getAttribute('aria-busy'), 'true', 'the rows shown are marked as being replaced');
    holding = false;
    release();
    await page.waitForFunction(() => document.querySelector('tbody')?.getAttribute('aria-busy') === 'false');
    const rows = page.locator('tbody tr');
    assert.equal(await rows.count(), 1, 'only the interview for the template searched for');
    const cells = await rows.first().locator('td').allInnerTexts();
    assert.match(cells[0], /Wes Warehouse/);
    assert.equal(cells[3], '1/1', 'a finished interview shows its answers');
    await page.getByRole('button', { name: 'Score' }).click();
    await page.waitForURL(/sort=-score/);
    assert.match(page.url(), /[?&]q=warehouse(\+|%20)shift/);
    await check(page, 'desktop-42-interviews-searched');

    await page.reload();
    await page.getByRole('link', { name: 'Wes Warehouse' }).waitFor();
    assert.equal(await page.getByRole('searchbox', { name: 'Search' }).inputValue(), 'warehouse shift', 'the search survives a reload');
    assert.equal(await page.locator('th', { has: page.getByRole('button', { name: 'Score' }) }).getAttribute('aria-sort'), 'descending', 'the sort survives a reload');
    assert.equal(await page.locator('tbody tr').count(), 1);
  } finally {
    await ctx.close();
  }
});

test('defect 2: "Send my interview" that meets a 409 race ends on the done page when the interview did complete', async () => {
  const tpl = await publishedTemplate('Finishing race', 1);
  const inv = await invite(tpl.id, 'Fin Racer');
  await answer(inv.token, videos.landscape);
  const ctx = await browser.newContext({ ...PHONE, locale: 'en-US', permissions: ['camera', 'microphone'] });
  const page = await ctx.newPage();
  try {
    // The finish reaches the server (which completes the interview) but the answer the page gets
    // is the 409 a concurrent write produces, as measured in the review.
    let finishes = 0;
    const realStatuses = [];
    await page.route((url) => url.pathname === '/candidate/finish', async (route) => {
      finishes += 1;
      const real = await route.fetch();
      realStatuses.push(real.status()); // asserted below: a throw in a route handler is lost
      await route.fulfill({ status: 409, contentType: 'application/problem+json', body: JSON.stringify({ type: '/problems/conflict', title: 'Conflict', status: 409, detail: `interview ${inv.id} was changed by someone else; read it again and retry` }) });
    });
    await page.goto(`${platform.base}/i/${inv.token}`);
    await consentAndStart(page);
    await page.getByRole('button', { name: 'Everything works' }).and(page.locator(':enabled')).waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Everything works' }).click();
    await page.getByRole('heading', { name: 'All questions answered' }).waitFor();
    await page.getByRole('button', { name: 'Send my interview' }).dblclick();
    await page.getByRole('heading', { name: /you are done/ }).waitFor({ timeout: 15_000 });
    assert.equal(finishes, 1, 'one finish request for a double click');
    assert.deepEqual(realStatuses, [200], 'the server completed the interview');
    assert.doesNotMatch(await page.evaluate(() => document.body.innerText), /changed by someone else|Conflict/);
    await check(page, 'phone-43-finished-after-409');
  } finally {
    await ctx.close();
  }
});

test('defect 10, candidate: the company once on the welcome page, the device check main button on a phone screen, focus on Submit after Stop', async () => {
  const tpl = await publishedTemplate('Candidate details', 1);
  const inv = await invite(tpl.id, 'Cam Details');
  const ctx = await browser.newContext({ ...PHONE, locale: 'en-US', permissions: ['camera', 'microphone'] });
  const page = await ctx.newPage();
  try {
    await page.goto(`${platform.base}/i/${inv.token}`);
    await page.getByRole('heading', { name: /welcome to your video interview/ }).waitFor();
    assert.equal(await page.getByText('Demo Company', { exact: true }).count(), 1, 'the company name shows once');
    await consentAndStart(page);
    const main = page.getByRole('button', { name: 'Everything works' });
    await main.and(page.locator(':enabled')).waitFor({ timeout: 20_000 });
    const box = await main.boundingBox();
    assert.ok(box && box.y >= 0 && box.y + box.height <= PHONE.viewport.height, `the main button is on the first screen: ${JSON.stringify(box)}`);
    await check(page, 'phone-44-device-check');
    await main.click();
    await page.getByRole('button', { name: 'Start the interview' }).click();
    await page.getByRole('button', { name: 'Start recording' }).click();
    await page.getByRole('button', { name: 'Stop recording' }).and(page.locator(':enabled')).waitFor();
    await page.waitForTimeout(2000);
    await page.getByRole('button', { name: 'Stop recording' }).click();
    await page.getByRole('heading', { name: 'Watch your answer' }).waitFor();
    await page.waitForFunction(() => document.activeElement?.textContent === 'Submit answer', null, { timeout: 5000 });
    await page.keyboard.press('Enter');
    const stopped = Date.now();
    await page.getByRole('heading', { name: 'All questions answered' }).waitFor({ timeout: 60_000 });
    console.log(`metric: Submit (pressed right after Stop) to the next screen: ${Date.now() - stopped} ms`);
  } finally {
    await ctx.close();
  }
});

test('defect 10, invite dialog: an inline error for a bad email, the whole name of a long template', async () => {
  const long = 'Senior customer success lead for enterprise accounts in the DACH region';
  await publishedTemplate(long, 1);
  const { ctx, page } = await recruiterPage(DESKTOP);
  try {
    await page.goto(`${platform.base}/app/interviews`);
    await page.getByRole('button', { name: 'Invite candidates' }).click();
    await page.locator('#inv-tpl').selectOption({ label: `${long} (v1)` });
    // A name too long for the select reads whole beside it.
    assert.equal(await page.getByRole('dialog').getByText(long, { exact: true }).isVisible(), true, "the template's whole name shows");
    await page.locator('#inv-name').fill('Ed Email');
    await page.locator('#inv-email').fill('ed@example');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    const email = page.getByLabel('Email', { exact: true });
    await page.waitForFunction(() => document.querySelector('#inv-email')?.getAttribute('aria-invalid') === 'true', null, { timeout: 5000 });
    assert.match(await page.locator('#inv-email-err').innerText(), /valid email/i);
    assert.equal(await email.evaluate((el) => el === document.activeElement), true, 'the field with the error has the focus');
    await check(page, 'desktop-45-invite-bad-email');
  } finally {
    await ctx.close();
  }
});

test('defect 10, review in Russian: the recommendation badge fits its card, radar labels are readable, criteria in Russian', async () => {
  const tpl = await publishedTemplate('Анализ на русском', 1);
  const inv = await invite(tpl.id, 'Rita Radar');
  await answer(inv.token, videos.landscape);
  await call('/candidate/finish', { method: 'POST', token: inv.token });
  // The pipeline scores the answer (local Whisper, offline analyzer) and analyzes the interview.
  const deadline = Date.now() + 150_000;
  for (;;) {
    const detail = await call(`/interviews/${inv.id}`);
    if (detail.status === 'analyzed' && detail.analysis) break;
    assert.ok(Date.now() < deadline, `not analyzed in time: ${detail.status} ${JSON.stringify(detail.answers.map((a) => a.status))}`);
    await new Promise((r) => setTimeout(r, 2000));
  }
  for (const [name, opts] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    const ctx = await browser.newContext({ ...opts, locale: 'ru-RU' });
    await ctx.addInitScript((tok) => { localStorage.setItem('iv.token', tok); localStorage.setItem('iv.prefs', JSON.stringify({ language: 'ru' })); }, recruiterToken);
    const page = await ctx.newPage();
    try {
      await page.goto(`${platform.base}/app/interviews/${inv.id}`);
      await page.getByRole('heading', { name: 'Итог' }).waitFor();
      const card = page.locator('section[aria-labelledby="overall-h"]');
      const badge = card.locator('.badge.s-hire, .badge.s-consider, .badge.s-reject');
      await badge.waitFor();
      const [b, c] = [await badge.boundingBox(), await card.boundingBox()];
      assert.ok(b.x >= c.x && b.x + b.width <= c.x + c.width, `${name}: the badge overflows its card: ${JSON.stringify({ b, c })}`);
      await card.getByRole('img', { name: /Оценки по критериям/ }).waitFor();
      const sizes = await card.locator('svg text').evaluateAll((texts) => texts.map((el) => ({ text: el.textContent, px: parseFloat(el.getAttribute('font-size')) * el.getScreenCTM().a })));
      assert.ok(sizes.length >= 3 && sizes.every((s) => s.px >= 12), `${name}: radar labels under 12 px: ${JSON.stringify(sizes)}`);
      assert.ok(sizes.some((s) => /Релевантность/.test(s.text)), `${name}: criteria named in Russian: ${JSON.stringify(sizes)}`);
      await check(page, `${name}-46-review-ru`);
    } finally {
      await ctx.close();
    }
  }
});

test('defect 9: closed-link pages keep the company branding; a cancellation reaches an open page without a reload', async () => {
  const tpl = await publishedTemplate('Closed links', 1);
  const open = await invite(tpl.id, 'Cleo Closed');
  const ctx = await browser.newContext({ ...PHONE, locale: 'en-US' });
  const page = await ctx.newPage();
  try {
    await page.goto(`${platform.base}/i/${open.token}`);
    await page.getByRole('heading', { name: /welcome to your video interview/ }).waitFor();
    const brand = await page.locator('.cand').evaluate((el) => getComputedStyle(el).getPropertyValue('--brand').trim());
    await call(`/interviews/${open.id}/cancel`, { method: 'POST' });
    await page.getByRole('heading', { name: 'This interview was cancelled' }).waitFor({ timeout: 30_000 });
    await page.getByText('Demo Company', { exact: true }).waitFor();
    assert.equal(await page.locator('.cand').evaluate((el) => getComputedStyle(el).getPropertyValue('--brand').trim()), brand, 'the brand colour stays');
    await page.reload();
    await page.getByRole('heading', { name: 'This interview was cancelled' }).waitFor();
    await page.getByText('Demo Company', { exact: true }).waitFor({ timeout: 5000 });
    assert.equal(await page.locator('.cand').evaluate((el) => getComputedStyle(el).getPropertyValue('--brand').trim()), brand, 'a closed page opened afresh is branded too');
    await check(page, 'phone-47-cancelled-branded');
  } finally {
    await ctx.close();
  }
});

test('issue 16: the billing page for hr (read-only) and a refused invite as an upgrade prompt', async () => {
  const tpl = await publishedTemplate('Billing prompt check', 1);
  const { ctx, page } = await recruiterPage(DESKTOP);
  try {
    // The demo company is on Pro: unlimited, no bar; hr sees the plan but cannot change it.
    await page.goto(`${platform.base}/app/billing`);
    await page.getByRole('heading', { name: 'Pro plan' }).waitFor({ timeout: 10000 });
    assert.equal(await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Billing' }).getAttribute('aria-current'), 'page');
    assert.match(await page.locator('main').innerText(), /interviews? this month · unlimited/);
    assert.equal(await page.getByRole('button', { name: /Upgrade to|Manage billing/ }).count(), 0, 'hr has no plan actions');
    assert.match(await page.locator('main').innerText(), /Only admins can change the plan/);
    await check(page, 'desktop-60-billing-hr');

    // The API's 402 for this company's plan as quotas.py words it (a Free company at its limit).
    await page.route('**/interviews', (route) => route.request().method() !== 'POST' ? route.fallback() : route.fulfill({
      status: 402, contentType: 'application/problem+json',
      body: JSON.stringify({ type: 'about:blank', title: 'Payment Required', status: 402, detail: 'the Free plan includes 3 interviews a month; 3 are used this month and 0 left, too few for this interview', plan: 'free', usage: 3, limit: 3, requested: 1, resets_at: '2031-01-01T00:00:00+00:00', upgrade_url: `${platform.base}/app/billing` }),
    }));
    await page.goto(`${platform.base}/app/interviews`);
    await page.getByRole('button', { name: 'Invite candidates' }).click();
    await page.locator('#inv-tpl').selectOption({ label: 'Billing prompt check (v1)' });
    await page.locator('#inv-name').fill('Quinn Quota');
    await page.locator('#inv-email').fill('quinn@example.com');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    const prompt = page.getByRole('dialog').getByRole('alert');
    await prompt.waitFor({ timeout: 5000 });
    const text = await prompt.innerText();
    assert.match(text, /Free plan are used up/);
    assert.match(text, /3 of 3 interviews this month/);
    assert.match(text, /Jan 1, 2031/);
    assert.doesNotMatch(text, /too few/, 'never the raw server sentence');
    assert.equal(await prompt.getByRole('progressbar').getAttribute('aria-valuenow'), '3');
    await check(page, 'desktop-61-invite-402-prompt');
    await prompt.getByRole('link', { name: 'Upgrade' }).click();
    await page.getByRole('heading', { name: 'Billing' }).waitFor({ timeout: 5000 });
  } finally {
    await ctx.close();
  }
});

/** Invites one candidate through the dashboard's dialog; returns the dialog (still open). */
async function inviteThroughDialog(page, template, name) {
  await page.getByRole('button', { name: 'Invite candidates' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('#inv-tpl').selectOption({ label: template });
  await dialog.locator('#inv-name').fill(name);
  await dialog.locator('#inv-email').fill(`${name.toLowerCase().replace(/\W+/g, '.')}.${Date.now()}@example.com`);
  await dialog.getByRole('button', { name: 'Send invitation' }).click();
  return dialog;
}

test('issue 16, done when: a new recruiter signs up, confirms the code from the outbox, creates three interviews, is refused the fourth, upgrades through the local checkout and creates the fourth', async () => {
  const ctx = await browser.newContext({ ...DESKTOP, locale: 'en-US' });
  const page = await ctx.newPage();
  const email = `frida.founder.${Date.now()}@startup.example`;
  const password = 'Fresh-start-2031!';
  try {
    // The sign-up page, from the login page; the password policy is shown, errors inline.
    await page.goto(`${platform.base}/app/login`);
    await page.getByRole('link', { name: 'Create a company account' }).click();
    await page.getByRole('heading', { name: 'Create your company account' }).waitFor({ timeout: 10000 });
    await page.getByLabel('Company name').fill('Fresh Start GmbH');
    await page.getByLabel('Your name').fill('Frida Founder');
    await page.getByLabel('Work email').fill(email);
    await page.getByLabel('Password').fill('short');
    assert.match(await page.locator('#su-password-hint').innerText(), /Still missing: 12 characters, upper- and lower-case letters, a digit, a symbol/);
    await page.getByRole('button', { name: 'Create account' }).click();
    assert.match(await page.locator('#su-password-err').innerText(), /at least 12 characters/);
    assert.equal(await page.getByLabel('Password').getAttribute('aria-invalid'), 'true');
    await check(page, 'desktop-70-signup-inline-error');
    await page.getByLabel('Password').fill(password);
    assert.match(await page.locator('#su-password-hint').innerText(), /At least 12 characters/);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor({ timeout: 15000 });
    assert.match(await page.locator('main').innerText(), new RegExp(`6-digit code to ${email.replace(/\./g, '\\.')}`));
    await check(page, 'desktop-71-signup-code-step');

    // Signing in before confirming is refused, saying how to confirm.
    const early = await fetch(`${platform.base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    assert.equal(early.status, 403);
    const problem = await early.json();
    assert.equal(problem.code, 'email_not_confirmed');
    assert.match(problem.detail, /confirmRegistration.*resendRegistrationCode/);

    // The code, read from the local outbox as a person reads their email.
    const outbox = await ctx.newPage();
    await outbox.goto(`${platform.base}/local/outbox`);
    const row = outbox.locator('tr', { hasText: email }).filter({ hasText: 'registration_code' });
    assert.equal(await row.count(), 1, 'one confirmation email');
    await row.getByRole('link').click();
    await outbox.getByRole('heading', { name: 'Confirm your email address' }).waitFor({ timeout: 5000 });
    const code = (await outbox.locator('body').innerText()).match(/^\s*(\d{6})\s*$/m)?.[1];
    assert.ok(code, 'the email shows a 6-digit code on a line of its own');
    await outbox.close();

    // A wrong code is an inline error; the right one confirms and signs in.
    await page.getByLabel('Confirmation code').fill(String((Number(code) + 1) % 1_000_000).padStart(6, '0'));
    await page.getByRole('button', { name: 'Confirm and sign in' }).click();
    await page.locator('#su-code-err').filter({ hasText: /not right\. 4 more tries/ }).waitFor({ timeout: 5000 });
    await page.getByLabel('Confirmation code').fill(code);
    await page.getByRole('button', { name: 'Confirm and sign in' }).click();
    await page.getByRole('heading', { name: 'Hello, Frida' }).waitFor({ timeout: 15000 });

    // A new company's checklist: nothing done yet.
    const checklist = page.getByRole('region', { name: 'Get started' });
    await checklist.waitFor({ timeout: 10000 });
    assert.match(await checklist.innerText(), /0 of 2 steps done/);
    await check(page, 'desktop-72-onboarding-checklist');

    const token = await page.evaluate(() => localStorage.getItem('iv.token'));
    const me = await call('/me', { token });
    assert.equal(me.role, 'admin');
    assert.equal(me.company.name, 'Fresh Start GmbH');
    const questions = [{ text: 'Tell us about a project you are proud of.', time_limit_seconds: 60, think_time_seconds: 0, retakes: 0 }];
    const tpl = await call('/templates', { method: 'POST', token, body: { name: 'First role', description: 'e2e', questions } });
    await call(`/templates/${tpl.id}/publish`, { method: 'POST', token });
    await page.reload();
    await checklist.waitFor({ timeout: 10000 });
    assert.match(await checklist.innerText(), /1 of 2 steps done/);
    assert.equal(await checklist.locator('[data-step="template"]').getAttribute('data-done'), 'true');
    // Dismissable: on another device it is hidden and stays hidden after a reload.
    const other = await browser.newContext({ ...DESKTOP, locale: 'en-US' });
    try {
      await other.addInitScript((tok) => localStorage.setItem('iv.token', tok), token);
      const second = await other.newPage();
      await second.goto(`${platform.base}/app`);
      const list = second.getByRole('region', { name: 'Get started' });
      await list.waitFor({ timeout: 10000 });
      await list.getByRole('button', { name: 'Hide this checklist' }).click();
      assert.equal(await list.count(), 0);
      await second.reload();
      await second.getByRole('heading', { name: 'Hello, Frida' }).waitFor({ timeout: 10000 });
      // Once the data the ticks come from has loaded (the checklist would show by now).
      await second.getByRole('link', { name: 'First role' }).waitFor({ timeout: 10000 });
      await second.waitForFunction(() => !document.querySelector('.stats .skeleton'), null, { timeout: 10000 });
      assert.equal(await list.count(), 0, 'dismissed stays dismissed');
    } finally {
      await other.close();
    }

    // Three interviews: the first through the dialog (the checklist is then done and gone).
    let dialog = await inviteThroughDialog(page, 'First role (v1)', 'Cara One');
    await dialog.getByRole('status').filter({ hasText: '1 invitation sent.' }).waitFor({ timeout: 10000 });
    await dialog.getByRole('button', { name: 'Close' }).first().click();
    await page.waitForFunction(() => !document.getElementById('onb-h'), null, { timeout: 10000 });
    for (const name of ['Cara Two', 'Cara Three']) {
      await call('/interviews', { method: 'POST', token, body: { template_id: tpl.id, candidate: { name, email: `${name.replace(' ', '.').toLowerCase()}@example.com` } } });
    }

    // A CSV upload at the limit is all or nothing: refused whole, none of its rows invited.
    await page.getByRole('button', { name: 'Invite candidates' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'From a CSV file' }).click();
    await dialog.locator('#inv-file').setInputFiles({ name: 'two.csv', mimeType: 'text/csv', buffer: Buffer.from('name,email\nRow One,row.one@example.com\nRow Two,row.two@example.com\n') });
    await dialog.getByRole('button', { name: 'Invite 2 candidates' }).click();
    await dialog.getByRole('alert').filter({ hasText: '2 new interviews need more than the 0 left.' }).waitFor({ timeout: 10000 });
    assert.equal((await call('/interviews?limit=10', { token })).items.length, 3, 'no row of the refused upload was invited');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // The fourth is refused with the upgrade prompt.
    dialog = await inviteThroughDialog(page, 'First role (v1)', 'Cara Four');
    const prompt = dialog.getByRole('alert');
    await prompt.waitFor({ timeout: 10000 });
    const text = await prompt.innerText();
    assert.match(text, /Free plan are used up/);
    assert.match(text, /3 of 3 interviews this month/);
    await check(page, 'desktop-73-signup-fourth-refused');

    // Upgrade through the local checkout page, which "pays" and posts signed Stripe events.
    await prompt.getByRole('button', { name: 'Upgrade to Plus' }).click();
    await page.getByRole('heading', { name: 'Upgrade to Plus' }).waitFor({ timeout: 15000 });
    assert.match(page.url(), /\/local\/checkout\//);
    await page.getByRole('button', { name: 'Pay' }).click();
    await page.getByRole('heading', { name: 'Plus plan' }).waitFor({ timeout: 15000 });
    assert.match(await page.locator('main').innerText(), /3 of 100 interviews this month/);
    await check(page, 'desktop-74-signup-upgraded');

    // Now the fourth goes out.
    await page.goto(`${platform.base}/app`);
    await page.getByRole('heading', { name: 'Hello, Frida' }).waitFor({ timeout: 10000 });
    dialog = await inviteThroughDialog(page, 'First role (v1)', 'Cara Four');
    await dialog.getByRole('status').filter({ hasText: '1 invitation sent.' }).waitFor({ timeout: 10000 });
    const billing = await call('/billing', { token });
    assert.equal(billing.plan, 'plus');
    assert.equal(billing.usage, 4);
    assert.equal((await call('/interviews?limit=10', { token })).items.length, 4);
  } finally {
    await ctx.close();
  }
});

test('issue 14, done when: completed and decided interviews show in the analytics funnel and histogram, two candidates side by side, the PDFs download', async () => {
  const tpl = await publishedTemplate('Analytics and comparison', 1);
  const people = [await invite(tpl.id, 'Ada Analytics'), await invite(tpl.id, 'Ben Benchmark')];
  for (const inv of people) {
    await answer(inv.token, videos.landscape);
    await call('/candidate/finish', { method: 'POST', token: inv.token });
  }
  // The pipeline scores the answers and analyzes the interviews (local Whisper, offline analyzer).
  const deadline = Date.now() + 240_000;
  const scores = [];
  for (const inv of people) {
    for (;;) {
      const detail = await call(`/interviews/${inv.id}`);
      if (detail.status === 'analyzed' && typeof detail.overall_score === 'number') { scores.push(detail.overall_score); break; }
      assert.ok(Date.now() < deadline, `not analyzed in time: ${detail.status}`);
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  await call(`/interviews/${people[0].id}/decision`, { method: 'POST', body: { outcome: 'hire', note: 'Strong answer' } });
  await call(`/interviews/${people[1].id}/decision`, { method: 'POST', body: { outcome: 'reject', note: '' } });

  const { ctx, page } = await recruiterPage(DESKTOP);
  try {
    // The analytics page for this template (filters in the URL); the projector follows the bus
    // asynchronously and the page refreshes its figures, so each figure is waited for.
    await page.goto(`${platform.base}/app/analytics?template=${encodeURIComponent(tpl.id)}`);
    await page.getByRole('heading', { name: 'Analytics', level: 1 }).waitFor({ timeout: 10_000 });
    assert.equal(await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Analytics' }).getAttribute('aria-current'), 'page');
    // The select holds the URL's template once the templates (its options) have loaded.
    const templateFilter = page.getByLabel('Template', { exact: true });
    await templateFilter.locator(`option[value="${tpl.id}"]`).waitFor({ state: 'attached', timeout: 10_000 });
    assert.equal(await templateFilter.inputValue(), tpl.id, 'the template filter comes from the URL');
    const funnel = page.getByRole('table', { name: 'Funnel' });
    const cell = (table, row, text) => table.locator('tr').filter({ has: page.locator('th', { hasText: new RegExp(`^${row}$`) }) }).locator('td').first().filter({ hasText: new RegExp(`^${text}$`) });
    for (const [step, n] of [['Invited', 2], ['Started', 2], ['Completed', 2], ['Analyzed', 2], ['Decided', 2], ['Hired', 1]]) {
      await cell(funnel, step, n).waitFor({ state: 'attached', timeout: 90_000 });
    }
    const histogram = page.getByRole('table', { name: 'Score distribution' });
    const bins = new Map();
    for (const s of scores) { const b = Math.min(9, Math.floor(s / 10)); bins.set(b, (bins.get(b) ?? 0) + 1); }
    for (const [b, n] of bins) {
      const label = `${b * 10}–${b === 9 ? 100 : b * 10 + 9}`;
      await cell(histogram, label, n).waitFor({ state: 'attached', timeout: 60_000 });
    }
    // The tables are there for screen readers and on request for everyone.
    const toggle = page.getByRole('region', { name: 'Funnel' }).getByRole('button', { name: 'Show table' });
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    assert.ok(await funnel.isVisible(), 'the funnel table shows on request');
    assert.match(await page.getByRole('table', { name: 'Question effectiveness' }).innerText(), /Question number 1/);
    await check(page, 'desktop-80-analytics');

    // "Export CSV": the interviews of the template in the period, with their ids for the ATS.
    const csvDownload = page.waitForEvent('download', { timeout: 30_000 });
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const csv = readFileSync(await (await csvDownload).path(), 'utf8');
    assert.match(csv, /Ada Analytics/);
    assert.match(csv, /Ben Benchmark/);

    // A filter goes to the URL and survives a reload.
    await page.getByLabel('Period', { exact: true }).selectOption('quarter');
    await page.waitForURL(/period=quarter/);
    await page.reload();
    await cell(page.getByRole('table', { name: 'Funnel' }), 'Hired', 1).waitFor({ state: 'attached', timeout: 30_000 });
    assert.equal(await page.getByLabel('Period', { exact: true }).inputValue(), 'quarter');

    // Two candidates ticked on the interviews list, then side by side.
    await page.goto(`${platform.base}/app/interviews?template=${encodeURIComponent(tpl.id)}`);
    await page.getByRole('link', { name: 'Ada Analytics' }).waitFor({ timeout: 10_000 });
    const compare = page.getByRole('button', { name: /^Compare/ });
    assert.equal(await compare.isDisabled(), true, 'nothing ticked: nothing to compare');
    await page.getByRole('checkbox', { name: 'Compare Ada Analytics' }).check();
    assert.equal(await compare.isDisabled(), true, 'one alone cannot be compared');
    await page.getByRole('checkbox', { name: 'Compare Ben Benchmark' }).check();
    await page.getByRole('button', { name: 'Compare 2' }).click();
    await page.waitForURL(/\/app\/compare\?ids=/);
    await page.getByRole('heading', { name: 'Compare candidates', level: 1 }).waitFor();
    await page.getByRole('img', { name: /Criteria scores of Ada Analytics, Ben Benchmark/ }).waitFor({ timeout: 15_000 });
    const byCriterion = page.getByRole('table', { name: 'Scores by criterion' });
    assert.deepEqual(await byCriterion.getByRole('columnheader').allInnerTexts(), ['Ada Analytics', 'Ben Benchmark']);
    assert.ok(await byCriterion.getByRole('rowheader', { name: 'Relevance' }).count() === 1, 'criteria named');
    const overview = await page.getByRole('table', { name: 'Overview' }).innerText();
    for (const s of scores) assert.match(overview, new RegExp(`\\b${s}\\b`));
    assert.match(overview, /Hire/);
    assert.match(overview, /Reject/);
    await check(page, 'desktop-81-compare');

    // The comparison's PDF: generated server-side, read from its presigned link, saved.
    const pdf = async (button) => {
      const response = page.waitForResponse((r) => /\/reports\/.+\.pdf$/.test(new URL(r.url()).pathname) && r.request().method() === 'GET', { timeout: 60_000 });
      const download = page.waitForEvent('download', { timeout: 60_000 });
      await button.click();
      const res = await response;
      assert.equal(res.status(), 200);
      assert.equal(res.headers()['content-type'], 'application/pdf');
      const file = await download;
      assert.match(file.suggestedFilename(), /\.pdf$/);
      const bytes = readFileSync(await file.path());
      assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
      return { name: file.suggestedFilename(), size: bytes.length };
    };
    const both = await pdf(page.getByRole('button', { name: 'Download PDF' }));
    assert.match(both.name, /^comparison-Analytics-and-comparison\.pdf$/);
    console.log(`metric: comparison PDF of 2 interviews: ${both.size} bytes`);

    // And one interview's PDF from its page.
    await page.goto(`${platform.base}/app/interviews/${people[0].id}`);
    await page.getByRole('heading', { name: 'Ada Analytics' }).waitFor();
    const one = await pdf(page.getByRole('button', { name: 'Download PDF' }));
    assert.match(one.name, /^Ada-Analytics-Analytics-and-comparison\.pdf$/);
  } finally {
    await ctx.close();
  }
});


/** A browser signed in with `token` (any member), on the desktop. */
async function memberPage(token, opts = DESKTOP) {
  const ctx = await browser.newContext({ ...opts, locale: 'en-US' });
  await ctx.addInitScript((tok) => localStorage.setItem('iv.token', tok), token);
  return { ctx, page: await ctx.newPage() };
}

/** The demo members the platform's banner lists, e.g. "Interviewer  ivy@demo.local / password". */
function demoLogins(role) {
  return platform.output().split('\n').map((l) => l.trim().split(/\s+/)).filter((p) => p[0] === role && p[2] === '/').map((p) => ({ email: p[1], password: p[3] }));
}

/** The local outbox's emails (its page's rows), newest first. */
async function outbox() {
  const html = await (await fetch(`${platform.base}/local/outbox`)).text();
  return [...html.matchAll(/<tr><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td><a href="\/local\/outbox\/([^"]+)"/g)]
    .map((m) => ({ to: m[2], lang: m[3], kind: m[4], id: m[5] }));
}

/** Waits until the local outbox holds the emails `match` picks (the folder outlives a run: pass a filter for this one's). */
async function outboxRows(match, atLeast = 1) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const rows = await outbox();
    const found = rows.filter(match);
    if (found.length >= atLeast) return found;
    assert.ok(Date.now() < deadline, `emails not in the outbox: ${JSON.stringify(rows.slice(0, 20))}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

test('issue 15, done when: an admin assigns two interviewers, each scores and comments with an @mention of the other, the mentioned one is told in the bell and by email, the recruiter sees both ratings beside the AI', async () => {
  const [admin] = demoLogins('Admin');
  const [ivy, ingo] = demoLogins('Interviewer');
  assert.ok(admin && ivy && ingo, 'the banner lists the demo admin and two interviewers');
  const login = async (who) => (await call('/auth/login', { method: 'POST', token: null, body: who })).access_token;
  const [adminToken, ivyToken, ingoToken] = [await login(admin), await login(ivy), await login(ingo)];
  // The outbox folder is shared by runs (and the demo members are the same): only this run's emails count.
  const earlier = new Set((await outbox()).map((m) => m.id));
  const ivyMe = await call('/me', { token: ivyToken });
  const ingoMe = await call('/me', { token: ingoToken });
  assert.equal(ingoMe.language, 'de', 'Ingo reads the app in German');

  // A template with a scorecard whose others stay hidden until one submits; one analyzed interview.
  const competencies = ['Ownership', 'Communication', 'Craft'].map((name) => ({ name, anchors: [1, 2, 3, 4, 5].map((i) => `${name}: level ${i}`) }));
  const card = await call('/company/scorecard-templates', { method: 'POST', body: { name: 'Panel e2e', competencies, hide_others_until_submitted: true } });
  const questions = [{ text: 'Question number 1: tell us about your work.', time_limit_seconds: 30, think_time_seconds: 0, retakes: 0 }];
  const draft = await call('/templates', { method: 'POST', body: { name: 'Panel review', description: 'e2e', questions, scorecard_template_id: card.id } });
  const tpl = await call(`/templates/${draft.id}/publish`, { method: 'POST' });
  const inv = await invite(tpl.id, 'Pat Panel');
  await answer(inv.token, videos.landscape);
  await call('/candidate/finish', { method: 'POST', token: inv.token });
  const deadline = Date.now() + 150_000;
  for (;;) {
    const detail = await call(`/interviews/${inv.id}`);
    if (detail.status === 'analyzed' && detail.analysis) break;
    assert.ok(Date.now() < deadline, `not analyzed in time: ${detail.status}`);
    await new Promise((r) => setTimeout(r, 2000));
  }
  const url = `${platform.base}/app/interviews/${inv.id}`;

  // The admin assigns both from the interview page: a member picker, chips with a remove button.
  let s = await memberPage(adminToken);
  try {
    await s.page.goto(url);
    await s.page.getByRole('heading', { name: 'Pat Panel' }).waitFor();
    const reviewers = s.page.getByRole('region', { name: 'Reviewers', exact: true });
    for (const who of ['Ivy Interviewer', 'Ingo Prüfer']) {
      await reviewers.getByLabel('Add a reviewer').selectOption({ label: `${who} · Interviewer` });
      await reviewers.getByRole('button', { name: 'Assign' }).click();
      await reviewers.getByRole('listitem').filter({ hasText: who }).waitFor({ timeout: 10_000 });
    }
    assert.equal(await reviewers.getByRole('button', { name: 'Remove Ingo Prüfer as reviewer' }).count(), 1);
    await check(s.page, 'desktop-80-reviewers-assigned');
  } finally {
    await s.ctx.close();
  }
  assert.deepEqual((await call(`/interviews/${inv.id}`)).reviewer_ids.sort(), [ivyMe.id, ingoMe.id].sort());

  // Ivy: only her interview, no templates, invites or decisions; the anchors in view; hidden others.
  s = await memberPage(ivyToken);
  try {
    const { page } = s;
    await page.goto(`${platform.base}/app/interviews`);
    await page.getByRole('link', { name: 'Pat Panel' }).waitFor();
    assert.equal(await page.locator('tbody tr').count(), 1, 'an interviewer lists only the interviews assigned to her');
    assert.equal(await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Templates' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Invite candidates' }).count(), 0);
    await page.goto(`${platform.base}/app/templates/${tpl.id}`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await page.goto(url);
    await page.getByRole('heading', { name: 'Pat Panel' }).waitFor();
    const form = page.getByRole('region', { name: 'Your scorecard' });
    await form.waitFor();
    assert.equal(await page.getByRole('region', { name: 'Decision' }).count(), 0, 'no decision for an interviewer');
    assert.equal(await page.getByLabel('Add a reviewer').count(), 0, 'no reviewer changes for an interviewer');
    for (const i of [1, 2, 3, 4, 5]) assert.ok(await form.getByText(`Ownership: level ${i}`, { exact: true }).isVisible(), 'every anchor is shown');
    const summary = page.getByRole('region', { name: 'Reviewers’ ratings' });
    assert.match(await summary.innerText(), /once you submit your scorecard/);

    // Submitting with gaps says so and takes the focus to the first one.
    await form.getByRole('button', { name: 'Submit scorecard' }).click();
    await form.getByRole('alert').filter({ hasText: '4 choices are still missing' }).waitFor();
    assert.match(await page.evaluate(() => document.activeElement?.getAttribute('name') ?? ''), /^sc-/);
    for (const [c, r] of [['Ownership', 4], ['Communication', 5], ['Craft', 4]]) await form.getByText(`${c}: level ${r}`, { exact: true }).click();
    await form.getByRole('group', { name: 'Overall recommendation' }).getByText('Strong yes', { exact: true }).click();
    assert.equal(await form.getByRole('group', { name: 'Ownership', exact: true }).getByRole('radio', { name: /^4 / }).isChecked(), true);
    await form.getByRole('button', { name: 'Submit scorecard' }).click();
    await form.getByRole('button', { name: 'Update scorecard' }).waitFor({ timeout: 10_000 });
    await check(page, 'desktop-81-scorecard-interviewer');

    // A comment on the interview that @mentions Ingo, picked from the suggestions by keyboard.
    const discussion = page.getByRole('region', { name: /^Discussion/ });
    const box = discussion.getByLabel('Comment on the interview');
    await box.click();
    await box.pressSequentially('Clear ownership of the migration. @Ing');
    await page.getByRole('option', { name: /Ingo Prüfer/ }).waitFor();
    await box.press('Enter');
    assert.equal(await box.inputValue(), 'Clear ownership of the migration. @Ingo Prüfer ');
    await box.pressSequentially('what did you make of the numbers?');
    await discussion.getByRole('button', { name: 'Post comment' }).click();
    const ivyComment = discussion.getByRole('article').filter({ hasText: 'what did you make of the numbers?' });
    await ivyComment.waitFor({ timeout: 10_000 });
    assert.equal(await ivyComment.locator('.mention').innerText(), '@Ingo Prüfer');

    // A comment on the answer at a moment of its video; its time seeks the player.
    const video = page.locator('#qpanel video');
    await page.waitForFunction(() => (document.querySelector('#qpanel video')?.readyState ?? 0) >= 1, null, { timeout: 30_000 });
    await video.evaluate((v) => new Promise((r) => { v.addEventListener('seeked', r, { once: true }); v.currentTime = 2; }));
    const onAnswer = page.getByRole('region', { name: /^Comments on this answer/ });
    await onAnswer.getByLabel('At 0:02 in the video').check();
    await onAnswer.getByLabel('Comment on this answer').fill('Speaks clearly from here.');
    await onAnswer.getByRole('button', { name: 'Post comment' }).click();
    const seekTo = onAnswer.getByRole('button', { name: 'Play the video from 0:02' });
    await seekTo.waitFor({ timeout: 10_000 });
    await video.evaluate((v) => new Promise((r) => { v.pause(); v.addEventListener('seeked', r, { once: true }); v.currentTime = 0; }));
    await seekTo.click();
    await page.waitForFunction(() => document.querySelector('#qpanel video').currentTime >= 1.9, null, { timeout: 10_000 });

    // Her own comment: edited (marked so), then deleted, leaving a placeholder in its thread.
    await onAnswer.getByRole('button', { name: 'Edit your comment' }).click();
    await onAnswer.getByRole('textbox', { name: 'Edit your comment' }).fill('Speaks clearly from here on.');
    await onAnswer.getByRole('button', { name: 'Save', exact: true }).click();
    await onAnswer.getByRole('article').filter({ hasText: 'Speaks clearly from here on.' }).filter({ hasText: '(edited)' }).waitFor({ timeout: 10_000 });
    await onAnswer.getByRole('button', { name: 'Delete your comment' }).click();
    await page.getByRole('dialog', { name: 'Delete this comment?' }).getByRole('button', { name: 'Delete', exact: true }).click();
    await onAnswer.getByText('This comment was deleted.').waitFor({ timeout: 10_000 });
    assert.equal(await onAnswer.getByText('Speaks clearly from here on.').count(), 0);
    await check(page, 'desktop-82-comments-interviewer');
  } finally {
    await s.ctx.close();
  }

  // Ingo, in German: the bell says one unread, its link opens the comment; the hidden rule; his scorecard; a reply that mentions Ivy.
  s = await memberPage(ingoToken);
  try {
    const { page } = s;
    await page.goto(`${platform.base}/app`);
    const bell = page.getByRole('button', { name: 'Benachrichtigungen, 1 ungelesen' });
    await bell.waitFor({ timeout: 10_000 });
    await bell.click();
    const panel = page.getByRole('region', { name: 'Benachrichtigungen' });
    const item = panel.getByRole('link', { name: /Ivy Interviewer hat Sie bei Pat Panel erwähnt/ });
    await item.waitFor();
    assert.match(await panel.innerText(), /what did you make of the numbers\?/);
    await check(page, 'desktop-83-bell-de');
    await item.click();
    await page.getByRole('heading', { name: 'Pat Panel' }).waitFor();
    await page.waitForFunction(() => (document.activeElement?.id ?? '').startsWith('comment-'), null, { timeout: 10_000 });
    assert.match(await page.evaluate(() => document.activeElement.innerText), /what did you make of the numbers/);
    await page.getByRole('button', { name: 'Benachrichtigungen', exact: true }).waitFor({ timeout: 10_000 });

    const summary = page.getByRole('region', { name: 'Bewertungen des Teams' });
    assert.match(await summary.innerText(), /1 Bewertungskarte bleibt verborgen, bis Sie Ihre abgeben/);
    assert.equal(await summary.locator('table').count(), 0, "Ivy's ratings stay hidden until Ingo submits");
    const form = page.getByRole('region', { name: 'Ihre Bewertungskarte' });
    for (const [c, r] of [['Ownership', 2], ['Communication', 3], ['Craft', 4]]) await form.getByText(`${c}: level ${r}`, { exact: true }).click();
    await form.getByRole('group', { name: 'Gesamtempfehlung' }).getByText('Nein', { exact: true }).click();
    await form.getByRole('button', { name: 'Bewertungskarte abgeben' }).click();
    await form.getByRole('button', { name: 'Bewertungskarte aktualisieren' }).waitFor({ timeout: 10_000 });
    await summary.locator('table').waitFor({ timeout: 10_000 });

    const discussion = page.getByRole('region', { name: /^Diskussion/ });
    const ivys = discussion.getByRole('article').filter({ hasText: 'what did you make of the numbers?' });
    assert.equal(await ivys.getByRole('button', { name: /bearbeiten|löschen/i }).count(), 0, "no edit or delete on another's comment");
    assert.equal(await ivys.getByRole('button', { name: 'Ivy Interviewer antworten' }).count(), 1);
    await discussion.getByRole('button', { name: 'Ivy Interviewer antworten' }).click();
    const reply = discussion.getByLabel('Ihre Antwort an Ivy Interviewer');
    await reply.pressSequentially('@Iv');
    await page.getByRole('option', { name: /Ivy Interviewer/ }).waitFor();
    await reply.press('Enter');
    await reply.pressSequentially('agreed, strong on ownership.');
    await discussion.getByRole('button', { name: 'Antworten', exact: true }).click();
    await discussion.locator('.replies').getByRole('article').filter({ hasText: 'agreed, strong on ownership.' }).waitFor({ timeout: 10_000 });
    await check(page, 'desktop-84-reviewer-de');
  } finally {
    await s.ctx.close();
  }

  // Ivy is told of the reply in her bell.
  s = await memberPage(ivyToken);
  try {
    await s.page.goto(`${platform.base}/app`);
    await s.page.getByRole('button', { name: 'Notifications, 1 unread' }).click({ timeout: 10_000 });
    await s.page.getByRole('region', { name: 'Notifications' }).getByRole('link', { name: /Ingo Prüfer mentioned you on Pat Panel/ }).waitFor();
  } finally {
    await s.ctx.close();
  }

  // The emails: the assignment and exactly one mention each, in their language.
  for (const [who, lang] of [[ivy.email, 'en'], [ingo.email, 'de']]) {
    await outboxRows((r) => !earlier.has(r.id) && r.to === who && r.kind === 'reviewer_assigned' && r.lang === lang);
    await outboxRows((r) => !earlier.has(r.id) && r.to === who && r.kind === 'mention' && r.lang === lang);
  }
  const sent = (await outbox()).filter((r) => !earlier.has(r.id));
  for (const who of [ivy.email, ingo.email]) assert.equal(sent.filter((r) => r.to === who && r.kind === 'mention').length, 1, `one mention email for ${who}`);

  // The recruiter sees both reviewers' ratings beside the AI's.
  s = await recruiterPage(DESKTOP);
  try {
    const { page } = s;
    await page.goto(url);
    await page.getByRole('heading', { name: 'Pat Panel' }).waitFor();
    const summary = page.getByRole('region', { name: 'Reviewers’ ratings' });
    await summary.locator('table').waitFor({ timeout: 10_000 });
    const heads = await summary.locator('thead th').allTextContents();
    const [iv, ig] = [heads.indexOf('Ivy'), heads.indexOf('Ingo')];
    assert.ok(iv > 0 && ig > 0, `a column per reviewer: ${heads}`);
    const cells = await summary.locator('tbody tr', { hasText: 'Ownership' }).locator('th, td').allTextContents();
    assert.deepEqual([cells[iv], cells[ig], cells[cells.length - 2]], ['4', '2', '3.0'], `Ownership: ${cells}`);
    assert.match(cells[cells.length - 1], /^2/, 'the spread between the reviewers');
    const text = await summary.innerText();
    assert.match(text, /AI\s+\d+ \/ 100/, "the AI's score beside the reviewers'");
    assert.match(text, /of 2 reviewers agree with the AI/);
    assert.ok(await page.getByRole('heading', { name: 'Overall', exact: true }).isVisible(), "the AI's assessment on the same page");
    await check(page, 'desktop-85-ratings-beside-ai');
  } finally {
    await s.ctx.close();
  }
});

test('issue 17, done when: a candidate asks for their data from the link in their email, the admin approves, exports and then erases them; only the tombstone and audit entries stay', async () => {
  const [admin] = demoLogins('Admin');
  const adminToken = (await call('/auth/login', { method: 'POST', token: null, body: admin })).access_token;
  const earlier = new Set((await outbox()).map((m) => m.id));
  const tpl = await publishedTemplate('Data rights check', 1);
  const inv = await invite(tpl.id, 'Gina Gdpr');
  const email = inv.candidate.email;
  await answer(inv.token, videos.landscape);
  await call('/candidate/finish', { method: 'POST', token: inv.token });
  const deadline = Date.now() + 150_000;
  for (;;) {  // erase after the pipeline finished, so nothing it writes comes after the erasure
    const detail = await call(`/interviews/${inv.id}`);
    if (detail.status === 'analyzed' && detail.analysis) break;
    assert.ok(Date.now() < deadline, `not analyzed in time: ${detail.status}`);
    await new Promise((r) => setTimeout(r, 2000));
  }

  // The invitation carries the data-rights link; the candidate asks for a copy.
  const [invitation] = await outboxRows((m) => !earlier.has(m.id) && m.to === email && m.kind === 'invitation');
  const text = await (await fetch(`${platform.base}/local/outbox/${invitation.id}?text=true`)).text();
  const link = /\/privacy\?token=([A-Za-z0-9_.-]+)/.exec(text);
  assert.ok(link, 'the invitation links to the data-rights page');
  const cand = await browser.newContext({ ...DESKTOP, locale: 'en-US' });
  try {
    const page = await cand.newPage();
    await page.goto(`${platform.base}/privacy?token=${link[1]}`);
    await page.getByRole('heading', { name: 'Your data' }).waitFor({ timeout: 10000 });
    await check(page, 'desktop-80-privacy-request');
    await page.getByRole('button', { name: 'Request a copy of my data' }).click();
    await page.getByText('Your request was sent.').waitFor({ timeout: 10000 });
  } finally {
    await cand.close();
  }

  let s = await memberPage(adminToken);
  try {
    // The admin approves it on the candidates' data screen: the candidate is emailed the link.
    await s.page.goto(`${platform.base}/app/privacy`);
    const row = s.page.getByRole('listitem').filter({ hasText: email });
    await row.getByRole('button', { name: 'Approve' }).click();
    await row.getByText(/The zip holds \d+ files/).waitFor({ timeout: 30000 });
    await check(s.page, 'desktop-81-privacy-admin');
    await outboxRows((m) => !earlier.has(m.id) && m.to === email && m.kind === 'data_export_ready');

    // On the interview's page: export (a zip), then erase after the confirmation.
    await s.page.goto(`${platform.base}/app/interviews/${inv.id}`);
    const card = s.page.getByRole('region', { name: "The candidate's data" });
    await card.getByRole('button', { name: 'Export their data' }).click();
    const download = card.getByRole('link', { name: /Download/ });
    await download.waitFor({ timeout: 30000 });
    const zip = new Uint8Array(await (await fetch(await download.getAttribute('href'))).arrayBuffer());
    assert.equal(String.fromCharCode(zip[0], zip[1]), 'PK', 'a zip');
    await card.getByRole('button', { name: 'Erase the candidate' }).click();
    const dialog = s.page.getByRole('dialog');
    assert.match(await dialog.innerText(), /cannot be undone/);
    await check(s.page, 'desktop-82-erase-confirm');
    await dialog.getByRole('button', { name: 'Erase for good' }).click();
    await card.getByText(/1 interview erased/).waitFor({ timeout: 30000 });
  } finally {
    await s.ctx.close();
  }
  await call(`/interviews/${inv.id}`, { expect: [404] });
  const erased = await call('/company/audit-log', { token: adminToken, body: undefined, expect: [200] }).then((log) => log.items.filter((e) => e.action === 'eraseCandidate'));
  assert.ok(erased.length >= 1, 'the erasure is audited');
  assert.doesNotMatch(JSON.stringify(erased), /Gina|Gdpr|example\.com/, 'no personal data in the audit entries');
});
