import { describe, expect, it } from 'vitest';
import { ApiError, isMfaChallenge, parseProblem } from '../api';
import { closedKind } from '../candidate/CandidateApp';

describe('parseProblem', () => {
  it('reads problem+json with field errors', () => {
    const e = parseProblem(422, { type: '/problems/validation', title: 'Request validation failed', status: 422, detail: 'Fix these fields: candidate.email: bad', errors: [{ field: 'candidate.email', message: 'value is not a valid email address', type: 'value_error' }] });
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(422);
    expect(e.detail).toBe('Fix these fields: candidate.email: bad');
    expect(e.fieldError('candidate.email')).toBe('value is not a valid email address');
    expect(e.fieldError('email')).toBe('value is not a valid email address');
    expect(e.fieldError('name')).toBeUndefined();
  });
  it("reads FastAPI's default {detail: [{loc, msg}]}", () => {
    const e = parseProblem(422, { detail: [{ loc: ['body', 'name'], msg: 'Field required', type: 'missing' }] });
    expect(e.errors).toEqual([{ field: 'name', message: 'Field required', type: 'missing' }]);
    expect(e.detail).toBe('name: Field required');
  });
  it('reads a plain detail, a text body and an empty body', () => {
    expect(parseProblem(410, { detail: 'this interview was cancelled by the company' }).message).toBe('this interview was cancelled by the company');
    expect(parseProblem(502, '<html>Bad gateway</html>', 'Bad Gateway').detail).toBe('<html>Bad gateway</html>');
    expect(parseProblem(500, null, 'Internal Server Error').detail).toBe('Internal Server Error');
    expect(parseProblem(500, null).detail).toBe('HTTP 500');
  });
});

describe('closed invitation links', () => {
  it('tells expired, cancelled, finished and invalid apart', () => {
    expect(closedKind(parseProblem(410, { detail: 'this interview link has expired; ask the recruiter who invited you for a new one' }))).toBe('expired');
    expect(closedKind(parseProblem(410, { detail: 'this interview was cancelled by the company' }))).toBe('cancelled');
    expect(closedKind(parseProblem(410, { detail: 'this interview is already finished; thank you, nothing more is needed' }))).toBe('completed');
    expect(closedKind(parseProblem(401, { detail: 'this interview link is not valid' }))).toBe('invalid');
    expect(closedKind(parseProblem(500, { detail: 'boom' }))).toBeNull();
  });
});

describe('login answers', () => {
  it('recognises an MFA challenge', () => {
    expect(isMfaChallenge({ challenge: 'SOFTWARE_TOKEN_MFA', session: 'abc' })).toBe(true);
    expect(isMfaChallenge({ access_token: 'x', expires_in: 3600 })).toBe(false);
  });
});
