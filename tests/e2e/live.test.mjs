// Live interviews (issue 13) against the real local platform: a recruiter (desktop) and a
// candidate (a phone in portrait) in two browser contexts, a fake camera and real speech
// (espeak-ng) as both microphones. They connect, media flows both ways (getStats), the
// recruiter asks a question and types a follow-up (by keyboard) that show on the candidate's
// screen at once, the spoken words appear in
// the live transcript on both screens and are stored, the recruiter hangs up, the candidate's
// page ends, both recordings are uploaded and the recruiter's page shows the analysis.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { axe, launchBrowser, makeMedia, shot, startPlatform, tmp } from './support.mjs';

let platform;
let browser;
let media;
let recruiterToken;
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1280, height: 900 } };

before(async () => {
  media = makeMedia(tmp('iv-e2e-live-'));
  platform = await startPlatform();
  browser = await launchBrowser(media);
  recruiterToken = (await call('/auth/login', { method: 'POST', token: null, body: platform.recruiter })).access_token;
});

after(async () => {
  await browser?.close();
  await platform?.stop();
});

async function call(path, { method = 'GET', token = recruiterToken, body, expect = [200, 201, 202, 204] } = {}) {
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

/** Every RTCPeerConnection the page makes, kept on window.__pcs for getStats. */
function trackPeerConnections() {
  const Native = window.RTCPeerConnection;
  window.__pcs = [];
  window.RTCPeerConnection = function (...args) { const pc = new Native(...args); window.__pcs.push(pc); return pc; };
  window.RTCPeerConnection.prototype = Native.prototype;
}

/** Bytes of RTP in and out by kind over the page's open peer connections. */
function rtpBytes() {
  return Promise.all(window.__pcs.filter((pc) => pc.connectionState !== 'closed').map((pc) => pc.getStats())).then((reports) => {
    const sum = { in: { audio: 0, video: 0 }, out: { audio: 0, video: 0 } };
    for (const r of reports) {
      r.forEach((s) => {
        if (s.type === 'inbound-rtp' && s.kind in sum.in) sum.in[s.kind] += s.bytesReceived ?? 0;
        if (s.type === 'outbound-rtp' && s.kind in sum.out) sum.out[s.kind] += s.bytesSent ?? 0;
      });
    }
    return sum;
  });
}

/** Waits until RTP audio and video flow in both directions on `page`; returns the counts. */
async function mediaFlows(page, label) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const s = await page.evaluate(rtpBytes);
    if (s.in.audio > 0 && s.in.video > 0 && s.out.audio > 0 && s.out.video > 0) return s;
    if (Date.now() > deadline) {
      const states = await page.evaluate(() => window.__pcs.map((pc) => [pc.connectionState, pc.iceConnectionState, pc.signalingState, pc.getTransceivers().map((t) => t.currentDirection)]));
      assert.fail(`${label}: media did not flow both ways: ${JSON.stringify(s)}; peer connections: ${JSON.stringify(states)}`);
    }
    await page.waitForTimeout(500);
  }
}

