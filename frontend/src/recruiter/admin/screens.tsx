// The admin screens of the settings area (issue 12): team, security (TOTP enrolment),
// notification emails, webhooks, API keys, Zapier/Make hooks. Types are generated from the
// OpenAPI document (src/api-types.ts); what a role cannot do is hidden, and the server refuses it too.
import { useState, type FormEvent, type ReactNode } from 'react';
import { ActionKey, adminApi, ApiError, type ApiKeyScope, type EventType, type OptionalEmail } from '../../api';
import type { ApiKeyPublic, DeliveryPublic, HookSummary, Role, UserCreated, UserPublic, WebhookPublic } from '../../api-types';
import { LANG_NAMES, LANGS, useI18n, type MessageKey } from '../../i18n';
import { Dialog, ErrorAlert, Icon, Spinner, useToast } from '../../ui';
import { useAsync, usePoll } from '../hooks';
import { useSession } from '../RecruiterApp';
import { deliveryTone, EVENT_TYPES, lastStatusCode, OPTIONAL_EMAILS, setMuted, toggleEvent } from './adminState';
import { Confirm, QrCode, SecretOnce } from './parts';

const ROLES: Role[] = ['admin', 'hr', 'interviewer'];
const SCOPES: ApiKeyScope[] = ['jobs:write', 'candidates:write', 'interviews:write', 'hooks:write'];

function Page({ title, sub, children }: { title: string; sub: string; children: ReactNode }) {
  return (
    <div className="page">
      <div className="page-head"><div><h1>{title}</h1><p className="sub">{sub}</p></div></div>
      <div className="stack-lg">{children}</div>
    </div>
  );
}

/** The message of a refusal (problem+json detail), for showing beside what was refused. */
function refusal(e: unknown): string {
  if (e instanceof ApiError) return e.detail || e.title;
  return e instanceof Error ? e.message : String(e);
}

function Badge({ tone, children }: { tone: 'ok' | 'warn' | 'bad' | 'off'; children: ReactNode }) {
  const cls = { ok: 's-analyzed', warn: 's-expired', bad: 's-failed', off: 's-pending' }[tone];
  return <span className={`badge ${cls}`}>{children}</span>;
}

// ---- team --------------------------------------------------------------------------------

