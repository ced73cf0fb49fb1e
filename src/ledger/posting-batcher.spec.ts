import type { DataSource } from 'typeorm';
import type { IdempotencyService } from '../core/idempotency/idempotency';
import type { LedgerBatchStatements, TemplatedClaim } from './ledger-batch.statements';
import type { PostingAccepted, PreparedPosting } from './ledger.repository';
import { PostingBatcher } from './posting-batcher';
import type { GroupedResponse } from './response-template';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

/**
 * The batcher's scheduling, against a stand-in connection whose one round trip per batch (the
 * batch's one message, LedgerBatchStatements.message) the test answers by hand: which postings
 * go together, and when. What the database does with a batch is the e2e suites'
 * (ledger-group-commit, ledger-concurrency).
 */
function harness() {
  const writes: { postings: string[]; commit: () => void }[] = [];
  const client = {
    query: (message: string) =>
      new Promise((resolve) => {
        const { postings, claimed } = JSON.parse(message) as { postings: string[]; claimed: { id: string; body: string }[] };
        writes.push({ postings, commit: () => resolve({ claimed }) });
      }),
    release: () => undefined,
  };
  const dataSource = { driver: { master: { connect: () => Promise.resolve(client) } } } as unknown as DataSource;
  // The message is the postings' ids and, for each claim, the body the database would store
  // (here: the template, marked); its answer is every posting accepted, with those bodies.
  const statements = {
    message: (postings: PreparedPosting[], _keys: unknown[], claims: TemplatedClaim[]) =>
      JSON.stringify({ postings: postings.map((p) => p.transaction.id), claimed: claims.map((c) => ({ id: c.transactionId, body: `stored ${c.response.template}` })) }),
    readMessage: (results: { claimed: { id: string; body: string }[] }, count: number) => ({
      posted: Array.from({ length: count }, (): PostingAccepted => ({ ok: true, postedAt: new Date(0), entries: [], unstriped: [] })),
      bodies: new Map(results.claimed.map((r) => [r.id, r.body])),
    }),
  } as unknown as LedgerBatchStatements;
  const batcher = new PostingBatcher(dataSource, statements, {} as IdempotencyService);
  const submit = (id: string, locks: string[], options: { key?: string; respond?: (result: PostingAccepted) => GroupedResponse } = {}) =>
    batcher.submit({
      posting: { transaction: { id }, entries: [] } as unknown as PreparedPosting,
      locks,
      idempotent: options.key ? { scope: 'test', key: options.key, hash: 'h', villageId: null } : null,
      respond: options.respond ?? (() => ({ status: 201, body: id })),
    });
  /** Commits every batch sent, until none is left. */
  const commitAll = async () => {
    let done = 0;
    await tick();
    while (done < writes.length) {
      while (done < writes.length) writes[done++].commit();
      await tick();
    }
  };
  return { writes, submit, commitAll };
}

describe('PostingBatcher', () => {
  it('keeps a posting out of a batch while a batch in flight locks one of its accounts', async () => {
    const { writes, submit, commitAll } = harness();
    const first = submit('p1', ['h1']);
    await tick();
    expect(writes.map((w) => w.postings)).toEqual([['p1']]);

    // h1 is held by the first batch: p2 and p4 wait; p3 (h2) and p5 (no household) go at once.
    const rest = [submit('p2', ['h1']), submit('p3', ['h2']), submit('p4', ['h3', 'h1']), submit('p5', [])];
    await tick();
    expect(writes.map((w) => w.postings)).toEqual([['p1'], ['p3', 'p5']]);

    // Committed: the first batch's accounts are free, and what waited for them goes in one batch.
    writes[0].commit();
    await tick();
    expect(writes.map((w) => w.postings)).toEqual([['p1'], ['p3', 'p5'], ['p2', 'p4']]);

    writes.slice(1).forEach((w) => w.commit());
    await commitAll();
    const answers = await Promise.all([first, ...rest]);
    expect(answers.map((a) => JSON.parse(a.body) as string)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
  });

  it('puts postings of one account that arrive together in the same batch', async () => {
    const { writes, submit, commitAll } = harness();
    const all = ['a', 'b', 'c'].map((id) => submit(id, ['h1']));
    await tick();
    expect(writes.map((w) => w.postings)).toEqual([['a', 'b', 'c']]);
    writes[0].commit();
    await commitAll();
    await Promise.all(all);
  });

  it('lets no later posting overtake one that waits for two households (each account in arrival order)', async () => {
    const { writes, submit, commitAll } = harness();
    const a = submit('a', ['h1']);
    await tick();
    const b = submit('b', ['h2']);
    await tick();
    expect(writes.map((w) => w.postings)).toEqual([['a'], ['b']]);

    // x needs h1 and h2, both held; y (h1 only) arrived after x and must not go before it.
    const x = submit('x', ['h1', 'h2']);
    const y = submit('y', ['h1']);
    await tick();
    writes[0].commit();
    await tick();
    expect(writes.map((w) => w.postings)).toEqual([['a'], ['b']]);

    writes[1].commit();
    await tick();
    expect(writes.map((w) => w.postings)).toEqual([['a'], ['b'], ['x', 'y']]);
    writes[2].commit();
    await commitAll();
    await Promise.all([a, b, x, y]);
  });

  it('answers a posting with a key with the body its claim stored, and one whose response cannot be rendered ahead with an error of its own', async () => {
    const { writes, submit, commitAll } = harness();
    // No time, no entries: nothing for the database to fill in, so no template (see responseTemplate).
    const unrenderable = () => ({ status: 201, body: { nothing: 'to fill in' } });
    const renderable = (result: PostingAccepted) => ({ status: 201, body: { id: 'k1', postedAt: result.postedAt } });
    const [keyed, bad, plain] = [
      submit('k1', ['h1'], { key: 'key-1', respond: renderable }),
      submit('k2', ['h2'], { key: 'key-2', respond: unrenderable }),
      submit('p1', ['h3']),
    ];
    const badAnswer = bad.then(
      () => 'answered',
      (error: Error) => error.message,
    );
    await commitAll();
    // The batch failed as a whole before it was sent; each posting then went on its own.
    expect(writes.map((w) => w.postings)).toEqual([['k1'], ['p1']]);
    expect((await keyed).body).toBe('stored {"id":"k1","postedAt":%1$s}');
    expect(await badAnswer).toMatch(/response template: value 1 rendered 0 times/);
    expect(JSON.parse((await plain).body)).toBe('p1');
  });
});
