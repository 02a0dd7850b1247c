import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { dictionaries, LANGS, loadLang, messageVars, pluralsOf, translate } from './index';
import { en } from './en';


describe('translations', () => {
  beforeAll(async () => { for (const l of LANGS) await loadLang(l); });
  for (const lang of LANGS) {
    it(`${lang} has every key, no extra key, no empty text and the same placeholders`, () => {
      const dict = dictionaries[lang] as unknown as Record<string, string>;
      expect(Object.keys(dict).sort()).toEqual(Object.keys(en).sort());
      for (const [k, v] of Object.entries(dict)) {
        expect(v.trim(), `${lang}:${k}`).not.toBe('');
        expect(messageVars(v), `${lang}:${k}`).toEqual(messageVars((en as Record<string, string>)[k]));
        // Every plural gives a form for each of the language's categories (ru: one, few, many, other).
        for (const p of pluralsOf(v)) expect(p.forms, `${lang}:${k}:${p.name}`).toEqual(expect.arrayContaining(new Intl.PluralRules(lang).resolvedOptions().pluralCategories));
      }
    });
  }
  it('is actually translated (most texts differ from English)', () => {
    for (const lang of ['ru', 'de', 'es'] as const) {
      const same = Object.entries(dictionaries[lang]!).filter(([k, v]) => v === (en as Record<string, string>)[k]).length;
      expect(same / Object.keys(en).length, lang).toBeLessThan(0.1);
    }
  });
  it('every key used in the code exists in English', () => {
    const root = path.resolve(__dirname, '..');
    const files: string[] = [];
    const walk = (d: string) => readdirSync(d).forEach((f: string) => { const p = path.join(d, f); if (statSync(p).isDirectory()) walk(p); else if (/\.tsx?$/.test(f) && !f.endsWith('.test.ts')) files.push(p); });
    walk(root);
    const missing: string[] = [];
    for (const f of files) {
      for (const m of readFileSync(f, 'utf8').matchAll(/\bt\(\s*['"]([a-z]+\.[\w.]+)['"]/g)) if (!(m[1] in en)) missing.push(`${path.basename(f)}: ${m[1]}`);
    }
    expect(missing).toEqual([]);
  });
  it('fills placeholders and falls back to English', () => {
    expect(translate('de', 'cand.qOf', { n: 3, total: 8 })).toBe('Frage 3 von 8');
    expect(translate('ru', 'cand.qOf', { n: 3, total: 8 })).toBe('Вопрос 3 из 8');
    expect(translate('es', 'cand.qOf', { n: 3, total: 8 })).toBe('Pregunta 3 de 8');
    expect(translate('en', 'cand.qOf', { n: 3, total: 8 })).toBe('Question 3 of 8');
  });
  it('counts take the plural form of each language', () => {
    const q = (lang: 'en' | 'de' | 'es' | 'ru', n: number) => translate(lang, 'tpl.questionsN', { n });
    expect([q('en', 1), q('en', 2)]).toEqual(['1 question', '2 questions']);
    expect([q('de', 1), q('de', 5)]).toEqual(['1 Frage', '5 Fragen']);
    expect([q('es', 1), q('es', 5)]).toEqual(['1 pregunta', '5 preguntas']);
    expect([q('ru', 1), q('ru', 2), q('ru', 5), q('ru', 21), q('ru', 12)]).toEqual(['1 вопрос', '2 вопроса', '5 вопросов', '21 вопрос', '12 вопросов']);
    expect(translate('en', 'dash.toReview', { n: 1 })).toBe('1 interview ready for review');
    expect(translate('en', 'cand.intro', { company: 'Acme', n: 1, min: 1 })).toBe('Acme invited you to answer 1 question on video, at your own pace. It takes about 1 minute.');
    expect(translate('ru', 'cand.intro', { company: 'Acme', n: 3, min: 5 })).toBe('Acme приглашает вас ответить на 3 вопроса на видео в удобном темпе. Это займёт около 5 минут.');
    expect(translate('de', 'cand.expect3', { n: 1 })).toBe('1 Frage beantworten');
    expect(translate('es', 'cand.progressSoFar', { done: 0, total: 1 })).toBe('Has respondido 0 de 1 pregunta. Seguirás donde lo dejaste.');
    expect(translate('ru', 'cand.secondsLeft', { n: 10 })).toBe('Осталось 10 секунд');
    expect(translate('ru', 'cand.secondsLeft', { n: 3 })).toBe('Осталось 3 секунды');
    expect(translate('en', 'cand.thinkLeft', { n: 1 })).toBe('1 second to think');
    expect(translate('en', 'iv.invitedN', { n: 1 })).toBe('1 invitation sent.');
    expect(translate('ru', 'iv.csvParsed', { n: 2, bad: 1 })).toBe('2 кандидата готовы, пропущена 1 строка.');
    expect(translate('en', 'iv.sendN', { n: 1 })).toBe('Invite 1 candidate');
    expect(translate('de', 'tpl.estimate', { n: 1, min: 2 })).toBe('1 Frage · etwa 2 Min. für den Kandidaten');
  });
  it('formats plurals: the number in the language, nested placeholders, an unknown count', () => {
    expect(translate('de', 'tpl.questionsN', { n: 10000 })).toBe('10.000 Fragen');
    expect(translate('en', 'cand.progressSoFar', { done: 1, total: 3 })).toBe('You have answered 1 of 3 questions. You will continue where you left off.');
    expect(translate('en', 'tpl.questionsN', { n: '1' })).toBe('1 question');
  });
});
