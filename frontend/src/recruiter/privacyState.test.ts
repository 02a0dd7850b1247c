import { describe, expect, it } from 'vitest';
import type { DataRequest, Erasure } from '../api';
import { en } from '../i18n/en';
import { translate, type MessageKey } from '../i18n';
import { erasureSummary, orderRequests } from './privacyState';

const req = (id: string, status: DataRequest['status'], created_at: string): DataRequest => ({
  id, status, created_at, kind: 'export', name: 'Ada', email: 'ada@example.com', interview_id: 'iv', live_interview_id: null,
  decided_by: null, decided_at: null, reason: null, export_id: null,
});
const t = (lang: 'en' | 'ru') => (key: MessageKey, vars?: Record<string, string | number>) => translate(lang, key, vars);

describe('data requests', () => {
  it('lists waiting requests first, oldest first, then decided ones newest first', () => {
    const items = [
      req('d-old', 'denied', '2026-01-01T00:00:00Z'), req('p-new', 'pending', '2026-01-05T00:00:00Z'),
      req('c-new', 'completed', '2026-01-04T00:00:00Z'), req('p-old', 'pending', '2026-01-02T00:00:00Z'),
    ];
    expect(orderRequests(items).map((r) => r.id)).toEqual(['p-old', 'p-new', 'c-new', 'd-old']);
  });

  it('says what an erasure removed, pluralised, or that nothing was left', () => {
    const done: Erasure = { erasure_id: 'er1', erased_at: '2026-01-01T00:00:00Z', interviews_erased: 1, live_interviews_erased: 0, objects_deleted: 5, items_deleted: 9 };
    expect(erasureSummary(t('en'), done)).toBe('1 interview erased, 5 files deleted.');
    expect(erasureSummary(t('en'), { ...done, interviews_erased: 2, objects_deleted: 1 })).toBe('2 interviews erased, 1 file deleted.');
    expect(erasureSummary(t('en'), { ...done, erasure_id: null, interviews_erased: 0 })).toBe(en['privacy.nothingLeft']);
  });
});