export function TeamPage() {
  const { t, fmtDate } = useI18n();
  const { me } = useSession();
  const isAdmin = me.role === 'admin';
  const { data, error, loading, setData } = useAsync(() => adminApi.listUsers(), []);
  const [created, setCreated] = useState<UserCreated | null>(null);
  const [rowError, setRowError] = useState<string | null>(null);
  const [pendingRole, setPendingRole] = useState<{ user: UserPublic; role: Role } | null>(null);
  const [pendingActive, setPendingActive] = useState<UserPublic | null>(null);
  const [busy, setBusy] = useState(false);
  const toast = useToast();
  const members = data?.items ?? [];
  const replace = (u: UserPublic) => setData({ items: members.map((m) => (m.id === u.id ? u : m)) });

  const changeRole = async () => {
    if (!pendingRole) return;
    setBusy(true); setRowError(null);
    try { replace(await adminApi.updateUser(pendingRole.user.id, { role: pendingRole.role })); toast(t('admin.team.roleChanged')); } catch (e) { setRowError(refusal(e)); } finally { setBusy(false); setPendingRole(null); }
  };
  const toggleActive = async () => {
    if (!pendingActive) return;
    const u = pendingActive;
    setBusy(true); setRowError(null);
    try { replace(u.active === false ? await adminApi.reactivateUser(u.id) : await adminApi.deactivateUser(u.id)); } catch (e) { setRowError(refusal(e)); } finally { setBusy(false); setPendingActive(null); }
  };

  return (
    <Page title={t('admin.tab.team')} sub={t(isAdmin ? 'admin.team.sub' : 'admin.team.subReadOnly')}>
      {isAdmin && <InviteMember onCreated={(u) => { setCreated(u); setData({ items: [...members, u] }); }} />}
      {created && <SecretOnce label={t('admin.team.tempPassword', { name: created.name })} value={created.temporary_password} hint={t('admin.team.tempPasswordHint')} onDone={() => setCreated(null)} />}
      <section className="card" aria-labelledby="team-h">
        <div className="card-head"><h2 id="team-h">{t('admin.team.members')}</h2><span className="spacer" /><span className="small muted">{t('admin.team.count', { n: members.length })}</span></div>
        {rowError && <div className="card-body"><div className="alert bad" role="alert"><Icon name="alert" /><span>{rowError}</span></div></div>}
        <ErrorAlert error={error} />
        {loading && !data ? <Spinner /> : (
          <div className="table-wrap">
            <table className="table">
              <caption className="sr-only">{t('admin.team.members')}</caption>
              <thead><tr><th scope="col">{t('admin.team.name')}</th><th scope="col">{t('admin.team.role')}</th><th scope="col">{t('admin.team.status')}</th><th scope="col" className="hide-sm">{t('admin.team.mfa')}</th><th scope="col" className="hide-sm">{t('admin.team.added')}</th>{isAdmin && <th scope="col"><span className="sr-only">{t('admin.actions')}</span></th>}</tr></thead>
              <tbody>
                {members.map((m) => {
                  const self = m.id === me.id;
                  const active = m.active !== false;
                  return (
                    <tr key={m.id} data-member={m.email}>
                      <td><div style={{ fontWeight: 560 }}>{m.name}{self && <span className="muted small"> · {t('admin.team.you')}</span>}</div><div className="small muted wrap-anywhere">{m.email}</div></td>
                      <td>{isAdmin && !self ? (
                        <select className="select compact" aria-label={t('admin.team.roleOf', { name: m.name })} value={m.role} onChange={(e) => setPendingRole({ user: m, role: e.target.value as Role })}>
                          {ROLES.map((r) => <option key={r} value={r}>{t(`role.${r}` as MessageKey)}</option>)}
                        </select>) : t(`role.${m.role}` as MessageKey)}</td>
                      <td>{active ? <Badge tone="ok">{t('admin.team.active')}</Badge> : <Badge tone="off">{t('admin.team.deactivated')}</Badge>}</td>
                      <td className="hide-sm">{m.mfa_enabled ? t('admin.on') : t('admin.off')}</td>
                      <td className="hide-sm">{fmtDate(m.created_at)}</td>
                      {isAdmin && <td>{!self && <button type="button" className={`btn sm ${active ? 'danger' : ''}`} onClick={() => setPendingActive(m)}>{active ? t('admin.team.deactivate') : t('admin.team.reactivate')}<span className="sr-only">: {m.name}</span></button>}</td>}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <Confirm open={!!pendingRole} title={t('admin.team.roleTitle')} confirm={t('admin.team.roleConfirm')} danger={false} busy={busy} onConfirm={changeRole} onClose={() => setPendingRole(null)}>
        {pendingRole && <p>{t('admin.team.roleBody', { name: pendingRole.user.name, role: t(`role.${pendingRole.role}` as MessageKey) })}</p>}
      </Confirm>
      <Confirm open={!!pendingActive} title={pendingActive?.active === false ? t('admin.team.reactivateTitle') : t('admin.team.deactivateTitle')} confirm={pendingActive?.active === false ? t('admin.team.reactivate') : t('admin.team.deactivate')} danger={pendingActive?.active !== false} busy={busy} onConfirm={toggleActive} onClose={() => setPendingActive(null)}>
        {pendingActive && <p>{t(pendingActive.active === false ? 'admin.team.reactivateBody' : 'admin.team.deactivateBody', { name: pendingActive.name })}</p>}
      </Confirm>
    </Page>
  );
}

const inviteKey = new ActionKey();
function InviteMember({ onCreated }: { onCreated: (u: UserCreated) => void }) {
  const { t, lang } = useI18n();
  const [form, setForm] = useState({ name: '', email: '', role: 'hr' as Role, language: lang });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true); setError(null);
    const body = { ...form, name: form.name.trim(), email: form.email.trim() };
    try {
      onCreated(await inviteKey.run(body, (key) => adminApi.createUser(body, key)));
      setForm({ ...form, name: '', email: '' });
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  const api = error instanceof ApiError ? error : null;
  const emailError = api?.fieldError('email') ?? (api?.status === 409 ? refusal(api) : undefined);
  const nameError = api?.fieldError('name');
  const other = error && !emailError && !nameError ? error : null;
  return (
    <section className="card" aria-labelledby="invite-h">
      <div className="card-head"><h2 id="invite-h">{t('admin.team.invite')}</h2></div>
      <form className="card-body stack" onSubmit={submit} noValidate>
        <div className="form-grid">
          <div className="field"><label htmlFor="tm-name">{t('admin.team.name')}</label><input id="tm-name" className="input" required autoComplete="off" value={form.name} aria-invalid={!!nameError} aria-describedby={nameError ? 'tm-name-err' : undefined} onChange={(e) => setForm({ ...form, name: e.target.value })} />{nameError && <span id="tm-name-err" className="error-text">{nameError}</span>}</div>
          <div className="field"><label htmlFor="tm-email">{t('admin.team.email')}</label><input id="tm-email" className="input" type="email" required autoComplete="off" value={form.email} aria-invalid={!!emailError} aria-describedby={emailError ? 'tm-email-err' : undefined} onChange={(e) => setForm({ ...form, email: e.target.value })} />{emailError && <span id="tm-email-err" className="error-text">{emailError}</span>}</div>
          <div className="field"><label htmlFor="tm-role">{t('admin.team.role')}</label><select id="tm-role" className="select" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>{ROLES.map((r) => <option key={r} value={r}>{t(`role.${r}` as MessageKey)}</option>)}</select></div>
          <div className="field"><label htmlFor="tm-lang">{t('settings.language')}</label><select id="tm-lang" className="select" value={form.language} onChange={(e) => setForm({ ...form, language: e.target.value as typeof lang })}>{LANGS.map((l) => <option key={l} value={l} lang={l}>{LANG_NAMES[l]}</option>)}</select></div>
        </div>
        <ErrorAlert error={other} />
        <div><button className="btn primary" type="submit" disabled={busy || !form.name.trim() || !form.email.trim()}><Icon name="plus" />{t('admin.team.inviteButton')}</button></div>
      </form>
    </section>
  );
}

// ---- security: TOTP enrolment ------------------------------------------------------------

/** "JBSWY3DPEHPK3PXP" -> "JBSW Y3DP EHPK 3PXP": easier to type into an app. */
export const groupSecret = (s: string) => s.replace(/(.{4})(?=.)/g, '$1 ');

export function SecurityPage() {
  const { t } = useI18n();
  const { me, reloadMe } = useSession();
  const [setup, setSetup] = useState<{ secret: string; otpauth_uri: string } | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const start = async () => {
    setBusy(true); setError(null);
    try { setSetup(await adminApi.setupMfa()); } catch (e) { setError(e); } finally { setBusy(false); }
  };
  const verify = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try { await adminApi.verifyMfa(code.trim()); setDone(true); setSetup(null); setCode(''); await reloadMe(); } catch (err) { setError(err); } finally { setBusy(false); }
  };
  const codeError = error instanceof ApiError ? (error.fieldError('code') ?? refusal(error)) : null;
  const enabled = me.mfa_enabled;
  return (
    <Page title={t('admin.tab.security')} sub={t('admin.mfa.sub')}>
      <section className="card" aria-labelledby="mfa-h">
        <div className="card-head"><h2 id="mfa-h">{t('admin.mfa.title')}</h2><span className="spacer" />{enabled ? <Badge tone="ok">{t('admin.on')}</Badge> : <Badge tone="off">{t('admin.off')}</Badge>}</div>
        <div className="card-body stack">
          {done && <div className="alert ok" role="status"><Icon name="check" /><span>{t('admin.mfa.enabled')}</span></div>}
          {me.mfa_required && !enabled && <div className="alert warn" role="status"><Icon name="alert" /><span>{t('admin.mfa.required')}</span></div>}
          <p className="muted">{enabled ? t('admin.mfa.onHint') : t('admin.mfa.offHint')}</p>
          {!setup && <div><button type="button" className="btn primary" disabled={busy} onClick={start}>{enabled ? t('admin.mfa.reset') : t('admin.mfa.start')}</button></div>}
          {!setup && !codeError && <ErrorAlert error={error} />}
          {setup && (
            <div className="mfa-setup">
              <QrCode text={setup.otpauth_uri} label={t('admin.mfa.qr')} />
              <form className="stack" onSubmit={verify} noValidate>
                <ol className="mfa-steps small">
                  <li>{t('admin.mfa.step1')}</li>
                  <li>{t('admin.mfa.step2')} <code className="mono secret-value" data-testid="mfa-secret" data-secret={setup.secret}>{groupSecret(setup.secret)}</code></li>
                  <li>{t('admin.mfa.step3')}</li>
                </ol>
                <div className="field" style={{ maxWidth: 220 }}><label htmlFor="mfa-code">{t('admin.mfa.code')}</label>
                  <input id="mfa-code" className="input mono" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} value={code} aria-invalid={!!codeError} aria-describedby={codeError ? 'mfa-code-err' : undefined} onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))} />
                  {codeError && <span id="mfa-code-err" className="error-text">{codeError}</span>}</div>
                <div className="row wrap"><button className="btn primary" type="submit" disabled={busy || code.length !== 6}>{t('admin.mfa.verify')}</button><button className="btn ghost" type="button" onClick={() => { setSetup(null); setError(null); }}>{t('common.cancel')}</button></div>
              </form>
            </div>
          )}
        </div>
      </section>
    </Page>
  );
}

// ---- notification emails -----------------------------------------------------------------

export function NotificationsPage() {
  const { t } = useI18n();
  const { me, reloadMe } = useSession();
  const [muted, setMutedList] = useState<OptionalEmail[]>(me.muted_notifications ?? []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const toast = useToast();
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try { await adminApi.updateMe({ muted_notifications: muted }); await reloadMe(); toast(t('settings.saved')); } catch (err) { setError(err); } finally { setBusy(false); }
  };
  return (
    <Page title={t('admin.tab.notifications')} sub={t('admin.notif.sub')}>
      <section className="card" aria-labelledby="notif-h">
        <div className="card-head"><h2 id="notif-h">{t('admin.notif.title')}</h2></div>
        <form className="card-body stack" onSubmit={save}>
          <fieldset className="plain-fieldset stack">
            <legend className="sr-only">{t('admin.notif.title')}</legend>
            {OPTIONAL_EMAILS.map((kind) => (
              <label key={kind} className="checkbox">
                <input type="checkbox" checked={!muted.includes(kind)} onChange={(e) => setMutedList(setMuted(muted, kind, e.target.checked))} />
                <span>{t(`admin.notif.${kind}` as MessageKey)}</span>
              </label>
            ))}
          </fieldset>
          <p className="small muted">{t('admin.notif.always')}</p>
          <ErrorAlert error={error} />
          <div><button className="btn primary" type="submit" disabled={busy}>{t('common.save')}</button></div>
        </form>
      </section>
    </Page>
  );
}

// ---- webhooks ----------------------------------------------------------------------------

function EventPicker({ value, onChange, idPrefix }: { value: EventType[]; onChange: (v: EventType[]) => void; idPrefix: string }) {
  const { t } = useI18n();
  return (
    <fieldset className="plain-fieldset">
      <legend className="label">{t('admin.wh.events')}</legend>
      <p className="hint" id={`${idPrefix}-events-hint`}>{t('admin.wh.eventsHint')}</p>
      <div className="event-grid">
        {EVENT_TYPES.map((type) => (
          <label key={type} className="checkbox small"><input type="checkbox" id={`${idPrefix}-${type}`} checked={value.includes(type)} onChange={(e) => onChange(toggleEvent(value, type, e.target.checked))} /><span className="mono">{type}</span></label>
        ))}
      </div>
    </fieldset>
  );
}

function eventsSummary(t: ReturnType<typeof useI18n>['t'], types: readonly string[]) {
  return types.length ? t('admin.wh.eventsN', { n: types.length }) : t('admin.wh.allEvents');
}

export function WebhooksPage() {
  const { t, fmtDate } = useI18n();
  const { data, error, loading, reload } = useAsync(() => adminApi.listWebhooks(), []);
  const [form, setForm] = useState({ url: '', description: '', event_types: [] as EventType[] });
  const [formError, setFormError] = useState<unknown>(null);
  const [secret, setSecret] = useState<{ label: string; value: string } | null>(null);
  const [editing, setEditing] = useState<WebhookPublic | null>(null);
  const [rotating, setRotating] = useState<WebhookPublic | null>(null);
  const [deleting, setDeleting] = useState<WebhookPublic | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [rowError, setRowError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const toast = useToast();
  const endpoints = data?.items ?? [];

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true); setFormError(null);
    try {
      const made = await adminApi.createWebhook({ ...form, url: form.url.trim(), description: form.description.trim() });
      setSecret({ label: t('admin.wh.secretFor', { url: made.url }), value: made.secret });
      setForm({ url: '', description: '', event_types: [] });
      await reload(true);
    } catch (err) { setFormError(err); } finally { setBusy(false); }
  };
  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true); setRowError(null);
    try { await fn(); await reload(true); } catch (err) { setRowError(refusal(err)); } finally { setBusy(false); }
  };
  const urlError = formError instanceof ApiError ? (formError.fieldError('url') ?? (formError.status === 422 || formError.status === 400 ? refusal(formError) : undefined)) : undefined;

  return (
    <Page title={t('admin.tab.webhooks')} sub={t('admin.wh.sub')}>
      <section className="card" aria-labelledby="wh-new-h">
        <div className="card-head"><h2 id="wh-new-h">{t('admin.wh.add')}</h2></div>
        <form className="card-body stack" onSubmit={create} noValidate>
          <div className="form-grid">
            <div className="field span-all"><label htmlFor="wh-url">{t('admin.wh.url')}</label><input id="wh-url" className="input" type="url" inputMode="url" placeholder="https://" required value={form.url} aria-invalid={!!urlError} aria-describedby={urlError ? 'wh-url-err' : 'wh-url-hint'} onChange={(e) => setForm({ ...form, url: e.target.value })} /><span id="wh-url-hint" className="hint">{t('admin.wh.urlHint')}</span>{urlError && <span id="wh-url-err" className="error-text">{urlError}</span>}</div>
            <div className="field span-all"><label htmlFor="wh-desc">{t('admin.wh.description')}</label><input id="wh-desc" className="input" value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} /></div>
          </div>
          <EventPicker idPrefix="wh-new" value={form.event_types} onChange={(v) => setForm({ ...form, event_types: v })} />
          {!urlError && <ErrorAlert error={formError} />}
          <div><button className="btn primary" type="submit" disabled={busy || form.url.trim().length < 8}><Icon name="plus" />{t('admin.wh.create')}</button></div>
        </form>
      </section>
      {secret && <SecretOnce label={secret.label} value={secret.value} hint={t('admin.wh.secretHint')} onDone={() => setSecret(null)} />}
      <section className="card" aria-labelledby="wh-list-h">
        <div className="card-head"><h2 id="wh-list-h">{t('admin.wh.endpoints')}</h2><span className="spacer" /><span className="small muted">{t('admin.wh.count', { n: endpoints.length })}</span></div>
        <ErrorAlert error={error} />
        {rowError && <div className="card-body"><div className="alert bad" role="alert"><Icon name="alert" /><span>{rowError}</span></div></div>}
        {loading && !data ? <Spinner /> : endpoints.length === 0 ? <p className="empty">{t('admin.wh.empty')}</p> : (
          <ul className="plain-list endpoint-list">
            {endpoints.map((w) => (
              <li key={w.id} className="endpoint" data-endpoint={w.url}>
                <div className="endpoint-head">
                  <div style={{ minWidth: 0, flex: 1 }}>
                    <div className="mono wrap-anywhere" style={{ fontWeight: 600 }}>{w.url}</div>
                    <div className="small muted">{w.description || '—'} · {eventsSummary(t, w.event_types)} · {fmtDate(w.created_at)}</div>
                    {!w.enabled && <div className="small error-text">{t('admin.wh.disabledBecause', { reason: w.disabled_reason ?? '—' })}</div>}
                  </div>
                  {w.enabled ? <Badge tone="ok">{t('admin.wh.enabled')}</Badge> : <Badge tone="bad">{t('admin.wh.disabled')}</Badge>}
                </div>
                <div className="row wrap">
                  <button type="button" className="btn sm" aria-expanded={open === w.id} aria-controls={`dl-${w.id}`} onClick={() => setOpen(open === w.id ? null : w.id)}>{t('admin.wh.deliveries')}<span className="sr-only">: {w.url}</span></button>
                  <button type="button" className="btn sm" disabled={busy} onClick={() => act(async () => { await adminApi.sendTestWebhook(w.id); setOpen(w.id); toast(t('admin.wh.testSent')); })}><Icon name="send" />{t('admin.wh.test')}<span className="sr-only">: {w.url}</span></button>
                  <button type="button" className="btn sm" onClick={() => setEditing(w)}>{t('admin.edit')}<span className="sr-only">: {w.url}</span></button>
                  <button type="button" className="btn sm" onClick={() => setRotating(w)}>{t('admin.wh.rotate')}<span className="sr-only">: {w.url}</span></button>
                  <button type="button" className="btn sm danger" onClick={() => setDeleting(w)}><Icon name="trash" />{t('admin.delete')}<span className="sr-only">: {w.url}</span></button>
                </div>
                {open === w.id && <Deliveries endpoint={w} />}
              </li>
            ))}
          </ul>
        )}
      </section>
      {editing && <EditWebhook endpoint={editing} onClose={() => setEditing(null)} onSaved={() => { setEditing(null); void reload(true); toast(t('settings.saved')); }} />}
      <Confirm open={!!rotating} title={t('admin.wh.rotateTitle')} confirm={t('admin.wh.rotate')} danger={false} busy={busy} onClose={() => setRotating(null)}
        onConfirm={() => { const w = rotating!; setRotating(null); void act(async () => { const r = await adminApi.rotateWebhookSecret(w.id); setSecret({ label: t('admin.wh.secretFor', { url: r.url }), value: r.secret }); }); }}>
        <p>{t('admin.wh.rotateBody')}</p>
      </Confirm>
      <Confirm open={!!deleting} title={t('admin.wh.deleteTitle')} confirm={t('admin.delete')} busy={busy} onClose={() => setDeleting(null)}
        onConfirm={() => { const w = deleting!; setDeleting(null); void act(() => adminApi.deleteWebhook(w.id)); }}>
        <p className="wrap-anywhere">{t('admin.wh.deleteBody', { url: deleting?.url ?? '' })}</p>
      </Confirm>
    </Page>
  );
}

