// The room's signalling WebSocket (LIVE_SPEC.md): join on every connection, a heartbeat ping
// every `heartbeat_seconds`, and after a dropped connection a reconnect with backoff whose join
// resumes the same session. Timers and the socket are injected, so the logic is tested as is.

export type Frame = { type: string; [k: string]: unknown };

/** Error codes after which connecting again cannot help: the room refused us for good. */
export const FATAL_CODES = new Set(['room_closed', 'forbidden', 'consent_required', 'not-found', 'unauthenticated', 'forbidden', 'gone', 'consent-required', 'invalid-input', 'bad-request']);

/** A close code the server chose for a refused credential (4000 + HTTP status): 4xx is final. */
export function fatalClose(code: number): boolean {
  return code >= 4400 && code < 4500;
}

/** 1 s, 2 s, 4 s … capped at 30 s, with up to a quarter of jitter either way. */
export function reconnectDelayMs(attempt: number, random = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.75 + random() * 0.5));
}

export type SignalState = 'connecting' | 'joined' | 'reconnecting' | 'closed';

export interface SocketLike {
  readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(id: unknown): void;
}

const browserTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (id) => clearInterval(id as ReturnType<typeof setInterval>),
};

export interface SignallingOptions {
  /** The full URL with its credentials (?live_interview_id&access_token, or ?token). */
  url: () => string | Promise<string>;
  onFrame: (frame: Frame) => void;
  onState?: (state: SignalState, detail?: { code?: string; detail?: string; attempt?: number }) => void;
  socket?: (url: string) => SocketLike;
  timers?: Timers;
  random?: () => number;
}

/** Default heartbeat when the joined frame names none (well under API Gateway's 10-minute idle limit). */
const DEFAULT_HEARTBEAT_SECONDS = 60;

export class SignallingClient {
  private ws: SocketLike | null = null;
  private attempt = 0;
  private heartbeat: unknown = null;
  private retry: unknown = null;
  private stopped = false;
  state: SignalState = 'connecting';
  private readonly timers: Timers;
  private readonly makeSocket: (url: string) => SocketLike;
  private readonly random: () => number;

  constructor(private readonly opts: SignallingOptions) {
    this.timers = opts.timers ?? browserTimers;
    this.makeSocket = opts.socket ?? ((url) => new WebSocket(url) as unknown as SocketLike);
    this.random = opts.random ?? Math.random;
  }

  start() { this.stopped = false; void this.connect(); }

  /** Sends a frame when joined; false when it could not be sent (no connection right now). */
  send(frame: Frame): boolean {
    if (!this.ws || this.ws.readyState !== 1 || this.state !== 'joined') return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  /** Leaves for good: `leave` (when connected), then the socket closes and nothing reconnects. */
  stop(leave = true) {
    if (leave && this.ws?.readyState === 1) { try { this.ws.send(JSON.stringify({ type: 'leave' })); } catch { /* closing */ } }
    this.stopped = true;
    this.clearTimers();
    this.ws?.close(1000);
    this.ws = null;
    this.setState('closed');
  }

  private setState(state: SignalState, detail?: { code?: string; detail?: string; attempt?: number }) {
    this.state = state;
    this.opts.onState?.(state, detail);
  }

  private clearTimers() {
    if (this.heartbeat !== null) this.timers.clearInterval(this.heartbeat);
    if (this.retry !== null) this.timers.clearTimeout(this.retry);
    this.heartbeat = null;
    this.retry = null;
  }

  private async connect() {
    if (this.stopped) return;
    let url: string;
    try { url = await this.opts.url(); } catch { this.scheduleReconnect(); return; }
    if (this.stopped) return;
    const ws = this.makeSocket(url);
    this.ws = ws;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'join' }));
    ws.onmessage = (ev) => this.receive(ws, ev.data);
    ws.onerror = () => undefined; // a close follows
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      if (fatalClose(ev.code)) { this.ws = null; this.stopped = true; this.clearTimers(); this.setState('closed', { code: String(ev.code) }); return; }
      this.dropped();
    };
  }

  private receive(ws: SocketLike, data: unknown) {
    if (this.ws !== ws || typeof data !== 'string') return;
    let frame: Frame;
    try { frame = JSON.parse(data) as Frame; } catch { return; }
    if (!frame || typeof frame.type !== 'string') return;
    if (frame.type === 'joined') {
      this.attempt = 0;
      const seconds = typeof frame.heartbeat_seconds === 'number' && frame.heartbeat_seconds > 0 ? frame.heartbeat_seconds : DEFAULT_HEARTBEAT_SECONDS;
      if (this.heartbeat !== null) this.timers.clearInterval(this.heartbeat);
      this.heartbeat = this.timers.setInterval(() => { if (ws.readyState === 1) ws.send(JSON.stringify({ type: 'ping' })); }, seconds * 1000);
      this.setState('joined');
    } else if (frame.type === 'error' && FATAL_CODES.has(String(frame.code))) {
      this.opts.onFrame(frame);
      this.stopped = true;
      this.clearTimers();
      ws.close(1000);
      this.ws = null;
      this.setState('closed', { code: String(frame.code), detail: String(frame.detail ?? '') });
      return;
    } else if (frame.type === 'ended') {
      this.opts.onFrame(frame);
      this.stop(false);
      return;
    }
    this.opts.onFrame(frame);
  }

  private dropped() {
    this.ws = null;
    if (this.heartbeat !== null) this.timers.clearInterval(this.heartbeat);
    this.heartbeat = null;
    if (this.stopped) return;
    this.scheduleReconnect();
  }

  private scheduleReconnect() {
    const wait = reconnectDelayMs(this.attempt, this.random);
    this.attempt++;
    this.setState('reconnecting', { attempt: this.attempt });
    this.retry = this.timers.setTimeout(() => { this.retry = null; void this.connect(); }, wait);
  }
}
