import { describe, expect, it } from 'vitest';
import { parseCandidatesCsv } from '../csv';
import { moveItem } from '../reorder';
import { activeSegment, averageCriteria, criteriaOf, overallOf, parseVtt, recommendationOf } from '../analysis';
import { pickFormat } from '../candidate/media';
import { brandVars, contrast, safeColor } from '../prefs';

describe('CSV invitations', () => {
  it('reads a header, quotes, semicolons and languages; flags bad rows', () => {
    const rows = parseCandidatesCsv('\uFEFFEmail;Name;Language\n"ann@x.io";"Ann, Jr.";de\nbad;Bob;en\nann@x.io;Ann again;es\n\n', 'en');
    expect(rows).toEqual([
      { line: 2, name: 'Ann, Jr.', email: 'ann@x.io', language: 'de' },
      { line: 3, name: 'Bob', email: 'bad', language: 'en', error: 'email' },
      { line: 4, name: 'Ann again', email: 'ann@x.io', language: 'es', error: 'duplicate' },
    ]);
  });
  it('reads rows without a header', () => {
    expect(parseCandidatesCsv('Dana Example,dana@example.com\nlee@example.com,Lee', 'ru')).toEqual([
      { line: 1, name: 'Dana Example', email: 'dana@example.com', language: 'ru' },
      { line: 2, name: 'Lee', email: 'lee@example.com', language: 'ru' },
    ]);
  });
});

describe('reorder', () => {
  it('moves an item', () => {
    expect(moveItem(['a', 'b', 'c', 'd'], 3, 1)).toEqual(['a', 'd', 'b', 'c']);
    expect(moveItem(['a', 'b'], 0, 5)).toEqual(['a', 'b']);
  });
});

describe('analysis reading', () => {
  it('reads criteria as a map or a list, with reasons and evidence', () => {
    expect(criteriaOf({ criteria: { relevance: { score: 80, reason: 'on topic', evidence: ['I led the migration'] }, clarity: 70 } })).toEqual([
      { name: 'relevance', score: 80, reason: 'on topic', evidence: ['I led the migration'] },
      { name: 'clarity', score: 70, evidence: [] },
    ]);
    expect(criteriaOf({ scores: [{ name: 'depth', score: '55', rationale: 'some', evidence: 'quote' }] })).toEqual([{ name: 'depth', score: 55, reason: 'some', evidence: ['quote'] }]);
    expect(criteriaOf(null)).toEqual([]);
  });
  it('derives the recommendation from the score bands when absent', () => {
    expect(recommendationOf({ overall_score: 75 })).toBe('hire');
    expect(recommendationOf({ overall: 60 })).toBe('consider');
    expect(recommendationOf({ score: 10 })).toBe('reject');
    expect(recommendationOf({ recommendation: 'consider', overall_score: 90 })).toBe('consider');
    expect(overallOf({})).toBeNull();
  });
  it('averages criteria across answers', () => {
    expect(averageCriteria([[{ name: 'a', score: 50, evidence: [] }], [{ name: 'a', score: 71, evidence: [] }, { name: 'b', score: null, evidence: [] }]])).toEqual([{ name: 'a', score: 61 }]);
  });
  it('parses WebVTT and finds the segment being played', () => {
    const segs = parseVtt('WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.500\nHello <b>there</b>\n\n00:02.500 --> 00:05.000 align:start\nsecond line\n');
    expect(segs).toEqual([{ start: 0, end: 2.5, text: 'Hello there' }, { start: 2.5, end: 5, text: 'second line' }]);
    expect(activeSegment(segs, 3)).toBe(1);
    expect(activeSegment(segs, 1)).toBe(0);
  });
});

describe('recorder format', () => {
  it('prefers WebM VP9, then VP8, then MP4 H.264 (Safari)', () => {
    expect(pickFormat(() => true)?.mimeType).toBe('video/webm;codecs=vp9,opus');
    expect(pickFormat((t) => t.includes('vp8'))?.mimeType).toBe('video/webm;codecs=vp8,opus');
    expect(pickFormat((t) => t.startsWith('video/mp4'))).toEqual({ mimeType: 'video/mp4;codecs=avc1.42E01E,mp4a.40.2', contentType: 'video/mp4' });
    expect(pickFormat(() => false)).toBeNull();
  });
});

describe('brand colours', () => {
  it('accepts only #rrggbb and picks readable text', () => {
    expect(safeColor('red')).toBe('#3b5bdb');
    expect(brandVars('#ffe066')['--on-brand']).toBe('#111111');
    expect(brandVars('#0b7285')['--on-brand']).toBe('#ffffff');
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 0);
  });
});
