// Candidates from a CSV file: name,email[,language]; a header row is optional; ; or , separated.
import type { Lang } from './api';

export interface CsvCandidate { line: number; name: string; email: string; language?: Lang; error?: string }

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const LANGS = ['en', 'ru', 'de', 'es'];

export function splitCsvLine(line: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; }
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) { out.push(cur.trim()); cur = ''; }
    else cur += c;
  }
  out.push(cur.trim());
  return out;
}

export function parseCandidatesCsv(text: string, defaultLang: Lang = 'en'): CsvCandidate[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const first = lines.find((l) => l.trim()) ?? '';
  const sep = (first.match(/;/g)?.length ?? 0) > (first.match(/,/g)?.length ?? 0) ? ';' : ',';
  let cols = { name: 0, email: 1, language: 2 };
  const rows: CsvCandidate[] = [];
  let headerSeen = false;
  let hasHeader = false;
  lines.forEach((raw, i) => {
    if (!raw.trim()) return;
    const cells = splitCsvLine(raw, sep);
    if (!headerSeen) {
      headerSeen = true;
      const lower = cells.map((c) => c.toLowerCase());
      if (lower.some((c) => c === 'email' || c === 'e-mail')) {
        const find = (...names: string[]) => lower.findIndex((c) => names.includes(c));
        cols = { name: find('name', 'full name', 'candidate'), email: find('email', 'e-mail'), language: find('language', 'lang', 'locale') };
        hasHeader = true;
        return;
      }
    }
    if (!hasHeader) {
      // No header: the cell that looks like an email is the email, the first other one the name.
      const e = cells.findIndex((c) => EMAIL.test(c));
      cols = e === 0 ? { name: 1, email: 0, language: 2 } : { name: 0, email: 1, language: 2 };
    }
    const name = cols.name >= 0 ? cells[cols.name] ?? '' : '';
    const email = (cells[cols.email] ?? '').toLowerCase();
    const langCell = cols.language >= 0 ? (cells[cols.language] ?? '').toLowerCase().slice(0, 2) : '';
    const row: CsvCandidate = { line: i + 1, name: name || email.split('@')[0] || '', email, language: (LANGS.includes(langCell) ? langCell : defaultLang) as Lang };
    if (!EMAIL.test(email)) row.error = 'email';
    else if (!row.name) row.error = 'name';
    rows.push(row);
  });
  const seen = new Set<string>();
  for (const r of rows) {
    if (!r.error && seen.has(r.email)) r.error = 'duplicate';
    seen.add(r.email);
  }
  return rows;
}
