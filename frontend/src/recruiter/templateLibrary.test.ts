// Issue 12 (templates): the list's URL state, the duplicate's name, bank copies, intro checks.
import { describe, expect, it } from 'vitest';
import { INTRO_VIDEO_MAX_BYTES, type BankQuestion } from '../api';
import { bankToDraft, copyName, draftToBank, introFileProblem, parseTemplatesState, percent, sameText, searchNeedle, templatesSearch } from './templateLibrary';

describe('templates list state in the URL', () => {
  it('reads status and search and writes them back, keeping unknown parameters', () => {
    const s = parseTemplatesState('?status=active&q=Back%20end');
    expect(s).toEqual({ status: 'active', q: 'Back end' });
    expect(templatesSearch(s)).toBe('?status=active&q=Back+end');
    expect(parseTemplatesState(templatesSearch(s))).toEqual(s);
    expect(templatesSearch({ status: '', q: '' }, '?utm=x&q=old')).toBe('?utm=x');
  });
  it('ignores a status it does not know', () => {
    expect(parseTemplatesState('?status=deleted')).toEqual({ status: '', q: '' });
  });
  it('searches from two characters, at most 100', () => {
    expect(searchNeedle(' a ')).toBe('');
    expect(searchNeedle(' ab ')).toBe('ab');
    expect(searchNeedle('x'.repeat(150))).toHaveLength(100);
  });
});

describe('a duplicate name', () => {
  const en = (name: string) => `${name} (copy)`;
  const ru = (name: string) => `${name} (копия)`;
  it('is the localized "(copy)" form', () => {
    expect(copyName('Backend', en)).toBe('Backend (copy)');
    expect(copyName('Backend', ru)).toBe('Backend (копия)');
  });
  it('stays within 200 characters for a long name', () => {
    const long = copyName('n'.repeat(200), ru);
    expect(long.length).toBeLessThanOrEqual(200);
    expect(long.endsWith('… (копия)')).toBe(true);
  });
});

describe('the question bank', () => {
  const banked: BankQuestion = {
    id: 'b1', text: 'Why us?', time_limit_seconds: 90, think_time_seconds: 10, retakes: 2,
    competencies: ['Motivation'], ideal_answer: null, created_by: 'u', created_at: '', updated_at: '',
  };
  it('inserts a copy without the bank id', () => {
    const draft = bankToDraft(banked);
    expect(draft).toEqual({ text: 'Why us?', time_limit_seconds: 90, think_time_seconds: 10, retakes: 2, competencies: ['Motivation'], ideal_answer: null });
    expect('id' in draft).toBe(false);
    draft.competencies!.push('x');
    expect(banked.competencies).toEqual(['Motivation']); // a copy, not the bank's list
  });
  it('saves a template question trimmed, an empty hint left out', () => {
    expect(draftToBank({ id: 'q1', text: '  Hi there  ', time_limit_seconds: 60, ideal_answer: '  ' } as never)).toEqual({
      text: 'Hi there', time_limit_seconds: 60, think_time_seconds: 30, retakes: 1, competencies: [], ideal_answer: null,
    });
  });
  it('compares texts regardless of case and spacing', () => {
    expect(sameText('Why  us?', ' why us? ')).toBe(true);
    expect(sameText('Why us?', 'Why them?')).toBe(false);
  });
});

describe('the intro video file', () => {
  it('takes MP4, WebM and QuickTime up to 100 MiB', () => {
    expect(introFileProblem({ type: 'video/mp4', size: 10 })).toBeNull();
    expect(introFileProblem({ type: 'video/webm', size: INTRO_VIDEO_MAX_BYTES })).toBeNull();
    expect(introFileProblem({ type: 'video/quicktime', size: 1 })).toBeNull();
  });
  it('refuses other types, empty and too large files', () => {
    expect(introFileProblem({ type: 'image/png', size: 10 })).toBe('type');
    expect(introFileProblem({ type: 'video/mp4', size: 0 })).toBe('empty');
    expect(introFileProblem({ type: 'video/mp4', size: INTRO_VIDEO_MAX_BYTES + 1 })).toBe('size');
  });
  it('reports progress in whole per cent', () => {
    expect(percent(0, 0)).toBe(0);
    expect(percent(1, 3)).toBe(33);
    expect(percent(5, 4)).toBe(100);
  });
});
