// A tiny IndexedDB store: upload states (by invitation token) and recorded chunks.
import type { UploadState } from './state';

const DB = 'iv-uploads';
const STATES = 'states';
const CHUNKS = 'chunks';

let opening: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  if (opening) return opening;
  opening = new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(STATES)) db.createObjectStore(STATES);
      if (!db.objectStoreNames.contains(CHUNKS)) db.createObjectStore(CHUNKS);
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => { opening = null; reject(req.error); };
  });
  return opening;
}

function tx<T>(store: string, mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
  return open().then((db) => new Promise<T | undefined>((resolve, reject) => {
    const t = db.transaction(store, mode);
    const r = fn(t.objectStore(store));
    t.oncomplete = () => resolve(r ? r.result : undefined);
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error);
  }));
}

const stateKey = (token: string, answerId: string) => `${token}|${answerId}`;
const chunkKey = (answerId: string, seq: number) => `${answerId}:${String(seq).padStart(6, '0')}`;

export const uploadStore = {
  saveState: (s: UploadState) => tx(STATES, 'readwrite', (st) => st.put(s, stateKey(s.token, s.answerId))).then(() => undefined),
  /** Every unfinished upload of one invitation, oldest first. */
  listStates: async (token: string): Promise<UploadState[]> => {
    const rows = (await tx<UploadState[]>(STATES, 'readonly', (st) => st.getAll(IDBKeyRange.bound(`${token}|`, `${token}|\uffff`)) as IDBRequest<UploadState[]>)) ?? [];
    return rows.sort((a, b) => a.answerId.localeCompare(b.answerId));
  },
  deleteState: (token: string, answerId: string) => tx(STATES, 'readwrite', (st) => st.delete(stateKey(token, answerId))).then(() => undefined),
  putChunk: async (answerId: string, seq: number, blob: Blob) => {
    // Store bytes, not the Blob: some engines lose Blobs from IndexedDB across reloads.
    const buf = await blob.arrayBuffer();
    await tx(CHUNKS, 'readwrite', (st) => st.put({ type: blob.type, buf }, chunkKey(answerId, seq)));
  },
  getChunks: async (answerId: string, from: number, to: number, type: string): Promise<Blob> => {
    const range = IDBKeyRange.bound(chunkKey(answerId, from), chunkKey(answerId, to - 1));
    const rows = (await tx<{ buf: ArrayBuffer }[]>(CHUNKS, 'readonly', (st) => st.getAll(range) as IDBRequest<{ buf: ArrayBuffer }[]>)) ?? [];
    return new Blob(rows.map((r) => r.buf), { type });
  },
  deleteChunks: (answerId: string) => tx(CHUNKS, 'readwrite', (st) => st.delete(IDBKeyRange.bound(`${answerId}:`, `${answerId}:\uffff`))).then(() => undefined),
};

/**
 * Asks the browser not to evict stored recordings under storage pressure (best effort: Chromium
 * decides silently, Firefox may ask once). Called after the camera permission, before recording.
 */
export function requestDurableStorage(): void {
  try {
    void navigator.storage?.persist?.().catch(() => undefined);
  } catch { /* not offered here */ }
}
