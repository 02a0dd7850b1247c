import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { ActionKey, api, ApiError, templatesApi, type Lang, type Question, type QuestionDraft, type ScorecardTemplate, type Template } from '../api';
import { LANG_NAMES, LANGS, useI18n } from '../i18n';
import { Link, navigate } from '../router';
import { Dialog, ErrorAlert, Icon, Spinner, StatusBadge, useToast } from '../ui';
import { InviteButton } from './Invite';
import { moveItem } from '../reorder';
import { BankPicker, IntroSection } from './TemplateLibrary';
import { draftToBank } from './templateLibrary';

interface DraftQ extends Question { key: string }
let seq = 0;
const newQ = (q?: Partial<Question>): DraftQ => ({ key: `q${++seq}`, id: q?.id ?? '', text: q?.text ?? '', time_limit_seconds: q?.time_limit_seconds ?? 120, think_time_seconds: q?.think_time_seconds ?? 30, retakes: q?.retakes ?? 1, competencies: q?.competencies ?? [], ideal_answer: q?.ideal_answer ?? '' });

const TIME_LIMITS = [30, 60, 90, 120, 180, 240, 300, 600];
const THINK_TIMES = [0, 10, 20, 30, 45, 60, 120];

export function TemplateEditor({ id }: { id?: string }) {
  const { t, lang } = useI18n();
  const toast = useToast();
  const [tpl, setTpl] = useState<Template | null>(null);
  const [loading, setLoading] = useState(!!id);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [tLang, setTLang] = useState<Lang>(lang);
  const [qs, setQs] = useState<DraftQ[]>([newQ()]);
  const [editing, setEditing] = useState(!id);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [announce, setAnnounce] = useState('');
  const [confirmArchive, setConfirmArchive] = useState(false);
  // A new template saved again after an error (same content) is created once.
  const createKey = useRef(new ActionKey());
  const [drag, setDrag] = useState<{ from: number; over: number } | null>(null);
  const [dirty, setDirty] = useState(false);
  // The company scorecard its interviews' reviewers fill in ('' = none).
  const [scorecardId, setScorecardId] = useState('');
  const [scorecards, setScorecards] = useState<ScorecardTemplate[]>([]);
  useEffect(() => { api.listScorecardTemplates({ limit: 100 }).then((p) => setScorecards(p.items), () => undefined); }, []);
  // Issue 12: the intro shown before the first question, and the company's question bank.
  const [introText, setIntroText] = useState('');
  const [bankOpen, setBankOpen] = useState(false);
  const [banked, setBanked] = useState<Set<string>>(new Set());
  const bankKey = useRef(new ActionKey());

  const load = (x: Template) => {
    setTpl(x); setName(x.name); setDescription(x.description ?? ''); setTLang(x.language ?? 'en');
    setQs((x.questions ?? []).map((q) => newQ(q)));
    setScorecardId(x.scorecard_template_id ?? '');
    setIntroText(x.intro_text ?? '');
    setEditing(x.status === 'draft'); setDirty(false);
  };
  useEffect(() => {
    if (!id) return;
    api.getTemplate(id).then(load, setError).finally(() => setLoading(false));
  }, [id]);

  const readOnly = !editing;
  const touch = () => setDirty(true);
  const update = (i: number, patch: Partial<DraftQ>) => { setQs((list) => list.map((q, j) => (j === i ? { ...q, ...patch } : q))); touch(); };
  const move = (from: number, to: number, focus = false) => {
    if (to < 0 || to >= qs.length || from === to) return;
    setQs((list) => moveItem(list, from, to));
    touch();
    setAnnounce(t('tpl.moved', { from: from + 1, to: to + 1 }));
    if (focus) requestAnimationFrame(() => document.getElementById(`handle-${to}`)?.focus());
  };
  const onHandleKey = (e: KeyboardEvent, i: number) => {
    if (e.key === 'ArrowUp') { e.preventDefault(); move(i, i - 1, true); }
    if (e.key === 'ArrowDown') { e.preventDefault(); move(i, i + 1, true); }
    if (e.key === 'Home') { e.preventDefault(); move(i, 0, true); }
    if (e.key === 'End') { e.preventDefault(); move(i, qs.length - 1, true); }
  };

  const body = () => ({
    name: name.trim(), description, language: tLang,
    // An update detaches with '', a new template has none with null.
    scorecard_template_id: tpl ? scorecardId : scorecardId || null,
    intro_text: introText,
    questions: qs.filter((q) => q.text.trim()).map((q) => ({
      ...(q.id ? { id: q.id } : {}), text: q.text.trim(), time_limit_seconds: Number(q.time_limit_seconds), think_time_seconds: Number(q.think_time_seconds),
      retakes: Number(q.retakes), competencies: q.competencies ?? [], ideal_answer: q.ideal_answer?.trim() ? q.ideal_answer.trim() : null,
    })),
  });

  const save = async (): Promise<Template | null> => {
    setBusy(true); setError(null);
    try {
      const draft = body();
      const saved = tpl ? await api.updateTemplate(tpl.id, draft) : await createKey.current.run(draft, (key) => api.createTemplate(draft, key));
      load(saved);
      if (!tpl) navigate(`/app/templates/${saved.id}`, true);
      toast(saved.version !== tpl?.version && tpl ? t('tpl.newVersionSaved', { v: saved.version }) : t('tpl.saved'));
      return saved;
    } catch (e) { setError(e); return null; } finally { setBusy(false); }
  };
  const publish = async () => {
    const saved = dirty || !tpl ? await save() : tpl;
    if (!saved) return;
    setBusy(true); setError(null);
    try { load(await api.publishTemplate(saved.id)); toast(t('tpl.published')); } catch (e) { setError(e); } finally { setBusy(false); }
  };
  const archive = async () => {
    if (!tpl) return;
    setBusy(true); setError(null); setConfirmArchive(false);
    try { load(await api.archiveTemplate(tpl.id)); toast(t('tpl.archivedToast')); } catch (e) { setError(e); } finally { setBusy(false); }
  };

  // A video attached or removed: the template (maybe its next draft) without losing unsaved edits.
  const onIntroVideo = (x: Template) => { setTpl(x); if (x.status === 'draft') setEditing(true); };
  const insertFromBank = (q: QuestionDraft) => {
    const only = qs.length === 1 && !qs[0].text.trim();
    const n = only ? 1 : qs.length + 1;
    setQs(only ? [newQ({ ...q, id: undefined })] : [...qs, newQ({ ...q, id: undefined })]); touch();
    setAnnounce(t('tpl.bankInserted', { n }));
    toast(t('tpl.bankInserted', { n }));
  };
  const saveToBank = async (q: DraftQ) => {
    const body = draftToBank(q);
    setError(null);
    try {
      await bankKey.current.run(body, (key) => templatesApi.createBankQuestion(body, key));
      setBanked((s) => new Set(s).add(q.key)); toast(t('tpl.bankSaved'));
    } catch (e) {
      // One text is in the bank once: already there is as good as saved.
      if (e instanceof ApiError && e.status === 409 && e.extensions.code === 'already_in_bank') { bankKey.current.done(body); setBanked((s) => new Set(s).add(q.key)); toast(t('tpl.bankAlready')); } else setError(e);
    }
  };

  if (loading) return <div className="page"><Spinner /></div>;
  const fieldErr = (f: string) => (error instanceof ApiError ? error.fieldError(f) : undefined);
  const totalSec = qs.reduce((s, q) => s + Number(q.time_limit_seconds ?? 0) + Number(q.think_time_seconds ?? 0), 0);

  return (
    <div className="page">
      <div className="crumbs"><Link to="/app/templates">{t('nav.templates')}</Link> / {tpl ? tpl.name : t('tpl.new')}</div>
      <div className="page-head">
        <div><div className="row wrap"><h1>{tpl ? tpl.name : t('tpl.new')}</h1>{tpl && <><StatusBadge kind="template" status={tpl.status} /><span className="badge">v{tpl.version}</span></>}</div>
          <p className="sub">{t('tpl.estimate', { n: qs.length, min: Math.max(1, Math.round(totalSec / 60)) })}</p></div>
        <span className="spacer" />
        {tpl?.status === 'active' && !editing && <InviteButton templates={[tpl]} templateId={tpl.id} />}
        {tpl?.status === 'active' && !editing && <button type="button" className="btn" onClick={() => setEditing(true)}><Icon name="redo" />{t('tpl.newVersion')}</button>}
        {tpl && tpl.status !== 'archived' && <button type="button" className="btn danger" onClick={() => setConfirmArchive(true)} disabled={busy}><Icon name="archive" />{t('tpl.archive')}</button>}
        {editing && <button type="button" className="btn" onClick={save} disabled={busy || !name.trim()}>{t('tpl.saveDraft')}</button>}
        {editing && <button type="button" className="btn primary" onClick={publish} disabled={busy || !name.trim() || !qs.some((q) => q.text.trim())}>{t('tpl.publish')}</button>}
      </div>
      {tpl?.status === 'active' && editing && <div className="alert info" style={{ marginBottom: 16 }}>{t('tpl.versionNote', { v: tpl.version + 1 })}</div>}
      {tpl?.status === 'archived' && <div className="alert warn" style={{ marginBottom: 16 }}>{t('tpl.archivedNote')}</div>}
      <ErrorAlert error={error} />
      <p className="sr-only" aria-live="assertive">{announce}</p>
      <div className="stack-lg" style={{ marginTop: 12 }}>
        <section className="card card-pad stack" aria-labelledby="basics-h">
          <h2 id="basics-h">{t('tpl.basics')}</h2>
          <div className="form-grid" style={{ gridTemplateColumns: 'minmax(0,2fr) minmax(0,1fr)' }}>
            <div className="field"><label htmlFor="tpl-name">{t('tpl.name')}</label><input id="tpl-name" className="input" value={name} readOnly={readOnly} onChange={(e) => { setName(e.target.value); touch(); }} aria-invalid={!!fieldErr('name')} required />{fieldErr('name') && <span className="error-text">{fieldErr('name')}</span>}</div>
            <div className="field"><label htmlFor="tpl-lang">{t('tpl.language')}</label><select id="tpl-lang" className="select" value={tLang} disabled={readOnly} onChange={(e) => { setTLang(e.target.value as Lang); touch(); }}>{LANGS.map((l) => <option key={l} value={l}>{LANG_NAMES[l]}</option>)}</select></div>
          </div>
          <div className="field"><label htmlFor="tpl-desc">{t('tpl.description')}</label><textarea id="tpl-desc" className="textarea" value={description} readOnly={readOnly} onChange={(e) => { setDescription(e.target.value); touch(); }} rows={2} /></div>
          <div className="field">
            <label htmlFor="tpl-scorecard">{t('tpl.scorecard')}</label>
            <select id="tpl-scorecard" className="select" value={scorecardId} disabled={readOnly} aria-describedby="tpl-scorecard-hint" onChange={(e) => { setScorecardId(e.target.value); touch(); }}>
              <option value="">{t('tpl.noScorecard')}</option>
              {scorecards.map((c) => <option key={c.id} value={c.id}>{t('tpl.scorecardOption', { name: c.name, n: c.competencies.length })}</option>)}
            </select>
            <span id="tpl-scorecard-hint" className="hint">{t('tpl.scorecardHint')}</span>
          </div>
        </section>
        <IntroSection tpl={tpl} text={introText} readOnly={readOnly} onText={(v) => { setIntroText(v); touch(); }} onTemplate={onIntroVideo} />
        <section aria-labelledby="q-h" className="stack">
          <div className="row"><h2 id="q-h">{t('tpl.questions')}</h2><span className="spacer" />{!readOnly && <span className="small muted" id="reorder-hint">{t('tpl.reorderHint')}</span>}</div>
          <ol className="q-list">
            {qs.map((q, i) => (
              <li key={q.key} className="q-item" data-dragging={drag?.from === i} data-over={drag !== null && drag.over === i && drag.from !== i}
                onDragOver={(e) => { if (drag) { e.preventDefault(); if (drag.over !== i) setDrag({ ...drag, over: i }); } }}
                onDrop={(e) => { e.preventDefault(); if (drag) move(drag.from, i); setDrag(null); }}>
                <div className="stack" style={{ gap: 4, alignItems: 'center' }}>
                  {!readOnly && <button type="button" id={`handle-${i}`} className="drag-handle" draggable aria-label={t('tpl.moveLabel', { n: i + 1, total: qs.length })} aria-describedby="reorder-hint"
                    onDragStart={(e) => { e.dataTransfer.effectAllowed = 'move'; e.dataTransfer.setData('text/plain', String(i)); const li = (e.currentTarget as HTMLElement).closest('li'); if (li) e.dataTransfer.setDragImage(li, 20, 20); setDrag({ from: i, over: i }); }}
                    onDragEnd={() => setDrag(null)} onKeyDown={(e) => onHandleKey(e, i)}><Icon name="grip" size={18} /></button>}
                  <span className="q-num" aria-hidden="true">{i + 1}</span>
                </div>
                <QuestionFields q={q} i={i} readOnly={readOnly} onChange={(p) => update(i, p)} banked={banked.has(q.key)} onSaveToBank={q.text.trim().length >= 3 ? () => void saveToBank(q) : undefined}
                  onRemove={qs.length > 1 ? () => { setQs(qs.filter((_, j) => j !== i)); touch(); setAnnounce(t('tpl.removed', { n: i + 1 })); } : undefined}
                  onUp={i > 0 ? () => move(i, i - 1) : undefined} onDown={i < qs.length - 1 ? () => move(i, i + 1) : undefined} />
              </li>
            ))}
          </ol>
          {!readOnly && <div className="row wrap"><button type="button" className="btn" onClick={() => { setQs([...qs, newQ()]); touch(); requestAnimationFrame(() => document.getElementById(`q-text-${qs.length}`)?.focus()); }}><Icon name="plus" />{t('tpl.addQuestion')}</button>
            <button type="button" className="btn" onClick={() => setBankOpen(true)}><Icon name="search" />{t('tpl.bankOpen')}</button></div>}
        </section>
      </div>
      <BankPicker open={bankOpen} onClose={() => setBankOpen(false)} present={qs.map((q) => q.text)} onInsert={insertFromBank} />
      <Dialog open={confirmArchive} onClose={() => setConfirmArchive(false)} title={t('tpl.archiveTitle')} footer={<><button type="button" className="btn" onClick={() => setConfirmArchive(false)}>{t('common.back')}</button><button type="button" className="btn danger" onClick={archive}>{t('tpl.archive')}</button></>}>
        <p>{t('tpl.archiveBody')}</p>
      </Dialog>
    </div>
  );
}

