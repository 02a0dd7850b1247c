// The candidate's recorder against the real local platform (issue 12, defects 3 and 4 and the
// candidate's expectations): Stop from the first frame, a retake's quick submit, device pickers,
// the deadline and help link, a new link for an expired one. Run one with --test-name-pattern.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { axe, consentAndStart, launchBrowser, makeMedia, shot, startPlatform, tmp } from './support.mjs';

let platform;
let browser;
let media;
let recruiterToken;
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

before(async () => {
  media = makeMedia(tmp('iv-e2e-candidate-'));
  platform = await startPlatform();
  browser = await launchBrowser(media);
  recruiterToken = (await call('/auth/login', { method: 'POST', token: null, body: platform.recruiter })).access_token;
});

after(async () => {
  await browser?.close();
  await platform?.stop();
});

async function call(path, { method = 'GET', token = recruiterToken, body, expect = [200, 201, 202] } = {}) {
  const headers = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const init = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
  let res;
  try {
    res = await fetch(platform.base + path, init);
  } catch {
    res = await fetch(platform.base + path, init); // a kept-alive connection the server closed meanwhile
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

async function publishedTemplate(name, questions) {
  const tpl = await call('/templates', { method: 'POST', body: { name, description: 'e2e', questions } });
  return call(`/templates/${tpl.id}/publish`, { method: 'POST' });
}

async function invite(templateId, name, language = 'en') {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${Date.now()}@example.com`;
  return call('/interviews', { method: 'POST', body: { template_id: templateId, candidate: { name, email, language } } });
}

async function toFirstQuestion(page, link) {
  await page.goto(link);
  await consentAndStart(page);
  await page.getByRole('button', { name: 'Everything works' }).and(page.locator(':enabled')).waitFor({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Everything works' }).click();
  await page.getByRole('button', { name: 'Start the interview' }).click();
}

const question = (i, extra = {}) => ({ text: `Question ${i}: tell us about your work.`, time_limit_seconds: 30, think_time_seconds: 0, retakes: 0, ...extra });

/** The answers of `interviewId` once the pipeline has probed every one (it knows their length). */
async function probedAnswers(interviewId, count) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const detail = await call(`/interviews/${interviewId}`);
    const done = detail.answers.filter((a) => a.duration_seconds != null || a.status === 'failed');
    if (done.length >= count) return detail.answers;
    assert.ok(Date.now() < deadline, `answers not probed in time: ${JSON.stringify(detail.answers.map((a) => [a.status, a.duration_seconds]))}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Holds each request `match` picks until `release()`; `arrived` resolves when the first one waits. */
async function hold(page, match) {
  let release;
  const released = new Promise((r) => { release = r; });
  let arrived;
  const waiting = new Promise((r) => { arrived = r; });
  await page.route(match, async (route) => {
    arrived();
    await released;
    try { await route.continue(); } catch { /* the page gave the request up */ }
  });
  return { release, arrived: waiting };
}

test('defect 3: Stop works while the upload grant is still on its way, and the recording lasts until the press', async () => {
  const tpl = await publishedTemplate('Stop while starting', [question(1), question(2)]);
  const inv = await invite(tpl.id, 'Stella Stop');
  const ctx = await browser.newContext({ ...PHONE, locale: 'en-US', permissions: ['camera', 'microphone'] });
  const page = await ctx.newPage();
  try {
    await toFirstQuestion(page, `${platform.base}/i/${inv.token}`);
    // The grant is slow (a cold API, a bad connection): the recording must not wait for it.
    const grant = await hold(page, (url) => url.pathname === '/candidate/answers');
    await page.getByRole('button', { name: 'Start recording' }).click();
    const stop = page.getByRole('button', { name: 'Stop recording' });
    await stop.waitFor();
    await grant.arrived;
    assert.equal(await stop.isEnabled(), true, 'Stop works while the grant is on its way');
    assert.equal(await page.getByText('Starting…').count(), 0, 'no "Starting…" once the button is pressed');
    await page.getByText('Recording', { exact: true }).waitFor();
    await page.waitForTimeout(1500);
    await stop.click();
    await page.getByRole('heading', { name: 'Watch your answer' }).waitFor({ timeout: 5000 });
    await check(page, 'phone-70-stopped-before-grant');
    grant.release();
    await page.getByRole('button', { name: 'Submit and continue' }).click();
    await page.getByText('Question 2 of 2').waitFor({ timeout: 60_000 });
    const [answer] = await probedAnswers(inv.id, 1);
    assert.equal(answer.status === 'failed', false, `the recording was accepted: ${answer.failure_reason}`);
    assert.ok(answer.duration_seconds < 10, `the recording ended at the press, not the 30 s limit: ${answer.duration_seconds} s`);
  } finally {
    await ctx.close();
  }
});

test('defect 3: Stop pressed the moment the recording starts ends it at once', async () => {
  const tpl = await publishedTemplate('Stop at once', [question(1)]);
  const inv = await invite(tpl.id, 'Ian Instant');
  const ctx = await browser.newContext({ ...PHONE, locale: 'en-US', permissions: ['camera', 'microphone'] });
  const page = await ctx.newPage();
  try {
    let grants = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && new URL(r.url()).pathname === '/candidate/answers') grants += 1; });
    await toFirstQuestion(page, `${platform.base}/i/${inv.token}`);
    // Start, then Stop in the first frame that shows it (no waiting for it to become usable).
    const disabledAtFirstFrame = await page.evaluate(async () => {
      const button = (text) => [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === text);
      button('Start recording').click();
      for (;;) {
        const stop = button('Stop recording');
        if (stop) { const disabled = stop.disabled; stop.click(); return disabled; }
        await new Promise((r) => requestAnimationFrame(r));
      }
    });
    assert.equal(disabledAtFirstFrame, false, 'Stop works from the first frame');
    // The recording ended at once: a preview of what the camera gave, or, when it gave nothing
    // yet, the question again with no attempt used (no upload was asked for).
    const preview = page.getByRole('heading', { name: 'Watch your answer' });
    const nothing = page.getByRole('alert').filter({ hasText: 'Nothing was recorded' });
    await preview.or(nothing).waitFor({ timeout: 5000 });
    assert.equal(await page.getByRole('button', { name: 'Stop recording' }).count(), 0, 'the recording is over');
    if (await nothing.count()) {
      assert.equal(grants, 0, 'an empty take asks for no upload');
      await check(page, 'phone-71-nothing-recorded');
      return;
    }
    await page.getByRole('button', { name: 'Submit answer' }).click();
    await page.getByRole('heading', { name: 'All questions answered' }).waitFor({ timeout: 60_000 });
    const [answer] = await probedAnswers(inv.id, 1);
    assert.ok(answer.status === 'failed' || answer.duration_seconds < 5, `not recorded to the limit: ${JSON.stringify(answer)}`);
  } finally {
    await ctx.close();
  }
});

