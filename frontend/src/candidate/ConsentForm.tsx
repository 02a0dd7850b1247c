import { useI18n } from '../i18n';
import type { CandidateSession } from '../api';
import type { ConsentChoice } from './consent';

/**
 * The consent to recording and AI analysis on the welcome page: the wording (its version is
 * CONSENT_TEXT_VERSION), the company's privacy link and retention period, the required box and
 * the human-only option. A consent given before is shown as given.
 */
export function ConsentForm({ session, choice, onChange }: { session: CandidateSession; choice: ConsentChoice; onChange: (c: ConsentChoice) => void }) {
  const { t, lang } = useI18n();
  const company = session.company?.name ?? '';
  const given = session.consent;
  return (
    <section className="consent card card-pad stack" aria-labelledby="consent-h">
      <h2 id="consent-h">{t('cand.consent.title')}</h2>
      <p>{t('cand.consent.body', { company })}</p>
      <p>{t('cand.consent.retention', { n: session.recording_retention_months })}</p>
      {session.privacy_url && <p><a href={session.privacy_url} target="_blank" rel="noopener noreferrer">{t('cand.consent.privacy', { company })}</a></p>}
      {given ? (
        <div className="alert ok" role="status">
          <p>{t('cand.consent.given', { date: new Date(given.consented_at).toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' }) })}</p>
          {given.human_review_only && <p>{t('cand.consent.givenHuman')}</p>}
        </div>
      ) : (
        <div className="stack">
          <label className="checkbox consent-check" htmlFor="consent-agree">
            <input id="consent-agree" type="checkbox" required aria-required="true" checked={choice.agreed} onChange={(e) => onChange({ ...choice, agreed: e.target.checked })} />
            <span>{t('cand.consent.agree')}</span>
          </label>
          <label className="checkbox consent-check" htmlFor="consent-human">
            <input id="consent-human" type="checkbox" checked={choice.humanOnly} aria-describedby="consent-human-hint" onChange={(e) => onChange({ ...choice, humanOnly: e.target.checked })} />
            <span>{t('cand.consent.humanOnly')}</span>
          </label>
          <p id="consent-human-hint" className="small muted">{t('cand.consent.humanOnlyHint')}</p>
        </div>
      )}
    </section>
  );
}