function EditWebhook({ endpoint, onClose, onSaved }: { endpoint: WebhookPublic; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState({ url: endpoint.url, description: endpoint.description, event_types: endpoint.event_types as EventType[], enabled: endpoint.enabled });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true); setError(null);
    try { await adminApi.updateWebhook(endpoint.id, { ...form, url: form.url.trim() }); onSaved(); } catch (e) { setError(e); } finally { setBusy(false); }
  };
  return (
    <Dialog open onClose={onClose} title={t('admin.wh.editTitle')} labelledBy="wh-edit-title"
      footer={<><button type="button" className="btn" onClick={onClose}>{t('common.cancel')}</button><button type="button" className="btn primary" disabled={busy} onClick={save}>{t('common.save')}</button></>}>
      <div className="field"><label htmlFor="whe-url">{t('admin.wh.url')}</label><input id="whe-url" className="input" type="url" value={form.url} onChange={(e) => setForm({ ...form, url: e.target.value })} /></div>
      <div className="field"><label htmlFor="whe-desc">{t('admin.wh.description')}</label><input id="whe-desc" className="input" value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} /></div>
      <label className="checkbox"><input type="checkbox" checked={form.enabled} onChange={(e) => setForm({ ...form, enabled: e.target.checked })} /><span>{t('admin.wh.enabled')}</span></label>
      <EventPicker idPrefix="whe" value={form.event_types} onChange={(v) => setForm({ ...form, event_types: v })} />
      <ErrorAlert error={error} />
    </Dialog>
  );
}

