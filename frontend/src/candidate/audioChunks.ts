// Transcribed while the candidate records (issue 18): beside the video, the microphone's PCM is
// cut into numbered WAV chunks (16 kHz mono 16-bit) of about 4 s, each starting 0.5 s before the
// previous one ends, and each is sent through its own presigned POST (createAnswerAudioChunk)
// as soon as it is cut; the server transcribes it while the candidate goes on speaking. The cut
// is the one functions/domain/audio_chunks.plan_chunks describes: chunk n ends at (n + 1) * 4 s;
// at the end, the rest becomes a last chunk when it is longer than the overlap (a shorter rest is
// cut from the recording by the pipeline). Best effort: a chunk that cannot be sent is left out,
// and the pipeline then transcribes the whole recording.

import chunkTapUrl from './chunkTap.worklet.js?url&no-inline';

export const CHUNK_RATE = 16000;
export const CHUNK_STEP_SECONDS = 4;
export const CHUNK_OVERLAP_SECONDS = 0.5;

export interface AudioChunk {
  index: number;
  /** Where it starts on the recording's clock (since recording started), in ms. */
  startMs: number;
  /** A WAV file: 16 kHz mono 16-bit PCM. */
  wav: Uint8Array;
}

/** 16-bit PCM samples framed as a WAV file (RIFF, one fmt and one data chunk). */
export function encodeWav(samples: Int16Array, rate = CHUNK_RATE): Uint8Array {
  const bytes = new Uint8Array(44 + samples.length * 2);
  const view = new DataView(bytes.buffer);
  const text = (at: number, s: string) => { for (let i = 0; i < s.length; i++) view.setUint8(at + i, s.charCodeAt(i)); };
  text(0, 'RIFF');
  view.setUint32(4, 36 + samples.length * 2, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true); // the fmt chunk's size
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 2, true); // bytes a second
  view.setUint16(32, 2, true); // bytes a frame
  view.setUint16(34, 16, true); // bits a sample
  text(36, 'data');
  view.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) view.setInt16(44 + i * 2, samples[i], true);
  return bytes;
}

/** Cuts the microphone's samples (any rate, -1..1) into overlapping 16 kHz WAV chunks. */
export class AudioChunker {
  private readonly pcm: number[] = [];
  /** Input samples per output sample, and the input position (in output samples) reached. */
  private readonly ratio: number;
  private position = 0;
  private next = 0; // the next chunk's number
  private cutAt = 0; // where the last chunk ended, in output samples
  private finished = false;

  constructor(inputRate: number, private readonly onChunk: (c: AudioChunk) => void) {
    this.ratio = inputRate / CHUNK_RATE;
  }

  /** Samples recorded since the last call (one AudioWorklet block, or many). */
  push(samples: Float32Array): void {
    if (this.finished) return;
    // Resampled by picking the nearest input sample (speech survives it; Whisper hears 16 kHz).
    const available = (this.position + samples.length) / this.ratio;
    for (let out = Math.ceil(this.pcm.length); out < Math.floor(available); out++) {
      const at = Math.min(samples.length - 1, Math.max(0, Math.round(out * this.ratio - this.position)));
      this.pcm.push(samples[at]);
    }
    this.position += samples.length;
    const step = CHUNK_STEP_SECONDS * CHUNK_RATE;
    while (this.pcm.length >= (this.next + 1) * step) this.cut((this.next + 1) * step);
  }

