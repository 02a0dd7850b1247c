import type { Consent, ConsentGive, Lang } from '../api';
import type { MessageKey } from '../i18n';

/**
 * The version of the consent wording the candidate sees (the keys below, in their language).
 * The service stores it with the consent and accepts only versions it knows
 * (functions/domain/consent.py CONSENT_TEXT_VERSIONS; a Python test reads this line).
 * Changing any of the wording in any language needs a new version here and there:
 * consent.test.ts compares each language's wording with CONSENT_TEXT_HASHES.
 */
export const CONSENT_TEXT_VERSION = '2026-12-05';

/** The i18n keys whose text is the consent, in the order the page shows them. */
export const CONSENT_KEYS = [
  'cand.consent.title',
  'cand.consent.body',
  'cand.consent.retention',
  'cand.consent.privacy',
  'cand.consent.agree',
  'cand.consent.humanOnly',
  'cand.consent.humanOnlyHint',
] as const satisfies readonly MessageKey[];

/** SHA-256 of each language's raw messages for CONSENT_KEYS (joined by newlines) at CONSENT_TEXT_VERSION. */
export const CONSENT_TEXT_HASHES: Record<Lang, string> = {
  en: 'd5a398bcf9b583c8ac04a8a258f352ae7c849ce90f49ad930261b00a5d25a7bd',
  de: '05cad56876f63d582963554df0a7764c97aee7833ae04de236e3a6761849c4cd',
  es: '3797253ca2fc18b803fa0d41ea4c4e591e9432cd2901ba98af82f053630cb2c8',
  ru: 'bcf218afbd41dcd43acfc82ec1942d1b50ef474adce782f8bd39be39e65e5f22',
};

/** What the candidate ticked on the welcome page. */
export interface ConsentChoice { agreed: boolean; humanOnly: boolean }

/** Start is allowed once the box is ticked, or when the consent was given before (a return). */
export function canStart(choice: ConsentChoice, given: Consent | null | undefined): boolean {
  return !!given?.recording_and_ai_analysis || choice.agreed;
}

/** The consent to send when the candidate starts; null when there is nothing to send (given
 * already, or the box not ticked). */
export function consentToSend(choice: ConsentChoice, given: Consent | null | undefined, lang: Lang): ConsentGive | null {
  if (given?.recording_and_ai_analysis || !choice.agreed) return null;
  return { text_version: CONSENT_TEXT_VERSION, language: lang, recording_and_ai_analysis: true, human_review_only: choice.humanOnly };
}