function Deliveries({ endpoint }: { endpoint: WebhookPublic }) {
  const { t, fmtDate } = useI18n();
  const { data, error, loading, reload } = useAsync(() => adminApi.listWebhookDeliveries(endpoint.id, { limit: 25 }), [endpoint.id]);
  const [rowError, setRowError] = useState<string | null>(null);
  const items: DeliveryPublic[] = data?.items ?? [];
  // Pending deliveries change on their own: look again every few seconds while there are any.
  usePoll(() => void reload(true), 3000, items.some((d) => d.status === 'pending'));
  const replay = async (d: DeliveryPublic) => {
    setRowError(null);
    try { await adminApi.replayWebhookDelivery(endpoint.id, d.event_id); await reload(true); } catch (e) { setRowError(refusal(e)); }
  };
  const statusKey = (s: string) => `admin.wh.status.${s}` as MessageKey;
  return (
    <div id={`dl-${endpoint.id}`} className="deliveries stack">
      <div className="row"><h3>{t('admin.wh.deliveriesOf')}</h3><span className="spacer" /><button type="button" className="btn sm ghost" onClick={() => void reload()}><Icon name="redo" />{t('admin.refresh')}</button></div>
      <ErrorAlert error={error} />
      {rowError && <div className="alert bad" role="alert"><Icon name="alert" /><span>{rowError}</span></div>}
      {loading && !data ? <Spinner /> : items.length === 0 ? <p className="muted small">{t('admin.wh.noDeliveries')}</p> : (
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">{t('admin.wh.deliveriesOf')}</caption>
            <thead><tr><th scope="col">{t('admin.wh.event')}</th><th scope="col">{t('admin.team.status')}</th><th scope="col" className="hide-sm">{t('admin.wh.attempts')}</th><th scope="col" className="hide-sm">{t('admin.wh.when')}</th><th scope="col"><span className="sr-only">{t('admin.actions')}</span></th></tr></thead>
            <tbody>
              {items.map((d) => {
                const code = lastStatusCode(d.attempts);
                return (
                  <tr key={d.event_id} data-delivery={d.event_type}>
                    <td className="mono small">{d.event_type}</td>
                    <td><Badge tone={deliveryTone(d.status)}>{t(statusKey(d.status))}</Badge>{code !== null && <span className="small muted"> HTTP {code}</span>}</td>
                    <td className="hide-sm">{t('admin.wh.attemptsN', { n: d.attempt_count })}{d.replays > 0 && <> · {t('admin.wh.replaysN', { n: d.replays })}</>}</td>
                    <td className="hide-sm small">{fmtDate(d.created_at, true)}</td>
                    <td><button type="button" className="btn sm" disabled={d.status === 'pending'} onClick={() => replay(d)}><Icon name="redo" />{t('admin.wh.replay')}<span className="sr-only">: {d.event_type}</span></button></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

// ---- API keys ----------------------------------------------------------------------------

export function ApiKeysPage() {
  const { t, fmtDate } = useI18n();
  const { data, error, loading, reload } = useAsync(() => adminApi.listApiKeys(), []);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiKeyScope[]>(SCOPES);
  const [formError, setFormError] = useState<unknown>(null);
  const [made, setMade] = useState<{ name: string; key: string } | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyPublic | null>(null);
  const [rowError, setRowError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const keys = data?.items ?? [];
  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true); setFormError(null);
    try { const k = await adminApi.createApiKey({ name: name.trim(), scopes }); setMade({ name: k.name, key: k.key }); setName(''); await reload(true); } catch (err) { setFormError(err); } finally { setBusy(false); }
  };
  const revoke = async () => {
    const k = revoking!;
    setRevoking(null); setBusy(true); setRowError(null);
    try { await adminApi.revokeApiKey(k.id); await reload(true); } catch (err) { setRowError(refusal(err)); } finally { setBusy(false); }
  };
  return (
    <Page title={t('admin.tab.apiKeys')} sub={t('admin.keys.sub')}>
      <section className="card" aria-labelledby="key-new-h">
        <div className="card-head"><h2 id="key-new-h">{t('admin.keys.create')}</h2></div>
        <form className="card-body stack" onSubmit={create}>
          <div className="field" style={{ maxWidth: 420 }}><label htmlFor="key-name">{t('admin.keys.name')}</label><input id="key-name" className="input" required maxLength={100} value={name} aria-describedby="key-name-hint" onChange={(e) => setName(e.target.value)} /><span id="key-name-hint" className="hint">{t('admin.keys.nameHint')}</span></div>
          <fieldset className="plain-fieldset">
            <legend className="label">{t('admin.keys.scopes')}</legend>
            <div className="row wrap" style={{ gap: 16 }}>
              {SCOPES.map((s) => <label key={s} className="checkbox"><input type="checkbox" checked={scopes.includes(s)} onChange={(e) => setScopes(e.target.checked ? SCOPES.filter((x) => x === s || scopes.includes(x)) : scopes.filter((x) => x !== s))} /><span className="mono small">{s}</span></label>)}
            </div>
          </fieldset>
          <ErrorAlert error={formError} />
          <div><button className="btn primary" type="submit" disabled={busy || !name.trim() || !scopes.length}><Icon name="plus" />{t('admin.keys.createButton')}</button></div>
        </form>
      </section>
      {made && <SecretOnce label={t('admin.keys.shownOnce', { name: made.name })} value={made.key} hint={t('admin.keys.shownOnceHint')} onDone={() => setMade(null)} />}
      <section className="card" aria-labelledby="key-list-h">
        <div className="card-head"><h2 id="key-list-h">{t('admin.keys.list')}</h2><span className="spacer" /><span className="small muted">{t('admin.keys.count', { n: keys.filter((k) => !k.revoked_at).length })}</span></div>
        <ErrorAlert error={error} />
        {rowError && <div className="card-body"><div className="alert bad" role="alert"><Icon name="alert" /><span>{rowError}</span></div></div>}
        {loading && !data ? <Spinner /> : keys.length === 0 ? <p className="empty">{t('admin.keys.empty')}</p> : (
          <div className="table-wrap">
            <table className="table">
              <caption className="sr-only">{t('admin.keys.list')}</caption>
              <thead><tr><th scope="col">{t('admin.keys.name')}</th><th scope="col" className="hide-sm">{t('admin.keys.scopes')}</th><th scope="col">{t('admin.team.status')}</th><th scope="col" className="hide-sm">{t('admin.team.added')}</th><th scope="col"><span className="sr-only">{t('admin.actions')}</span></th></tr></thead>
              <tbody>
                {keys.map((k) => (
                  <tr key={k.id} data-key={k.name}>
                    <td><div style={{ fontWeight: 560 }}>{k.name}</div><div className="mono small muted">{k.prefix}…</div></td>
                    <td className="hide-sm small mono">{k.scopes.join(', ')}</td>
                    <td>{k.revoked_at ? <Badge tone="off">{t('admin.keys.revoked')}</Badge> : <Badge tone="ok">{t('admin.team.active')}</Badge>}</td>
                    <td className="hide-sm">{fmtDate(k.created_at)}</td>
                    <td>{!k.revoked_at && <button type="button" className="btn sm danger" disabled={busy} onClick={() => setRevoking(k)}>{t('admin.keys.revoke')}<span className="sr-only">: {k.name}</span></button>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <Confirm open={!!revoking} title={t('admin.keys.revokeTitle')} confirm={t('admin.keys.revoke')} busy={busy} onClose={() => setRevoking(null)} onConfirm={revoke}>
        <p>{t('admin.keys.revokeBody', { name: revoking?.name ?? '' })}</p>
      </Confirm>
    </Page>
  );
}

// ---- Zapier / Make hooks -----------------------------------------------------------------

export function HooksPage() {
  const { t, fmtDate } = useI18n();
  const { data, error, loading, reload } = useAsync(() => adminApi.listHooks(), []);
  const [removing, setRemoving] = useState<HookSummary | null>(null);
  const [rowError, setRowError] = useState<string | null>(null);
  const [sampleType, setSampleType] = useState('');
  const hooks = data?.items ?? [];
  const samples = data?.samples ?? [];
  const sample = samples.find((s) => s.type === sampleType) ?? samples[0];
  const remove = async () => {
    const h = removing!;
    setRemoving(null); setRowError(null);
    try { await adminApi.deleteWebhook(h.id); await reload(true); } catch (err) { setRowError(refusal(err)); }
  };
  return (
    <Page title={t('admin.tab.hooks')} sub={t('admin.hooks.sub')}>
      <section className="card" aria-labelledby="hooks-h">
        <div className="card-head"><h2 id="hooks-h">{t('admin.hooks.list')}</h2><span className="spacer" /><span className="small muted">{t('admin.hooks.count', { n: hooks.length })}</span></div>
        <ErrorAlert error={error} />
        {rowError && <div className="card-body"><div className="alert bad" role="alert"><Icon name="alert" /><span>{rowError}</span></div></div>}
        {loading && !data ? <Spinner /> : hooks.length === 0 ? <p className="empty">{t('admin.hooks.empty')}</p> : (
          <div className="table-wrap">
            <table className="table">
              <caption className="sr-only">{t('admin.hooks.list')}</caption>
              <thead><tr><th scope="col">{t('admin.hooks.target')}</th><th scope="col" className="hide-sm">{t('admin.wh.events')}</th><th scope="col" className="hide-sm">{t('admin.hooks.key')}</th><th scope="col">{t('admin.team.status')}</th><th scope="col"><span className="sr-only">{t('admin.actions')}</span></th></tr></thead>
              <tbody>
                {hooks.map((h) => (
                  <tr key={h.id} data-hook={h.target_url}>
                    <td><div className="mono small wrap-anywhere">{h.target_url}</div><div className="small muted">{fmtDate(h.created_at)}</div></td>
                    <td className="hide-sm mono small">{h.event_types.join(', ')}</td>
                    <td className="hide-sm">{h.api_key_name ?? '—'}</td>
                    <td>{h.enabled ? <Badge tone="ok">{t('admin.wh.enabled')}</Badge> : <Badge tone="bad">{t('admin.wh.disabled')}</Badge>}</td>
                    <td><button type="button" className="btn sm danger" onClick={() => setRemoving(h)}>{t('admin.hooks.unsubscribe')}<span className="sr-only">: {h.target_url}</span></button></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card" aria-labelledby="samples-h">
        <div className="card-head"><h2 id="samples-h">{t('admin.hooks.samples')}</h2></div>
        <div className="card-body stack">
          <p className="muted small">{t('admin.hooks.samplesHint')}</p>
          <div className="field" style={{ maxWidth: 320 }}><label htmlFor="sample-type">{t('admin.wh.event')}</label>
            <select id="sample-type" className="select" value={String(sample?.type ?? '')} onChange={(e) => setSampleType(e.target.value)}>{samples.map((s) => <option key={String(s.type)} value={String(s.type)}>{String(s.type)}</option>)}</select></div>
          {sample && <pre className="code" tabIndex={0} aria-label={t('admin.hooks.sampleOf', { type: String(sample.type) })}>{JSON.stringify(sample, null, 2)}</pre>}
        </div>
      </section>
      <Confirm open={!!removing} title={t('admin.hooks.unsubscribeTitle')} confirm={t('admin.hooks.unsubscribe')} onClose={() => setRemoving(null)} onConfirm={remove}>
        <p className="wrap-anywhere">{t('admin.hooks.unsubscribeBody', { url: removing?.target_url ?? '' })}</p>
      </Confirm>
    </Page>
  );
}
