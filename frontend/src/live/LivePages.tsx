// The recruiter's live interviews: the list with the schedule form (/app/live) and one
// interview's page (/app/live/:id): status, join and cancel, timeline, transcript, private
// notes, and the answers with their analysis once the call is analysed.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, templatesApi, type Lang, type Template, type UserPublic } from '../api';
import { overallOf, recommendationOf, summaryIn } from '../analysis';
import { LANGS, LANG_NAMES, useI18n } from '../i18n';
import { Link } from '../router';
import { copyText, ErrorAlert, Icon, Spinner, StatusBadge, useToast } from '../ui';
import { liveApi, type LiveCreate, type LiveInterview, type LiveInvitation, type LiveSummary } from './api';
import { Debounced } from './session';

const livePath = (id: string) => `/app/live/${encodeURIComponent(id)}`;

/** A datetime-local input's value (local time) as an ISO instant with its zone. */
export function localInputToIso(value: string): string | null {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
/** The next full quarter hour at least 15 minutes ahead, as a datetime-local value. */
export function defaultStart(now = new Date()): string {
  const d = new Date(now.getTime() + 15 * 60_000);
  d.setMinutes(Math.ceil(d.getMinutes() / 15) * 15, 0, 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function LiveListPage() {
  const { t, fmtDate } = useI18n();
  const [items, setItems] = useState<LiveSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<LiveInvitation | null>(null);
  const load = useCallback(() => { liveApi.list({ limit: 50 }).then((r) => setItems(r.items), setError); }, []);
  useEffect(load, [load]);
  return (
    <div className="page">
      <div className="page-head"><div><h1>{t('live.title')}</h1><p className="sub">{t('live.sub')}</p></div></div>
      <ScheduleForm onScheduled={(inv) => { setCreated(inv); load(); }} />
      {created && (
        <div className="alert ok stack" role="status">
          <p>{t('live.scheduled', { name: created.candidate.name })}</p>
          <div className="field"><label htmlFor="live-link">{t('live.candidateLink')}</label><input id="live-link" className="input mono" readOnly value={created.candidate_url} onFocus={(e) => e.currentTarget.select()} /></div>
          <p><Link to={livePath(created.id)}>{t('live.open')}</Link></p>
        </div>
      )}
      <section className="card" aria-labelledby="live-table-caption">
        <ErrorAlert error={error} />
        <div className="table-wrap">
          <table className="table">
            <caption id="live-table-caption" className="sr-only">{t('live.title')}</caption>
            <thead><tr><th scope="col">{t('iv.candidate')}</th><th scope="col" className="hide-sm">{t('live.interviewTitle')}</th><th scope="col">{t('live.startsAt')}</th><th scope="col">{t('iv.status')}</th></tr></thead>
            <tbody>
              {items === null && !error && <tr><td colSpan={4}><div className="skeleton" /></td></tr>}
              {(items ?? []).map((l) => (
                <tr key={l.id}>
                  <td className="primary-cell"><Link to={livePath(l.id)}>{l.candidate.name}</Link><div className="small muted">{l.candidate.email}</div></td>
                  <td className="hide-sm">{l.title}</td>
                  <td>{fmtDate(l.starts_at, true)}</td>
                  <td><StatusBadge kind="livestatus" status={l.status} /></td>
                </tr>
              ))}
            </tbody>
          </table>
          {items && items.length === 0 && <div className="empty"><h3>{t('live.empty')}</h3></div>}
        </div>
      </section>
    </div>
  );
}

function ScheduleForm({ onScheduled }: { onScheduled: (inv: LiveInvitation) => void }) {
  const { t, lang } = useI18n();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [language, setLanguage] = useState<Lang>(lang);
  const [source, setSource] = useState<'template' | 'free'>('template');
  const [templates, setTemplates] = useState<Template[]>([]);
  const [templateId, setTemplateId] = useState('');
  const [free, setFree] = useState('');
  const [start, setStart] = useState(() => defaultStart());
  const [duration, setDuration] = useState(30);
  const [users, setUsers] = useState<UserPublic[]>([]);
  const [panel, setPanel] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef<string | null>(null);
  useEffect(() => {
    templatesApi.listTemplates({ status: 'active', limit: 100 }).then((r) => { setTemplates(r.items); setTemplateId((x) => x || r.items[0]?.id || ''); if (!r.items.length) setSource('free'); }, () => setSource('free'));
    api.listUsers().then((r) => setUsers(r.items.filter((u) => u.active !== false)), () => undefined);
    api.getMe().then((me) => setPanel((p) => (p.length ? p : [me.id])), () => undefined);
  }, []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const starts = localInputToIso(start);
    const questions = free.split('\n').map((q) => q.trim()).filter(Boolean).map((text) => ({ text }));
    const body: LiveCreate = {
      candidate: { name: name.trim(), email: email.trim(), language },
      ...(source === 'template' ? { template_id: templateId } : { questions }),
      starts_at: starts ?? start, duration_minutes: duration, interviewer_ids: panel,
    };
    setBusy(true); setError(null);
    try {
      key.current ??= crypto.randomUUID?.() ?? String(Date.now());
      const inv = await liveApi.schedule(body, key.current);
      key.current = null;
      setName(''); setEmail(''); setFree('');
      onScheduled(inv);
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  const fieldError = (f: string) => (error instanceof ApiError ? error.fieldError(f) : undefined);
  return (
    <section className="card card-pad" aria-labelledby="schedule-h">
      <h2 id="schedule-h">{t('live.schedule')}</h2>
      <form className="form-grid" onSubmit={(e) => void submit(e)} noValidate>
        <div className="field"><label htmlFor="lv-name">{t('live.candidateName')}</label><input id="lv-name" className="input" required value={name} onChange={(e) => setName(e.target.value)} aria-invalid={!!fieldError('name')} />{fieldError('name') && <span className="error-text">{fieldError('name')}</span>}</div>
        <div className="field"><label htmlFor="lv-email">{t('live.candidateEmail')}</label><input id="lv-email" className="input" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} aria-invalid={!!fieldError('email')} />{fieldError('email') && <span className="error-text">{fieldError('email')}</span>}</div>
        <div className="field"><label htmlFor="lv-lang">{t('live.language')}</label><select id="lv-lang" className="select" value={language} onChange={(e) => setLanguage(e.target.value as Lang)}>{LANGS.map((l) => <option key={l} value={l}>{LANG_NAMES[l]}</option>)}</select></div>
        <fieldset className="field span-all">
          <legend>{t('live.questionsFrom')}</legend>
          <label className="checkbox"><input type="radio" name="lv-src" checked={source === 'template'} disabled={!templates.length} onChange={() => setSource('template')} />{t('live.fromTemplate')}</label>
          <label className="checkbox"><input type="radio" name="lv-src" checked={source === 'free'} onChange={() => setSource('free')} />{t('live.freeQuestions')}</label>
        </fieldset>
        {source === 'template' ? (
          <div className="field span-all"><label htmlFor="lv-tpl">{t('iv.template')}</label><select id="lv-tpl" className="select" value={templateId} onChange={(e) => setTemplateId(e.target.value)}>{templates.map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}</select></div>
        ) : (
          <div className="field span-all"><label htmlFor="lv-free">{t('live.freeQuestionsLabel')}</label><textarea id="lv-free" className="input" rows={4} value={free} onChange={(e) => setFree(e.target.value)} aria-describedby="lv-free-hint" /><span id="lv-free-hint" className="hint">{t('live.freeQuestionsHint')}</span></div>
        )}
        <div className="field"><label htmlFor="lv-start">{t('live.startsAt')}</label><input id="lv-start" className="input" type="datetime-local" required value={start} onChange={(e) => setStart(e.target.value)} />{fieldError('starts_at') && <span className="error-text">{fieldError('starts_at')}</span>}</div>
        <div className="field"><label htmlFor="lv-dur">{t('live.duration')}</label><input id="lv-dur" className="input" type="number" min={5} max={240} step={5} value={duration} onChange={(e) => setDuration(Number(e.target.value))} /><span className="hint">{t('live.minutes', { n: duration })}</span></div>
        <fieldset className="field span-all">
          <legend>{t('live.interviewers')}</legend>
          {users.map((u) => (
            <label key={u.id} className="checkbox"><input type="checkbox" checked={panel.includes(u.id)} onChange={(e) => setPanel((p) => (e.target.checked ? [...p, u.id] : p.filter((x) => x !== u.id)))} />{u.name || u.email}</label>
          ))}
          <span className="hint">{t('live.panelCount', { n: panel.length })}</span>
        </fieldset>
        <div className="span-all"><ErrorAlert error={error} /></div>
        <div className="span-all"><button type="submit" className="btn primary" disabled={busy || !name.trim() || !email.trim() || panel.length === 0}><Icon name="plus" />{t('live.scheduleSubmit')}</button></div>
      </form>
    </section>
  );
}

export function LiveDetailPage({ id }: { id: string }) {
  const { t, fmtDate, lang } = useI18n();
  const toast = useToast();
  const [live, setLive] = useState<LiveInterview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notes, setNotes] = useState<string | null>(null);
  const saver = useRef(new Debounced((text) => liveApi.saveNotes(id, text).then(() => toast(t('live.notesSaved')), () => toast(t('live.notesFailed'))), 1200));
  const load = useCallback(() => liveApi.get(id).then((l) => { setLive(l); setNotes((n) => n ?? l.my_notes ?? ''); }, setError), [id]);
  useEffect(() => { void load(); }, [load]);
  useEffect(() => () => { void saver.current.flush(); }, []);
  // After the call the analysis arrives within seconds, the answers' clips after it (cut once
  // the analysis is stored): read again until they are there (clips: for a few minutes).
  const clipReads = useRef(0);
  useEffect(() => {
    if (!live || live.status !== 'ended') return;
    const analyzing = live.analysis_status === 'waiting_for_recording' || live.analysis_status === 'analyzing';
    const recorded = live.recordings.some((r) => r.role === 'candidate' && r.status === 'uploaded');
    const clipsDue = recorded && live.answers.some((a) => !a.video_url && a.end_seconds > a.start_seconds)
      && clipReads.current < 60;
    if (!analyzing && !clipsDue) return;
    const timer = setTimeout(() => { if (!analyzing) clipReads.current += 1; void load(); }, analyzing ? 3000 : 5000);
    return () => clearTimeout(timer);
  }, [live, load]);
  if (error) return <div className="page"><ErrorAlert error={error} /></div>;
  if (!live) return <Spinner />;
  const open = live.status === 'scheduled' || live.status === 'in_progress';
  const cancel = async () => {
    if (!confirm(t('live.cancelConfirm'))) return;
    try { setLive({ ...live, ...(await liveApi.cancel(id)) }); } catch (e) { setError(e); }
  };
  const summary = summaryIn(live.analysis, lang);
  const overall = overallOf(live.analysis);
  const rec = recommendationOf(live.analysis);
  return (
    <div className="page">
      <p><Link to="/app/live">{t('live.back')}</Link></p>
      <div className="page-head">
        <div><h1>{live.candidate.name}</h1><p className="sub">{live.title} · {fmtDate(live.starts_at, true)} · {t('live.minutes', { n: live.duration_minutes })}</p></div>
        <span className="spacer" />
        <StatusBadge kind="livestatus" status={live.status} />
      </div>
      {open && (
        <div className="row wrap">
          <Link className="btn primary" to={`${livePath(id)}/room`}><Icon name="camera" />{t('live.join')}</Link>
          <button type="button" className="btn" onClick={() => void copyText(location.origin + `${livePath(id)}/room`).then(() => toast(t('live.copied')))}><Icon name="copy" />{t('live.copyRoom')}</button>
          <button type="button" className="btn danger" onClick={() => void cancel()}>{t('live.cancel')}</button>
        </div>
      )}
      <div className="grid-2">
        <section className="card card-pad" aria-labelledby="tl-h">
          <h2 id="tl-h" className="h3">{t('live.timeline')}</h2>
          {(live.timeline ?? []).length === 0 ? <p className="muted">{t('live.timelineEmpty')}</p> : (
            <ol className="live-timeline">{(live.timeline ?? []).map((e) => <li key={e.number}><span className="badge">{t(e.kind === 'followup' ? 'live.kindFollowup' : 'live.kindTemplate')}</span> {e.text} <span className="small muted">{fmtDate(e.asked_at, true)}</span></li>)}</ol>
          )}
        </section>
        <section className="card card-pad stack" aria-labelledby="dn-h">
          <h2 id="dn-h" className="h3">{t('live.notes')}</h2>
          <label htmlFor="detail-notes" className="small muted">{t('live.notesHint')}</label>
          <textarea id="detail-notes" className="input" rows={6} maxLength={20000} value={notes ?? ''} onChange={(e) => { setNotes(e.target.value); saver.current.change(e.target.value); }} />
        </section>
      </div>
      <section className="card card-pad" aria-labelledby="tr-h">
        <h2 id="tr-h" className="h3">{t('live.transcript')}</h2>
        {(live.transcript ?? []).length === 0 ? <p className="muted">{t('live.transcriptEmpty')}</p> : (
          <ol className="caption-list">{(live.transcript ?? []).map((l) => <li key={`${l.speaker}-${l.seq}`}><strong>{l.role === 'candidate' ? live.candidate.name : t('live.interviewer')}:</strong> {l.text}</li>)}</ol>
        )}
      </section>
      {live.status === 'ended' && (
        <section className="card card-pad stack" aria-labelledby="an-h" data-testid="live-analysis">
          <h2 id="an-h" className="h3">{t('live.analysis')}</h2>
          {live.analysis_status && live.analysis_status !== 'analyzed' && <p role="status">{t(`live.analysis.${live.analysis_status}`)}</p>}
          {overall !== null && <p><strong>{t('iv.score')}:</strong> {Math.round(overall)}{rec && <> <StatusBadge kind="rec" status={rec} /></>}</p>}
          {summary.summary && <p>{summary.summary}</p>}
          {(live.answers ?? []).map((a) => (
            <article key={a.number} className="live-answer">
              <h3 className="h4">{a.number}. {a.question_text} {typeof overallOf(a.analysis) === 'number' && <span className="badge">{Math.round(overallOf(a.analysis)!)}</span>}</h3>
              {a.video_url && <video controls playsInline preload="metadata" src={a.video_url} aria-label={a.question_text} />}
              <p>{a.transcript || t('live.noAnswerText')}</p>
            </article>
          ))}
        </section>
      )}
    </div>
  );
}
