// Defect 5 (issue 12): the assessment in the reviewer's language.
import { beforeAll, describe, expect, it } from 'vitest';
import { CRITERIA, summaryIn } from '../analysis';
import { LANGS, loadLang, translate } from '../i18n';

// What the offline analyzer stores on an interview (functions/analysis/summary.py): the text in
// the language it was asked for, and a translation per language.
const analysis = {
  overall_score: 72, recommendation: 'consider', language: 'en',
  summary: 'Overall 72.', strengths: ['Clarity 80.'], concerns: ['Depth 40.'],
  translations: {
    en: { summary: 'Overall 72.', strengths: ['Clarity 80.'], concerns: ['Depth 40.'] },
    de: { summary: 'Gesamt 72.', strengths: ['Klarheit 80.'], concerns: ['Tiefe 40.'] },
    ru: { summary: 'Итог 72.', strengths: ['Ясность 80.'], concerns: ['Глубина 40.'] },
    es: { summary: 'Total 72.', strengths: ['Claridad 80.'], concerns: ['Profundidad 40.'] },
  },
};

describe('the assessment in the reviewer language', () => {
  beforeAll(async () => { for (const l of LANGS) await loadLang(l); });
  it('shows the summary, strengths and concerns from the translation for the reviewer', () => {
    expect(summaryIn(analysis, 'de')).toEqual({ summary: 'Gesamt 72.', strengths: ['Klarheit 80.'], concerns: ['Tiefe 40.'] });
    expect(summaryIn(analysis, 'ru').summary).toBe('Итог 72.');
    expect(summaryIn(analysis, 'es').concerns).toEqual(['Profundidad 40.']);
  });
  it('falls back to the text it was written in when there is no translation', () => {
    const { translations: _t, ...older } = analysis;
    expect(summaryIn(older, 'de')).toEqual({ summary: 'Overall 72.', strengths: ['Clarity 80.'], concerns: ['Depth 40.'] });
    expect(summaryIn({ ...analysis, translations: { de: { summary: 7 } } }, 'de').summary).toBe('Overall 72.');
    expect(summaryIn(null, 'de')).toEqual({ summary: null, strengths: [], concerns: [] });
  });
  it('names every criterion from the UI dictionary, in each language', () => {
    const names = (lang: 'en' | 'de' | 'es' | 'ru') => CRITERIA.map((c) => translate(lang, `crit.${c}`));
    expect(names('en')).toEqual(['Relevance', 'Completeness', 'Clarity', 'Depth']);
    expect(names('de')).toEqual(['Relevanz', 'Vollständigkeit', 'Klarheit', 'Tiefe']);
    expect(names('es')).toEqual(['Pertinencia', 'Exhaustividad', 'Claridad', 'Profundidad']);
    expect(names('ru')).toEqual(['Релевантность', 'Полнота', 'Ясность', 'Глубина']);
  });
});
