// Uploads a reload or a crash left unfinished: each is finished, or kept in the browser for the
// next try. Only the API's confirmation (or a recording with no bytes) removes one.
import { ApiError } from '../api';
import { uploadStore } from './idb';
import type { UploadState } from './state';
import { AnswerUploader, UploadBusy, type UploaderDeps } from './uploader';

export interface ResumeResult {
  state: UploadState;
  /**
   * confirmed: the API has it, the local copy is gone; kept: still only in this browser;
   * busy: another tab records or sends it; empty: nothing was recorded.
   */
  outcome: 'confirmed' | 'kept' | 'busy' | 'empty';
  error?: unknown;
}

export async function resumeUpload(state: UploadState, deps: UploaderDeps = {}): Promise<ResumeResult> {
  const store = deps.store ?? uploadStore;
  try {
    if (state.completed) {
      // Confirmed before the page closed; only the local copy was left to delete.
      await store.deleteChunks(state.answerId);
      await store.deleteState(state.token, state.answerId);
      return { state, outcome: 'confirmed' };
    }
    await AnswerUploader.resume(state, deps).done({ ifFree: true });
    return { state, outcome: 'confirmed' };
  } catch (error) {
    if (error instanceof UploadBusy) return { state, outcome: 'busy' };
    if (error instanceof ApiError && error.detail === 'empty') return { state, outcome: 'empty' };
    return { state, outcome: 'kept', error };
  }
}

/**
 * Every unfinished upload of an invitation (or only those of `answerIds`: never one this page is
 * still recording), oldest first; `onProgress` hears how many are done, first 0.
 */
export async function resumeUploads(token: string, opts: { deps?: UploaderDeps; answerIds?: string[]; onProgress?: (done: number, total: number) => void } = {}): Promise<ResumeResult[]> {
  const { deps = {}, answerIds, onProgress = () => {} } = opts;
  const store = deps.store ?? uploadStore;
  const states = (await store.listStates(token)).filter((s) => !answerIds || answerIds.includes(s.answerId));
  const results: ResumeResult[] = [];
  if (states.length) onProgress(0, states.length);
  for (const state of states) {
    results.push(await resumeUpload(state, deps));
    onProgress(results.length, states.length);
  }
  return results;
}
