import { describe, expect, it } from 'vitest';
import { MIN_PART_BYTES, PartBuffer, partThreshold, type PartRange } from './parts';
const MiB = 1024 * 1024;

describe('partThreshold', () => {
  it('uses the S3 minimum when the parts can hold the expected recording', () => {
    expect(partThreshold(16 * MiB, 64, 50 * MiB)).toBe(MIN_PART_BYTES);
  });
  it('grows parts when few part URLs must hold a long recording', () => {
    expect(partThreshold(null, 3, 100 * MiB)).toBe(50 * MiB);
  });
  it('never goes below 5 MiB', () => {
    expect(partThreshold(1024, 10_000, 1 * MiB)).toBe(MIN_PART_BYTES);
  });
});

describe('PartBuffer', () => {
  it('buffers chunks until a part reaches the threshold', () => {
    const b = new PartBuffer(5 * MiB, 10);
    const cut = [];
    for (let i = 0; i < 12; i++) { const p = b.push(1 * MiB); if (p) cut.push(p); }
    expect(cut).toEqual([
      { partNumber: 1, from: 0, to: 5, size: 5 * MiB },
      { partNumber: 2, from: 5, to: 10, size: 5 * MiB },
    ]);
    expect(b.buffered).toBe(2 * MiB);
    expect(b.finish()).toEqual({ partNumber: 3, from: 10, to: 12, size: 2 * MiB });
    expect(b.finish()).toBeNull();
  });
  it('every part but the last is at least the S3 minimum', () => {
    const b = new PartBuffer(MIN_PART_BYTES, 100);
    const parts: PartRange[] = [];
    let size = 0;
    for (let i = 0; i < 200; i++) { const s = 200_000 + ((i * 7919) % 150_000); size += s; const p = b.push(s); if (p) parts.push(p); }
    const last = b.finish();
    if (last) parts.push(last);
    parts.slice(0, -1).forEach((p) => expect(p.size).toBeGreaterThanOrEqual(MIN_PART_BYTES));
    expect(parts.reduce((s, p) => s + p.size, 0)).toBe(size);
    expect(parts.map((p) => p.partNumber)).toEqual(parts.map((_, i) => i + 1));
    parts.slice(1).forEach((p, i) => expect(p.from).toBe(parts[i].to));
  });
  it('keeps everything in the last allowed part instead of running out of URLs', () => {
    const b = new PartBuffer(5 * MiB, 2);
    const cut = [];
    for (let i = 0; i < 30; i++) { const p = b.push(1 * MiB); if (p) cut.push(p); }
    expect(cut).toHaveLength(1);
    expect(b.finish()).toMatchObject({ partNumber: 2, size: 25 * MiB });
  });
  it('resumes from a snapshot', () => {
    const a = new PartBuffer(5 * MiB, 10);
    for (let i = 0; i < 7; i++) a.push(1 * MiB);
    const b = new PartBuffer(5 * MiB, 10, a.snapshot());
    expect(b.finish()).toEqual({ partNumber: 2, from: 5, to: 7, size: 2 * MiB });
  });
  it('finishes an empty recording with no part', () => {
    expect(new PartBuffer(5 * MiB, 10).finish()).toBeNull();
  });
});
