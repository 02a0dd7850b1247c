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

/** The camera and microphone the candidate picked; remembered in this browser for next time. */
export interface DeviceChoice { camera?: string; mic?: string }
const CHOICE_KEY = 'iv.devices';

export function savedDevices(storage: Pick<Storage, 'getItem'> | null = safeStorage()): DeviceChoice {
  try {
    const v = JSON.parse(storage?.getItem(CHOICE_KEY) ?? '{}') as DeviceChoice;
    return { camera: typeof v.camera === 'string' ? v.camera : undefined, mic: typeof v.mic === 'string' ? v.mic : undefined };
  } catch {
    return {};
  }
}

export function saveDevices(choice: DeviceChoice, storage: Pick<Storage, 'setItem'> | null = safeStorage()) {
  try { storage?.setItem(CHOICE_KEY, JSON.stringify(choice)); } catch { /* private mode */ }
}

function safeStorage(): Storage | null {
  try { return typeof localStorage === 'undefined' ? null : localStorage; } catch { return null; }
}

/** The constraints for a choice: `exact` when the candidate just picked it, `ideal` when remembered (it may be gone). */
export function cameraConstraints(choice: DeviceChoice = {}, exact = false): MediaStreamConstraints {
  const pick = (id?: string) => (id ? { deviceId: exact ? { exact: id } : { ideal: id } } : {});
  return {
    video: { ...(choice.camera ? {} : { facingMode: 'user' }), width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30, max: 30 }, ...pick(choice.camera) },
    audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true, ...pick(choice.mic) },
  };
}

/**
 * The camera and microphone: the ones chosen (exactly: browsers ignore an `ideal` microphone),
 * else the defaults. A remembered device that is gone falls back to the defaults; one the
 * candidate has just picked (`strict`) does not.
 */
export async function openCamera(choice: DeviceChoice = savedDevices(), strict = false): Promise<MediaStream> {
  const chosen = !!(choice.camera || choice.mic);
  try {
    return await navigator.mediaDevices.getUserMedia(cameraConstraints(choice, chosen));
  } catch (e) {
    const gone = ['OverconstrainedError', 'NotFoundError', 'NotReadableError'].includes((e as { name?: string })?.name ?? '');
    if (!chosen || strict || !gone) throw e;
    return navigator.mediaDevices.getUserMedia(cameraConstraints({}));
  }
}

/** The devices in use by `stream`, as a choice to remember. */
export function choiceOf(stream: MediaStream): DeviceChoice {
  return { camera: stream.getVideoTracks()[0]?.getSettings().deviceId, mic: stream.getAudioTracks()[0]?.getSettings().deviceId };
}

export interface DeviceLists { cameras: { id: string; label: string }[]; mics: { id: string; label: string }[] }

/** Cameras and microphones (their names are known once the camera was allowed). */
export async function listDevices(): Promise<DeviceLists> {
  const all = await navigator.mediaDevices.enumerateDevices();
  const of = (kind: MediaDeviceKind) => all.filter((d) => d.kind === kind && d.deviceId).map((d) => ({ id: d.deviceId, label: d.label }));
  return { cameras: of('videoinput'), mics: of('audioinput') };
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
