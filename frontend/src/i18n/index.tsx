import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, type Messages } from './en';
import type { Lang } from '../api';

export type MessageKey = keyof Messages;
export const LANGS: Lang[] = ['en', 'ru', 'de', 'es'];
export const LANG_NAMES: Record<Lang, string> = { en: 'English', ru: 'Русский', de: 'Deutsch', es: 'Español' };
/** English is built in; the other languages load on demand (a chunk each). */
export const dictionaries: Partial<Record<Lang, Messages>> = { en };
const loaders: Record<Exclude<Lang, 'en'>, () => Promise<Messages>> = {
  ru: () => import('./ru').then((m) => m.ru),
  de: () => import('./de').then((m) => m.de),
  es: () => import('./es').then((m) => m.es),
};
export async function loadLang(lang: Lang): Promise<void> {
  if (dictionaries[lang]) return;
  try { dictionaries[lang] = await loaders[lang as Exclude<Lang, 'en'>](); } catch { /* stays English */ }
}

export function isLang(x: unknown): x is Lang {
  return typeof x === 'string' && (LANGS as string[]).includes(x);
}

type Vars = Record<string, string | number>;

/** Fills {name} placeholders; a missing key falls back to English, then to the key itself. */
export function translate(lang: Lang, key: MessageKey, vars?: Vars): string {
  return formatMessage(lang, dictionaries[lang]?.[key] ?? en[key] ?? key, vars);
}

/** The index of the brace closing the one at `open`, or -1. */
function closing(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

const PLURAL = /^\s*(\w+)\s*,\s*plural\s*,([\s\S]*)$/;

/** The forms of an ICU plural body: "one {# question} other {# questions}" -> {one: ..., other: ...}. */
export function pluralForms(body: string): Record<string, string> {
  const forms: Record<string, string> = {};
  let i = 0;
  for (;;) {
    const m = /^\s*([^\s{}]+)\s*\{/.exec(body.slice(i));
    if (!m) break;
    const open = i + m[0].length - 1;
    const close = closing(body, open);
    if (close < 0) break;
    forms[m[1]] = body.slice(open + 1, close);
    i = close + 1;
  }
  return forms;
}

/**
 * A small subset of ICU MessageFormat: {name} placeholders and
 * {count, plural, one {# item} few {...} many {...} other {# items}} with the language's own
 * plural categories (Intl.PluralRules); # is the count in the language's number format.
 */
export function formatMessage(lang: Lang, raw: string, vars?: Vars): string {
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const open = raw.indexOf('{', i);
    const close = open < 0 ? -1 : closing(raw, open);
    if (close < 0) { out += raw.slice(i); break; }
    out += raw.slice(i, open);
    const inner = raw.slice(open + 1, close);
    const plural = PLURAL.exec(inner);
    if (plural) out += formatPlural(lang, vars?.[plural[1]], pluralForms(plural[2]), vars);
    else if (vars && inner in vars) out += String(vars[inner]);
    else out += raw.slice(open, close + 1);
    i = close + 1;
  }
  return out;
}

function formatPlural(lang: Lang, value: string | number | undefined, forms: Record<string, string>, vars?: Vars): string {
  const n = typeof value === 'number' ? value : Number(value);
  const known = value !== undefined && value !== '' && Number.isFinite(n);
  const form = (known ? forms[`=${n}`] ?? forms[new Intl.PluralRules(lang).select(n)] : undefined) ?? forms.other ?? '';
  const shown = known ? new Intl.NumberFormat(lang).format(n) : String(value ?? '');
  return formatMessage(lang, form.replace(/#/g, shown), vars);
}

/** Walks a message's placeholders and plurals, the plural forms included. */
function scan(s: string, onVar: (name: string) => void, onPlural: (name: string, forms: Record<string, string>) => void) {
  let i = 0;
  for (;;) {
    const open = s.indexOf('{', i);
    const close = open < 0 ? -1 : closing(s, open);
    if (close < 0) return;
    const inner = s.slice(open + 1, close);
    const plural = PLURAL.exec(inner);
    if (plural) {
      const forms = pluralForms(plural[2]);
      onPlural(plural[1], forms);
      Object.values(forms).forEach((f) => scan(f, onVar, onPlural));
    } else if (/^\w+$/.test(inner)) onVar(inner);
    i = close + 1;
  }
}

/** Every variable a message uses, plural counts included (for the translation tests). */
export function messageVars(raw: string): string[] {
  const found = new Set<string>();
  scan(raw, (v) => found.add(v), (v) => found.add(v));
  return [...found].sort();
}

/** Each plural in a message: its count variable and the categories it gives forms for. */
export function pluralsOf(raw: string): { name: string; forms: string[] }[] {
  const out: { name: string; forms: string[] }[] = [];
  scan(raw, () => undefined, (name, forms) => out.push({ name, forms: Object.keys(forms) }));
  return out;
}

export type T = (key: MessageKey, vars?: Vars) => string;

interface I18n { lang: Lang; t: T; fmtDate: (iso: string | null | undefined, withTime?: boolean) => string; fmtDuration: (seconds: number) => string }
const Ctx = createContext<I18n>(make('en'));

function make(lang: Lang): I18n {
  const dateFmt = new Intl.DateTimeFormat(lang, { dateStyle: 'medium' });
  const dateTimeFmt = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  const t: T = (key, vars) => translate(lang, key, vars);
  return {
    lang,
    t,
    fmtDate: (iso, withTime = false) => {
      if (!iso) return '—';
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? '—' : (withTime ? dateTimeFmt : dateFmt).format(d);
    },
    fmtDuration: (seconds) => formatDuration(seconds),
  };
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, '0')}`;
}

export function I18nProvider({ lang, children }: { lang: Lang; children: ReactNode }) {
  const [ready, setReady] = useState<Lang | null>(dictionaries[lang] ? lang : null);
  useEffect(() => {
    let live = true;
    if (dictionaries[lang]) setReady(lang);
    else void loadLang(lang).then(() => { if (live) setReady(lang); });
    return () => { live = false; };
  }, [lang]);
  const shown = ready ?? 'en';
  const value = useMemo(() => make(shown), [shown]);
  // Until a language arrives (one small same-origin chunk), nothing flashes in English.
  if (!ready && lang !== 'en') return null;
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export const useI18n = () => useContext(Ctx);
