// The settings area's admin screens (issue 12) on the real local platform: team, security
// (TOTP enrolment with a code computed from the shown secret), notification emails, webhooks
// (a receiver in this process gets the test event), API keys and Zapier/Make hooks; then every
// screen in en, de, es and ru on desktop and phone. axe-core checks each state; screenshots go
// to test-artifacts/admin-*.png. Each test stands alone (run one with --test-name-pattern).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { axe, freePort, launchBrowser, makeMedia, shot, startPlatform, tmp } from './support.mjs';

let platform;
let browser;
let adminToken;
let receiver;
const received = [];
const DESKTOP = { viewport: { width: 1366, height: 800 } };
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const NEW_PASSWORD = 'Fresh-Passw0rd-2026!';

before(async () => {
  const port = await freePort();
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => { received.push({ path: req.url, headers: req.headers, body }); res.writeHead(204).end(); });
  });
  await new Promise((r) => receiver.listen(port, '127.0.0.1', r));
  receiver.url = `http://127.0.0.1:${port}`;
  // The receiver is on this machine: the local stage may allow loopback webhook targets.
  platform = await startPlatform({ APP_WEBHOOKS_ALLOW_LOOPBACK: 'true' });
  browser = await launchBrowser(makeMedia(tmp('iv-e2e-admin-')));
  const [, email, password] = /^\s+Admin\s+(\S+) \/ (\S+)/m.exec(platform.output());
  adminToken = (await call('/auth/login', { method: 'POST', token: null, body: { email, password } })).access_token;
});

after(async () => {
  await browser?.close();
  await platform?.stop();
  receiver?.close();
});

