// Issue 17 item 2: the candidate consents before recording; the stored version names the wording.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Consent } from '../api';
import { dictionaries, LANGS, loadLang, translate } from '../i18n';
import { canStart, CONSENT_KEYS, CONSENT_TEXT_HASHES, CONSENT_TEXT_VERSION, consentToSend } from './consent';

const given: Consent = { consented_at: '2026-12-05T10:00:00Z', text_version: CONSENT_TEXT_VERSION, language: 'en', recording_and_ai_analysis: true, human_review_only: false };

describe('the consent wording', () => {
  beforeAll(async () => { for (const l of LANGS) await loadLang(l); });
  for (const lang of LANGS) {
    it(`${lang}: a change of the wording needs a new CONSENT_TEXT_VERSION`, () => {
      const dict = dictionaries[lang] as Record<string, string>;
      const wording = CONSENT_KEYS.map((k) => dict[k]).join('\n');
      const hash = createHash('sha256').update(wording, 'utf8').digest('hex');
      // On purpose: bump CONSENT_TEXT_VERSION (and add it to functions/domain/consent.py), then
      // put the new hash here. A stored consent must always name the exact text shown.
      expect(hash, `${lang}: the consent wording changed; bump CONSENT_TEXT_VERSION`).toBe(CONSENT_TEXT_HASHES[lang]);
    });
  }
  it('says how long recordings are kept, in each language\'s plural', () => {
    expect(translate('en', 'cand.consent.retention', { n: 1 })).toBe('Recordings are deleted 1 month after the decision.');
    expect(translate('en', 'cand.consent.retention', { n: 12 })).toBe('Recordings are deleted 12 months after the decision.');
    expect(translate('ru', 'cand.consent.retention', { n: 2 })).toBe('Записи удаляются через 2 месяца после решения.');
    expect(translate('ru', 'cand.consent.retention', { n: 5 })).toBe('Записи удаляются через 5 месяцев после решения.');
    expect(translate('ru', 'cand.consent.retention', { n: 21 })).toBe('Записи удаляются через 21 месяц после решения.');
    expect(translate('de', 'cand.consent.retention', { n: 1 })).toBe('Aufnahmen werden 1 Monat nach der Entscheidung gelöscht.');
    expect(translate('es', 'cand.consent.retention', { n: 6 })).toBe('Las grabaciones se eliminan 6 meses después de la decisión.');
  });
});

describe('starting the interview', () => {
  it('is refused until the box is ticked', () => {
    expect(canStart({ agreed: false, humanOnly: false }, null)).toBe(false);
    expect(canStart({ agreed: false, humanOnly: true }, undefined)).toBe(false);
    expect(canStart({ agreed: true, humanOnly: false }, null)).toBe(true);
  });
  it('is allowed on a return when the consent was given before', () => {
    expect(canStart({ agreed: false, humanOnly: false }, given)).toBe(true);
  });
  it('sends the version, language and the human-only choice once', () => {
    expect(consentToSend({ agreed: true, humanOnly: true }, null, 'de')).toEqual({ text_version: CONSENT_TEXT_VERSION, language: 'de', recording_and_ai_analysis: true, human_review_only: true });
    expect(consentToSend({ agreed: true, humanOnly: false }, null, 'en')?.human_review_only).toBe(false);
    expect(consentToSend({ agreed: false, humanOnly: true }, null, 'en')).toBeNull();
    expect(consentToSend({ agreed: true, humanOnly: false }, given, 'en')).toBeNull();
  });
});