function QuestionFields({ q, i, readOnly, onChange, onRemove, onUp, onDown, onSaveToBank, banked }: { q: DraftQ; i: number; readOnly: boolean; onChange: (p: Partial<DraftQ>) => void; onRemove?: () => void; onUp?: () => void; onDown?: () => void; onSaveToBank?: () => void; banked?: boolean }) {
  const { t } = useI18n();
  const [comp, setComp] = useState('');
  const [showHint, setShowHint] = useState(!!q.ideal_answer);
  const compRef = useRef<HTMLInputElement>(null);
  const addComp = () => {
    const v = comp.trim().replace(/,$/, '');
    if (v && !(q.competencies ?? []).includes(v)) onChange({ competencies: [...(q.competencies ?? []), v] });
    setComp('');
  };
  const sel = (id: string, label: string, value: number | undefined, options: number[], fmt: (n: number) => string, key: keyof DraftQ) => (
    <div className="field"><label htmlFor={id}>{label}</label>
      <select id={id} className="select" value={value} disabled={readOnly} onChange={(e) => onChange({ [key]: Number(e.target.value) } as Partial<DraftQ>)}>
        {[...new Set([...options, value ?? options[0]])].sort((a, b) => a - b).map((n) => <option key={n} value={n}>{fmt(n)}</option>)}
      </select></div>
  );
  const dur = (n: number) => (n === 0 ? t('tpl.none') : n < 60 ? t('tpl.sec', { n }) : n % 60 ? t('tpl.minSec', { m: Math.floor(n / 60), s: n % 60 }) : t('tpl.min', { n: n / 60 }));
  return (
    <div className="stack" style={{ minWidth: 0 }}>
      <div className="field"><label htmlFor={`q-text-${i}`}>{t('tpl.questionN', { n: i + 1 })}</label>
        <textarea id={`q-text-${i}`} className="textarea" rows={2} value={q.text} readOnly={readOnly} placeholder={t('tpl.questionPh')} onChange={(e) => onChange({ text: e.target.value })} /></div>
      <div className="form-grid">
        {sel(`q-limit-${i}`, t('tpl.timeLimit'), q.time_limit_seconds, TIME_LIMITS, dur, 'time_limit_seconds')}
        {sel(`q-think-${i}`, t('tpl.thinkTime'), q.think_time_seconds, THINK_TIMES, dur, 'think_time_seconds')}
        {sel(`q-retakes-${i}`, t('tpl.retakes'), q.retakes, [0, 1, 2, 3], (n) => String(n), 'retakes')}
      </div>
      <div className="field"><label htmlFor={`q-comp-${i}`}>{t('tpl.competencies')}</label>
        {(q.competencies ?? []).length > 0 && <div className="chips">{(q.competencies ?? []).map((c) => <span className="chip" key={c}>{c}{!readOnly && <button type="button" aria-label={t('tpl.removeComp', { c })} onClick={() => { onChange({ competencies: (q.competencies ?? []).filter((x) => x !== c) }); compRef.current?.focus(); }}>×</button>}</span>)}</div>}
        {!readOnly && <input ref={compRef} id={`q-comp-${i}`} className="input" value={comp} placeholder={t('tpl.compPh')} onChange={(e) => { if (e.target.value.endsWith(',')) { setComp(e.target.value); setTimeout(addComp); } else setComp(e.target.value); }} onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); addComp(); } }} onBlur={addComp} />}
      </div>
      {showHint || readOnly ? (q.ideal_answer || !readOnly) && <div className="field"><label htmlFor={`q-ideal-${i}`}>{t('tpl.ideal')}</label><textarea id={`q-ideal-${i}`} className="textarea" rows={2} value={q.ideal_answer ?? ''} readOnly={readOnly} onChange={(e) => onChange({ ideal_answer: e.target.value })} aria-describedby={`q-ideal-hint-${i}`} /><span id={`q-ideal-hint-${i}`} className="hint">{t('tpl.idealHint')}</span></div>
        : <div><button type="button" className="btn ghost sm" onClick={() => setShowHint(true)}><Icon name="plus" size={14} />{t('tpl.addIdeal')}</button></div>}
      {(!readOnly || onSaveToBank) && <div className="row wrap">
        {banked ? <span className="small muted"><Icon name="check" size={14} /> {t('tpl.bankSavedShort')}</span>
          : onSaveToBank && <button type="button" className="btn ghost sm" onClick={onSaveToBank} aria-label={`${t('tpl.bankSave')}: ${t('tpl.questionN', { n: i + 1 })}`}><Icon name="download" size={14} />{t('tpl.bankSave')}</button>}
        <span className="spacer" />
        {!readOnly && <>
        <button type="button" className="btn ghost sm" onClick={onUp} disabled={!onUp} aria-label={t('tpl.moveUp', { n: i + 1 })}><Icon name="up" size={14} /></button>
        <button type="button" className="btn ghost sm" onClick={onDown} disabled={!onDown} aria-label={t('tpl.moveDown', { n: i + 1 })}><Icon name="down" size={14} /></button>
        {onRemove && <button type="button" className="btn ghost sm" onClick={onRemove} aria-label={t('tpl.removeQ', { n: i + 1 })}><Icon name="trash" size={14} /></button>}
        </>}
      </div>}
    </div>
  );
}
