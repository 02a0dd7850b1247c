// The whole product through a browser: a recruiter builds and publishes a template and invites;
// the candidate records every answer on a phone-sized screen with a fake camera fed real speech
// (one retake, one dropped part upload, one part URL refused as expired); the recruiter reviews and decides. axe-core on each page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, axe, consentAndStart, launchBrowser, makeMedia, shot, startPlatform, tmp } from './support.mjs';

let platform;
let browser;
const a11y = {};
const metrics = {};
const DESKTOP = { viewport: { width: 1366, height: 900 } };
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

before(async () => {
  const dir = tmp('iv-e2e-media-');
  const media = makeMedia(dir);
  platform = await startPlatform();
  browser = await launchBrowser(media);
});

after(async () => {
  writeFileSync(path.join(ARTIFACTS, 'e2e-report.json'), JSON.stringify({ a11y, metrics }, null, 2));
  await browser?.close();
  await platform?.stop();
});

async function check(page, name) {
  await page.waitForTimeout(150);
  a11y[name] = await axe(page, name);
  await shot(page, name);
  assert.deepEqual(a11y[name].map((v) => v.id), [], `${name}: serious/critical axe violations`);
}

async function signIn(page) {
  await page.goto(`${platform.base}/`);
  await page.waitForURL(/\/app\/login/);
  await page.getByLabel('Work email').fill(platform.recruiter.email);
  await page.getByLabel('Password').fill(platform.recruiter.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: /^Hello/ }).waitFor();
}

const Q = [
  'Tell us about a project you are proud of and the part you played in it.',
  'Describe a time you had to learn something new quickly.',
  'Why do you want this role?',
];

let link;
let interviewId;
let apiToken;

test('recruiter signs in, builds and publishes a template, and invites a candidate', async () => {
  const ctx = await browser.newContext({ ...DESKTOP, locale: 'en-US' });
  const page = await ctx.newPage();
  await page.goto(`${platform.base}/app/login`);
  await check(page, 'desktop-01-login');
  await signIn(page);
  await page.getByText('Recent interviews').waitFor();
  await check(page, 'desktop-02-dashboard');

  await page.getByRole('link', { name: 'New template' }).first().click();
  await page.locator('#tpl-name').fill('Customer success lead');
  await page.locator('#tpl-desc').fill('First-round screening for the customer success team.');
  await page.locator('#q-text-0').fill(Q[0]);
  await page.locator('#q-limit-0').selectOption('30');
  await page.locator('#q-think-0').selectOption('10');
  await page.locator('#q-comp-0').fill('ownership');
  await page.locator('#q-comp-0').press('Enter');
  await page.getByRole('button', { name: 'Add question' }).click();
  await page.locator('#q-text-1').fill(Q[2]);
  await page.getByRole('button', { name: 'Add question' }).click();
  await page.locator('#q-text-2').fill(Q[1]);
  // Keyboard reorder: the third question moves up to second place.
  await page.locator('#handle-2').focus();
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.locator('#q-text-1').inputValue(), Q[1]);
  assert.equal(await page.locator('#q-text-2').inputValue(), Q[2]);
  await page.locator('#q-limit-1').selectOption('60');
  await page.locator('#q-think-1').selectOption('0');
  await page.locator('#q-limit-2').selectOption('30');
  await page.locator('#q-think-2').selectOption('0');
  await page.locator('#q-retakes-2').selectOption('0');
  await check(page, 'desktop-03-template-builder');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.waitForURL(/\/app\/templates\/[^/]+$/);
  await page.locator('.badge', { hasText: 'Draft' }).waitFor();
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.locator('.badge', { hasText: 'Published' }).waitFor();
  await check(page, 'desktop-04-template-published');

  await page.getByRole('button', { name: 'Invite candidates' }).click();
  await page.locator('#inv-name').fill('Dana Example');
  await page.locator('#inv-email').fill('dana@example.com');
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await page.locator('#inv-link').waitFor();
  link = await page.locator('#inv-link').inputValue();
  assert.match(link, /\/i\/[\w-]+$/);
  await check(page, 'desktop-05-invited');
  await page.getByRole('button', { name: 'Done' }).click();

  await page.getByRole('link', { name: 'Interviews' }).first().click();
  await page.getByRole('link', { name: 'Dana Example' }).waitFor();
  await check(page, 'desktop-06-interviews');
  apiToken = await page.evaluate(() => localStorage.getItem('iv.token'));
  const href = await page.getByRole('link', { name: 'Dana Example' }).getAttribute('href');
  interviewId = href.split('/').at(-1);
  await ctx.close();
});

