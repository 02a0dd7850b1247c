// The candidate's link and interview as the API answers them: closed links, and finishing.
import { api, ApiError, type CandidateSession } from '../api';

export type Closed = 'expired' | 'cancelled' | 'completed' | 'invalid' | 'other';

/** Which closed page a 410/401 answer means; the API gives a sentence, not a code (see API gaps). */
export function closedKind(e: unknown): Closed | null {
  if (!(e instanceof ApiError)) return null;
  if (e.status === 401 || e.status === 404) return 'invalid';
  if (e.status !== 410) return null;
  const reason = e.extensions.reason;
  if (reason === 'expired' || reason === 'cancelled' || reason === 'completed') return reason;
  const d = e.detail.toLowerCase();
  if (d.includes('expired')) return 'expired';
  if (d.includes('cancel')) return 'cancelled';
  if (d.includes('finished') || d.includes('completed')) return 'completed';
  return 'other';
}

/** done: the interview is completed; network: no answer (try again); failed: anything else. */
export type FinishOutcome = 'done' | 'network' | 'failed';

export interface FinishPorts {
  finish: (token: string) => Promise<unknown>;
  session: (token: string) => Promise<Pick<CandidateSession, 'status'>>;
}
const apiPorts: FinishPorts = { finish: api.finishInterview, session: api.getCandidateSession };

/**
 * Sends the interview. Finishing is idempotent: when the call fails (a 409 from a race with the
 * pipeline, a second tab, an answer lost on the way), the session is read again, and an
 * interview that is in fact completed is success. The server's words never reach the candidate.
 */
export async function finishInterview(token: string, ports: FinishPorts = apiPorts): Promise<FinishOutcome> {
  try {
    await ports.finish(token);
    return 'done';
  } catch (e) {
    if (closedKind(e) === 'completed' || (await completedNow(token, ports))) return 'done';
    return e instanceof ApiError && e.status === 0 ? 'network' : 'failed';
  }
}

async function completedNow(token: string, ports: FinishPorts): Promise<boolean> {
  try {
    const s = await ports.session(token);
    return s.status === 'completed' || s.status === 'analyzed';
  } catch (e) {
    return closedKind(e) === 'completed';
  }
}
