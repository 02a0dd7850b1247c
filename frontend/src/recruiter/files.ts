// Files the recruiter downloads: names that every system accepts, and saving a Blob or a
// presigned link's file without leaving the page.
import type { StoredFile } from '../api';

/** A file name from free text (a template or candidate name): letters and digits of any script kept. */
export function safeFileName(base: string, ext: string): string {
  const stem = base.normalize('NFC').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 80);
  return `${stem || 'report'}.${ext}`;
}

/** Saves bytes under a name (an object URL clicked as a download link). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Saves the file behind a presigned link under a readable name; when the storage cannot be read
 * from the page (no CORS), the link opens in a new tab instead.
 */
export async function saveStoredFile(file: StoredFile, filename: string): Promise<void> {
  let blob: Blob | null = null;
  try {
    const res = await fetch(file.url);
    if (res.ok) blob = await res.blob();
  } catch { /* not readable from here: open the link */ }
  if (blob) saveBlob(blob, filename);
  else window.open(file.url, '_blank', 'noopener');
}
