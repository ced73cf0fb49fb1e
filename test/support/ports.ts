import { createServer } from 'node:net';

/*
 * Ports for servers the suites start in other processes (API processes, Vite). A port the
 * kernel hands out with listen(0) comes from the ephemeral range, where it can be taken
 * between our check and the child's bind — by another worker's server or by any outgoing
 * connection — and a readiness probe may then be answered by somebody else's server. So each
 * jest worker takes ports from its own block below the ephemeral range (which starts at
 * 32768 on Linux), never hands one out twice, and skips ports something already holds.
 */
const BASE = 20_000;
const BLOCK = 500;
let next = 0;

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}

/** A port no other worker of this run uses and nothing holds now. */
export async function freePort(): Promise<number> {
  const worker = Number(process.env.JEST_WORKER_ID ?? '1');
  const start = BASE + ((worker - 1) % 24) * BLOCK;
  for (let tries = 0; tries < BLOCK; tries++) {
    const port = start + (next++ % BLOCK);
    if (await bindable(port)) return port;
  }
  throw new Error(`no free port in ${start}–${start + BLOCK - 1}`);
}
