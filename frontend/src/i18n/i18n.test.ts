import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { dictionaries, LANGS, loadLang, translate } from './index';
import { en } from './en';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  beforeAll(async () => { for (const l of LANGS) await loadLang(l); });
  for (const lang of LANGS) {
    it(`${lang} has every key, no extra key, no empty text and the same placeholders`, () => {
      const dict = dictionaries[lang] as unknown as Record<string, string>;
      expect(Object.keys(dict).sort()).toEqual(Object.keys(en).sort());
      for (const [k, v] of Object.entries(dict)) {
        expect(v.trim(), `${lang}:${k}`).not.toBe('');
        expect(placeholders(v), `${lang}:${k}`).toEqual(placeholders((en as Record<string, string>)[k]));
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
});