  /** The recording stopped: the rest becomes the last chunk when longer than the overlap. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    const rest = this.pcm.length - this.cutAt;
    if (rest > CHUNK_OVERLAP_SECONDS * CHUNK_RATE || (this.next === 0 && rest > 0)) this.cut(this.pcm.length);
  }

  private cut(end: number): void {
    const start = Math.max(0, this.cutAt - CHUNK_OVERLAP_SECONDS * CHUNK_RATE);
    const samples = new Int16Array(end - start);
    for (let i = start; i < end; i++) {
      const s = Math.max(-1, Math.min(1, this.pcm[i]));
      samples[i - start] = s < 0 ? Math.round(s * 0x8000) : Math.round(s * 0x7fff);
    }
    this.onChunk({ index: this.next, startMs: Math.round((start / CHUNK_RATE) * 1000), wav: encodeWav(samples) });
    this.next += 1;
    this.cutAt = end;
  }
}

/** Where a chunk goes: granted (createAnswerAudioChunk), then POSTed to S3. */
export type SendChunk = (chunk: AudioChunk) => Promise<void>;

export interface ChunkGrant { url: string; fields: Record<string, string> }
export type GrantChunk = (token: string, answerId: string, n: number, body: { start_ms: number }) => Promise<ChunkGrant>;

/** The form S3 takes: the granted fields, then the file. */
export async function postChunk(grant: ChunkGrant, wav: Uint8Array, post: typeof fetch = fetch): Promise<void> {
  const form = new FormData();
  for (const [k, v] of Object.entries(grant.fields)) form.append(k, v);
  form.append('file', new Blob([wav as BlobPart], { type: 'audio/wav' }), 'chunk.wav');
  const res = await post(grant.url, { method: 'POST', body: form });
  if (!res.ok) throw new Error(`chunk upload failed: HTTP ${res.status}`);
}

/** Sends an answer's chunks: one grant and one POST each. */
export function chunkSender(token: string, answerId: string, grant: GrantChunk, post: typeof fetch = fetch): SendChunk {
  return async (chunk) => postChunk(await grant(token, answerId, chunk.index, { start_ms: chunk.startMs }), chunk.wav, post);
}

/** Sends chunks in order once the answer exists (chunks cut before wait for it); a chunk that
 * fails is dropped, never retried past the answer's completion. */
export class ChunkSender {
  private send: SendChunk | null = null;
  private readonly waiting: AudioChunk[] = [];
  private queue: Promise<void> = Promise.resolve();
  failed = 0;

  add(chunk: AudioChunk): void {
    if (this.send) this.enqueue(this.send, chunk);
    else this.waiting.push(chunk);
  }

  /** The answer exists: sends what waited, and every chunk from now on. */
  open(send: SendChunk): void {
    this.send = send;
    for (const chunk of this.waiting.splice(0)) this.enqueue(send, chunk);
  }

  /** Resolves when every chunk handed over so far has been sent (or dropped). */
  settled(): Promise<void> {
    return this.queue;
  }

  private enqueue(send: SendChunk, chunk: AudioChunk): void {
    this.queue = this.queue.then(() => send(chunk)).catch(() => { this.failed += 1; });
  }
}

/** Captures the stream's microphone into `chunker` until the returned stop is called (which
 * cuts the last chunk). Null when the browser has no AudioWorklet: no chunks, the whole file is
 * transcribed. */
export async function captureChunks(stream: MediaStream, onChunk: (c: AudioChunk) => void): Promise<(() => void) | null> {
  if (typeof AudioContext === 'undefined' || typeof AudioWorkletNode === 'undefined' || !stream.getAudioTracks().length) return null;
  const context = new AudioContext();
  try {
    await context.audioWorklet.addModule(chunkTapUrl);
  } catch (e) {
    void context.close().catch(() => undefined);
    throw e;
  }
  const source = context.createMediaStreamSource(stream);
  const tap = new AudioWorkletNode(context, 'chunk-tap');
  const chunker = new AudioChunker(context.sampleRate, onChunk);
  tap.port.onmessage = (e: MessageEvent<Float32Array>) => chunker.push(e.data);
  source.connect(tap);
  tap.connect(context.destination); // pulled by the graph; its output is silence
  await context.resume().catch(() => undefined);
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    tap.port.onmessage = null;
    source.disconnect();
    chunker.finish();
    void context.close().catch(() => undefined);
  };
}
