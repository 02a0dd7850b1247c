// The billing page (plan, usage, upgrade, manage) and the upgrade prompt a 402 turns into.
import { useState } from 'react';
import { api, ApiError, type Billing, type Me, type PlanName, type QuotaExceeded } from '../api';
import { useI18n, type T } from '../i18n';
import { Link } from '../router';
import { ErrorAlert, Icon, Spinner } from '../ui';
import { useAsync } from './hooks';
import { useSession } from './RecruiterApp';

type Role = Me['role'];
const ORDER: PlanName[] = ['free', 'plus', 'pro'];
const PLAN_NAMES = new Set<string>(ORDER);

/** The plan one step up, or null on the top plan. */
export function nextPlan(plan: PlanName): Exclude<PlanName, 'free'> | null {
  const up = ORDER[ORDER.indexOf(plan) + 1];
  return up && up !== 'free' ? up : null;
}

/** The quota a 402 carries (its extension members), or null for any other error. */
export function quotaFromError(error: unknown): QuotaExceeded | null {
  if (!(error instanceof ApiError) || error.status !== 402) return null;
  const x = error.extensions;
  const num = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  if (typeof x.plan !== 'string' || !PLAN_NAMES.has(x.plan) || !num(x.usage) || !num(x.limit) || typeof x.resets_at !== 'string') return null;
  return {
    plan: x.plan as PlanName, usage: x.usage as number, limit: x.limit as number,
    requested: num(x.requested) ? (x.requested as number) : 1, resets_at: x.resets_at,
    upgrade_url: typeof x.upgrade_url === 'string' ? x.upgrade_url : '',
  };
}

/** A calendar date in UTC: the month's count and Stripe's periods are UTC, not the viewer's day. */
function useUtcDate() {
  const { lang } = useI18n();
  const fmt = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' });
  return (iso: string | null | undefined) => {
    const d = iso ? new Date(iso) : null;
    return d && !Number.isNaN(d.getTime()) ? fmt.format(d) : '—';
  };
}

const planTitle = (t: T, plan: PlanName) => t(`bill.plan.${plan}` as 'bill.plan.free');

/** Starts Stripe's checkout for a plan and sends the browser there. */
async function checkout(plan: Exclude<PlanName, 'free'>) {
  const { url } = await api.createCheckoutSession(plan);
  window.location.assign(url);
}

export function UsageBar({ usage, limit, id }: { usage: number; limit: number | null; id?: string }) {
  const { t } = useI18n();
  if (limit === null) return <p id={id} className="bill-usage">{t('bill.usageUnlimited', { n: usage })}</p>;
  const text = t('bill.usage', { n: usage, limit });
  const share = limit > 0 ? Math.min(1, usage / limit) : 1;
  return (
    <div className="stack" style={{ gap: 6 }}>
      <p id={id} className="bill-usage" style={{ margin: 0 }}>{text}</p>
      <div className="progress" role="progressbar" aria-label={t('bill.usageLabel')} aria-valuetext={text} aria-valuemin={0} aria-valuemax={limit} aria-valuenow={Math.min(usage, limit)} data-full={usage >= limit || undefined}>
        <span style={{ width: `${Math.round(share * 100)}%` }} />
      </div>
    </div>
  );
}

/** What a refused invite shows instead of the server's sentence: the numbers and a way up. */
export function QuotaPrompt({ quota, role }: { quota: QuotaExceeded; role: Role }) {
  const { t } = useI18n();
  const utc = useUtcDate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const up = nextPlan(quota.plan);
  const left = Math.max(0, quota.limit - quota.usage);
  return (
    <div className="alert warn" role="alert" aria-labelledby="quota-title">
      <Icon name="alert" />
      <div className="stack" style={{ gap: 8, flex: 1 }}>
        <strong id="quota-title">{t('bill.quotaTitle', { plan: planTitle(t, quota.plan) })}</strong>
        <UsageBar usage={quota.usage} limit={quota.limit} />
        {quota.requested > 1 && <span>{t('bill.quotaBulk', { n: quota.requested, left })}</span>}
        <span>{t('bill.resetsOn', { date: utc(quota.resets_at) })}</span>
        <ErrorAlert error={error} />
        <div className="row wrap">
          {role === 'admin' && up
            ? <button type="button" className="btn primary sm" disabled={busy} onClick={async () => { setBusy(true); setError(null); try { await checkout(up); } catch (e) { setError(e); setBusy(false); } }}><Icon name="up" />{busy ? t('common.wait') : t('bill.upgradeTo', { plan: planTitle(t, up) })}</button>
            : null}
          {role === 'hr' && <Link className="btn primary sm" to="/app/billing">{t('bill.upgrade')}</Link>}
          {role === 'admin' && <Link className="btn sm" to="/app/billing">{t('bill.seePlans')}</Link>}
          {role === 'hr' && <span className="small">{t('bill.askAdmin')}</span>}
          {role === 'interviewer' && <span>{t('bill.askAdmin')}</span>}
        </div>
      </div>
    </div>
  );
}

