// Multipart part planning: MediaRecorder emits small chunks (about one a second); S3 needs
// every part but the last to be at least 5 MiB, so chunks are buffered until a part is full.

export const MIN_PART_BYTES = 5 * 1024 * 1024;

export interface PartRange {
  partNumber: number;
  /** first chunk index (inclusive) */
  from: number;
  /** last chunk index (exclusive) */
  to: number;
  size: number;
}

/**
 * The size at which a part is cut. As small as S3 allows (so parts stream while recording),
 * but large enough that `maxParts` parts can hold the longest expected recording.
 */
export function partThreshold(grantPartSize: number | null | undefined, maxParts: number, expectedMaxBytes: number): number {
  const byCapacity = maxParts > 1 ? Math.ceil(expectedMaxBytes / (maxParts - 1)) : Number.MAX_SAFE_INTEGER;
  const threshold = Math.max(MIN_PART_BYTES, byCapacity);
  // The server's suggestion is an upper bound only when it is itself valid for S3.
  if (grantPartSize && grantPartSize >= MIN_PART_BYTES && threshold > grantPartSize && maxParts * grantPartSize >= expectedMaxBytes) {
    return grantPartSize;
  }
  return threshold;
}

/** Buffers chunk sizes and cuts part ranges; pure bookkeeping, the bytes live elsewhere. */
export class PartBuffer {
  private pendingFrom: number;
  private pendingSize = 0;
  private nextChunk: number;
  private nextPart: number;

  constructor(
    readonly threshold: number,
    readonly maxParts: number,
    start: { nextChunk: number; nextPart: number; pendingFrom?: number; pendingSize?: number } = { nextChunk: 0, nextPart: 1 },
  ) {
    this.nextChunk = start.nextChunk;
    this.nextPart = start.nextPart;
    this.pendingFrom = start.pendingFrom ?? start.nextChunk;
    this.pendingSize = start.pendingSize ?? 0;
  }

  /** Adds one chunk; returns the part it completes, if any. The last allowed part is never cut early. */
  push(size: number): PartRange | null {
    this.nextChunk += 1;
    this.pendingSize += size;
    if (this.pendingSize >= this.threshold && this.nextPart < this.maxParts) return this.cut();
    return null;
  }

  /** The recording ended: whatever is buffered becomes the last part (may be small). */
  finish(): PartRange | null {
    if (this.nextChunk === this.pendingFrom) return null;
    return this.cut();
  }

  get buffered(): number { return this.pendingSize; }
  get partsCut(): number { return this.nextPart - 1; }
  snapshot() { return { nextChunk: this.nextChunk, nextPart: this.nextPart, pendingFrom: this.pendingFrom, pendingSize: this.pendingSize }; }

  private cut(): PartRange {
    const part = { partNumber: this.nextPart, from: this.pendingFrom, to: this.nextChunk, size: this.pendingSize };
    this.nextPart += 1;
    this.pendingFrom = this.nextChunk;
    this.pendingSize = 0;
    return part;
  }
}
