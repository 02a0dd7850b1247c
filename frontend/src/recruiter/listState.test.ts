// Defect 7 (issue 12): the interviews list keeps filters, search and sort in the URL, and sorts.
import { describe, expect, it } from 'vitest';
import type { Interview } from '../api';
import { DEFAULT_SORT, listSearch, nextSort, parseListState, sortInterviews } from './listState';

const row = (name: string, score: number | null, deadline: string, invited: string) =>
  ({ id: name, candidate: { name, email: `${name}@x.io` }, overall_score: score, deadline, invited_at: invited }) as unknown as Interview;

describe('interviews list state in the URL', () => {
  it('reads status, template, search and sort, and writes them back', () => {
    const s = parseListState('?status=analyzed&template=t1&q=Dana%20Ex&sort=-score');
    expect(s).toEqual({ status: 'analyzed', template: 't1', q: 'Dana Ex', sort: { key: 'score', desc: true } });
    expect(listSearch(s)).toBe('?status=analyzed&template=t1&q=Dana+Ex&sort=-score');
    expect(parseListState(listSearch(s))).toEqual(s);
  });
  it('leaves the default list with an empty query and ignores what it does not know', () => {
    expect(parseListState('')).toEqual({ status: '', template: '', q: '', sort: DEFAULT_SORT });
    expect(listSearch(parseListState('?status=bogus&sort=-nope'))).toBe('');
    expect(listSearch({ status: '', template: '', q: '', sort: DEFAULT_SORT }, '?utm=x&q=old')).toBe('?utm=x');
  });
  it('a column sorts in its natural direction first, then the other way', () => {
    expect(nextSort(DEFAULT_SORT, 'score')).toEqual({ key: 'score', desc: true });
    expect(nextSort(DEFAULT_SORT, 'name')).toEqual({ key: 'name', desc: false });
    expect(nextSort({ key: 'name', desc: false }, 'name')).toEqual({ key: 'name', desc: true });
  });
});

describe('sorting interviews', () => {
  const items = [row('Émile', 60, '2026-12-20T00:00:00Z', '2026-12-01T00:00:00Z'), row('bo', null, '2026-12-10T00:00:00Z', '2026-12-03T00:00:00Z'), row('Ana', 90, '2026-12-30T00:00:00Z', '2026-12-02T00:00:00Z')];
  const names = (xs: Interview[]) => xs.map((x) => x.candidate.name);
  it('by score, highest first, unscored last either way', () => {
    expect(names(sortInterviews(items, { key: 'score', desc: true }))).toEqual(['Ana', 'Émile', 'bo']);
    expect(names(sortInterviews(items, { key: 'score', desc: false }))).toEqual(['Émile', 'Ana', 'bo']);
  });
  it('by name in the reader language, by deadline, by invitation date', () => {
    expect(names(sortInterviews(items, { key: 'name', desc: false }, 'de'))).toEqual(['Ana', 'bo', 'Émile']);
    expect(names(sortInterviews(items, { key: 'deadline', desc: false }))).toEqual(['bo', 'Émile', 'Ana']);
    expect(names(sortInterviews(items, DEFAULT_SORT))).toEqual(['bo', 'Ana', 'Émile']);
  });
});
