import { describe, expect, it } from 'vitest';
import { AudioFramer, CHUNK_SAMPLES, Downsampler, encodeMulaw, mulawByte, mulawDecode } from './audio';

describe('G.711 mu-law', () => {
  it('encodes the reference values of ITU-T G.711', () => {
    expect(mulawByte(0)).toBe(0xff);
    expect(mulawByte(-1)).toBe(0x7f);
    expect(mulawByte(32767)).toBe(0x80);
    expect(mulawByte(-32768)).toBe(0x00);
    expect(mulawByte(100)).toBe(0xf2);
  });
  it('round-trips every 16-bit value within the step size of its segment', () => {
    for (let x = -32768; x <= 32767; x += 7) {
      const back = mulawDecode(mulawByte(x));
      const clipped = Math.max(-32635, Math.min(32635, x));
      // The quantisation step doubles per segment: at most 1/16 of the magnitude, plus the bias.
      expect(Math.abs(back - clipped), `x=${x}`).toBeLessThanOrEqual(Math.abs(clipped) / 16 + 8);
    }
  });
  it('is symmetric in sign (but for the inverted sign bit)', () => {
    for (const x of [5, 300, 4000, 20000]) expect(mulawByte(-x) ^ 0x80).toBe(mulawByte(x));
  });
  it('maps float samples in [-1, 1]', () => {
    expect(Array.from(encodeMulaw(Float32Array.from([0, 1, -1])))).toEqual([0xff, 0x80, 0x00]);
  });
});

describe('Downsampler', () => {
  it('turns 48 kHz into 16 kHz: three samples averaged into one, across buffer edges', () => {
    const d = new Downsampler(48_000);
    const a = d.push(Float32Array.from([3, 3, 3, 6, 6]));
    const b = d.push(Float32Array.from([6, 9, 9, 9, 1]));
    expect(Array.from(a)).toEqual([3]);
    expect(Array.from(b)).toEqual([6, 9]);
  });
  it('keeps the rate exactly over a second of 44.1 kHz in odd-sized buffers', () => {
    const d = new Downsampler(44_100);
    let n = 0;
    for (let left = 44_100; left > 0; left -= 1000) n += d.push(new Float32Array(Math.min(1000, left))).length;
    expect(n).toBe(16_000);
  });
  it('refuses to upsample', () => { expect(() => new Downsampler(8000)).toThrow(); });
});

describe('AudioFramer', () => {
  it('cuts one-second mu-law frames numbered from 0, under the 31 KB message limit', () => {
    const f = new AudioFramer('s1');
    expect(f.push(new Float32Array(10_000))).toEqual([]);
    const frames = f.push(new Float32Array(2 * CHUNK_SAMPLES));
    expect(frames.map((x) => [x.stream, x.seq, x.encoding, x.rate])).toEqual([['s1', 0, 'mulaw', 16000], ['s1', 1, 'mulaw', 16000]]);
    expect(atob(frames[0].data).length).toBe(16_000);
    expect(frames[0].data.length).toBe(21_336);
    expect(JSON.stringify(frames[0]).length).toBeLessThan(31 * 1024);
    const rest = f.flush();
    expect(rest.map((x) => [x.seq, atob(x.data).length])).toEqual([[2, 10_000]]);
  });
  it('starts a new stream from seq 0 and drops what was pending', () => {
    const f = new AudioFramer('old');
    f.push(new Float32Array(CHUNK_SAMPLES + 5));
    f.restart('new');
    expect(f.flush()).toEqual([]);
    expect(f.push(new Float32Array(CHUNK_SAMPLES)).map((x) => [x.stream, x.seq])).toEqual([['new', 0]]);
  });
  it('carries the samples in order: a ramp survives the framing', () => {
    const f = new AudioFramer('r', 4);
    const frames = f.push(Float32Array.from([0, 0.25, 0.5, 0.75, 1, -1]));
    expect(Array.from(atob(frames[0].data), (c) => c.charCodeAt(0))).toEqual(Array.from(encodeMulaw(Float32Array.from([0, 0.25, 0.5, 0.75]))));
  });
});
