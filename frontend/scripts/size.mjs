// Gzip size of the built app: what a first visit downloads per entry (run after `vite build`).
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';

const dir = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '../dist/assets');
let total = 0;
const rows = readdirSync(dir).map((f) => {
  const gz = gzipSync(readFileSync(path.join(dir, f)), { level: 9 }).length;
  total += gz;
  return [f, gz];
}).sort((a, b) => b[1] - a[1]);
for (const [f, gz] of rows) console.log(`${(gz / 1024).toFixed(1).padStart(7)} kB  ${f}`);
console.log(`${(total / 1024).toFixed(1).padStart(7)} kB  total (gzip)`);
