// Comparing candidates: the selection on the interviews list (2–6 interviews of one template),
// the comparison page's URL (/app/compare?ids=a,b,c) and the comparison shaped for its charts.
import type { Comparison, Interview } from '../api';

export const MIN_COMPARE = 2;
export const MAX_COMPARE = 6;
const CRITERIA_ORDER = ['relevance', 'completeness', 'clarity', 'depth'];

/** The interviews ticked on the list, with the template they share (null when none is ticked). */
export interface Selection { template: string | null; ids: string[] }
export const NO_SELECTION: Selection = { template: null, ids: [] };

/** Why a row cannot be ticked now: another template than the ticked ones, or six ticked already. */
export function blockedReason(sel: Selection, iv: Pick<Interview, 'id' | 'template_id'>): 'template' | 'full' | null {
  if (sel.ids.includes(iv.id)) return null;
  if (sel.template !== null && sel.template !== iv.template_id) return 'template';
  if (sel.ids.length >= MAX_COMPARE) return 'full';
  return null;
}

/** Ticks or unticks a row; a row that cannot be ticked leaves the selection as it is. */
export function toggle(sel: Selection, iv: Pick<Interview, 'id' | 'template_id'>): Selection {
  if (sel.ids.includes(iv.id)) {
    const ids = sel.ids.filter((x) => x !== iv.id);
    return ids.length ? { template: sel.template, ids } : NO_SELECTION;
  }
  if (blockedReason(sel, iv)) return sel;
  return { template: iv.template_id, ids: [...sel.ids, iv.id] };
}

export const canCompare = (sel: Selection) => sel.ids.length >= MIN_COMPARE && sel.ids.length <= MAX_COMPARE;

export function compareHref(ids: string[]): string {
  return `/app/compare?ids=${ids.map(encodeURIComponent).join(',')}`;
}

/** The ids in the URL: each once, in their order, at most six. */
export function parseCompareIds(search: string): string[] {
  const raw = new URLSearchParams(search).get('ids') ?? '';
  const ids: string[] = [];
  for (const part of raw.split(',')) {
    const id = part.trim();
    if (id && !ids.includes(id)) ids.push(id);
  }
  return ids.slice(0, MAX_COMPARE);
}

/** Every criterion any candidate was scored on, the known four first in their usual order. */
export function criteriaOf(c: Comparison): string[] {
  const names = new Set<string>();
  c.interviews.forEach((iv) => Object.keys(iv.criteria ?? {}).forEach((k) => names.add(k)));
  const rank = (n: string) => (CRITERIA_ORDER.includes(n) ? CRITERIA_ORDER.indexOf(n) : CRITERIA_ORDER.length);
  return [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Criterion × candidate: each candidate's mean score (rounded), null where they have none. */
export function criterionRows(c: Comparison): { criterion: string; scores: (number | null)[] }[] {
  return criteriaOf(c).map((criterion) => ({
    criterion,
    scores: c.interviews.map((iv) => (typeof iv.criteria?.[criterion] === 'number' ? Math.round(iv.criteria[criterion]) : null)),
  }));
}

/** Question × candidate, in the template's order: each candidate's score for the question. */
export function questionRows(c: Comparison): { id: string; text: string; scores: (number | null)[] }[] {
  const order = c.questions.length ? c.questions : [...new Set(c.interviews.flatMap((iv) => iv.questions.map((q) => q.question_id)))];
  return order.map((id) => {
    const text = c.interviews.map((iv) => iv.questions.find((q) => q.question_id === id)?.question_text).find(Boolean) ?? '';
    const scores = c.interviews.map((iv) => iv.questions.find((q) => q.question_id === id)?.overall ?? null);
    return { id, text, scores };
  });
}

/** The highest score of a row (null when nobody has one): shown in bold, and said in words. */
export function best(scores: (number | null)[]): number | null {
  const known = scores.filter((s): s is number => typeof s === 'number');
  return known.length ? Math.max(...known) : null;
}
