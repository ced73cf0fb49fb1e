import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { WEB_DIR } from './web-build';

/** A port free now on loopback (for a server started by another process). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface ViteDev {
  origin: string;
  stop(): Promise<void>;
}

/** `npm run dev:web` as a developer runs it: Vite on its own origin, calling the API at `apiBase`. */
export async function startViteDev(apiBase: string): Promise<ViteDev> {
  const port = await freePort();
  const vite = join(WEB_DIR, '..', 'node_modules', 'vite', 'bin', 'vite.js');
  // NODE_ENV as a developer has it (jest's `test` would change how Vant renders).
  const child: ChildProcess = spawn(process.execPath, [vite, '--clearScreen', 'false'], {
    cwd: WEB_DIR,
    env: { ...process.env, NODE_ENV: 'development', VITE_JIFEN_API: apiBase, WEB_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const origin = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vite exited (${child.exitCode}):\n${output}`);
    const ok = await fetch(`${origin}/app/`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { origin, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`vite did not answer on ${origin} within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
