// Who reviews an interview: chips with names; admins and recruiters add (a member picker) and remove.
import { useRef, useState, type FormEvent } from 'react';
import { api, type InterviewDetail, type Member, type UserPublic } from '../api';
import { useI18n, type MessageKey } from '../i18n';
import { ErrorAlert, Icon, useToast } from '../ui';
import { useAsync } from './hooks';

const ROLE_ORDER = { interviewer: 0, hr: 1, admin: 2 } as const;

export function ReviewersCard({ d, manager, members, onChanged }: { d: InterviewDetail; manager: boolean; members: Member[]; onChanged: () => void }) {
  const { t } = useI18n();
  const toast = useToast();
  // The whole team for the picker (admins and recruiters only may list it); names otherwise
  // come from the interview's mentionable members, which include its reviewers.
  const users = useAsync(() => (manager ? api.listUsers() : Promise.resolve({ items: [] as UserPublic[] })), [manager]);
  const [choice, setChoice] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const picker = useRef<HTMLSelectElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const names = new Map<string, string>();
  for (const m of members) names.set(m.id, m.name);
  for (const u of users.data?.items ?? []) names.set(u.id, u.name || u.email);
  const nameOf = (id: string) => names.get(id) ?? t('rv.unknown');
  const available = (users.data?.items ?? [])
    .filter((u) => u.active !== false && !d.reviewer_ids.includes(u.id))
    .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.name.localeCompare(b.name));

  const assign = async (e: FormEvent) => {
    e.preventDefault();
    if (!choice) return;
    setBusy(true); setError(null);
    try {
      await api.assignReviewers(d.id, [choice]);
      toast(t('rv.assigned', { name: nameOf(choice) }));
      setChoice('');
      onChanged();
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  const remove = async (id: string) => {
    setError(null);
    try {
      await api.unassignReviewer(d.id, id);
      toast(t('rv.removed', { name: nameOf(id) }));
      onChanged();
      (picker.current ?? heading.current)?.focus();
    } catch (err) { setError(err); }
  };

  return (
    <section className="card card-pad stack" aria-labelledby="reviewers-h">
      <h2 id="reviewers-h" ref={heading} tabIndex={-1}>{t('rv.title')}</h2>
      {d.reviewer_ids.length === 0
        ? <p className="muted small">{t('rv.none')}</p>
        : (
          <ul className="chips plain-list" aria-label={t('rv.assignedN', { n: d.reviewer_ids.length })}>
            {d.reviewer_ids.map((id) => (
              <li key={id} className="chip" style={manager ? undefined : { paddingRight: 10 }}>
                {nameOf(id)}
                {manager && <button type="button" onClick={() => void remove(id)} aria-label={t('rv.remove', { name: nameOf(id) })}><Icon name="x" size={12} /></button>}
              </li>
            ))}
          </ul>
        )}
      <ErrorAlert error={error || users.error} />
      {manager && (
        <form className="stack reviewer-pick" onSubmit={assign}>
          <div className="field">
            <label htmlFor="rv-pick">{t('rv.add')}</label>
            <select id="rv-pick" ref={picker} className="select" value={choice} onChange={(e) => setChoice(e.target.value)}>
              <option value="">{available.length ? t('rv.choose') : t('rv.nobodyLeft')}</option>
              {available.map((u) => <option key={u.id} value={u.id}>{`${u.name || u.email} · ${t(`role.${u.role}` as MessageKey)}`}</option>)}
            </select>
          </div>
          <button type="submit" className="btn" disabled={!choice || busy} style={{ alignSelf: 'flex-start' }}><Icon name="plus" />{t('rv.assign')}</button>
        </form>
      )}
    </section>
  );
}