test('a recruiter and a candidate on a phone meet live: media both ways, a question and a follow-up on the candidate\'s screen, a live transcript, hang up, the analysis on the recruiter\'s page', { timeout: 420_000 }, async () => {
  const me = await call('/me');
  const questions = [{ text: 'Tell us about a migration you led.' }, { text: 'How did you agree the scope?' }];
  const email = `lena.live.${Date.now()}@example.com`;
  const live = await call('/interviews/live', {
    method: 'POST',
    body: {
      candidate: { name: 'Lena Live', email, language: 'en' },
      questions, starts_at: new Date(Date.now() + 2 * 60_000).toISOString(), duration_minutes: 15, interviewer_ids: [me.id],
    },
  });
  const recruiterCtx = await browser.newContext({ ...DESKTOP, locale: 'en-US' });
  await recruiterCtx.addInitScript((tok) => localStorage.setItem('iv.token', tok), recruiterToken);
  await recruiterCtx.addInitScript(trackPeerConnections);
  const candidateCtx = await browser.newContext({ ...PHONE, locale: 'en-US' });
  await candidateCtx.addInitScript(trackPeerConnections);
  try {
    // The recruiter: the list has it, its page has "Join the room".
    const rec = await recruiterCtx.newPage();
    await rec.goto(`${platform.base}/app/live`);
    await rec.getByRole('link', { name: 'Lena Live' }).click();
    await rec.getByRole('link', { name: 'Join the room' }).click();
    await rec.getByRole('button', { name: 'Hang up' }).waitFor();
    await rec.getByRole('button', { name: 'Ask next' }).and(rec.locator(':enabled')).waitFor({ timeout: 30_000 });

    // The candidate: the emailed link, consent, the device check, the room.
    const cand = await candidateCtx.newPage();
    await cand.goto(`${platform.base}/local/outbox`);
    const invitation = cand.locator('tr', { hasText: email }).filter({ hasText: 'live_invitation' });
    for (let i = 0; (await invitation.count()) === 0; i++) {
      assert.ok(i < 30, 'the live invitation reaches the outbox');
      await cand.waitForTimeout(1000);
      await cand.reload();
    }
    await invitation.getByRole('link').click();
    const joinUrl = await cand.locator('a[href*="/i/live/"]').first().getAttribute('href');
    assert.ok(joinUrl?.endsWith(`/i/live/${live.token}`), `the email's join link: ${joinUrl}`);
    await cand.goto(joinUrl.replace(/^https?:\/\/[^/]+/, platform.base));
    await cand.getByRole('heading', { name: 'Hello, Lena Live' }).waitFor();
    await check(cand, 'live-candidate-welcome');
    await cand.getByRole('checkbox', { name: /I agree/ }).check();
    await cand.getByRole('button', { name: 'Continue' }).click();
    const works = cand.getByRole('button', { name: 'Everything works' });
    await works.and(cand.locator(':enabled')).waitFor({ timeout: 20_000 });
    await works.click();
    await cand.getByRole('button', { name: 'Leave' }).waitFor();

    // Both see each other: RTP audio and video in and out on both pages.
    const recStats = await mediaFlows(rec, 'recruiter');
    const candStats = await mediaFlows(cand, 'candidate');
    console.log('rtp bytes: recruiter', JSON.stringify(recStats), 'candidate', JSON.stringify(candStats));
    await rec.getByText('Lena Live', { exact: true }).first().waitFor();

    // "Ask next": the first question appears on the candidate's phone.
    await rec.getByRole('button', { name: 'Ask next' }).click();
    await cand.getByTestId('candidate-question').getByText(questions[0].text).waitFor({ timeout: 15_000 });

    // The live transcript: words of the spoken text (the fake microphones play espeak-ng's
    // speech) appear on the recruiter's panel and as the candidate's captions.
    const spoken = /\b(billing|migration|platform|customers?|downtime|finance|invoices|costs)\b/i;
    await rec.locator('section[aria-labelledby="live-transcript-h"] [data-testid="captions"] li').filter({ hasText: spoken }).first().waitFor({ timeout: 180_000 });
    await cand.locator('section[aria-labelledby="cand-captions-h"] [data-testid="captions"] li').filter({ hasText: spoken }).first().waitFor({ timeout: 60_000 });

    // A follow-up typed by keyboard only: it appears on the candidate's screen at once.
    const followup = 'What would you do differently next time?';
    await rec.getByLabel('Follow-up question').focus();
    await rec.keyboard.type(followup);
    await rec.keyboard.press('Tab');
    await rec.keyboard.press('Enter');
    await cand.getByTestId('candidate-question').getByText(followup).waitFor({ timeout: 15_000 });
    await cand.getByRole('heading', { name: 'Follow-up question' }).waitFor();
    assert.equal(await rec.getByLabel('Follow-up question').inputValue(), '');

    // The phone in portrait: the other's video full width, the controls on screen, no sideways scroll.
    const layout = await cand.evaluate(() => ({
      scroll: document.documentElement.scrollWidth, width: window.innerWidth,
      remote: document.querySelector('.live-video.remote').getBoundingClientRect().width,
    }));
    assert.ok(layout.scroll <= layout.width, `no horizontal scroll on the phone: ${JSON.stringify(layout)}`);
    assert.ok(layout.remote >= layout.width * 0.8, `the interviewer's video fills the width: ${JSON.stringify(layout)}`);
    await check(cand, 'live-candidate-room');
    await check(rec, 'live-recruiter-room');

    // Private notes autosave.
    await rec.getByLabel('Only you see them; they save as you type.').fill('Strong on planning.');
    await rec.getByText('Notes saved').waitFor({ timeout: 15_000 });

    // Hang up: the recruiter's page goes to the interview, the candidate's says thank you.
    await rec.getByRole('button', { name: 'Hang up' }).click();
    await rec.waitForURL(`**/app/live/${live.id}`, { timeout: 60_000 });
    await cand.getByRole('heading', { name: 'Thank you!' }).waitFor({ timeout: 60_000 });
    const ended = await call(`/interviews/live/${live.id}`);
    assert.equal(ended.status, 'ended');
    assert.deepEqual(ended.timeline.map((e) => [e.number, e.kind, e.text]), [[1, 'template', questions[0].text], [2, 'followup', followup]]);
    assert.equal(ended.my_notes, 'Strong on planning.');
    await rec.getByText('Ended').first().waitFor();
    // The confirmed transcript is stored (the transcriber flushes a stream once it goes quiet):
    // the detail page shows the spoken words.
    const deadline = Date.now() + 120_000;
    for (let lines = ended.transcript; !lines.some((l) => spoken.test(l.text)); lines = (await call(`/interviews/live/${live.id}`)).transcript) {
      assert.ok(Date.now() < deadline, `stored transcript: ${JSON.stringify(lines.map((l) => l.text))}`);
      await rec.waitForTimeout(1000);
    }
    await rec.reload();
    await rec.locator('section[aria-labelledby="tr-h"] li').filter({ hasText: spoken }).first().waitFor();
    // Each participant's recording of the call was uploaded during it and completed on hang-up.
    const recordings = (await call(`/interviews/live/${live.id}`)).recordings.map((r) => [r.role, r.status]).sort();
    assert.deepEqual(recordings, [['candidate', 'uploaded'], ['interviewer', 'uploaded']]);

    // The analysis after the call: the candidate's recording cut at the timeline, each answer
    // scored; the recruiter's page shows it without a reload.
    const until = Date.now() + 240_000;
    let analyzed;
    while (!['analyzed', 'failed', 'skipped'].includes((analyzed = await call(`/interviews/live/${live.id}`)).analysis_status)) {
      assert.ok(Date.now() < until, `analysis status: ${analyzed.analysis_status}`);
      await rec.waitForTimeout(2000);
    }
    assert.equal(analyzed.analysis_status, 'analyzed');
    assert.equal(analyzed.answers.length, 2);
    const analysis = rec.getByTestId('live-analysis');
    await analysis.getByText(questions[0].text).waitFor({ timeout: 30_000 });
    await analysis.getByText(followup).waitFor();
    await analysis.getByText(/Score/).first().waitFor();
    await check(rec, 'live-recruiter-analyzed');
  } finally {
    await recruiterCtx.close();
    await candidateCtx.close();
  }
});
