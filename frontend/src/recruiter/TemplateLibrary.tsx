// Templates (issue 12) in the editor: the intro (text and video) and the question bank picker.
import { useEffect, useRef, useState } from 'react';
import { INTRO_TEXT_MAX, INTRO_VIDEO_TYPES, templatesApi, type BankQuestion, type QuestionDraft, type Template } from '../api';
import { useI18n } from '../i18n';
import { Dialog, ErrorAlert, Icon, Spinner, useToast } from '../ui';
import { useAsync } from './hooks';
import { asIntroType, bankToDraft, introFileProblem, postIntro, sameText, searchNeedle } from './templateLibrary';

const BAD_FILE = { type: 'tpl.introBadType', size: 'tpl.introTooBig', empty: 'tpl.introEmpty' } as const;

/** The intro text (edited with the template) and the intro video (uploaded straight to storage,
 * then attached: on a published template, attaching makes the next draft like any edit). */
export function IntroSection({ tpl, text, onText, readOnly, onTemplate }: {
  tpl: Template | null; text: string; onText: (v: string) => void; readOnly: boolean; onTemplate: (x: Template) => void;
}) {
  const { t } = useI18n();
  const toast = useToast();
  const [pct, setPct] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState('');
  const fileRef = useRef<HTMLInputElement>(null);
  const video = tpl?.intro_video ?? null;

  const upload = async (file: File) => {
    if (!tpl) return;
    const bad = introFileProblem(file);
    if (bad) { setProblem(t(BAD_FILE[bad])); return; }
    setProblem(''); setError(null); setPct(0);
    try {
      const grant = await templatesApi.createTemplateIntroUpload(tpl.id, { content_type: asIntroType(file.type), size_bytes: file.size });
      await postIntro(grant, file, setPct);
      onTemplate(await templatesApi.attachTemplateIntroVideo(tpl.id, grant.key));
      toast(t('tpl.introUploaded'));
    } catch (e) {
      if (e instanceof Error && !('status' in e)) setProblem(t('tpl.introFailed')); else setError(e);
    } finally {
      setPct(null);
      if (fileRef.current) fileRef.current.value = '';
    }
  };
  const remove = async () => {
    if (!tpl) return;
    setError(null);
    try { onTemplate(await templatesApi.removeTemplateIntroVideo(tpl.id)); toast(t('tpl.introRemoved')); } catch (e) { setError(e); }
  };

  return (
    <section className="card card-pad stack" aria-labelledby="intro-h">
      <div><h2 id="intro-h">{t('tpl.intro')}</h2><p className="small muted">{t('tpl.introHint')}</p></div>
      <div className="field">
        <label htmlFor="tpl-intro">{t('tpl.introText')}</label>
        <textarea id="tpl-intro" className="textarea" rows={4} value={text} readOnly={readOnly} maxLength={INTRO_TEXT_MAX} aria-describedby="tpl-intro-count" onChange={(e) => onText(e.target.value)} />
        <span id="tpl-intro-count" className="hint">{t('tpl.introCount', { n: text.length, max: INTRO_TEXT_MAX })}</span>
      </div>
      <div className="field">
        <span className="label">{t('tpl.introVideo')}</span>
        {video && <video className="intro-video" controls preload="metadata" src={video.url} aria-label={t('tpl.introPlayer')} />}
        {!readOnly && !tpl && <span className="hint">{t('tpl.introSaveFirst')}</span>}
        {!readOnly && tpl && <>
          <div className="row wrap">
            <input ref={fileRef} id="intro-file" type="file" hidden tabIndex={-1} accept={INTRO_VIDEO_TYPES.join(',')}
              onChange={(e) => { const f = e.target.files?.[0]; if (f) void upload(f); }} />
            <button type="button" className="btn" aria-describedby="intro-video-hint" disabled={pct !== null} onClick={() => fileRef.current?.click()}><Icon name="upload" />{video ? t('tpl.introReplace') : t('tpl.introChoose')}</button>
            {video && <button type="button" className="btn ghost" onClick={remove} disabled={pct !== null}><Icon name="trash" />{t('tpl.introRemove')}</button>}
          </div>
          <span id="intro-video-hint" className="hint">{t('tpl.introVideoHint')}</span>
        </>}
        {pct !== null && <div className="intro-progress"><progress max={100} value={pct} aria-label={t('tpl.introProgress')} /><span className="small" aria-live="polite">{t('tpl.introUploading', { pct })}</span></div>}
        {problem && <span className="error-text" role="alert">{problem}</span>}
        <ErrorAlert error={error} />
      </div>
    </section>
  );
}

