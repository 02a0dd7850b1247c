// Issue 14: choosing 2–6 interviews of one template to compare, the comparison page's URL, and
// the comparison shaped into its tables and radar.
import { describe, expect, it } from 'vitest';
import type { Comparison, InterviewResult } from '../api';
import { best, blockedReason, canCompare, compareHref, criteriaOf, criterionRows, NO_SELECTION, parseCompareIds, questionRows, toggle, type Selection } from './compareState';
import { safeFileName } from './files';

const iv = (id: string, template_id = 't1') => ({ id, template_id });

describe('ticking interviews to compare', () => {
  it('the first tick fixes the template; rows of another template cannot be ticked', () => {
    let s: Selection = toggle(NO_SELECTION, iv('a'));
    expect(s).toEqual({ template: 't1', ids: ['a'] });
    expect(blockedReason(s, iv('x', 't2'))).toBe('template');
    expect(toggle(s, iv('x', 't2'))).toBe(s);
    s = toggle(s, iv('b'));
    expect(canCompare(s)).toBe(true);
    expect(compareHref(s.ids)).toBe('/app/compare?ids=a,b');
  });
  it('one alone cannot be compared; six at most; unticking the last frees the template', () => {
    let s: Selection = toggle(NO_SELECTION, iv('a'));
    expect(canCompare(s)).toBe(false);
    for (const id of ['b', 'c', 'd', 'e', 'f']) s = toggle(s, iv(id));
    expect(s.ids).toHaveLength(6);
    expect(blockedReason(s, iv('g'))).toBe('full');
    expect(blockedReason(s, iv('a'))).toBeNull();
    expect(toggle(s, iv('g')).ids).toHaveLength(6);
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f']) s = toggle(s, iv(id));
    expect(s).toEqual(NO_SELECTION);
    expect(blockedReason(s, iv('x', 't2'))).toBeNull();
  });
  it('the URL gives each id once, in order, at most six', () => {
    expect(parseCompareIds('?ids=a,b,a,,c%2Cd')).toEqual(['a', 'b', 'c', 'd']);
    expect(parseCompareIds('?ids=1,2,3,4,5,6,7')).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(parseCompareIds('')).toEqual([]);
    expect(compareHref(['a b', 'c'])).toBe('/app/compare?ids=a%20b,c');
    expect(parseCompareIds(compareHref(['a b', 'c']).split('?')[1])).toEqual(['a b', 'c']);
  });
});

const result = (name: string, criteria: Record<string, number>, questions: [string, number | null][]): InterviewResult => ({
  interview_id: name, candidate_name: name, candidate_language: 'en', template_id: 't1', template_name: 'T', status: 'analyzed',
  overall_score: 70, recommendation: 'hire', summary: null, decision: null, decision_note: null, criteria,
  questions: questions.map(([id, overall]) => ({ question_id: id, question_text: `Text ${id}`, overall, language: 'en', criteria: [], transcript_excerpt: null })),
});

describe('the comparison shaped for the page', () => {
  const c: Comparison = {
    template_id: 't1', template_name: 'T', questions: ['q1', 'q2'],
    interviews: [result('Ann', { depth: 60.4, relevance: 80, tone: 50 }, [['q2', 55], ['q1', 90]]), result('Bo', { clarity: 70.6, relevance: 65 }, [['q1', 40]])],
  };
  it('criteria: the known four in their order, then others; a missing score is null', () => {
    expect(criteriaOf(c)).toEqual(['relevance', 'clarity', 'depth', 'tone']);
    expect(criterionRows(c)).toEqual([
      { criterion: 'relevance', scores: [80, 65] }, { criterion: 'clarity', scores: [null, 71] },
      { criterion: 'depth', scores: [60, null] }, { criterion: 'tone', scores: [50, null] },
    ]);
  });
  it('questions in the template order, with each candidate\'s score', () => {
    expect(questionRows(c)).toEqual([{ id: 'q1', text: 'Text q1', scores: [90, 40] }, { id: 'q2', text: 'Text q2', scores: [55, null] }]);
    expect(best([55, null, 70, 70])).toBe(70);
    expect(best([null, null])).toBeNull();
  });
  it('file names keep letters of any script and nothing a file system refuses', () => {
    expect(safeFileName('Сравнение: Senior / Dev "2026"', 'pdf')).toBe('Сравнение-Senior-Dev-2026.pdf');
    expect(safeFileName(' / ', 'csv')).toBe('report.csv');
  });
});
