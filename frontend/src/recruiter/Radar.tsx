// A radar chart in SVG; values 0-100. Its aria-label carries every name and number.
// The labels sit inside the chart's own width (left-side labels above their point, right-side
// ones below, on a white halo), so the drawing needs no side margins and, in the review's narrow
// column, its text renders at about its nominal 13 px instead of shrinking with a wide viewBox.
export function Radar({ data, label, size = 260 }: { data: { name: string; score: number }[]; label: string; size?: number }) {
  const n = data.length;
  if (n < 3) return null;
  const c = size / 2;
  const r = c - 22;
  const pad = 8;
  const top = 30; // room for the label above the top point and below the bottom one
  const pt = (i: number, v: number) => {
    const a = -Math.PI / 2 + (2 * Math.PI * i) / n;
    return [c + Math.cos(a) * r * (v / 100), c + Math.sin(a) * r * (v / 100)] as const;
  };
  const poly = data.map((d, i) => pt(i, Math.max(0, Math.min(100, d.score))).join(',')).join(' ');
  return (
    <figure style={{ margin: 0 }}>
      <svg viewBox={`${-pad} ${-top} ${size + 2 * pad} ${size + 2 * top}`} width="100%" style={{ maxWidth: size + 2 * pad, display: 'block', margin: '0 auto' }} role="img" aria-label={`${label}: ${data.map((d) => `${d.name} ${d.score}`).join(', ')}`}>
        {[25, 50, 75, 100].map((ring) => <polygon key={ring} points={data.map((_, i) => pt(i, ring).join(',')).join(' ')} fill="none" stroke="#e3e6ea" strokeWidth={1} />)}
        {data.map((_, i) => { const [x, y] = pt(i, 100); return <line key={i} x1={c} y1={c} x2={x} y2={y} stroke="#e3e6ea" />; })}
        <polygon points={poly} fill="color-mix(in srgb, var(--brand) 22%, transparent)" stroke="var(--brand)" strokeWidth={2} />
        {data.map((d, i) => { const [x, y] = pt(i, Math.max(0, Math.min(100, d.score))); return <circle key={d.name} cx={x} cy={y} r={3.5} fill="var(--brand)" />; })}
        {data.map((d, i) => {
          const [x, y] = pt(i, 100);
          const middle = Math.abs(x - c) < 8;
          const ly = middle ? (y < c ? y - 12 : y + 20) : x < c ? y - 12 : y + 20;
          const anchor = middle ? 'middle' : x < c ? 'start' : 'end';
          return <text key={d.name} x={x} y={ly} textAnchor={anchor} fontSize={13} fill="#4a525c" stroke="#fff" strokeWidth={4} strokeLinejoin="round" paintOrder="stroke">{d.name} <tspan fontWeight={650} fill="#16191d">{d.score}</tspan></text>;
        })}
      </svg>
    </figure>
  );
}

/** Six series told apart by colour (Okabe–Ito, safe for colour blindness) and by line pattern. */
export const SERIES_STYLES = [
  { color: '#0072B2', dash: undefined, marker: 'circle' },
  { color: '#D55E00', dash: '7 4', marker: 'square' },
  { color: '#007A5A', dash: '2 3', marker: 'triangle' },
  { color: '#B0488F', dash: '10 3 2 3', marker: 'diamond' },
  { color: '#8A6100', dash: '5 2', marker: 'circle' },
  { color: '#3A3F9E', dash: '1 2', marker: 'square' },
] as const;

function Marker({ x, y, kind, color }: { x: number; y: number; kind: string; color: string }) {
  if (kind === 'square') return <rect x={x - 3.5} y={y - 3.5} width={7} height={7} fill={color} />;
  if (kind === 'triangle') return <polygon points={`${x},${y - 4.5} ${x + 4},${y + 3} ${x - 4},${y + 3}`} fill={color} />;
  if (kind === 'diamond') return <polygon points={`${x},${y - 4.5} ${x + 4.5},${y} ${x},${y + 4.5} ${x - 4.5},${y}`} fill={color} />;
  return <circle cx={x} cy={y} r={3.5} fill={color} />;
}

/**
 * Several candidates' radars overlaid on the same axes (values 0-100; a missing value sits at 0).
 * The figures are in the comparison's tables; the image's label names the series.
 */
export function RadarOverlay({ axes, series, label, size = 300 }: { axes: string[]; series: { name: string; values: (number | null)[] }[]; label: string; size?: number }) {
  const n = axes.length;
  if (n < 3 || series.length === 0) return null;
  const c = size / 2;
  const r = c - 22;
  const pad = 8;
  const top = 30;
  const pt = (i: number, v: number) => {
    const a = -Math.PI / 2 + (2 * Math.PI * i) / n;
    const k = Math.max(0, Math.min(100, v)) / 100;
    return [c + Math.cos(a) * r * k, c + Math.sin(a) * r * k] as const;
  };
  return (
    <figure style={{ margin: 0 }}>
      <svg viewBox={`${-pad} ${-top} ${size + 2 * pad} ${size + 2 * top}`} width="100%" style={{ maxWidth: size + 2 * pad, display: 'block', margin: '0 auto' }} role="img" aria-label={label}>
        {[25, 50, 75, 100].map((ring) => <polygon key={ring} points={axes.map((_, i) => pt(i, ring).join(',')).join(' ')} fill="none" stroke="#e3e6ea" strokeWidth={1} />)}
        {axes.map((_, i) => { const [x, y] = pt(i, 100); return <line key={i} x1={c} y1={c} x2={x} y2={y} stroke="#e3e6ea" />; })}
        {series.map((s, k) => {
          const st = SERIES_STYLES[k % SERIES_STYLES.length];
          const points = axes.map((_, i) => pt(i, s.values[i] ?? 0).join(',')).join(' ');
          return (
            <g key={k}>
              <polygon points={points} fill={st.color} fillOpacity={0.08} stroke={st.color} strokeWidth={2} strokeDasharray={st.dash} />
              {axes.map((_, i) => { const [x, y] = pt(i, s.values[i] ?? 0); return <Marker key={i} x={x} y={y} kind={st.marker} color={st.color} />; })}
            </g>
          );
        })}
        {axes.map((name, i) => {
          const [x, y] = pt(i, 100);
          const middle = Math.abs(x - c) < 8;
          const ly = middle ? (y < c ? y - 12 : y + 20) : x < c ? y - 12 : y + 20;
          const anchor = middle ? 'middle' : x < c ? 'start' : 'end';
          return <text key={name} x={x} y={ly} textAnchor={anchor} fontSize={13} fill="#4a525c" stroke="#fff" strokeWidth={4} strokeLinejoin="round" paintOrder="stroke">{name}</text>;
        })}
      </svg>
    </figure>
  );
}

/** The key to an overlay: each candidate's colour, line pattern and marker beside their name. */
export function SeriesKey({ names }: { names: string[] }) {
  return (
    <ul className="series-key">
      {names.map((name, k) => {
        const st = SERIES_STYLES[k % SERIES_STYLES.length];
        return (
          <li key={k}>
            <svg width={34} height={12} aria-hidden="true" focusable="false"><line x1={1} y1={6} x2={33} y2={6} stroke={st.color} strokeWidth={2.5} strokeDasharray={st.dash} /><Marker x={17} y={6} kind={st.marker} color={st.color} /></svg>
            <span>{name}</span>
          </li>
        );
      })}
    </ul>
  );
}
