import type { DataSource } from 'typeorm';
import type { IdempotencyService } from '../core/idempotency/idempotency';
import type { LedgerRepository, PostingAccepted, PreparedPosting } from './ledger.repository';
import { PostingBatcher } from './posting-batcher';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

/**
 * The batcher's scheduling, against a stand-in connection whose first round trip (the batch's
 * write) the test releases by hand: which postings go together, and when. What the database
 * does with a batch is the e2e suites' (ledger-group-commit, ledger-concurrency).
 */
function harness() {
  const writes: { postings: string[]; decide: () => void }[] = [];
  const commits: (() => void)[] = [];
  const client = {
    query: (sql: string) => {
      if (!sql.startsWith('BEGIN')) return new Promise((resolve) => commits.push(() => resolve([])));
      return new Promise((resolve) => {
        writes.push({ postings: JSON.parse(sql.slice('BEGIN;\n'.length)) as string[], decide: () => resolve([{}, { rows: [] }]) });
      });
    },
    release: () => undefined,
  };
  const dataSource = { driver: { master: { connect: () => Promise.resolve(client) } } } as unknown as DataSource;
  const repo = {
    postManyStatement: (postings: PreparedPosting[]) => JSON.stringify(postings.map((p) => p.transaction.id)),
    readPostMany: (_rows: unknown[], count: number): PostingAccepted[] =>
      Array.from({ length: count }, () => ({ ok: true, postedAt: new Date(0), entries: [], unstriped: [] })),
  } as unknown as LedgerRepository;
  const batcher = new PostingBatcher(dataSource, repo, {} as IdempotencyService);
  const submit = (id: string, locks: string[]) =>
    batcher.submit({ posting: { transaction: { id } } as PreparedPosting, locks, idempotent: null, respond: () => ({ status: 201, body: id }) });
  /** Answers every commit sent, until none is left. */
  const commitAll = async () => {
    await tick();
    while (commits.length) {
      while (commits.length) commits.shift()!();
      await tick();
    }
  };
  return { writes, submit, commitAll };
}

describe('PostingBatcher', () => {
  it('keeps a posting out of a batch while a batch in flight, not yet decided, locks one of its accounts', async () => {
    const { writes, submit, commitAll } = harness();
    const first = submit('p1', ['h1']);
    await tick();
    expect(writes.map((w) => w.postings)).toEqual([['p1']]);

    // h1 is held by the first batch: p2 and p4 wait; p3 (h2) and p5 (no household) go at once.
    const rest = [submit('p2', ['h1']), submit('p3', ['h2']), submit('p4', ['h3', 'h1']), submit('p5', [])];
    await tick();
    expect(writes.map((w) => w.postings)).toEqual([['p1'], ['p3', 'p5']]);

    // Decided (its commit not answered yet): the first batch's accounts are free, and what
    // waited for them goes in one batch, whose write overlaps that commit.
    writes[0].decide();
    await tick();
    expect(writes.map((w) => w.postings)).toEqual([['p1'], ['p3', 'p5'], ['p2', 'p4']]);

    writes.slice(1).forEach((w) => w.decide());
    await commitAll();
    const answers = await Promise.all([first, ...rest]);
    expect(answers.map((a) => JSON.parse(a.body) as string)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
  });

  it('puts postings of one account that arrive together in the same batch', async () => {
    const { writes, submit, commitAll } = harness();
    const all = ['a', 'b', 'c'].map((id) => submit(id, ['h1']));
    await tick();
    expect(writes.map((w) => w.postings)).toEqual([['a', 'b', 'c']]);
    writes[0].decide();
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
    writes[0].decide();
    await tick();
    expect(writes.map((w) => w.postings)).toEqual([['a'], ['b']]);

    writes[1].decide();
    await tick();
    expect(writes.map((w) => w.postings)).toEqual([['a'], ['b'], ['x', 'y']]);
    writes[2].decide();
    await commitAll();
    await Promise.all([a, b, x, y]);
  });
});
