// What the admin screens decide without the browser: which tabs a role sees, the QR code's
// drawing, muted emails, webhook event choices and delivery tones.
import type { EventType, OptionalEmail } from '../../api';
import type { Role } from '../../api-types';

export type SettingsTab = 'general' | 'team' | 'security' | 'notifications' | 'webhooks' | 'api-keys' | 'hooks';

/** The settings tabs in order, with who may open each (the server refuses the same). */
const TABS: [SettingsTab, readonly Role[]][] = [
  ['general', ['admin', 'hr', 'interviewer']],
  ['team', ['admin', 'hr']], // listUsers is for managers; inviting and changing members for admins
  ['security', ['admin', 'hr', 'interviewer']],
  ['notifications', ['admin', 'hr', 'interviewer']],
  ['webhooks', ['admin', 'hr']],
  ['api-keys', ['admin']],
  ['hooks', ['admin']], // listHooks, like the API keys that subscribe them
];

export function settingsTabs(role: Role): SettingsTab[] {
  return TABS.filter(([, roles]) => roles.includes(role)).map(([tab]) => tab);
}

/** "/app/settings/team" -> "team"; the bare settings path is the general tab; anything else null. */
export function tabOfPath(path: string): SettingsTab | null {
  const rest = path.replace(/\/+$/, '').slice('/app/settings'.length).replace(/^\//, '');
  if (!path.startsWith('/app/settings')) return null;
  if (rest === '') return 'general';
  return (TABS.map(([t]) => t) as string[]).includes(rest) && rest !== 'general' ? (rest as SettingsTab) : null;
}

export const tabPath = (tab: SettingsTab) => (tab === 'general' ? '/app/settings' : `/app/settings/${tab}`);

/**
 * The dark modules of a QR matrix as one SVG path: a horizontal run of modules is one rectangle,
 * so a 33x33 code is a few hundred commands, not a thousand elements.
 */
export function qrPath(matrix: readonly (readonly boolean[])[]): string {
  const parts: string[] = [];
  matrix.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) {
      if (!row[x]) continue;
      let end = x;
      while (end + 1 < row.length && row[end + 1]) end++;
      parts.push(`M${x} ${y}h${end - x + 1}v1h-${end - x + 1}z`);
      x = end;
    }
  });
  return parts.join('');
}

/** The emails a member may turn off, in the order the screen lists them. */
export const OPTIONAL_EMAILS = ['interview_completed', 'analysis_ready', 'mention', 'webhook_endpoint_disabled'] as const satisfies readonly OptionalEmail[];
// A compile-time check that the list above names every optional email of the API's schema.
const everyEmail: Record<Exclude<OptionalEmail, (typeof OPTIONAL_EMAILS)[number]>, never> = {};
void everyEmail;

/** The muted list after switching one email on (`wanted`) or off. */
export function setMuted(muted: readonly OptionalEmail[], email: OptionalEmail, wanted: boolean): OptionalEmail[] {
  const rest = muted.filter((m) => m !== email);
  return wanted ? rest : [...rest, email].sort();
}

/** The webhook event types, grouped as the form shows them. */
export const EVENT_TYPES = [
  'interview.created', 'interview.invited', 'interview.started', 'interview.completed', 'interview.analyzed', 'interview.decided', 'interview.expired', 'interview.deadline_extended',
  'answer.uploaded', 'answer.scored', 'answer.failed',
  'live_interview.scheduled', 'live_interview.cancelled', 'live_interview.started', 'live_interview.ended', 'live_interview.analyzed',
  'candidate.imported', 'candidate.erased', 'comment.created', 'comment.mentioned', 'reviewer.assigned', 'scorecard.submitted', 'team.member_added', 'template.published',
  'billing.payment_failed', 'billing.payment_succeeded', 'billing.quota_warning', 'webhook.endpoint_disabled',
] as const satisfies readonly EventType[];
const everyEvent: Record<Exclude<EventType, (typeof EVENT_TYPES)[number]>, never> = {};
void everyEvent;

/** The chosen event types as the API takes them: none chosen means every type. */
export function toggleEvent(chosen: readonly EventType[], type: EventType, on: boolean): EventType[] {
  const rest = chosen.filter((t) => t !== type);
  return on ? EVENT_TYPES.filter((t) => t === type || rest.includes(t)) : rest;
}

export type Tone = 'ok' | 'warn' | 'bad';
/** How a delivery's status is shown. */
export function deliveryTone(status: string): Tone {
  if (status === 'succeeded') return 'ok';
  if (status === 'failed') return 'bad';
  return 'warn';
}

/** The HTTP status of a delivery's last attempt, or null before any. */
export function lastStatusCode(attempts: readonly { status_code?: number | null }[]): number | null {
  return attempts.length ? (attempts[attempts.length - 1].status_code ?? null) : null;
}