test('defect 4: after a retake, Submit goes on as soon as the retake is uploaded, whatever the first take does', async () => {
  const tpl = await publishedTemplate('Retake submit', [question(1, { retakes: 1 }), question(2)]);
  const inv = await invite(tpl.id, 'Reta Take');
  const ctx = await browser.newContext({ ...PHONE, locale: 'en-US', permissions: ['camera', 'microphone'] });
  const page = await ctx.newPage();
  try {
    // The first take's upload hangs (a slow connection): the retake must not wait for it.
    const grants = [];
    page.on('response', async (r) => { if (r.request().method() === 'POST' && new URL(r.url()).pathname === '/candidate/answers') grants.push((await r.json()).answer_id); });
    const firstTake = await hold(page, (url) => url.port === String(platform.awsPort) && grants.length > 0 && url.pathname.includes(grants[0]));
    const completes = [];
    page.on('request', (r) => { const m = /\/candidate\/answers\/([^/]+)\/complete$/.exec(new URL(r.url()).pathname); if (m) completes.push(m[1]); });
    await toFirstQuestion(page, `${platform.base}/i/${inv.token}`);
    for (let i = 0; i < 2; i++) {
      // With no think time, "Record again" starts the new recording itself.
      await page.getByRole('button', { name: i ? /Record again/ : 'Start recording' }).click();
      await page.getByRole('button', { name: 'Stop recording' }).waitFor();
      await page.waitForTimeout(2000);
      await page.getByRole('button', { name: 'Stop recording' }).click();
      await page.getByRole('heading', { name: 'Watch your answer' }).waitFor();
      if (!i) await firstTake.arrived;
    }
    await page.getByText('Uploaded').waitFor({ timeout: 30_000 });
    assert.equal(await page.getByRole('progressbar', { name: 'Uploaded' }).getAttribute('aria-valuenow'), '100', "the retake's own progress");
    const submitted = Date.now();
    await page.getByRole('button', { name: 'Submit and continue' }).click();
    await page.getByText('Question 2 of 2').waitFor({ timeout: 30_000 });
    console.log(`metric: retake submit to next screen: ${Date.now() - submitted} ms`);
    firstTake.release();
    assert.equal(grants.length, 2);
    assert.deepEqual(completes, [grants[1]], 'only the retake is completed; the discarded take is never sent to the pipeline');
    const detail = await call(`/interviews/${inv.id}`);
    const own = detail.answers.filter((a) => a.question_index === 0).sort((a, b) => a.attempt - b.attempt);
    assert.deepEqual(own.map((a) => [a.attempt, a.status === 'uploading']), [[1, true], [2, false]]);
    assert.equal(await page.evaluate(async () => {
      const db = await new Promise((res, rej) => { const r = indexedDB.open('iv-uploads'); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
      const names = [...db.objectStoreNames];
      if (!names.length) return 0;
      const tx = db.transaction(names, 'readonly');
      const counts = await Promise.all(names.map((n) => new Promise((res) => { const q = tx.objectStore(n).count(); q.onsuccess = () => res(q.result); })));
      return counts.reduce((a, b) => a + b, 0);
    }), 0, 'nothing is left in the browser to resume');
  } finally {
    await ctx.close();
  }
});

test('candidate expectations: the deadline in their language and time zone, whom to ask for help, camera and microphone pickers', async () => {
  const tpl = await publishedTemplate('Kandidatenerwartungen', [question(1)]);
  const inv = await invite(tpl.id, 'Greta Gerät', 'de');
  const ctx = await browser.newContext({ ...PHONE, locale: 'de-DE', timezoneId: 'Europe/Berlin', permissions: ['camera', 'microphone'] });
  const page = await ctx.newPage();
  try {
    await page.goto(`${platform.base}/i/${inv.token}`);
    await page.getByRole('heading', { name: /Greta/ }).waitFor();
    const note = await page.locator('.deadline-note').innerText();
    const expected = new Intl.DateTimeFormat('de', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Berlin' }).format(new Date(inv.deadline));
    assert.match(note, /Bitte schließen Sie bis/);
    assert.ok(note.includes(expected), `the date in German: ${note} (${expected})`);
    assert.match(note, /MEZ|MESZ/, `the candidate's time zone is named: ${note}`);
    assert.match(note, /noch \d+ (Tag|Tage)\b/);
    const help = page.getByRole('link', { name: /Fragen oder Probleme\? Schreiben Sie an/ });
    assert.equal(await help.getAttribute('href'), `mailto:${platform.recruiter.email}`);
    // The consent (issue 17): its wording and the retention in German; Start waits for the box,
    // ticked here by keyboard.
    await page.getByText('Aufnahmen werden 12 Monate nach der Entscheidung gelöscht.').waitFor();
    assert.equal(await page.getByRole('button', { name: /Los geht/ }).isDisabled(), true, 'Start waits for the consent');
    await check(page, 'phone-72-welcome-deadline-help-de');
    await page.getByRole('checkbox', { name: /Aufzeichnung meiner Antworten/ }).focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: /Los geht/ }).click();
    const mic = page.getByLabel('Mikrofon wählen');
    await mic.waitFor({ timeout: 20_000 });
    const camera = page.getByLabel('Kamera wählen');
    assert.ok(await camera.locator('option').count() >= 1, 'the cameras are listed');
    const mics = await mic.locator('option').evaluateAll((os) => os.map((o) => ({ value: o.value, label: o.textContent })));
    assert.ok(mics.length >= 2, `Chromium's fake microphones: ${JSON.stringify(mics)}`);
    await check(page, 'phone-73-device-pickers');
    // Switching by keyboard restarts the preview with the other microphone, and it is remembered.
    const before = await mic.inputValue();
    const other = mics.find((m) => m.value !== before);
    await mic.focus();
    await mic.selectOption(other.value);
    await page.waitForFunction((id) => {
      const v = document.querySelector('video');
      const track = v?.srcObject?.getAudioTracks?.()[0];
      return track && track.readyState === 'live' && track.getSettings().deviceId === id;
    }, other.value, { timeout: 10_000 });
    assert.equal(await mic.inputValue(), other.value);
    assert.equal(JSON.parse(await page.evaluate(() => localStorage.getItem('iv.devices'))).mic, other.value);
    await page.reload();
    await page.getByRole('button', { name: /Los geht/ }).click();
    await page.getByLabel('Mikrofon wählen').waitFor({ timeout: 20_000 });
    await page.waitForFunction((id) => document.querySelector('#mic-pick')?.value === id, other.value, { timeout: 10_000 });
  } finally {
    await ctx.close();
  }
});

test('consent (issue 17): Start is refused until the box is ticked, and the recruiter sees the consent and the human-only request', async () => {
  const admin = (await call('/auth/login', { method: 'POST', token: null, body: platform.admin })).access_token;
  const privacy = 'https://demo.example/privacy';
  await call('/company', { method: 'PATCH', token: admin, body: { privacy_url: privacy } });
  const tpl = await publishedTemplate('Consent', [question(1)]);
  const inv = await invite(tpl.id, 'Constance Consent');
  const ctx = await browser.newContext({ ...PHONE, locale: 'en-US', permissions: ['camera', 'microphone'] });
  const page = await ctx.newPage();
  let grants = 0;
  page.on('request', (r) => { if (r.method() === 'POST' && new URL(r.url()).pathname === '/candidate/answers') grants += 1; });
  try {
    await page.goto(`${platform.base}/i/${inv.token}`);
    const start = page.getByRole('button', { name: 'Get started' });
    await start.waitFor();
    assert.equal(await start.isDisabled(), true, 'Start is refused before the consent');
    assert.equal(await page.getByRole('link', { name: /Privacy policy of/ }).getAttribute('href'), privacy);
    await page.getByText(/Recordings are deleted \d+ months? after the decision\./).waitFor();
    await page.getByRole('checkbox', { name: /human-only review/ }).check();
    assert.equal(await start.isDisabled(), true, 'the human-only option alone is not the consent');
    await check(page, 'phone-90-consent');
    await page.getByRole('checkbox', { name: /recording of my answers/ }).check();
    assert.equal(await start.isDisabled(), false);
    await start.click();
    await page.getByRole('heading', { name: 'Check your camera and microphone' }).waitFor();
    assert.equal(grants, 0, 'nothing was recorded on the welcome page');
  } finally {
    await ctx.close();
  }
  const detail = await call(`/interviews/${inv.id}`);
  assert.equal(detail.human_review_only, true);
  assert.equal(detail.consent.language, 'en');
  assert.equal(detail.consent.recording_and_ai_analysis, true);

  const rctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  await rctx.addInitScript((tok) => localStorage.setItem('iv.token', tok), recruiterToken);
  const rp = await rctx.newPage();
  try {
    await rp.goto(`${platform.base}/app/interviews/${inv.id}`);
    await rp.getByText('Human-only review requested').first().waitFor();
    const consent = await rp.getByTestId('consent').innerText();
    assert.ok(consent.includes(detail.consent.text_version) && consent.includes('EN'), `the consent shown: ${consent}`);
    assert.equal(await rp.getByRole('heading', { name: 'Overall', exact: true }).count(), 0, 'no AI score card');
    await check(rp, 'desktop-91-human-only-review');
  } finally {
    await rctx.close();
  }
});

test('candidate expectations: an expired link asks the recruiter for a new one, once a day', async () => {
  const tpl = await publishedTemplate('Expired link request', [question(1)]);
  const deadline = new Date(Date.now() + 4000).toISOString();
  const inv = await call('/interviews', { method: 'POST', body: { template_id: tpl.id, deadline, candidate: { name: 'Exa Pired', email: `exa.${Date.now()}@example.com`, language: 'en' } } });
  await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(deadline) - Date.now()) + 1000));
  const ctx = await browser.newContext({ ...PHONE, locale: 'en-US' });
  const page = await ctx.newPage();
  try {
    const asked = [];
    page.on('response', (r) => { if (new URL(r.url()).pathname === '/candidate/link-request') asked.push(r.status()); });
    await page.goto(`${platform.base}/i/${inv.token}`);
    await page.getByRole('heading', { name: 'This link has expired' }).waitFor();
    assert.equal(await page.getByRole('link', { name: /Questions or trouble\? Write to/ }).getAttribute('href'), `mailto:${platform.recruiter.email}`);
    await check(page, 'phone-74-expired-ask');
    // By keyboard: Tab to the button, Enter.
    const ask = page.getByRole('button', { name: 'Ask for a new link' });
    await ask.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Your request was sent' }).waitFor({ timeout: 10_000 });
    assert.deepEqual(asked, [202]);
    await check(page, 'phone-75-expired-asked');
    await page.reload();
    await page.getByRole('button', { name: 'Ask for a new link' }).click();
    await page.getByRole('status').filter({ hasText: 'You already asked today' }).waitFor({ timeout: 10_000 });
    assert.deepEqual(asked, [202, 202]);
    const detail = await call(`/interviews/${inv.id}`);
    assert.equal(detail.status, 'expired');
  } finally {
    await ctx.close();
  }
});