// What S3 answers a PUT on a presigned URL past its expiry.
const EXPIRED_XML = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Request has expired</Message><X-Amz-Expires>3600</X-Amz-Expires></Error>';

test('candidate records every answer on a phone: practice, a retake, a dropped part upload, an expired part URL', async () => {
  assert.ok(link, 'an invitation link from the first test');
  const ctx = await browser.newContext({ ...PHONE, locale: 'en-US', permissions: ['camera', 'microphone'] });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.log('pageerror:', e.message));
  page.on('requestfailed', (r) => { if (r.method() === 'PUT') console.log('part upload failed (expected once):', r.failure()?.errorText); });
  try {
  const puts = [];
  const renewals = [];
  let dropped = 0;
  let expired = 0;
  await page.route((url) => url.port === String(platform.awsPort), async (route) => {
    const req = route.request();
    if (req.method() === 'PUT') {
      puts.push({ url: req.url(), t: Date.now() });
      if (metrics.dropArmed && dropped === 0) { dropped += 1; return route.abort('connectionreset'); }
      if (metrics.expireArmed && expired === 0) {
        expired += 1;
        return route.fulfill({ status: 403, headers: { 'content-type': 'application/xml', 'access-control-allow-origin': '*' }, body: EXPIRED_XML });
      }
    }
    return route.continue();
  });
  page.on('request', (r) => { if (r.method() === 'POST' && /\/candidate\/answers\/[^/]+\/parts$/.test(new URL(r.url()).pathname)) renewals.push(r.url()); });
  // The recorder's audio chunks (issue 18), granted while it records: the answers' transcripts start early.
  const chunkGrants = [];
  page.on('response', (r) => { if (r.request().method() === 'POST' && /\/candidate\/answers\/[^/]+\/chunks\/\d+$/.test(new URL(r.url()).pathname)) chunkGrants.push(r.status()); });

  await page.goto(link);
  await page.getByRole('heading', { name: /welcome to your video interview/ }).waitFor();
  await check(page, 'phone-10-candidate-welcome');
  await consentAndStart(page);
  await page.getByRole('heading', { name: 'Check your camera and microphone' }).waitFor();
  await page.getByRole('button', { name: 'Everything works' }).and(page.locator(':enabled')).waitFor();
  await page.getByText(/We can hear you/).waitFor({ timeout: 20000 });
  await page.getByText(/Mbit\/s|Could not measure/).waitFor({ timeout: 20000 });
  await check(page, 'phone-11-device-check');
  await page.getByRole('button', { name: 'Everything works' }).click();
  await page.getByRole('heading', { name: 'A few tips before you start' }).waitFor();
  await check(page, 'phone-12-tips');

  // Practice: recorded, previewed, never uploaded.
  const putsBefore = puts.length;
  await page.getByRole('button', { name: 'Try a practice question' }).click();
  await page.getByRole('button', { name: 'Show the question' }).click();
  await page.getByRole('button', { name: 'Start recording now' }).click();
  await page.getByRole('button', { name: 'Stop recording' }).and(page.locator(':enabled')).waitFor();
  await page.waitForTimeout(1500);
  await page.getByRole('button', { name: 'Stop recording' }).click();
  await page.getByRole('heading', { name: 'Watch your answer' }).waitFor();
  assert.equal(puts.length, putsBefore, 'the practice answer is never uploaded');
  await page.getByRole('button', { name: 'Start the interview' }).click();

  // Question 1: think-time countdown, record, retake, submit.
  await page.getByText('Question 1 of 3').waitFor();
  await check(page, 'phone-13-question-intro');
  await page.getByRole('button', { name: 'Show the question' }).click();
  await page.getByRole('timer').first().waitFor();
  await check(page, 'phone-14-think-time');
  await page.getByRole('button', { name: 'Start recording now' }).click();
  await page.getByRole('button', { name: 'Stop recording' }).and(page.locator(':enabled')).waitFor();
  await page.waitForTimeout(3000);
  await check(page, 'phone-15-recording');
  await page.getByRole('button', { name: 'Stop recording' }).click();
  await page.getByRole('heading', { name: 'Watch your answer' }).waitFor();
  await page.getByRole('button', { name: /Record again \(1 left\)/ }).click();
  await page.getByRole('button', { name: 'Start recording now' }).click();
  await page.getByRole('button', { name: 'Stop recording' }).and(page.locator(':enabled')).waitFor();
  await page.waitForTimeout(3000);
  await page.getByRole('button', { name: 'Stop recording' }).click();
  await page.getByRole('heading', { name: 'Watch your answer' }).waitFor();
  assert.equal(await page.getByRole('button', { name: /Record again/ }).count(), 0, 'no retakes left');
  await page.getByRole('progressbar', { name: /Upload|Uploaded/ }).waitFor();
  await check(page, 'phone-16-preview');
  await page.getByRole('button', { name: 'Submit and continue' }).click();

  // Question 2: a 60-second answer that stops by itself; the first part PUT is dropped once.
  await page.getByText('Question 2 of 3').waitFor();
  metrics.dropArmed = true;
  await page.getByRole('button', { name: 'Start recording' }).click();
  await page.getByRole('button', { name: 'Stop recording' }).and(page.locator(':enabled')).waitFor();
  const recStart = Date.now();
  await page.getByRole('heading', { name: 'Watch your answer' }).waitFor({ timeout: 90_000 });
  const recEnd = Date.now();
  metrics.q2RecordedSeconds = (recEnd - recStart) / 1000;
  await page.waitForFunction(() => document.querySelector('[role=progressbar][aria-valuenow="100"]') && /Uploaded/.test(document.body.innerText), null, { timeout: 60_000 });
  metrics.q2UploadDoneAfterEndMs = Date.now() - recEnd;
  await page.getByRole('button', { name: 'Submit and continue' }).click();
  await page.getByText('Question 3 of 3').waitFor({ timeout: 60_000 });
  metrics.q2SubmittedAfterEndMs = Date.now() - recEnd;
  metrics.partPuts = puts.length;
  assert.equal(dropped, 1, 'one part upload was dropped and retried');
  assert.ok(metrics.q2RecordedSeconds >= 58, `the recording stopped by itself at the limit (${metrics.q2RecordedSeconds}s)`);

  // Question 3: no retakes; S3 refuses its part URL as expired once, the recorder renews it; then finish.
  metrics.expireArmed = true;
  await page.getByRole('button', { name: 'Start recording' }).click();
  await page.getByRole('button', { name: 'Stop recording' }).and(page.locator(':enabled')).waitFor();
  await page.waitForTimeout(2500);
  await page.getByRole('button', { name: 'Stop recording' }).click();
  await page.getByRole('heading', { name: 'Watch your answer' }).waitFor();
  await page.getByRole('button', { name: 'Submit answer' }).click();
  await page.getByRole('heading', { name: 'All questions answered' }).waitFor({ timeout: 60_000 });
  assert.equal(expired, 1, 'one part URL was refused as expired');
  assert.equal(renewals.length, 1, 'the recorder renewed the part URLs once (renewAnswerUploadParts)');
  assert.ok(chunkGrants.filter((s) => s === 201).length >= 10, `the recorder sent its audio chunks while recording (${chunkGrants})`);
  await page.getByRole('button', { name: 'Send my interview' }).click();
  await page.getByRole('heading', { name: /you are done/ }).waitFor();
  await check(page, 'phone-17-done');
  await page.reload();
  await page.getByRole('heading', { name: 'You have already finished' }).waitFor();
  await check(page, 'phone-18-already-finished');
  } catch (e) {
    await shot(page, 'failure-candidate');
    console.log('page text at failure:', (await page.evaluate(() => document.body.innerText)).slice(0, 1500));
    throw e;
  } finally {
    await ctx.close();
  }
});

