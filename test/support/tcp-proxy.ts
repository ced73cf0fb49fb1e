import { AddressInfo, Server, Socket, connect, createServer } from 'node:net';
import { Transform } from 'node:stream';

/**
 * A loopback TCP proxy in front of PostgreSQL. `cut()` drops every connection and stops
 * listening (to the app, the database is down); `restore()` listens again on the same port.
 * In front of the HTTP app, `dropNextResponse()` loses an answer on its way back.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;
  private dropsArmed = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async listen(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.targetPort, this.targetHost);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      // The target's bytes pass a gate that can close both sides instead of forwarding them.
      const gate = new Transform({
        transform: (chunk, _encoding, done) => {
          if (this.dropsArmed === 0) return done(null, chunk);
          this.dropsArmed -= 1;
          client.destroy();
          upstream.destroy();
          done();
        },
      });
      client.pipe(upstream);
      upstream.pipe(gate).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /**
   * The next bytes the target sends (on any connection) are not forwarded: both sides of that
   * connection close instead, as when a connection dies after the server has answered.
   * `count` > 1 loses that many answers in a row (a browser silently resends a request once
   * when a reused connection dies before the answer).
   */
  dropNextResponse(count = 1): void {
    this.dropsArmed = count;
  }

  /**
   * Closes every connection open now and keeps listening: the next requests come on new
   * connections. A browser resends a request on its own when a kept-alive connection dies
   * before the answer, never when a new one does: a dropped answer then reaches the page's script.
   */
  closeConnections(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  restore(): Promise<void> {
    return this.listen();
  }

  /** The same URL, through the proxy. */
  proxied(url: string): string {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }
}
