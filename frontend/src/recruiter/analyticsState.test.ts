// Issue 14: the analytics page keeps its filters in the URL and shapes the report for its charts.
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsReport, FunnelStep } from '../api';
import { loadLang, translate } from '../i18n';
import {
  analyticsQuery, analyticsSearch, binOf, DEFAULT_PERIOD, flagged, funnelRows, histogramRows, isEmptyReport, niceMax,
  parseAnalyticsFilters, spanOf,
} from './analyticsState';

describe('analytics filters in the URL', () => {
  it('reads template, period and language, and writes them back', () => {
    const f = parseAnalyticsFilters('?template=tpl_1&period=quarter&language=de');
    expect(f).toEqual({ template: 'tpl_1', period: 'quarter', language: 'de' });
    expect(analyticsSearch(f)).toBe('?template=tpl_1&period=quarter&language=de');
    expect(parseAnalyticsFilters(analyticsSearch(f))).toEqual(f);
    expect(analyticsQuery(f)).toEqual({ template_id: 'tpl_1', period: 'quarter', language: 'de' });
  });
  it('the default (the last 30 days, every template and language) is an empty query; unknown values fall back', () => {
    expect(parseAnalyticsFilters('')).toEqual({ template: '', period: DEFAULT_PERIOD, language: '' });
    expect(parseAnalyticsFilters('?period=decade&language=fr')).toEqual({ template: '', period: 'month', language: '' });
    expect(analyticsSearch(parseAnalyticsFilters('?period=month'))).toBe('');
    expect(analyticsQuery(parseAnalyticsFilters(''))).toEqual({ period: 'month' });
  });
  it('keeps parameters it does not own, and drops a filter set back to all', () => {
    expect(analyticsSearch({ template: '', period: 'year', language: '' }, '?utm=mail&template=old&language=ru')).toBe('?utm=mail&period=year');
  });
});

const step = (s: string, count: number, extra: Partial<FunnelStep> = {}): FunnelStep => ({ step: s, count, conversion: null, of_invited: null, time_from_previous: null, ...extra });

describe('shaping the report', () => {
  it('the funnel in its order, each bar a share of the largest step, a missing step as 0', () => {
    const rows = funnelRows([step('started', 5), step('invited', 10), step('hired', 1), step('completed', 4)]);
    expect(rows.map((r) => [r.step, r.count, r.width])).toEqual([
      ['invited', 10, 1], ['started', 5, 0.5], ['completed', 4, 0.4], ['analyzed', 0, 0], ['decided', 0, 0], ['hired', 1, 0.1],
    ]);
    expect(funnelRows([]).every((r) => r.width === 0)).toBe(true);
  });
  it('ten bins labelled 0–9 … 90–100, the last one holding 100', () => {
    const rows = histogramRows([1, 0, 0, 0, 0, 2, 0, 0, 3]);
    expect(rows).toHaveLength(10);
    expect(rows[0]).toEqual({ label: '0–9', from: 0, to: 9, count: 1 });
    expect(rows[9]).toEqual({ label: '90–100', from: 90, to: 100, count: 0 });
    expect(rows.map((r) => r.count)).toEqual([1, 0, 0, 0, 0, 2, 0, 0, 3, 0]);
    expect([0, 9, 10, 59, 89.5, 90, 100].map(binOf)).toEqual([0, 0, 1, 5, 8, 9, 9]);
  });
  it('a round top for the scale', () => {
    expect([0, 1, 3, 6, 11, 49, 120, 999].map(niceMax)).toEqual([1, 1, 3, 10, 20, 50, 200, 1000]);
  });
  it('durations in the unit a person reads', () => {
    expect(spanOf(42)).toEqual({ unit: 'seconds', n: 42 });
    expect(spanOf(90)).toEqual({ unit: 'minutes', n: 1.5 });
    expect(spanOf(3600 * 5.04)).toEqual({ unit: 'hours', n: 5 });
    expect(spanOf(3600 * 30)).toEqual({ unit: 'hours', n: 30 });
    expect(spanOf(86400 * 3.26)).toEqual({ unit: 'days', n: 3.3 });
    expect(spanOf(86400 * 12.4)).toEqual({ unit: 'days', n: 12 });
  });
  const report = (over: Partial<AnalyticsReport>): AnalyticsReport => ({
    funnel: [], drop_off: [], time_to_hire: { count: 0, median: null, p90: null, mean_seconds: null }, completion_time: { count: 0, median: null, p90: null, mean_seconds: null },
    scores: { moments: { count: 0, mean: null, standard_deviation: null }, bins: [], recommendations: {} }, agreement: { matrix: {}, decisive: 0, agreed: 0, rate: null },
    questions: [], languages: [], expired: 0, template_id: null, language: null, first_day: '2026-11-05', last_day: '2026-12-04', items_read: 3, ...over,
  });
  it('an empty period, and only flagged languages with both means carry advice', () => {
    expect(isEmptyReport(report({ funnel: [step('invited', 0)] }))).toBe(true);
    expect(isEmptyReport(report({ funnel: [step('invited', 2)] }))).toBe(false);
    const lang = (language: string, flaggedIt: boolean, difference: number | null) => ({ language, scores: { count: 25, mean: 70, standard_deviation: 5 }, bins: [], rest: { count: 30, mean: 58, standard_deviation: 6 }, difference, flagged: flaggedIt, advice: null });
    expect(flagged(report({ languages: [lang('de', true, 12), lang('en', false, -3), lang('es', true, null)] })).map((l) => l.language)).toEqual(['de']);
  });
});

describe('the words of the figures in four languages', () => {
  beforeAll(async () => { for (const l of ['de', 'es', 'ru'] as const) await loadLang(l); });
  it('durations and counts take each language\'s plural forms', () => {
    expect(translate('en', 'an.days', { n: 1 })).toBe('1 day');
    expect(translate('en', 'an.days', { n: 3.3 })).toBe('3.3 days');
    expect(translate('de', 'an.hours', { n: 1 })).toBe('1 Stunde');
    expect(translate('es', 'an.minutes', { n: 2 })).toBe('2 minutos');
    expect(['an.days', 'an.days', 'an.days', 'an.days'].map((k, i) => translate('ru', k as 'an.days', { n: [1, 3, 5, 2.5][i] }))).toEqual(['1 день', '3 дня', '5 дней', '2,5 дня']);
    expect(translate('en', 'an.sub', { from: 'Nov 5, 2026', to: 'Dec 4, 2026', n: 1 })).toBe('Nov 5, 2026 – Dec 4, 2026 · 1 interview invited');
    expect(translate('en', 'cmp.compareN', { n: 0 })).toBe('Compare');
    expect(translate('en', 'cmp.compareN', { n: 2 })).toBe('Compare 2');
  });
  it('a fairness flag is advice to review, never a verdict, in every language', () => {
    const vars = { language: 'German', gap: 12.5, n: 21, rest: 40 };
    const en = translate('en', 'an.fairLower', vars);
    expect(en).toBe('Answers in German average 12.5 points lower than answers in other languages (21 answers and 40 answers). It may be worth reviewing the questions and the scoring for this language: a signal to look into, not a finding of unfairness.');
    expect(translate('ru', 'an.fairHigher', { ...vars, language: 'немецкий' })).toContain('на 12,5 балла выше, чем ответы на других языках (21 ответ и 40 ответов)');
    expect(translate('de', 'an.fairHigher', vars)).toContain('12,5 Punkte höher');
    expect(translate('es', 'an.fairLower', vars)).toContain('12,5 puntos menos');
  });
});
