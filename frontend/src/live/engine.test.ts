import { describe, expect, it } from 'vitest';
import { ignoreOffer, isPolite, stalled } from './peers';
import { applyTranscript, captionRows, clock, clockOffsetMs, followupText, nextQuestionIndex, NO_CAPTIONS, timerView, type TranscriptLine } from './session';
import { fatalClose, reconnectDelayMs, SignallingClient, type SocketLike, type Timers } from './signalling';
import { signallingUrl } from './api';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: string[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  constructor(readonly url: string) {}
  send(d: string) { this.sent.push(d); }
  close() { this.readyState = 3; }
  open() { this.readyState = 1; this.onopen?.({}); }
  frame(f: object) { this.onmessage?.({ data: JSON.stringify(f) }); }
  drop(code = 1006) { this.readyState = 3; this.onclose?.({ code }); }
  types() { return this.sent.map((s) => (JSON.parse(s) as { type: string }).type); }
}

class FakeTimers implements Timers {
  next = 1;
  timeouts = new Map<number, { fn: () => void; ms: number }>();
  intervals = new Map<number, { fn: () => void; ms: number }>();
  setTimeout(fn: () => void, ms: number) { const id = this.next++; this.timeouts.set(id, { fn, ms }); return id; }
  clearTimeout(id: unknown) { this.timeouts.delete(id as number); }
  setInterval(fn: () => void, ms: number) { const id = this.next++; this.intervals.set(id, { fn, ms }); return id; }
  clearInterval(id: unknown) { this.intervals.delete(id as number); }
  fireTimeout() { const [id, t] = [...this.timeouts][0]; this.timeouts.delete(id); t.fn(); return t.ms; }
}

const flush = () => new Promise((r) => setTimeout(r, 0));

function setup() {
  const sockets: FakeSocket[] = [];
  const timers = new FakeTimers();
  const frames: { type: string }[] = [];
  const states: string[] = [];
  const client = new SignallingClient({ url: () => 'ws://x/signal?token=t', onFrame: (f) => frames.push(f), onState: (s) => states.push(s), socket: (u) => { const s = new FakeSocket(u); sockets.push(s); return s; }, timers, random: () => 0.5 });
  return { client, sockets, timers, frames, states };
}

