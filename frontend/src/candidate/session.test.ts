// Defect 2 (issue 12): "Send my interview" is idempotent and never shows a raw server message.
import { describe, expect, it } from 'vitest';
import { ApiError, parseProblem } from '../api';
import { finishInterview, type FinishPorts } from './session';

const conflict = () => parseProblem(409, { type: '/problems/conflict', title: 'Conflict', status: 409, detail: 'interview 01ab was changed by someone else; read it again and retry' });
const ports = (finish: () => Promise<unknown>, session: () => Promise<{ status: string }>) => {
  const calls = { finish: 0, session: 0 };
  const p: FinishPorts = {
    finish: () => { calls.finish++; return finish(); },
    session: () => { calls.session++; return session() as ReturnType<FinishPorts['session']>; },
  };
  return { p, calls };
};

describe('finishing the interview', () => {
  it('is done when the API says so, without reading the session', async () => {
    const { p, calls } = ports(async () => ({ status: 'completed' }), async () => ({ status: 'in_progress' }));
    expect(await finishInterview('tok', p)).toBe('done');
    expect(calls).toEqual({ finish: 1, session: 0 });
  });
  it('a 409 race ends done when the interview is in fact completed', async () => {
    expect(await finishInterview('tok', ports(() => Promise.reject(conflict()), async () => ({ status: 'completed' })).p)).toBe('done');
    expect(await finishInterview('tok', ports(() => Promise.reject(conflict()), async () => ({ status: 'analyzed' })).p)).toBe('done');
    // The link already reads as finished (410): done too.
    const finished = parseProblem(410, { detail: 'this interview is already finished', reason: 'completed' });
    expect(await finishInterview('tok', ports(() => Promise.reject(conflict()), () => Promise.reject(finished)).p)).toBe('done');
    expect(await finishInterview('tok', ports(() => Promise.reject(finished), async () => ({ status: 'completed' })).p)).toBe('done');
  });
  it('fails as a kind, never as the server sentence, when the interview is not completed', async () => {
    expect(await finishInterview('tok', ports(() => Promise.reject(conflict()), async () => ({ status: 'in_progress' })).p)).toBe('failed');
    const offline = new ApiError(0, 'Network error', 'network');
    expect(await finishInterview('tok', ports(() => Promise.reject(offline), () => Promise.reject(offline)).p)).toBe('network');
  });
});
