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