test('recruiter reviews the answers and decides', async () => {
  assert.ok(interviewId && apiToken);
  const detail = await (await fetch(`${platform.base}/interviews/${interviewId}`, { headers: { authorization: `Bearer ${apiToken}` } })).json();
  assert.equal(detail.status === 'completed' || detail.status === 'analyzed', true, `status ${detail.status}`);
  const q1 = detail.answers.filter((a) => a.question_index === 0);
  assert.equal(q1.length, 2, 'question 1 has its retake');
  for (let i = 0; i < 3; i++) assert.ok(detail.answers.some((a) => a.question_index === i && a.status !== 'failed' && a.status !== 'uploading'), `question ${i + 1} answered`);
  metrics.answerSizes = detail.answers.map((a) => ({ q: a.question_index + 1, attempt: a.attempt, status: a.status, bytes: a.size_bytes, transcript: !!a.transcript, analysis: !!a.analysis }));

  for (const [name, opts] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    const ctx = await browser.newContext({ ...opts, locale: 'en-US' });
    await ctx.addInitScript((tok) => localStorage.setItem('iv.token', tok), apiToken);
    const page = await ctx.newPage();
    await page.goto(`${platform.base}/app/interviews/${interviewId}`);
    await page.getByRole('heading', { name: 'Dana Example' }).waitFor();
    await page.getByRole('tab', { name: /Q1/ }).waitFor();
    await page.locator('video').first().waitFor();
    if (detail.answers.some((a) => a.transcript)) await page.getByRole('heading', { name: 'Transcript' }).waitFor();
    await check(page, `${name}-20-interview-review`);
    if (name === 'desktop') {
      await page.getByRole('tab', { name: /Q2/ }).click();
      await page.getByLabel('Advance').check();
      await page.getByLabel('Note (optional)').fill('Clear, structured answers. Invite to the panel.');
      await page.getByRole('button', { name: 'Save decision' }).click();
      await page.getByText('Decision saved').waitFor();
      await page.getByRole('button', { name: 'Update decision' }).waitFor();
      // Issue 17, retention: the recruiter sees when the recordings go (12 months by default).
      await page.getByText(/Recordings will be deleted on/).waitFor();
      await shot(page, 'desktop-21-decided');
      await page.goto(`${platform.base}/app`);
      await page.getByText('Recent interviews').waitFor();
    } else {
      await page.goto(`${platform.base}/app`);
      await page.getByText('Recent interviews').waitFor();
      await check(page, 'phone-22-dashboard');
    }
    await page.goto(`${platform.base}/app/settings`);
    await page.getByRole('heading', { name: 'Embed on your career site' }).waitFor();
    // updateCompany is the admin's: a recruiter (hr) sees the company settings disabled.
    assert.equal(await page.getByLabel(/Keep recordings for/).isDisabled(), true);
    assert.equal(await page.getByLabel('Company name').isDisabled(), true);
    await check(page, `${name}-23-settings`);
    await ctx.close();
  }
  const after = await (await fetch(`${platform.base}/interviews/${interviewId}`, { headers: { authorization: `Bearer ${apiToken}` } })).json();
  assert.equal(after.decision?.outcome, 'advance');
});

