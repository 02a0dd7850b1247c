// The microphone as the live transcriber hears it: 16 kHz mono G.711 mu-law, in chunks of about
// one second sent over the signalling WebSocket as `audio` frames (LIVE_SPEC.md).

export const AUDIO_RATE = 16_000;
/** Samples (= bytes after mu-law) per `audio` frame: one second. */
export const CHUNK_SAMPLES = AUDIO_RATE;

const BIAS = 0x84;
const CLIP = 32635;

/** One 16-bit linear sample as G.711 mu-law (ITU-T G.711, the byte inverted). */
export function mulawByte(sample: number): number {
  let s = Math.max(-32768, Math.min(32767, Math.round(sample)));
  const sign = s < 0 ? 0x80 : 0;
  if (sign) s = -s;
  if (s > CLIP) s = CLIP;
  s += BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/** The linear value a mu-law byte stands for (the decoder's side; used to check the encoder). */
export function mulawDecode(byte: number): number {
  const u = ~byte & 0xff;
  const sign = u & 0x80;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const magnitude = (((mantissa << 3) + BIAS) << exponent) - BIAS;
  return sign ? -magnitude : magnitude;
}

/** Float samples in [-1, 1] as mu-law bytes. */
export function encodeMulaw(samples: Float32Array): Uint8Array {
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = mulawByte(samples[i] * 32767);
  return out;
}

/**
 * A streaming resampler to 16 kHz: each output sample is the mean of the input samples of its
 * interval (a box filter, enough against aliasing for speech recognition), carried across the
 * buffers the audio graph delivers so that no sample is lost or doubled at their edges.
 */
export class Downsampler {
  private acc = 0;
  private count = 0;
  /** Input samples seen and output samples made: integers, so the rate never drifts. */
  private seen = 0;
  private made = 0;
  constructor(readonly inputRate: number, readonly outputRate = AUDIO_RATE) {
    if (inputRate < outputRate) throw new Error(`cannot downsample ${inputRate} Hz to ${outputRate} Hz`);
  }
  push(input: Float32Array): Float32Array {
    const out: number[] = [];
    for (let i = 0; i < input.length; i++) {
      this.acc += input[i];
      this.count++;
      this.seen++;
      // Output sample k covers the input up to (k + 1) * inputRate / outputRate.
      if (this.seen * this.outputRate >= (this.made + 1) * this.inputRate) {
        out.push(this.acc / this.count);
        this.acc = 0;
        this.count = 0;
        this.made++;
      }
    }
    return Float32Array.from(out);
  }
}

export function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export type AudioFrame = { type: 'audio'; stream: string; seq: number; encoding: 'mulaw'; rate: number; data: string };

/** A random stream id (a new one per microphone and per connection, LIVE_SPEC.md). */
export function newStreamId(): string {
  const b = new Uint8Array(12);
  globalThis.crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** Collects 16 kHz samples into one-second `audio` frames numbered from 0 per stream. */
export class AudioFramer {
  private pending: Float32Array[] = [];
  private size = 0;
  private seq = 0;
  constructor(public stream: string = newStreamId(), private readonly chunk = CHUNK_SAMPLES) {}
  /** A new stream (after a reconnect or a new microphone): seq starts from 0 again, the rest is dropped. */
  restart(stream: string = newStreamId()) { this.stream = stream; this.seq = 0; this.pending = []; this.size = 0; }
  push(samples: Float32Array): AudioFrame[] {
    if (samples.length) { this.pending.push(samples); this.size += samples.length; }
    const frames: AudioFrame[] = [];
    while (this.size >= this.chunk) frames.push(this.take(this.chunk));
    return frames;
  }
  /** What is left (at the end of a stream), as one shorter frame; none when empty. */
  flush(): AudioFrame[] { return this.size ? [this.take(this.size)] : []; }
  private take(n: number): AudioFrame {
    const all = new Float32Array(this.size);
    let o = 0;
    for (const p of this.pending) { all.set(p, o); o += p.length; }
    const rest = all.subarray(n);
    this.pending = rest.length ? [rest.slice()] : [];
    this.size = rest.length;
    return { type: 'audio', stream: this.stream, seq: this.seq++, encoding: 'mulaw', rate: AUDIO_RATE, data: base64(encodeMulaw(all.subarray(0, n))) };
  }
}

/**
 * Streams the microphone of `stream` to `send` as `audio` frames while running. A
 * ScriptProcessorNode (deprecated but everywhere, and no extra module to load under the CSP)
 * hands over the samples; its output is muted, so nothing is played back.
 */
export class MicStreamer {
  private ctx: AudioContext | null = null;
  private nodes: AudioNode[] = [];
  readonly framer = new AudioFramer();
  constructor(private readonly send: (frame: AudioFrame) => boolean) {}
  start(media: MediaStream) {
    this.stop();
    if (media.getAudioTracks().length === 0) return;
    const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext: typeof AudioContext }).webkitAudioContext;
    if (!Ctx) return;
    const ctx = new Ctx();
    const source = ctx.createMediaStreamSource(new MediaStream(media.getAudioTracks()));
    const processor = ctx.createScriptProcessor(4096, 1, 1);
    const mute = ctx.createGain();
    mute.gain.value = 0;
    const down = new Downsampler(ctx.sampleRate);
    processor.onaudioprocess = (e) => {
      for (const frame of this.framer.push(down.push(e.inputBuffer.getChannelData(0)))) this.send(frame);
    };
    source.connect(processor);
    processor.connect(mute);
    mute.connect(ctx.destination);
    void ctx.resume().catch(() => undefined);
    this.ctx = ctx;
    this.nodes = [source, processor, mute];
    this.framer.restart();
  }
  /** A new connection: the transcriber sees a new stream from seq 0. */
  newStream() { this.framer.restart(); }
  stop() {
    for (const n of this.nodes) n.disconnect();
    this.nodes = [];
    void this.ctx?.close().catch(() => undefined);
    this.ctx = null;
  }
}
