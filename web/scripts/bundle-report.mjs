// After `vite build`: the gzipped JavaScript each screen loads (the entry, the screen's own
// chunk and every chunk they import), from Vite's manifest. Fails when the counter passes its budget.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));
const COUNTER_BUDGET_KB = 200;
const screens = { counter: 'src/screens/CounterScreen.vue', panel: 'src/screens/PanelScreen.vue', me: 'src/screens/ResidentScreen.vue' };

/** Every JS file a chunk pulls in before it runs (static imports, transitively). */
function closure(key, seen = new Set()) {
  const chunk = manifest[key];
  if (!chunk || seen.has(chunk.file)) return seen;
  seen.add(chunk.file);
  for (const dep of chunk.imports ?? []) closure(dep, seen);
  return seen;
}

const gzipKb = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length / 1024;
const entry = closure('index.html');
let failed = false;
console.log('\nJS per screen (gzipped):');
for (const [screen, key] of Object.entries(screens)) {
  const files = closure(key, new Set(entry));
  const kb = [...files].reduce((sum, f) => sum + gzipKb(f), 0);
  const budget = screen === 'counter' ? ` (budget ${COUNTER_BUDGET_KB} kB)` : '';
  console.log(`  /app/${screen.padEnd(8)} ${kb.toFixed(1).padStart(6)} kB in ${files.size} files${budget}`);
  if (screen === 'counter' && kb > COUNTER_BUDGET_KB) failed = true;
}
const css = Object.values(manifest).flatMap((c) => c.css ?? []);
const cssKb = [...new Set(css)].reduce((sum, f) => sum + gzipKb(f), 0);
console.log(`  CSS, all screens ${cssKb.toFixed(1).padStart(6)} kB`);
if (failed) {
  console.error(`The counter's JS is over its ${COUNTER_BUDGET_KB} kB budget`);
  process.exit(1);
}