/** The company's question bank: search, insert a copy into this template, delete. */
export function BankPicker({ open, onClose, present, onInsert }: {
  open: boolean; onClose: () => void; present: string[]; onInsert: (q: QuestionDraft) => void;
}) {
  const { t } = useI18n();
  const toast = useToast();
  const [q, setQ] = useState('');
  const [needle, setNeedle] = useState('');
  const [more, setMore] = useState<BankQuestion[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [confirm, setConfirm] = useState('');
  useEffect(() => { const h = setTimeout(() => setNeedle(searchNeedle(q)), 300); return () => clearTimeout(h); }, [q]);
  const list = useAsync(() => (open ? templatesApi.listBankQuestions({ q: needle || undefined, limit: 20 }) : Promise.resolve(null)), [open, needle]);
  useEffect(() => { setMore([]); setCursor(list.data?.next_cursor ?? null); }, [list.data]);
  const items = [...(list.data?.items ?? []), ...more];
  const loadMore = async () => {
    if (!cursor) return;
    const page = await templatesApi.listBankQuestions({ q: needle || undefined, limit: 20, cursor });
    setMore((m) => [...m, ...page.items]); setCursor(page.next_cursor);
  };
  const remove = async (item: BankQuestion) => {
    await templatesApi.deleteBankQuestion(item.id);
    setConfirm(''); toast(t('tpl.bankDeleted'));
    setMore((m) => m.filter((x) => x.id !== item.id));
    list.setData(list.data ? { ...list.data, items: list.data.items.filter((x) => x.id !== item.id) } : null);
  };
  const dur = (n: number) => (n < 60 ? t('tpl.sec', { n }) : n % 60 ? t('tpl.minSec', { m: Math.floor(n / 60), s: n % 60 }) : t('tpl.min', { n: n / 60 }));

  return (
    <Dialog open={open} onClose={onClose} title={t('tpl.bank')} labelledBy="bank-title" footer={<button type="button" className="btn" onClick={onClose}>{t('common.close')}</button>}>
      <div className="stack">
        <div className="field">
          <label htmlFor="bank-search">{t('tpl.bankSearch')}</label>
          <input id="bank-search" type="search" className="input" value={q} maxLength={100} placeholder={t('tpl.bankSearchPh')} onChange={(e) => setQ(e.target.value)} />
        </div>
        <ErrorAlert error={list.error} />
        {list.loading && !list.data && <Spinner />}
        {list.data && items.length === 0 && <p className="muted">{needle ? t('tpl.bankNoMatch') : t('tpl.bankEmpty')}</p>}
        <ul className="bank-list" aria-label={t('tpl.bank')}>
          {items.map((item) => {
            const there = present.some((p) => sameText(p, item.text));
            return (
              <li key={item.id} className="bank-item">
                <div className="bank-text">
                  <p>{item.text}</p>
                  <p className="small muted">{t('tpl.bankMeta', { time: dur(item.time_limit_seconds ?? 120), n: item.retakes ?? 1 })}{(item.competencies ?? []).length > 0 && ` · ${(item.competencies ?? []).join(', ')}`}</p>
                  {there && <p className="small muted"><Icon name="check" size={12} /> {t('tpl.bankInTemplate')}</p>}
                </div>
                <div className="row">
                  <button type="button" className="btn sm primary" aria-label={t('tpl.bankInsertLabel', { text: item.text.slice(0, 80) })} onClick={() => onInsert(bankToDraft(item))}><Icon name="plus" size={14} />{t('tpl.bankInsert')}</button>
                  {confirm === item.id
                    ? <button type="button" className="btn sm danger" onClick={() => void remove(item)}>{t('tpl.bankConfirmDelete')}</button>
                    : <button type="button" className="btn sm ghost" aria-label={t('tpl.bankDeleteLabel', { text: item.text.slice(0, 80) })} onClick={() => setConfirm(item.id)}><Icon name="trash" size={14} /></button>}
                </div>
              </li>
            );
          })}
        </ul>
        {cursor && <div><button type="button" className="btn sm" onClick={() => void loadMore()}>{t('tpl.bankMore')}</button></div>}
      </div>
    </Dialog>
  );
}
