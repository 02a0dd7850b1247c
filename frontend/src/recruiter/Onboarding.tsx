import { useState } from 'react';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { Icon } from '../ui';

const KEY = 'onboarding-dismissed:';

export function onboardingDismissed(companyId: string): boolean {
  try { return localStorage.getItem(KEY + companyId) === '1'; } catch { return false; }
}

/**
 * A new company's first steps, ticked from real data (its templates, its interviews). Hidden once
 * every step is done, or when dismissed (remembered per company on this device). Renders nothing
 * until both counts are known, so an established company never sees it flash.
 */
export function Onboarding({ companyId, templates, invitations }: { companyId: string; templates: number | null; invitations: number | null }) {
  const { t } = useI18n();
  const [dismissed, setDismissed] = useState(() => onboardingDismissed(companyId));
  if (dismissed || templates === null || invitations === null) return null;
  const steps = [
    { key: 'template', done: templates > 0, label: t('onb.template'), action: <Link to="/app/templates/new">{t('onb.templateAction')}</Link> },
    { key: 'invite', done: invitations > 0, label: t('onb.invite'), action: <span className="small muted">{t('onb.inviteHint')}</span> },
  ];
  const done = steps.filter((s) => s.done).length;
  if (done === steps.length) return null;
  const dismiss = () => { try { localStorage.setItem(KEY + companyId, '1'); } catch { /* this session only */ } setDismissed(true); };
  return (
    <section className="card" aria-labelledby="onb-h" style={{ marginBottom: 24 }}>
      <div className="card-head">
        <h2 id="onb-h">{t('onb.title')}</h2>
        <span className="small muted" id="onb-progress">{t('onb.progress', { n: done, total: steps.length })}</span>
        <span className="spacer" />
        <button type="button" className="btn ghost sm" onClick={dismiss}>{t('onb.dismiss')}</button>
      </div>
      <ul aria-describedby="onb-progress" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {steps.map((s) => (
          <li key={s.key} data-step={s.key} data-done={s.done} className="row" style={{ padding: '12px 20px', borderBottom: '1px solid var(--border)', gap: 12 }}>
            <span className="avatar" aria-hidden="true" style={s.done ? { background: 'var(--ok, #2b8a3e)', color: '#fff' } : undefined}>{s.done ? <Icon name="check" /> : steps.indexOf(s) + 1}</span>
            <span style={{ flex: 1, fontWeight: 560, textDecoration: s.done ? 'line-through' : undefined }}>{s.label}<span className="sr-only"> ({s.done ? t('onb.done') : t('onb.todo')})</span></span>
            {!s.done && s.action}
          </li>
        ))}
      </ul>
    </section>
  );
}