test('closed links, a denied camera, another language and the iframe embed', async () => {
  const auth = { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' };
  const templates = await (await fetch(`${platform.base}/templates?status=active`, { headers: auth })).json();
  const invite = async (language = 'en') => (await fetch(`${platform.base}/interviews`, { method: 'POST', headers: auth, body: JSON.stringify({ template_id: templates.items[0].id, candidate: { name: 'Lee Example', email: `lee.${language}@example.com`, language } }) })).json();

  const cancelled = await invite();
  await fetch(`${platform.base}/interviews/${cancelled.id}/cancel`, { method: 'POST', headers: auth });
  const ctx = await browser.newContext({ ...PHONE, locale: 'en-US' });
  const page = await ctx.newPage();
  await page.goto(`${platform.base}/i/${cancelled.token}`);
  await page.getByRole('heading', { name: 'This interview was cancelled' }).waitFor();
  await check(page, 'phone-30-cancelled');
  await page.goto(`${platform.base}/i/not-a-real-token`);
  await page.getByRole('heading', { name: 'This link does not work' }).waitFor();

  const fresh = await invite('de');
  await page.goto(`${platform.base}/i/${fresh.token}`);
  await page.getByRole('heading', { name: /Willkommen|Video-Interview/ }).waitFor();
  await check(page, 'phone-31-welcome-de');
  await ctx.close();

  const denied = await browser.newContext({ ...PHONE, locale: 'en-US' });
  await denied.addInitScript(() => {
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
  });
  const dp = await denied.newPage();
  const en = await invite('en');
  await dp.goto(`${platform.base}/i/${en.token}`);
  await consentAndStart(dp);
  await dp.getByRole('heading', { name: 'Camera access is blocked' }).waitFor();
  await check(dp, 'phone-32-camera-denied');
  await denied.close();

  const host = await browser.newContext({ ...DESKTOP });
  const hp = await host.newPage();
  // The candidate page answers with `Content-Security-Policy: frame-ancestors 'self' <the
  // company's embed origins>` and no X-Frame-Options; this career page is on the app's own origin.
  await hp.goto(`${platform.base}/health`);
  await hp.setContent(`<!doctype html><html lang="en"><title>Careers</title><body><h1>Join us</h1><iframe title="Video interview" src="${platform.base}/i/${en.token}?embed=1" allow="camera; microphone" style="width:100%;height:700px;border:0"></iframe><script>window.msgs=[];addEventListener('message',e=>{if(e.data&&e.data.source==='interviews')window.msgs.push(e.data)})</script></body></html>`);
  await hp.waitForFunction(() => window.msgs.some((m) => m.type === 'ready'), null, { timeout: 20000 });
  await consentAndStart(hp.frameLocator('iframe'));
  await hp.waitForFunction(() => window.msgs.some((m) => m.type === 'step' && m.step === 'devices'));
  await shot(hp, 'desktop-33-embedded');
  await host.close();
});
