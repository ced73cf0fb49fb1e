import { Client, ClientConfig } from 'pg';

/**
 * A pg client that always has an 'error' listener. The pool listens while a client is idle
 * and TypeORM while a query runner holds it, but a backend terminated (pg_terminate_backend,
 * failover) can report its FATAL error in a gap between the two, and an 'error' event with
 * no listener throws and ends the process (seen under the outage suite). The pool and the
 * runner still get the error through their own listeners and drop the client.
 */
export class GuardedClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}
