import { describe, expect, it } from 'vitest';
import { AudioChunker, ChunkSender, chunkSender, encodeWav, type AudioChunk } from './audioChunks';

function record(seconds: number, rate = 48000, block = 128): AudioChunk[] {
  const chunks: AudioChunk[] = [];
  const chunker = new AudioChunker(rate, (c) => chunks.push(c));
  const total = Math.round(seconds * rate);
  for (let at = 0; at < total; at += block) {
    const samples = new Float32Array(Math.min(block, total - at));
    for (let i = 0; i < samples.length; i++) samples[i] = Math.sin(((at + i) / rate) * 2 * Math.PI * 440) * 0.5;
    chunker.push(samples);
  }
  chunker.finish();
  return chunks;
}

function seconds(c: AudioChunk): number {
  return new DataView(c.wav.buffer).getUint32(40, true) / 2 / 16000;
}

describe('encodeWav', () => {
  it('frames 16-bit PCM as a mono 16 kHz WAV', () => {
    const wav = encodeWav(new Int16Array([0, 1000, -1000, 32767]));
    const view = new DataView(wav.buffer);
    const text = (at: number) => String.fromCharCode(...wav.slice(at, at + 4));
    expect([text(0), text(8), text(12), text(36)]).toEqual(['RIFF', 'WAVE', 'fmt ', 'data']);
    expect(view.getUint32(4, true)).toBe(36 + 8);
    expect(view.getUint16(20, true)).toBe(1); // PCM
    expect(view.getUint16(22, true)).toBe(1); // mono
    expect(view.getUint32(24, true)).toBe(16000);
    expect(view.getUint32(28, true)).toBe(32000);
    expect(view.getUint16(34, true)).toBe(16);
    expect(view.getUint32(40, true)).toBe(8);
    expect(view.getInt16(46, true)).toBe(1000);
    expect(view.getInt16(48, true)).toBe(-1000);
    expect(wav.length).toBe(52);
  });
});

describe('AudioChunker', () => {
  it('cuts 4 s chunks numbered from 0, each starting 0.5 s before the previous one ends', () => {
    const chunks = record(10);
    expect(chunks.map((c) => c.index)).toEqual([0, 1, 2]);
    expect(chunks.map((c) => c.startMs)).toEqual([0, 3500, 7500]);
    expect(chunks.map(seconds)).toEqual([4, 4.5, 2.5]); // the last ends with the recording
  });

  it('resamples any input rate to 16 kHz', () => {
    for (const rate of [44100, 48000, 16000]) {
      const chunks = record(4.6, rate);
      expect(chunks.map((c) => c.startMs)).toEqual([0, 3500]);
      expect(seconds(chunks[0])).toBe(4);
      expect(seconds(chunks[1])).toBeCloseTo(1.1, 2);
    }
  });

  it('leaves a rest shorter than the overlap to the pipeline, as plan_chunks does', () => {
    expect(record(4.4).map((c) => c.index)).toEqual([0]);
    expect(record(0.3).map(seconds)).toEqual([0.3]); // a short answer is one chunk
    expect(record(8).map((c) => c.startMs)).toEqual([0, 3500]);
  });

  it('takes nothing after finish', () => {
    const chunks: AudioChunk[] = [];
    const chunker = new AudioChunker(16000, (c) => chunks.push(c));
    chunker.push(new Float32Array(16000));
    chunker.finish();
    chunker.push(new Float32Array(16000 * 5));
    chunker.finish();
    expect(chunks.length).toBe(1);
  });
});

describe('ChunkSender', () => {
  it('holds chunks until the answer exists, then sends all in order; a failure is dropped', async () => {
    const sent: number[] = [];
    const sender = new ChunkSender();
    const chunk = (index: number): AudioChunk => ({ index, startMs: index * 3500, wav: new Uint8Array(44) });
    sender.add(chunk(0));
    sender.add(chunk(1));
    expect(sent).toEqual([]);
    sender.open(async (c) => { if (c.index === 2) throw new Error('offline'); sent.push(c.index); });
    sender.add(chunk(2));
    sender.add(chunk(3));
    await sender.settled();
    expect(sent).toEqual([0, 1, 3]);
    expect(sender.failed).toBe(1);
  });
});

describe('chunkSender', () => {
  it('asks a grant for the chunk by number and start, then POSTs the granted form and the WAV', async () => {
    const asked: unknown[] = [];
    const posted: { url: string; form: FormData }[] = [];
    const post = (async (url: string, init: RequestInit) => { posted.push({ url, form: init.body as FormData }); return new Response(null, { status: 204 }); }) as unknown as typeof fetch;
    const send = chunkSender('tok', 'a1', async (token, answerId, n, body) => { asked.push([token, answerId, n, body]); return { url: 'https://s3/b', fields: { key: `k${n}`, policy: 'p' } }; }, post);
    await send({ index: 2, startMs: 7500, wav: encodeWav(new Int16Array(4)) });
    expect(asked).toEqual([['tok', 'a1', 2, { start_ms: 7500 }]]);
    expect(posted[0].url).toBe('https://s3/b');
    expect([...posted[0].form.keys()]).toEqual(['key', 'policy', 'file']); // S3 wants the file last
    const file = posted[0].form.get('file') as File;
    expect(file.type).toBe('audio/wav');
    expect(file.size).toBe(52);
  });

  it('fails when S3 refuses the chunk', async () => {
    const post = (async () => new Response('denied', { status: 403 })) as unknown as typeof fetch;
    const send = chunkSender('tok', 'a1', async () => ({ url: 'u', fields: {} }), post);
    await expect(send({ index: 0, startMs: 0, wav: new Uint8Array(44) })).rejects.toThrow('HTTP 403');
  });
});