async function call(path, { method = 'GET', token = adminToken, body, expect = [200, 201, 202, 204] } = {}) {
  const headers = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(platform.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  assert.ok(expect.includes(res.status), `${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** RFC 6238 with the authenticator apps' defaults (SHA-1, 6 digits, 30 s), as pyotp checks it. */
function totp(secret, now = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...secret.replace(/[\s=]/g, '').toUpperCase()].map((c) => alphabet.indexOf(c).toString(2).padStart(5, '0')).join('');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(now / 30_000)));
  const h = createHmac('sha1', key).update(counter).digest();
  const o = h[h.length - 1] & 15;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

async function check(page, name) {
  await page.waitForTimeout(150);
  const bad = await axe(page, name);
  await shot(page, name);
  assert.deepEqual(bad.map((v) => v.id), [], `${name}: serious/critical axe violations`);
  // Against the viewport asked for: a phone browser widens its layout viewport to fit the page.
  const overflow = (await page.evaluate(() => document.documentElement.scrollWidth)) - page.viewportSize().width;
  assert.ok(overflow <= 1, `${name}: the page is ${overflow}px wider than the screen`);
}

async function signedIn(token, opts = DESKTOP, language) {
  const ctx = await browser.newContext({ ...opts, locale: 'en-US' });
  await ctx.addInitScript(([tok, lang]) => {
    localStorage.setItem('iv.token', tok);
    if (lang) localStorage.setItem('iv.prefs', JSON.stringify({ language: lang }));
  }, [token, language]);
  return { ctx, page: await ctx.newPage() };
}

/** A new team member (through the API) who has chosen their password; their access token. */
async function member(name, role = 'hr') {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${Date.now()}@example.com`;
  const made = await call('/users', { method: 'POST', body: { email, name, role, language: 'en' } });
  const first = await call('/auth/login', { method: 'POST', token: null, body: { email, password: made.temporary_password } });
  assert.equal(first.challenge, 'NEW_PASSWORD_REQUIRED');
  const tokens = await call('/auth/challenge', { method: 'POST', token: null, body: { email, challenge: first.challenge, session: first.session, new_password: NEW_PASSWORD } });
  return { ...made, email, token: tokens.access_token };
}

test('team: an admin invites a member (password once), changes the role, deactivates and reactivates', async () => {
  const { ctx, page } = await signedIn(adminToken);
  try {
    await page.goto(`${platform.base}/app/settings/team`);
    await page.getByRole('heading', { name: 'Members' }).waitFor();
    await check(page, 'admin-team-desktop');
    const email = `nia.new.${Date.now()}@example.com`;
    await page.getByLabel('Name', { exact: true }).fill('Nia New');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Role', { exact: true }).selectOption('interviewer');
    await page.getByRole('button', { name: 'Add member' }).click();
    const secret = page.getByTestId('secret-value');
    await secret.waitFor();
    const password = (await secret.textContent()).trim();
    assert.ok(password.length >= 12, 'a temporary password is shown');
    await check(page, 'admin-team-invited');
    // The password works once: the first sign-in asks for a new one.
    const first = await call('/auth/login', { method: 'POST', token: null, body: { email, password } });
    assert.equal(first.challenge, 'NEW_PASSWORD_REQUIRED');
    await page.getByRole('button', { name: 'I have stored it' }).click();
    assert.equal(await secret.count(), 0, 'the password is gone once dismissed');

    // The same address again: the 409 problem shows on the email field.
    await page.getByLabel('Name', { exact: true }).fill('Nia Again');
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.locator('#tm-email-err').waitFor();
    assert.equal(await page.getByLabel('Email').getAttribute('aria-invalid'), 'true');
    await check(page, 'admin-team-refused');

    const row = page.locator(`tr[data-member="${email}"]`);
    await row.getByLabel('Role of Nia New').selectOption('hr');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await check(page, 'admin-team-role-dialog');
    await dialog.getByRole('button', { name: 'Change role' }).click();
    await page.getByText('Role changed').waitFor();
    const listed = async () => (await call('/users')).items.find((u) => u.email === email);
    assert.equal((await listed()).role, 'hr');

    // Deactivate by keyboard: Escape cancels, Enter on the confirm button deactivates.
    await row.getByRole('button', { name: /Deactivate/ }).focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal((await listed()).active, true, 'cancelled: still active');
    await row.getByRole('button', { name: /Deactivate/ }).click();
    await check(page, 'admin-team-deactivate-dialog');
    await dialog.getByRole('button', { name: 'Deactivate' }).click();
    await row.getByText('Deactivated').waitFor();
    assert.equal((await listed()).active, false);
    await check(page, 'admin-team-deactivated');
    await row.getByRole('button', { name: /Reactivate/ }).click();
    await dialog.getByRole('button', { name: 'Reactivate' }).click();
    await row.getByText('Active', { exact: true }).waitFor();
    assert.equal((await listed()).active, true);
  } finally { await ctx.close(); }
});

test('team: a recruiter sees the members read-only; an interviewer has no team, webhook or key tabs', async () => {
  const hr = await member('Hana Readonly', 'hr');
  const { ctx, page } = await signedIn(hr.token, PHONE);
  try {
    await page.goto(`${platform.base}/app/settings/team`);
    await page.getByRole('heading', { name: 'Members' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Add member' }).count(), 0);
    assert.equal(await page.getByRole('combobox').count(), 0, 'no role pickers');
    assert.equal(await page.locator('.subnav a[href="/app/settings/api-keys"]').count(), 0);
    await check(page, 'admin-team-hr-phone');
  } finally { await ctx.close(); }
  const iv = await member('Ivo Interviewer', 'interviewer');
  const other = await signedIn(iv.token);
  try {
    await other.page.goto(`${platform.base}/app/settings/security`);
    await other.page.getByRole('heading', { name: 'Authenticator app' }).waitFor();
    const tabs = await other.page.locator('.subnav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(tabs, ['/app/settings', '/app/settings/security', '/app/settings/notifications']);
  } finally { await other.ctx.close(); }
});

test('security: a member enrols an authenticator app from the QR code and secret; sign-in then asks for a code', async () => {
  const m = await member('Mo Multifactor');
  for (const [name, opts] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    const { ctx, page } = await signedIn(m.token, opts);
    try {
      await page.goto(`${platform.base}/app/settings/security`);
      await page.getByRole('heading', { name: 'Authenticator app' }).waitFor();
      await check(page, `admin-security-${name}`);
      if (name === 'desktop') {
        await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
        await page.getByRole('img', { name: /QR code/ }).waitFor();
        const secret = await page.getByTestId('mfa-secret').getAttribute('data-secret');
        assert.match(secret, /^[A-Z2-7]{16,}$/);
        await check(page, 'admin-security-setup');
        await page.getByLabel('Code from the app').fill(totp(secret, Date.now() - 600_000)); // ten minutes old
        await page.getByRole('button', { name: 'Turn on' }).click();
        await page.locator('#mfa-code-err').waitFor();
        await check(page, 'admin-security-wrong-code');
        await page.getByLabel('Code from the app').fill(totp(secret));
        await page.getByRole('button', { name: 'Turn on' }).click();
        await page.getByText('Two-step sign-in is on.').waitFor();
        await check(page, 'admin-security-enabled');
        const first = await call('/auth/login', { method: 'POST', token: null, body: { email: m.email, password: NEW_PASSWORD } });
        assert.equal(first.challenge, 'SOFTWARE_TOKEN_MFA', 'the next sign-in asks for a code');
        const tokens = await call('/auth/challenge', { method: 'POST', token: null, body: { email: m.email, challenge: first.challenge, session: first.session, code: totp(secret) } });
        assert.ok(tokens.access_token);
      }
    } finally { await ctx.close(); }
  }
});

test('notifications: a member turns off mention emails', async () => {
  const m = await member('Nora Notify');
  const { ctx, page } = await signedIn(m.token);
  try {
    await page.goto(`${platform.base}/app/settings/notifications`);
    const box = page.getByLabel('Someone @mentioned me in a comment');
    await box.waitFor();
    assert.equal(await box.isChecked(), true);
    await box.uncheck();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Settings saved').waitFor();
    assert.deepEqual((await call('/me', { token: m.token })).muted_notifications, ['mention']);
    await check(page, 'admin-notifications');
  } finally { await ctx.close(); }
});

test('webhooks: create (secret once), send a test that arrives, replay it, rotate the secret, delete', async () => {
  const { ctx, page } = await signedIn(adminToken);
  const url = `${receiver.url}/webhooks/${Date.now()}`;
  try {
    await page.goto(`${platform.base}/app/settings/webhooks`);
    await page.getByRole('heading', { name: 'Add an endpoint' }).waitFor();
    await page.getByLabel('Endpoint URL').fill(url);
    await page.getByLabel('Description').fill('ATS sandbox');
    await page.getByLabel('interview.decided').check();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = page.getByTestId('secret-value');
    await secret.waitFor();
    assert.match(await secret.textContent(), /^whsec_/);
    await check(page, 'admin-webhooks-created');
    await page.getByRole('button', { name: 'I have stored it' }).click();

    const item = page.locator(`li[data-endpoint="${url}"]`);
    await item.getByText('1 event type').waitFor();
    await item.getByRole('button', { name: /Send test/ }).click();
    await item.locator('tr[data-delivery]').getByText('Delivered').waitFor({ timeout: 30_000 });
    const arrived = received.filter((r) => url.endsWith(r.path));
    assert.equal(arrived.length, 1, 'the receiver got the test event');
    assert.ok(arrived[0].headers['webhook-signature'], 'signed');
    await check(page, 'admin-webhooks-delivered');

    await item.getByRole('button', { name: /Replay/ }).click();
    await item.getByText('replayed 1 time').waitFor({ timeout: 30_000 });
    await item.locator('tr[data-delivery]').getByText('Delivered').waitFor({ timeout: 30_000 });

    await item.getByRole('button', { name: /Rotate secret/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Rotate secret' }).click();
    await secret.waitFor();
    await page.getByRole('button', { name: 'I have stored it' }).click();

    await item.getByRole('button', { name: /Edit/ }).click();
    await page.getByRole('dialog').getByLabel('Description').fill('ATS production');
    await check(page, 'admin-webhooks-edit');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await item.getByText(/ATS production/).waitFor();

    await item.getByRole('button', { name: /Delete/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await item.waitFor({ state: 'detached' });
    assert.ok(!(await call('/webhooks')).items.some((w) => w.url === url));
  } finally { await ctx.close(); }
});

test('API keys and hooks: a key shown once subscribes a Zapier hook, which is listed with samples and unsubscribed; the key is revoked', async () => {
  const { ctx, page } = await signedIn(adminToken);
  try {
    await page.goto(`${platform.base}/app/settings/api-keys`);
    await page.getByLabel('Name').fill('Zapier');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = page.getByTestId('secret-value');
    await secret.waitFor();
    const key = (await secret.textContent()).trim();
    await check(page, 'admin-keys-created');
    await page.getByRole('button', { name: 'I have stored it' }).click();

    const target = `${receiver.url}/zap/${Date.now()}`;
    await call('/integrations/hooks', { method: 'POST', token: key, body: { target_url: target, event_types: ['interview.analyzed'] } });
    await page.locator('.subnav a[href="/app/settings/hooks"]').click();
    const row = page.locator(`tr[data-hook="${target}"]`);
    await row.waitFor();
    await row.getByText('Zapier').waitFor();
    await page.getByLabel('Event', { exact: true }).selectOption('interview.analyzed');
    await page.getByLabel('Sample of interview.analyzed').waitFor();
    await check(page, 'admin-hooks');
    await row.getByRole('button', { name: /Unsubscribe/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Unsubscribe' }).click();
    await row.waitFor({ state: 'detached' });
    assert.deepEqual((await call('/integrations/hooks')).items.filter((h) => h.target_url === target), []);

    await page.locator('.subnav a[href="/app/settings/api-keys"]').click();
    const keyRow = page.locator('tr[data-key="Zapier"]').first();
    await keyRow.getByRole('button', { name: /Revoke/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await keyRow.getByText('Revoked').waitFor();
    await check(page, 'admin-keys-revoked');
    const refused = await fetch(`${platform.base}/integrations/hooks/samples`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal(refused.status, 401, 'the revoked key stops working');
  } finally { await ctx.close(); }
});

test('every settings screen in en, de, es and ru, on desktop and phone', async () => {
  // Something on each screen: an endpoint with a delivery, a key with a hook.
  const endpoint = await call('/webhooks', { method: 'POST', body: { url: `${receiver.url}/sweep`, description: 'sweep' } });
  await call(`/webhooks/${endpoint.id}/test`, { method: 'POST' });
  const key = await call('/integrations/api-keys', { method: 'POST', body: { name: 'Make' } });
  await call('/integrations/hooks', { method: 'POST', token: key.key, body: { target_url: `${receiver.url}/make`, event_types: ['interview.completed', 'interview.decided'] } });
  const tabs = ['/app/settings', '/app/settings/team', '/app/settings/security', '/app/settings/notifications', '/app/settings/webhooks', '/app/settings/api-keys', '/app/settings/hooks'];
  for (const lang of ['en', 'de', 'es', 'ru']) {
    for (const [name, opts] of [['desktop', DESKTOP], ['phone', PHONE]]) {
      const { ctx, page } = await signedIn(adminToken, opts, lang);
      try {
        await page.goto(`${platform.base}/app/settings/team`);
        await page.locator('.subnav').waitFor();
        assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
        for (const tab of tabs) {
          await page.locator(`.subnav a[href="${tab}"]`).click();
          await page.locator(`.subnav a[href="${tab}"][aria-current="page"]`).waitFor();
          await page.locator('main h1').first().waitFor();
          await page.locator('.spinner').waitFor({ state: 'detached' });
          const slug = tab === '/app/settings' ? 'general' : tab.split('/').at(-1);
          if (slug === 'webhooks') await page.locator('li[data-endpoint] button[aria-expanded]').first().click();
          await check(page, `admin-${slug}-${lang}-${name}`);
        }
      } finally { await ctx.close(); }
    }
  }
});
