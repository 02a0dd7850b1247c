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

/** Fills {name} placeholders; a missing key falls back to English, then to the key itself. */
export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  const raw = dictionaries[lang]?.[key] ?? en[key] ?? key;
  if (!vars) return raw;
  return raw.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

export type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

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
