// Candidates' data requests as the admin screen lists them, and what an erasure reports.
import type { DataRequest, Erasure } from '../api';
import type { T } from '../i18n';

/** Waiting requests first (oldest first: answer in order), then decided ones, newest first. */
export function orderRequests(items: DataRequest[]): DataRequest[] {
  const pending = items.filter((r) => r.status === 'pending').sort((a, b) => a.created_at.localeCompare(b.created_at));
  const decided = items.filter((r) => r.status !== 'pending').sort((a, b) => b.created_at.localeCompare(a.created_at));
  return [...pending, ...decided];
}

/** One sentence for an erasure's outcome: what went, or that nothing was left to erase. */
export function erasureSummary(t: T, erasure: Erasure): string {
  if (!erasure.erasure_id) return t('privacy.nothingLeft');
  return t('privacy.erased', { n: erasure.interviews_erased, objects: erasure.objects_deleted });
}