describe('SignallingClient', () => {
  it('joins on open, pings every heartbeat_seconds once joined, and sends frames only when joined', async () => {
    const { client, sockets, timers, states } = setup();
    client.start();
    await flush();
    expect(client.send({ type: 'question', index: 0 })).toBe(false);
    sockets[0].open();
    expect(sockets[0].types()).toEqual(['join']);
    sockets[0].frame({ type: 'joined', heartbeat_seconds: 300, you: { participant_id: 'u1' } });
    expect(states.at(-1)).toBe('joined');
    const [beat] = [...timers.intervals.values()];
    expect(beat.ms).toBe(300_000);
    beat.fn();
    expect(sockets[0].types()).toEqual(['join', 'ping']);
    expect(client.send({ type: 'followup', text: 'Why?' })).toBe(true);
  });

  it('reconnects with growing backoff after a drop and joins again (the server resumes the session)', async () => {
    const { client, sockets, timers, states } = setup();
    client.start();
    await flush();
    sockets[0].open();
    sockets[0].frame({ type: 'joined', heartbeat_seconds: 60 });
    sockets[0].drop();
    expect(states.at(-1)).toBe('reconnecting');
    expect(timers.intervals.size).toBe(0); // no heartbeat on a dead socket
    expect(timers.fireTimeout()).toBe(1000);
    await flush();
    sockets[1].drop(); // the network is still down
    expect(timers.fireTimeout()).toBe(2000);
    await flush();
    sockets[2].open();
    expect(sockets[2].types()).toEqual(['join']);
    sockets[2].frame({ type: 'joined', resumed: true, heartbeat_seconds: 60 });
    sockets[2].drop();
    expect(timers.fireTimeout()).toBe(1000); // a successful join resets the backoff
  });

  it('stops for good on a refusal: a fatal error frame or a 4xx close code', async () => {
    const a = setup();
    a.client.start();
    await flush();
    a.sockets[0].open();
    a.sockets[0].frame({ type: 'error', code: 'consent_required', detail: 'give consent first' });
    expect(a.states.at(-1)).toBe('closed');
    expect(a.frames.map((f) => f.type)).toEqual(['error']);
    a.sockets[0].drop();
    expect(a.timers.timeouts.size).toBe(0);
    const b = setup();
    b.client.start();
    await flush();
    b.sockets[0].drop(4401);
    expect(b.states.at(-1)).toBe('closed');
    expect(b.timers.timeouts.size).toBe(0);
  });

  it('passes a non-fatal error frame on and stays connected', async () => {
    const { client, sockets, frames, states } = setup();
    client.start();
    await flush();
    sockets[0].open();
    sockets[0].frame({ type: 'joined' });
    sockets[0].frame({ type: 'error', code: 'invalid_message', detail: 'text' });
    expect(frames.at(-1)).toMatchObject({ type: 'error', code: 'invalid_message' });
    expect(states.at(-1)).toBe('joined');
  });

  it('leaves on stop and does not reconnect; the end of the interview stops it too', async () => {
    const { client, sockets, timers } = setup();
    client.start();
    await flush();
    sockets[0].open();
    sockets[0].frame({ type: 'joined' });
    client.stop();
    expect(sockets[0].types()).toEqual(['join', 'leave']);
    sockets[0].drop();
    expect(timers.timeouts.size).toBe(0);
    const other = setup();
    other.client.start();
    await flush();
    other.sockets[0].open();
    other.sockets[0].frame({ type: 'joined' });
    other.sockets[0].frame({ type: 'ended', by: 'u1' });
    expect(other.frames.map((f) => f.type)).toEqual(['joined', 'ended']);
    expect(other.client.state).toBe('closed');
    other.sockets[0].drop();
    expect(other.timers.timeouts.size).toBe(0);
  });

  it('backs off 1 s, 2 s, 4 s … up to 30 s with a quarter of jitter either way', () => {
    expect([0, 1, 2, 3, 10].map((a) => reconnectDelayMs(a, () => 0.5))).toEqual([1000, 2000, 4000, 8000, 30000]);
    expect(reconnectDelayMs(0, () => 0)).toBe(750);
    expect(reconnectDelayMs(0, () => 1)).toBe(1250);
    expect([4401, 4403, 4404, 4500, 1006, 1000].map(fatalClose)).toEqual([true, true, true, false, false, false]);
  });
});

describe('perfect negotiation', () => {
  const cand = { participant_id: 'candidate', role: 'candidate' as const };
  const a = { participant_id: 'user-a', role: 'interviewer' as const };
  const b = { participant_id: 'user-b', role: 'interviewer' as const };
  it('makes the candidate polite, and between interviewers exactly one of each pair', () => {
    expect(isPolite(cand, a)).toBe(true);
    expect(isPolite(a, cand)).toBe(false);
    expect(isPolite(a, b)).not.toBe(isPolite(b, a));
  });
  it('negotiates again only while a connection is not up', () => {
    expect((['new', 'connecting', 'failed', 'disconnected', 'connected', 'closed'] as RTCPeerConnectionState[]).map(stalled)).toEqual([true, true, true, true, false, false]);
  });
  it('ignores a colliding offer only on the impolite side', () => {
    const collision = { makingOffer: true, signalingState: 'have-local-offer' as RTCSignalingState, settingRemoteAnswer: false };
    expect(ignoreOffer({ ...collision, polite: false })).toBe(true);
    expect(ignoreOffer({ ...collision, polite: true })).toBe(false);
    expect(ignoreOffer({ polite: false, makingOffer: false, signalingState: 'stable', settingRemoteAnswer: false })).toBe(false);
    expect(ignoreOffer({ polite: false, makingOffer: false, signalingState: 'have-local-offer', settingRemoteAnswer: true })).toBe(false);
    expect(ignoreOffer({ polite: false, makingOffer: false, signalingState: 'have-local-offer', settingRemoteAnswer: false })).toBe(true);
  });
});

