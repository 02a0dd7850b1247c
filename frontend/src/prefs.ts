// Preferences the API cannot store yet (see the report's API gaps): kept on this device.
import type { Branding, Lang } from './api';
import { isLang } from './i18n';

const KEY = 'iv.prefs';
export interface LocalPrefs { language?: Lang; companyName?: string; branding?: Branding }

export function loadPrefs(): LocalPrefs {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? '{}') as LocalPrefs;
    return { ...raw, language: isLang(raw.language) ? raw.language : undefined };
  } catch { return {}; }
}
export function savePrefs(p: LocalPrefs) {
  try { localStorage.setItem(KEY, JSON.stringify({ ...loadPrefs(), ...p })); } catch { /* private mode */ }
}

/** A brand colour is used only when it is a valid #rrggbb; otherwise the product colour. */
export function safeColor(c: string | null | undefined, fallback = '#3b5bdb'): string {
  return c && /^#[0-9a-f]{6}$/i.test(c) ? c : fallback;
}

/** Relative luminance contrast ratio (WCAG) between two #rrggbb colours. */
export function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const v = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

/** Text colour for a brand background, and a brand colour dark enough for text on white. */
export function brandVars(color: string): Record<string, string> {
  const c = safeColor(color);
  const onBrand = contrast(c, '#ffffff') >= 4.5 ? '#ffffff' : '#111111';
  return { '--brand': c, '--on-brand': onBrand };
}
