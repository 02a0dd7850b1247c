// Camera, microphone, recorder format and the small measurements of the device check.

export interface RecorderFormat { mimeType: string; contentType: 'video/webm' | 'video/mp4' }

const CANDIDATES: RecorderFormat[] = [
  { mimeType: 'video/webm;codecs=vp9,opus', contentType: 'video/webm' },
  { mimeType: 'video/webm;codecs=vp8,opus', contentType: 'video/webm' },
  { mimeType: 'video/webm', contentType: 'video/webm' },
  { mimeType: 'video/mp4;codecs=avc1.42E01E,mp4a.40.2', contentType: 'video/mp4' },
  { mimeType: 'video/mp4;codecs=avc1,mp4a', contentType: 'video/mp4' },
  { mimeType: 'video/mp4', contentType: 'video/mp4' },
];

/** The first format the browser can record: WebM VP9/VP8 + Opus, else MP4 H.264 (Safari). */
export function pickFormat(isSupported: (t: string) => boolean): RecorderFormat | null {
  for (const f of CANDIDATES) {
    try { if (isSupported(f.mimeType)) return f; } catch { /* ignore */ }
  }
  return null;
}

/** Bitrates: enough for a talking head, small enough to upload on a phone. */
export const VIDEO_BPS = 1_200_000;
export const AUDIO_BPS = 96_000;
/** The most an answer of `seconds` should weigh, with headroom for encoder overshoot. */
export const expectedMaxBytes = (seconds: number) => Math.ceil(((VIDEO_BPS + AUDIO_BPS) / 8) * seconds * 1.5) + 1_000_000;

/** A recorder for `stream` at our bitrates, or the browser's defaults where those are refused. */
export function createRecorder(stream: MediaStream, format: RecorderFormat): MediaRecorder {
  try {
    return new MediaRecorder(stream, { mimeType: format.mimeType, videoBitsPerSecond: VIDEO_BPS, audioBitsPerSecond: AUDIO_BPS });
  } catch {
    return new MediaRecorder(stream);
  }
}

export async function openCamera(): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia({
    video: { facingMode: 'user', width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30, max: 30 } },
    audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
  });
}

export type CameraProblem = 'denied' | 'notfound' | 'inuse' | 'insecure' | 'unsupported' | 'other';
export function cameraProblem(e: unknown): CameraProblem {
  if (typeof navigator !== 'undefined' && !navigator.mediaDevices?.getUserMedia) return window.isSecureContext ? 'unsupported' : 'insecure';
  const name = (e as { name?: string })?.name ?? '';
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') return 'notfound';
  if (name === 'NotReadableError' || name === 'TrackStartError' || name === 'AbortError') return 'inuse';
  return 'other';
}

/** Microphone level 0..1, reported about 15 times a second; returns a stop function. */
export function meterLevel(stream: MediaStream, onLevel: (v: number) => void): () => void {
  const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext: typeof AudioContext }).webkitAudioContext;
  if (!Ctx || stream.getAudioTracks().length === 0) return () => {};
  const ctx = new Ctx();
  const src = ctx.createMediaStreamSource(stream);
  const analyser = ctx.createAnalyser();
  analyser.fftSize = 1024;
  src.connect(analyser);
  const buf = new Float32Array(analyser.fftSize);
  let last = 0;
  let raf = 0;
  const tick = (now: number) => {
    raf = requestAnimationFrame(tick);
    if (now - last < 66) return;
    last = now;
    analyser.getFloatTimeDomainData(buf);
    let sum = 0;
    for (const x of buf) sum += x * x;
    const rms = Math.sqrt(sum / buf.length);
    onLevel(Math.min(1, rms * 4));
  };
  raf = requestAnimationFrame(tick);
  void ctx.resume().catch(() => undefined);
  return () => { cancelAnimationFrame(raf); src.disconnect(); void ctx.close().catch(() => undefined); };
}

/**
 * Upload speed in Mbit/s, measured by sending 1 MiB to the API's speed check
 * (measureUploadSpeed, which reads the body and answers 204) and timing the upload.
 */
export function measureUploadMbps(token: string, url = '/candidate/speedtest', bytes = 1024 * 1024, timeoutMs = 15000): Promise<number | null> {
  return new Promise((resolve) => {
    const body = new Uint8Array(bytes);
    for (let i = 0; i < bytes; i += 4096) body[i] = (i * 2654435761) & 0xff;
    const xhr = new XMLHttpRequest();
    let start = 0;
    let done = false;
    const finish = (v: number | null) => { if (!done) { done = true; resolve(v); } };
    xhr.open('POST', url);
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.timeout = timeoutMs;
    xhr.upload.onloadstart = () => { start = performance.now(); };
    xhr.upload.onload = () => { const s = Math.max(0.02, (performance.now() - start) / 1000); finish((bytes * 8) / s / 1e6); };
    xhr.onload = () => { if (start) { const s = Math.max(0.02, (performance.now() - start) / 1000); finish((bytes * 8) / s / 1e6); } else finish(null); };
    xhr.onerror = () => finish(null);
    xhr.ontimeout = () => finish(null);
    start = performance.now();
    xhr.send(new Blob([body]));
  });
}

/** Tells the embedding page (if any) what happens; no personal data, no token. */
export function notifyParent(type: string, data: Record<string, unknown> = {}) {
  if (typeof window === 'undefined' || window.parent === window) return;
  try { window.parent.postMessage({ source: 'interviews', type, ...data }, '*'); } catch { /* cross-origin issues never break the flow */ }
}