describe('timer', () => {
  const start = '2026-12-05T10:00:00Z';
  const end = '2026-12-05T10:30:00Z';
  const at = (iso: string) => Date.parse(iso);
  it('counts from the server start, corrected by the clock offset of the joined frame', () => {
    // Our clock is 90 s behind the server's.
    const offset = clockOffsetMs('2026-12-05T10:01:30Z', at('2026-12-05T10:00:00Z'));
    expect(offset).toBe(90_000);
    expect(timerView(start, end, at('2026-12-05T10:00:00Z'), offset)).toEqual({ elapsed: 90, remaining: 1710, phase: 'running' });
  });
  it('warns in the last five minutes and counts overtime after the planned end', () => {
    expect(timerView(start, end, at('2026-12-05T10:25:00Z'), 0).phase).toBe('ending');
    expect(timerView(start, end, at('2026-12-05T10:24:59Z'), 0).phase).toBe('running');
    expect(timerView(start, end, at('2026-12-05T10:32:00Z'), 0)).toEqual({ elapsed: 1920, remaining: -120, phase: 'overtime' });
    expect(timerView(null, end, at('2026-12-05T09:00:00Z'), 0).phase).toBe('waiting');
    expect(clockOffsetMs(undefined, 5)).toBe(0);
  });
  it('formats minutes and hours', () => {
    expect([clock(0), clock(75), clock(3725), clock(-65)]).toEqual(['0:00', '1:15', '1:02:05', '1:05']);
  });
});

describe('captions and questions', () => {
  const line = (speaker: string, seq: number, text: string, final: boolean, start = '2026-12-05T10:00:00Z'): TranscriptLine => ({ speaker, role: 'candidate', name: speaker, seq, text, start, end: start, final });
  it('replaces a speaker partial, appends a final once and drops that speaker partial', () => {
    let c = applyTranscript(NO_CAPTIONS, line('cand', 0, 'I led', false));
    c = applyTranscript(c, line('cand', 0, 'I led the', false));
    c = applyTranscript(c, line('u1', 0, 'Good', false, '2026-12-05T09:59:59Z'));
    expect(captionRows(c).map((l) => l.text)).toEqual(['Good', 'I led the']);
    c = applyTranscript(c, line('cand', 0, 'I led the migration.', true));
    c = applyTranscript(c, line('cand', 0, 'I led the migration.', true));
    expect(c.lines.map((l) => l.text)).toEqual(['I led the migration.']);
    expect(captionRows(c).map((l) => [l.text, l.final])).toEqual([['I led the migration.', true], ['Good', false]]);
  });
  it('asks the template questions in order after the last one asked', () => {
    expect(nextQuestionIndex(3, [])).toBe(0);
    expect(nextQuestionIndex(3, [0, null])).toBe(1);
    expect(nextQuestionIndex(3, [2, 0])).toBeNull();
    expect(nextQuestionIndex(0, [])).toBeNull();
  });
  it('sends a follow-up of 1 to 1000 characters, trimmed', () => {
    expect(followupText('  Why?  ')).toBe('Why?');
    expect(followupText('   ')).toBeNull();
    expect(followupText('x'.repeat(1001))).toBeNull();
  });
  it('puts the credentials on the signalling URL', () => {
    expect(signallingUrl('ws://h/interviews/live/signal', { token: 'a b' })).toBe('ws://h/interviews/live/signal?token=a+b');
    expect(signallingUrl('wss://h/prod', { liveId: 'L1', accessToken: 'jwt' })).toBe('wss://h/prod?live_interview_id=L1&access_token=jwt');
  });
});
