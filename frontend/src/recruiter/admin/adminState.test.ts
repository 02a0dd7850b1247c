import { beforeAll, describe, expect, it } from 'vitest';
import { encode } from 'uqr';
import { LANGS, loadLang, translate } from '../../i18n';
import { deliveryTone, EVENT_TYPES, lastStatusCode, qrPath, setMuted, settingsTabs, tabOfPath, tabPath, toggleEvent } from './adminState';
import { groupSecret } from './screens';

describe('the settings tabs', () => {
  it('show each role what the API serves it', () => {
    expect(settingsTabs('admin')).toEqual(['general', 'team', 'security', 'notifications', 'webhooks', 'api-keys', 'hooks']);
    expect(settingsTabs('hr')).toEqual(['general', 'team', 'security', 'notifications', 'webhooks']);
    expect(settingsTabs('interviewer')).toEqual(['general', 'security', 'notifications']);
  });
  it('map paths to tabs and back', () => {
    expect(tabOfPath('/app/settings')).toBe('general');
    expect(tabOfPath('/app/settings/')).toBe('general');
    expect(tabOfPath('/app/settings/api-keys')).toBe('api-keys');
    expect(tabOfPath('/app/settings/general')).toBeNull();
    expect(tabOfPath('/app/settings/nope')).toBeNull();
    expect(tabOfPath('/app/interviews')).toBeNull();
    for (const tab of settingsTabs('admin')) expect(tabOfPath(tabPath(tab))).toBe(tab);
  });
});

describe('the QR code drawing', () => {
  it('covers exactly the dark modules, a run of them as one rectangle', () => {
    expect(qrPath([[true, true, false, true], [false, false, false, false]])).toBe('M0 0h2v1h-2zM3 0h1v1h-1z');
    const qr = encode('otpauth://totp/Interviews:alex%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Interviews', { ecc: 'M', border: 2 });
    // Paint the path back onto a grid: it must give the matrix again.
    const grid = qr.data.map((row) => row.map(() => false));
    for (const m of qrPath(qr.data).matchAll(/M(\d+) (\d+)h(\d+)/g)) {
      const [x, y, w] = [Number(m[1]), Number(m[2]), Number(m[3])];
      for (let i = 0; i < w; i++) { expect(grid[y][x + i]).toBe(false); grid[y][x + i] = true; }
    }
    expect(grid).toEqual(qr.data);
  });
  it('groups the secret for typing', () => {
    expect(groupSecret('JBSWY3DPEHPK3PXP')).toBe('JBSW Y3DP EHPK 3PXP');
    expect(groupSecret('ABCDE')).toBe('ABCD E');
  });
});

describe('notification emails and webhook events', () => {
  it('mutes and unmutes one email, keeping the rest', () => {
    expect(setMuted([], 'mention', false)).toEqual(['mention']);
    expect(setMuted(['mention', 'analysis_ready'], 'mention', true)).toEqual(['analysis_ready']);
    expect(setMuted(['mention'], 'mention', false)).toEqual(['mention']);
  });
  it('keeps chosen event types in the listed order, none meaning every type', () => {
    let chosen = toggleEvent([], 'interview.decided', true);
    chosen = toggleEvent(chosen, 'interview.created', true);
    expect(chosen).toEqual(['interview.created', 'interview.decided']);
    expect(toggleEvent(chosen, 'interview.created', false)).toEqual(['interview.decided']);
    expect(new Set(EVENT_TYPES).size).toBe(EVENT_TYPES.length);
  });
  it('shows deliveries by status and last answer', () => {
    expect(['succeeded', 'failed', 'pending'].map(deliveryTone)).toEqual(['ok', 'bad', 'warn']);
    expect(lastStatusCode([])).toBeNull();
    expect(lastStatusCode([{ status_code: 500 }, { status_code: 204 }])).toBe(204);
    expect(lastStatusCode([{ status_code: null }])).toBeNull();
  });
  beforeAll(async () => { for (const l of LANGS) await loadLang(l); });
  it('counts in each language', () => {
    expect(translate('ru', 'admin.team.count', { n: 3 })).toBe('3 участника');
    expect(translate('ru', 'admin.team.count', { n: 5 })).toBe('5 участников');
    expect(translate('en', 'admin.wh.attemptsN', { n: 1 })).toBe('1 attempt');
    expect(translate('de', 'admin.keys.count', { n: 2 })).toBe('2 aktive Schlüssel');
    expect(translate('es', 'admin.hooks.count', { n: 1 })).toBe('1 suscripción');
  });
});
