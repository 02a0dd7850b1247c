// The analytics page's pure parts: its filters in the URL (a reload or a shared link shows the
// same figures) and the shaping of the report into what the charts and their tables draw.
import type { AnalyticsPeriod, AnalyticsReport, FunnelStep, Lang } from '../api';

export const PERIODS: AnalyticsPeriod[] = ['week', 'month', 'quarter', 'year'];
export const DEFAULT_PERIOD: AnalyticsPeriod = 'month';
export const FILTER_LANGS: Lang[] = ['en', 'de', 'es', 'ru'];
export const FUNNEL_STEPS = ['invited', 'started', 'completed', 'analyzed', 'decided', 'hired'] as const;

export interface AnalyticsFilters { template: string; period: AnalyticsPeriod; language: Lang | '' }

export function parseAnalyticsFilters(search: string): AnalyticsFilters {
  const p = new URLSearchParams(search);
  const period = p.get('period') ?? '';
  const language = p.get('language') ?? '';
  return {
    template: (p.get('template') ?? '').trim(),
    period: (PERIODS as string[]).includes(period) ? (period as AnalyticsPeriod) : DEFAULT_PERIOD,
    language: (FILTER_LANGS as string[]).includes(language) ? (language as Lang) : '',
  };
}

/** The query string for the filters ('' for the defaults); unknown parameters are kept. */
export function analyticsSearch(f: AnalyticsFilters, current = ''): string {
  const p = new URLSearchParams(current);
  const set = (k: string, v: string) => { if (v) p.set(k, v); else p.delete(k); };
  set('template', f.template);
  set('period', f.period === DEFAULT_PERIOD ? '' : f.period);
  set('language', f.language);
  const out = p.toString();
  return out ? `?${out}` : '';
}

/** getAnalytics' query for the filters. */
export function analyticsQuery(f: AnalyticsFilters): { template_id?: string; language?: Lang; period: AnalyticsPeriod } {
  return { period: f.period, ...(f.template ? { template_id: f.template } : {}), ...(f.language ? { language: f.language } : {}) };
}

export interface FunnelRow extends FunnelStep { /** bar length: the share of the largest step, 0..1 */ width: number }

/** The funnel's steps in their order (a step the server left out counts 0). */
export function funnelRows(funnel: FunnelStep[]): FunnelRow[] {
  const by = new Map(funnel.map((s) => [s.step, s]));
  const steps: FunnelStep[] = FUNNEL_STEPS.map((step) => by.get(step) ?? { step, count: 0, conversion: null, of_invited: null, time_from_previous: null });
  const max = Math.max(0, ...steps.map((s) => s.count));
  return steps.map((s) => ({ ...s, width: max > 0 ? s.count / max : 0 }));
}

export interface BinRow { label: string; from: number; to: number; count: number }

/** The 10-point bins as rows: 0–9, 10–19, …, 80–89, 90–100 (the last one holds 100). */
export function histogramRows(bins: number[]): BinRow[] {
  return Array.from({ length: 10 }, (_, i) => {
    const from = i * 10;
    const to = i === 9 ? 100 : from + 9;
    return { label: `${from}–${to}`, from, to, count: bins[i] ?? 0 };
  });
}

/** The bin a score falls in (0..9). */
export function binOf(score: number): number {
  return Math.max(0, Math.min(9, Math.floor(score / 10)));
}

export type SpanUnit = 'seconds' | 'minutes' | 'hours' | 'days';

/** A duration in the unit a person reads it in, rounded to one decimal (two units up from a minute). */
export function spanOf(seconds: number): { unit: SpanUnit; n: number } {
  const s = Math.max(0, seconds);
  const round = (x: number) => (x >= 10 ? Math.round(x) : Math.round(x * 10) / 10);
  if (s < 60) return { unit: 'seconds', n: Math.round(s) };
  if (s < 3600) return { unit: 'minutes', n: round(s / 60) };
  if (s < 2 * 86400) return { unit: 'hours', n: round(s / 3600) };
  return { unit: 'days', n: round(s / 86400) };
}

/** The scale's top for a bar chart: a round number at or above the largest count (at least 1). */
export function niceMax(max: number): number {
  if (max <= 5) return Math.max(1, Math.ceil(max));
  const step = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * step >= max) return m * step;
  return 10 * step;
}

/** Whether the report has anything to show (an empty period reads as "no interviews yet"). */
export function isEmptyReport(r: AnalyticsReport): boolean {
  return r.funnel.every((s) => s.count === 0);
}

/** The flagged languages' advice, worded by the page (the server's sentence is English only). */
export function flagged(r: AnalyticsReport) {
  return r.languages.filter((l) => l.flagged && l.difference !== null && l.scores.mean !== null && l.rest.mean !== null);
}
