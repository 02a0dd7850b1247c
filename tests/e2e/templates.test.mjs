// Issue 12, templates: search, duplicate, the question bank and the intro, on the real local
// platform in Chromium, desktop (1366x800) and phone (390x844), in English, German, Spanish and
// Russian. Each test stands alone (run one with --test-name-pattern); axe-core checks the page
// states they reach and each saves screenshots under test-artifacts/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO, axe, launchBrowser, makeAnswerVideo, makeMedia, shot, startPlatform, tmp } from './support.mjs';

let platform;
let browser;
let media;
let dir;
let introVideo;
let token;
const VIEWPORTS = {
  desktop: { viewport: { width: 1366, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
};
const LANGS = ['en', 'de', 'es', 'ru'];
const LOCALES = { en: 'en-US', de: 'de-DE', es: 'es-ES', ru: 'ru-RU' };
const COMBOS = LANGS.flatMap((lang) => Object.keys(VIEWPORTS).map((view) => ({ lang, view })));
const stamp = Date.now().toString(36);

before(async () => {
  dir = tmp('iv-e2e-templates-');
  media = makeMedia(dir);
  introVideo = makeAnswerVideo(dir, media.wav, 320, 240, 'intro.webm');
  platform = await startPlatform();
  browser = await launchBrowser(media);
  token = (await call('/auth/login', { method: 'POST', token: null, body: platform.recruiter })).access_token;
});

after(async () => {
  await browser?.close();
  await platform?.stop();
});

// The app's own words, read from its dictionaries (placeholders filled; no plurals needed here).
const dictionaries = {};
function msg(lang, key, vars = {}) {
  if (!dictionaries[lang]) {
    const text = readFileSync(path.join(REPO, 'frontend', 'src', 'i18n', `${lang}.ts`), 'utf8');
    dictionaries[lang] = Object.fromEntries([...text.matchAll(/^\s*'([\w.]+)': (?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"),$/gm)].map((m) => [m[1], (m[2] ?? m[3]).replace(/\\(.)/g, '$1')]));
  }
  const raw = dictionaries[lang][key];
  assert.ok(raw, `${lang}: ${key}`);
  return raw.replace(/\{(\w+)\}/g, (_, v) => String(vars[v]));
}

async function call(apiPath, { method = 'GET', token: tok = token, body, expect = [200, 201] } = {}) {
  const headers = { accept: 'application/json' };
  if (tok) headers.authorization = `Bearer ${tok}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const init = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
  let res;
  try {
    res = await fetch(platform.base + apiPath, init);
  } catch {
    res = await fetch(platform.base + apiPath, init); // a kept-alive connection closed meanwhile
  }
  const text = await res.text();
  assert.ok(expect.includes(res.status), `${method} ${apiPath}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function check(page, name) {
  await page.waitForTimeout(150);
  const bad = await axe(page, name);
  await shot(page, name);
  assert.deepEqual(bad.map((v) => v.id), [], `${name}: serious/critical axe violations`);
}

async function recruiterPage(view, lang) {
  const ctx = await browser.newContext({ ...VIEWPORTS[view], locale: LOCALES[lang] });
  await ctx.addInitScript(([tok, language]) => {
    localStorage.setItem('iv.token', tok);
    localStorage.setItem('iv.prefs', JSON.stringify({ language }));
  }, [token, lang]);
  return { ctx, page: await ctx.newPage() };
}

const draft = (name, questions, extra = {}) => call('/templates', { method: 'POST', body: { name, description: 'e2e', questions, ...extra } });

test('search: the list finds templates by name and by question text, and keeps the search in the URL', async () => {
  const byName = await draft(`Lighthouse keeper ${stamp}`, [{ text: 'Why the sea?' }]);
  const byQuestion = await draft(`Zoo logistics ${stamp}`, [{ text: `How would you move a quokka${stamp} across town?` }]);
  for (const { lang, view } of COMBOS) {
    const { ctx, page } = await recruiterPage(view, lang);
    try {
      await page.goto(`${platform.base}/app/templates`);
      const box = page.getByRole('searchbox', { name: msg(lang, 'tpl.searchLabel') });
      await box.fill(`quokka${stamp}`);
      await page.waitForURL((u) => u.searchParams.get('q') === `quokka${stamp}`);
      const rows = page.locator('tbody tr');
      await page.getByRole('link', { name: byQuestion.name, exact: true }).waitFor();
      await page.waitForFunction((n) => document.querySelectorAll('tbody tr').length === n, 1);
      assert.equal(await rows.count(), 1);
      await check(page, `templates-search-${lang}-${view}`);
      // A reload (or a shared link) shows the same search; the name finds the other one.
      await page.reload();
      assert.equal(await page.getByRole('searchbox', { name: msg(lang, 'tpl.searchLabel') }).inputValue(), `quokka${stamp}`);
      await page.getByRole('link', { name: byQuestion.name, exact: true }).waitFor();
      await page.goto(`${platform.base}/app/templates?q=${encodeURIComponent(`LIGHTHOUSE keeper ${stamp}`)}`);
      await page.getByRole('link', { name: byName.name, exact: true }).waitFor();
      await page.waitForFunction((n) => document.querySelectorAll('tbody tr').length === n, 1);
      // Nothing found says so.
      await page.getByRole('searchbox').fill(`nothing-${stamp}`);
      await page.getByText(msg(lang, 'tpl.noMatch', { q: `nothing-${stamp}` })).waitFor();
    } finally {
      await ctx.close();
    }
  }
});

test('duplicate: a row makes a draft copy named in the reader\'s language, questions and scorecard kept', async () => {
  const scorecard = await call('/company/scorecard-templates', { method: 'POST', body: { name: `Panel ${stamp}`, competencies: ['A', 'B', 'C'].map((n) => ({ name: n, anchors: ['1', '2', '3', '4', '5'] })) } });
  for (const { lang, view } of COMBOS) {
    const name = `Copy me ${lang} ${view} ${stamp}`;
    const source = await draft(name, [{ text: 'First question here?' }, { text: 'Second question here?' }], { scorecard_template_id: scorecard.id });
    await call(`/templates/${source.id}/publish`, { method: 'POST' });
    const { ctx, page } = await recruiterPage(view, lang);
    try {
      await page.goto(`${platform.base}/app/templates?q=${encodeURIComponent(name)}`);
      await page.getByRole('link', { name, exact: true }).waitFor();
      await check(page, `templates-list-${lang}-${view}`);
      await page.getByRole('button', { name: msg(lang, 'tpl.duplicateLabel', { name }) }).click();
      const copyName = msg(lang, 'tpl.copyName', { name });
      await page.getByRole('heading', { level: 1, name: copyName }).waitFor();
      const id = page.url().split('/').pop();
      assert.notEqual(id, source.id);
      const copy = await call(`/templates/${id}`);
      assert.equal(copy.name, copyName);
      assert.equal(copy.status, 'draft');
      assert.equal(copy.scorecard_template_id, scorecard.id);
      assert.deepEqual(copy.questions.map((q) => q.text), ['First question here?', 'Second question here?']);
      assert.equal(await page.locator('#q-text-1').inputValue(), 'Second question here?');
      await check(page, `templates-duplicated-${lang}-${view}`);
    } finally {
      await ctx.close();
    }
  }
});

test('question bank: save a question from one template, find it and insert it into another', async () => {
  for (const { lang, view } of COMBOS) {
    const text = `Tell us about a migration you led (${lang} ${view} ${stamp}).`;
    const from = await draft(`Bank source ${lang} ${view} ${stamp}`, [{ text, time_limit_seconds: 180, retakes: 2, competencies: ['Ownership'] }]);
    const into = await draft(`Bank target ${lang} ${view} ${stamp}`, []);
    const { ctx, page } = await recruiterPage(view, lang);
    try {
      await page.goto(`${platform.base}/app/templates/${from.id}`);
      await page.getByRole('button', { name: `${msg(lang, 'tpl.bankSave')}: ${msg(lang, 'tpl.questionN', { n: 1 })}` }).click();
      await page.getByText(msg(lang, 'tpl.bankSavedShort'), { exact: true }).waitFor();
      const saved = await call(`/templates/bank/questions?q=${encodeURIComponent(`${lang} ${view} ${stamp}`)}`);
      assert.deepEqual(saved.items.map((q) => [q.text, q.time_limit_seconds, q.retakes, q.competencies]), [[text, 180, 2, ['Ownership']]]);
      // Saved again (another visit): one text is in the bank once, and the page says so.
      await page.reload();
      await page.getByRole('button', { name: `${msg(lang, 'tpl.bankSave')}: ${msg(lang, 'tpl.questionN', { n: 1 })}` }).click();
      await page.getByText(msg(lang, 'tpl.bankAlready'), { exact: true }).first().waitFor();
      await page.getByText(msg(lang, 'tpl.bankSavedShort'), { exact: true }).waitFor();
      assert.equal((await call(`/templates/bank/questions?q=${encodeURIComponent(`${lang} ${view} ${stamp}`)}`)).items.length, 1);

      await page.goto(`${platform.base}/app/templates/${into.id}`);
      await page.getByRole('button', { name: msg(lang, 'tpl.bankOpen') }).click();
      const dialog = page.getByRole('dialog', { name: msg(lang, 'tpl.bank') });
      await dialog.getByRole('searchbox', { name: msg(lang, 'tpl.bankSearch') }).fill(`${lang} ${view} ${stamp}`);
      await dialog.getByText(text).waitFor();
      await page.waitForFunction(() => document.querySelectorAll('.bank-item').length === 1);
      await check(page, `templates-bank-${lang}-${view}`);
      await dialog.getByRole('button', { name: msg(lang, 'tpl.bankInsertLabel', { text: text.slice(0, 80) }) }).click();
      await dialog.getByText(msg(lang, 'tpl.bankInTemplate'), { exact: true }).waitFor(); // marked as present now
      await page.keyboard.press('Escape');
      assert.equal(await page.locator('#q-text-0').inputValue(), text);
      await page.getByRole('button', { name: msg(lang, 'tpl.saveDraft') }).click();
      await page.getByText(msg(lang, 'tpl.saved'), { exact: true }).first().waitFor();
      const stored = await call(`/templates/${into.id}`);
      assert.deepEqual(stored.questions.map((q) => [q.text, q.time_limit_seconds, q.retakes, q.competencies]), [[text, 180, 2, ['Ownership']]]);
    } finally {
      await ctx.close();
    }
  }
});

test('intro: the recruiter writes an intro and uploads a video with progress; the candidate sees and can play it before the first question', async () => {
  const bytes = readFileSync(introVideo);
  for (const { lang, view } of COMBOS) {
    const tpl = await draft(`Intro ${lang} ${view} ${stamp}`, [{ text: 'What brings you here?', time_limit_seconds: 30 }], { language: lang });
    const introText = `Hello from the team (${lang}).\nIt takes ten minutes.`;
    const { ctx, page } = await recruiterPage(view, lang);
    try {
      // Remember whether a progress bar ever showed (a small upload is quick).
      await page.addInitScript(() => {
        window.__sawProgress = false;
        new MutationObserver(() => { if (document.querySelector('.intro-progress progress')) window.__sawProgress = true; })
          .observe(document, { childList: true, subtree: true });
      });
      await page.goto(`${platform.base}/app/templates/${tpl.id}`);
      await page.getByLabel(msg(lang, 'tpl.introText')).fill(introText);
      await page.locator('#intro-file').setInputFiles({ name: 'intro.webm', mimeType: 'video/webm', buffer: bytes });
      await page.getByText(msg(lang, 'tpl.introUploaded'), { exact: true }).first().waitFor({ timeout: 30_000 });
      const preview = page.getByLabel(msg(lang, 'tpl.introPlayer'));
      await preview.waitFor();
      await page.waitForFunction(() => document.querySelector('.intro-video')?.readyState >= 1, null, { timeout: 30_000 });
      assert.equal(await page.evaluate(() => window.__sawProgress), true, 'the upload showed its progress');
      await check(page, `templates-intro-editor-${lang}-${view}`);
      await page.getByRole('button', { name: msg(lang, 'tpl.publish') }).click();
      await page.getByText(msg(lang, 'tpl.published'), { exact: true }).first().waitFor();
      const published = await call(`/templates/${tpl.id}`);
      assert.equal(published.status, 'active');
      assert.equal(published.intro_text, introText);
      assert.equal(published.intro_video.size_bytes, bytes.length);
      assert.equal(published.intro_video.content_type, 'video/webm');
    } finally {
      await ctx.close();
    }

    const email = `intro.${lang}.${view}.${stamp}@example.com`;
    const inv = await call('/interviews', { method: 'POST', body: { template_id: tpl.id, candidate: { name: `Ines ${lang}`, email, language: lang } } });
    const cand = await browser.newContext({ ...VIEWPORTS[view], locale: LOCALES[lang] });
    try {
      const page = await cand.newPage();
      await page.goto(`${platform.base}/i/${inv.token}`);
      const company = (await call('/candidate/session', { token: inv.token })).company.name;
      await page.getByRole('heading', { name: msg(lang, 'cand.introHeading', { company }) }).waitFor();
      await page.getByText(`Hello from the team (${lang}).`).waitFor();
      const player = page.getByLabel(msg(lang, 'cand.introVideo', { company }));
      await page.waitForFunction(() => document.querySelector('.cand-intro video')?.readyState >= 1, null, { timeout: 30_000 });
      assert.equal(await player.evaluate((v) => v.controls), true);
      // Keyboard alone reaches the player (native controls), and it plays.
      let reached = false;
      for (let i = 0; i < 30 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = await page.evaluate(() => document.activeElement?.matches('.cand-intro video') ?? false);
      }
      assert.ok(reached, 'Tab reaches the intro video');
      await player.evaluate((v) => v.play());
      await page.waitForFunction(() => { const v = document.querySelector('.cand-intro video'); return v && !v.paused && v.currentTime > 0; }, null, { timeout: 15_000 });
      await player.evaluate((v) => v.pause());
      // The intro comes before the first question: the welcome page's start button is below it.
      const order = await page.evaluate(() => {
        const intro = document.querySelector('.cand-intro');
        const start = document.querySelector('.cand-foot button');
        return intro && start ? intro.compareDocumentPosition(start) & Node.DOCUMENT_POSITION_FOLLOWING : 0;
      });
      assert.ok(order, 'the intro is above the start button');
      await check(page, `templates-intro-candidate-${lang}-${view}`);
    } finally {
      await cand.close();
    }
  }
});

test('intro: removing the video makes the next draft; the published version keeps it for invited candidates', async () => {
  const tpl = await draft(`Intro removal ${stamp}`, [{ text: 'Anything to add?' }]);
  const grant = await call(`/templates/${tpl.id}/intro-video/upload`, { method: 'POST', body: { content_type: 'video/webm', size_bytes: readFileSync(introVideo).length } });
  const form = new FormData();
  for (const [k, v] of Object.entries(grant.fields)) form.append(k, v);
  form.append('file', new Blob([readFileSync(introVideo)], { type: 'video/webm' }), 'intro.webm');
  assert.ok((await fetch(grant.url, { method: 'POST', body: form })).ok);
  await call(`/templates/${tpl.id}/intro-video`, { method: 'PUT', body: { key: grant.key } });
  await call(`/templates/${tpl.id}/publish`, { method: 'POST' });
  const inv = await call('/interviews', { method: 'POST', body: { template_id: tpl.id, candidate: { name: 'Kept Intro', email: `kept.${stamp}@example.com` } } });
  for (const view of ['desktop', 'phone']) {
    const { ctx, page } = await recruiterPage(view, 'en');
    try {
      await page.goto(`${platform.base}/app/templates/${tpl.id}`);
      const remove = page.getByRole('button', { name: msg('en', 'tpl.introRemove') });
      if (view === 'desktop') await page.getByRole('button', { name: msg('en', 'tpl.newVersion') }).click(); // published: edit first
      await remove.click();
      await page.getByText(msg('en', 'tpl.introRemoved'), { exact: true }).first().waitFor();
      assert.equal(await page.locator('.intro-video').count(), 0);
      await check(page, `templates-intro-removed-${view}`);
    } finally {
      await ctx.close();
    }
    if (view === 'desktop') {
      const latest = await call(`/templates/${tpl.id}`);
      assert.equal(latest.intro_video, null);
      assert.equal(latest.status, 'draft');
      // Put it back for the phone's turn (on the same draft).
      await call(`/templates/${tpl.id}/intro-video`, { method: 'PUT', body: { key: grant.key } });
    }
  }
  const session = await call('/candidate/session', { token: inv.token });
  assert.ok(session.intro?.video_url, 'the invited candidate still has the published intro');
});
