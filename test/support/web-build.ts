import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
export const WEB_DIR = join(ROOT, 'web');
const SDK_DIST = join(ROOT, 'packages', 'sdk', 'dist');
const MANIFEST = join(WEB_DIR, 'dist', '.vite', 'manifest.json');

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

/**
 * Builds the SDK and the web app when their builds are missing or older than their sources,
 * so that a plain `npx jest` serves the current screens at /app/ (the e2e global setup calls it once).
 */
export function ensureWebBuilt(): void {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  if (!existsSync(join(SDK_DIST, 'index.js')) || newestMtime(join(ROOT, 'packages', 'sdk', 'src')) > newestMtime(SDK_DIST)) {
    execFileSync(npm, ['run', 'build', '--silent', '-w', '@jifen/sdk'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const built = existsSync(MANIFEST) ? statSync(MANIFEST).mtimeMs : 0;
  const sources = Math.max(...['src', 'index.html', 'vite.config.ts', 'package.json', 'scripts'].map((p) => newestMtime(join(WEB_DIR, p))), newestMtime(SDK_DIST));
  if (built >= sources) return;
  process.stdout.write('building the web app for the e2e suites (web/dist is older than web/src)\n');
  // jest sets NODE_ENV=test, which Vite would build into the page (Vant then gives every field one id).
  execFileSync(npm, ['run', 'build', '--silent', '-w', '@jifen/web'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } });
}
