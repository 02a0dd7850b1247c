// The interviews list's filters, search and sort live in the URL: a reload, a shared link or
// the back button shows the same list.
import type { Interview, InterviewStatus } from '../api';

export const SORT_KEYS = ['invited', 'name', 'score', 'deadline'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export interface Sort { key: SortKey; desc: boolean }
export interface ListState { status: InterviewStatus | ''; template: string; q: string; sort: Sort }

/** Newest first: the order the API lists in. */
export const DEFAULT_SORT: Sort = { key: 'invited', desc: true };
const STATUSES: InterviewStatus[] = ['pending', 'in_progress', 'completed', 'analyzed', 'expired', 'cancelled'];

export function parseListState(search: string): ListState {
  const p = new URLSearchParams(search);
  const status = p.get('status') ?? '';
  const raw = p.get('sort') ?? '';
  const desc = raw.startsWith('-');
  const key = (desc ? raw.slice(1) : raw) as SortKey;
  return {
    status: (STATUSES as string[]).includes(status) ? (status as InterviewStatus) : '',
    template: p.get('template') ?? '',
    q: p.get('q') ?? '',
    sort: SORT_KEYS.includes(key) ? { key, desc } : DEFAULT_SORT,
  };
}

/** The query string for a state ('' for the default list); unknown parameters are kept. */
export function listSearch(state: ListState, current = ''): string {
  const p = new URLSearchParams(current);
  const set = (k: string, v: string) => { if (v) p.set(k, v); else p.delete(k); };
  set('status', state.status);
  set('template', state.template);
  set('q', state.q);
  const s = state.sort;
  set('sort', s.key === DEFAULT_SORT.key && s.desc === DEFAULT_SORT.desc ? '' : `${s.desc ? '-' : ''}${s.key}`);
  const out = p.toString();
  return out ? `?${out}` : '';
}

/** Clicking a column: first its natural direction (scores high first, names A to Z), then the other. */
export function nextSort(current: Sort, key: SortKey): Sort {
  if (current.key === key) return { key, desc: !current.desc };
  return { key, desc: key === 'score' || key === 'invited' };
}

const collator = new Map<string, Intl.Collator>();
function compareText(lang: string, a: string, b: string): number {
  let c = collator.get(lang);
  if (!c) { c = new Intl.Collator(lang, { sensitivity: 'base' }); collator.set(lang, c); }
  return c.compare(a, b);
}

/** The rows in the chosen order; rows without a value (no score yet) go last either way. */
export function sortInterviews(items: Interview[], sort: Sort, lang = 'en'): Interview[] {
  const value = (iv: Interview): string | number | null => {
    switch (sort.key) {
      case 'name': return iv.candidate?.name ?? null;
      case 'score': return typeof iv.overall_score === 'number' ? iv.overall_score : null;
      case 'deadline': return iv.deadline ? Date.parse(iv.deadline) : null;
      default: return iv.invited_at ? Date.parse(iv.invited_at) : iv.created_at ? Date.parse(iv.created_at) : null;
    }
  };
  return items.map((iv, i) => ({ iv, i, v: value(iv) })).sort((a, b) => {
    if (a.v === null || b.v === null) return a.v === b.v ? a.i - b.i : a.v === null ? 1 : -1;
    const c = typeof a.v === 'string' ? compareText(lang, a.v, String(b.v)) : a.v - (b.v as number);
    return (sort.desc ? -c : c) || a.i - b.i;
  }).map((x) => x.iv);
}