function PaymentAlert({ billing }: { billing: Billing }) {
  const { t } = useI18n();
  const utc = useUtcDate();
  if (billing.payment_status === 'failed') return <div className="alert warn" role="status"><Icon name="alert" /><span>{t('bill.paymentFailed', { date: utc(billing.grace_until) })}</span></div>;
  if (billing.payment_status === 'lapsed') return <div className="alert bad" role="status"><Icon name="alert" /><span>{t('bill.paymentLapsed', { plan: planTitle(t, billing.plan) })}</span></div>;
  return null;
}

export function BillingPage() {
  const { t } = useI18n();
  const utc = useUtcDate();
  const { me } = useSession();
  const admin = me.role === 'admin';
  const { data, error, loading } = useAsync(() => api.getBilling(), []);
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const returned = new URLSearchParams(location.search).get('checkout');
  const act = async (key: string, fn: () => Promise<void>) => {
    setBusy(key); setActionError(null);
    try { await fn(); } catch (e) { setActionError(e); setBusy(null); }
  };

  if (loading && !data) return <div className="page"><Spinner /></div>;
  if (!data) return <div className="page"><ErrorAlert error={error} /></div>;
  const rank = ORDER.indexOf(data.plan);
  return (
    <div className="page stack-lg">
      <div className="page-head"><h1>{t('bill.title')}</h1></div>
      {returned === 'done' && <div className="alert ok" role="status"><Icon name="check" />{t('bill.checkoutDone')}</div>}
      {returned === 'cancelled' && <div className="alert info" role="status">{t('bill.checkoutCancelled')}</div>}
      <PaymentAlert billing={data} />
      <ErrorAlert error={actionError} />
      <section className="card card-pad stack" aria-labelledby="bill-plan">
        <h2 id="bill-plan" style={{ margin: 0 }}>{t('bill.currentPlan', { plan: planTitle(t, data.plan) })}</h2>
        <UsageBar usage={data.usage} limit={data.limit} />
        <dl className="kv">
          <dt>{t('bill.resets')}</dt><dd>{utc(data.resets_at)}</dd>
          {data.renews_at && <><dt>{data.cancel_at_period_end ? t('bill.ends') : t('bill.renews')}</dt><dd>{utc(data.renews_at)}</dd></>}
          {data.payment_status === 'failed' && <><dt>{t('bill.graceUntil')}</dt><dd>{utc(data.grace_until)}</dd></>}
        </dl>
        {admin && data.can_manage && <div className="row"><button type="button" className="btn" disabled={!!busy} onClick={() => act('portal', async () => { window.location.assign((await api.createPortalSession()).url); })}><Icon name="gear" />{busy === 'portal' ? t('common.wait') : t('bill.manage')}</button></div>}
        {!admin && <p className="small muted" style={{ margin: 0 }}>{t('bill.adminsOnly')}</p>}
      </section>
      <section className="card card-pad stack" aria-labelledby="bill-plans">
        <h2 id="bill-plans" style={{ margin: 0 }}>{t('bill.plans')}</h2>
        <ul className="stack" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {data.plans.map((p) => {
            const higher = ORDER.indexOf(p.name) > rank && p.name !== 'free';
            return (
              <li key={p.name} className="row wrap" style={{ justifyContent: 'space-between' }}>
                <div><strong>{planTitle(t, p.name)}</strong>{p.name === data.plan && <span className="badge" style={{ marginInlineStart: 8 }}>{t('bill.current')}</span>}
                  <div className="small muted">{p.monthly_interviews === null ? t('bill.unlimited') : t('bill.perMonth', { n: p.monthly_interviews })}</div></div>
                {admin && higher && <button type="button" className="btn primary sm" disabled={!!busy} onClick={() => act(p.name, () => checkout(p.name as Exclude<PlanName, 'free'>))}><Icon name="up" />{busy === p.name ? t('common.wait') : t('bill.upgradeTo', { plan: planTitle(t, p.name) })}</button>}
              </li>
            );
          })}
        </ul>
      </section>
    </div>
  );
}
