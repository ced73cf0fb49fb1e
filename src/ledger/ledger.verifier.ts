import { EntityManager } from 'typeorm';
import { verifyAllChains } from '../audit/audit-query.service';

export interface LedgerProblem {
  code: string;
  detail: string;
  transactionId?: string;
  accountId?: string;
  entryId?: string;
  auditEventId?: string;
}

export interface VerifyResult {
  ok: boolean;
  checkedTransactions: number;
  checkedAccounts: number;
  checkedEntries: number;
  problems: LedgerProblem[];
}

/** At most this many problems of each kind are listed (the count says how many in all). */
const LIMIT = 200;

/**
 * `ledger verify`: re-derives every invariant from the rows themselves, so that a row
 * changed behind the API's back (triggers disabled, a restored backup) is reported with the
 * ids to look at, and walks the audit chain (events sealed so far). Runs in one REPEATABLE READ snapshot so concurrent postings cannot make
 * a consistent ledger look inconsistent.
 */
export async function verifyLedger(manager: EntityManager, villageId: string | null): Promise<VerifyResult> {
  return manager.transaction('REPEATABLE READ', async (tx) => {
    const problems: LedgerProblem[] = [];
    const v = villageId ? [villageId] : [];
    const tWhere = villageId ? 'WHERE t.village_id = $1' : '';
    const aWhere = villageId ? 'WHERE a.village_id = $1' : '';
    const eWhere = villageId ? 'WHERE e.village_id = $1' : '';
    const andE = villageId ? 'AND e.village_id = $1' : '';

    const add = async (sql: string, map: (row: Record<string, string>) => LedgerProblem) => {
      const rows: Record<string, string>[] = await tx.query(`${sql} LIMIT ${LIMIT}`, v);
      problems.push(...rows.map(map));
    };

    const [counts] = await tx.query(
      `SELECT (SELECT count(*) FROM ledger_transactions t ${tWhere})::int AS transactions,
              (SELECT count(*) FROM ledger_accounts a ${aWhere})::int AS accounts,
              (SELECT count(*) FROM ledger_entries e ${eWhere})::int AS entries`,
      v,
    );

    // 1. Double entry: >= 2 entries summing to zero, all in the transaction's village.
    await add(
      `SELECT t.id, count(e.id)::text AS n, coalesce(sum(e.amount), 0)::text AS total,
              coalesce(bool_or(e.village_id <> t.village_id), false) AS mixed
         FROM ledger_transactions t LEFT JOIN ledger_entries e ON e.transaction_id = t.id ${tWhere}
        GROUP BY t.id HAVING count(e.id) < 2 OR coalesce(sum(e.amount), 0) <> 0 OR bool_or(e.village_id <> t.village_id)
        ORDER BY t.id`,
      (r) => ({
        code: 'transaction_unbalanced',
        transactionId: r.id,
        detail: `transaction ${r.id} has ${r.n} entries summing to ${r.total}${r.mixed ? ', some in another village' : ''}`,
      }),
    );

    // Entries must name a known account of their own village.
    await add(
      `SELECT e.id::text AS entry_id, e.transaction_id, e.account_id FROM ledger_entries e
         LEFT JOIN ledger_accounts a ON a.id = e.account_id
        WHERE (a.id IS NULL OR a.village_id <> e.village_id) ${andE} ORDER BY e.id`,
      (r) => ({
        code: 'entry_unknown_account',
        entryId: r.entry_id,
        transactionId: r.transaction_id,
        accountId: r.account_id,
        detail: `entry ${r.entry_id} names account ${r.account_id}, which does not exist in its village`,
      }),
    );

    // 5. Materialised balances equal the sum of entries; for households also the last balanceAfter.
    await add(
      `SELECT a.id, a.kind,
              CASE WHEN a.kind = 'household' THEN a.balance
                   ELSE (SELECT coalesce(sum(s.balance), 0) FROM ledger_balance_stripes s WHERE s.account_id = a.id) END::text AS balance,
              coalesce(x.total, 0)::text AS total, x.last_after::text AS last_after
         FROM ledger_accounts a
         LEFT JOIN LATERAL (
           SELECT sum(e.amount) AS total,
                  (SELECT e2.balance_after FROM ledger_entries e2 WHERE e2.account_id = a.id ORDER BY e2.posted_at DESC, e2.id DESC LIMIT 1) AS last_after
             FROM ledger_entries e WHERE e.account_id = a.id) x ON true
        ${aWhere}
        ${villageId ? 'AND' : 'WHERE'} (
              CASE WHEN a.kind = 'household' THEN a.balance
                   ELSE (SELECT coalesce(sum(s.balance), 0) FROM ledger_balance_stripes s WHERE s.account_id = a.id) END <> coalesce(x.total, 0)
           OR (a.kind = 'household' AND x.total IS NOT NULL AND x.last_after IS DISTINCT FROM a.balance)
           OR (a.kind <> 'household' AND a.balance <> 0))
        ORDER BY a.id`,
      (r) => ({
        code: 'balance_mismatch',
        accountId: r.id,
        detail: `${r.kind} account ${r.id}: materialised balance ${r.balance}, sum of entries ${r.total}${
          r.kind === 'household' ? `, last balanceAfter ${r.last_after ?? 'none'}` : ''
        }`,
      }),
    );

    // Each household entry's balanceAfter is the running sum of the account's entries;
    // system-account entries carry none.
    await add(
      `SELECT id::text AS entry_id, transaction_id, account_id, balance_after::text, running::text FROM (
         SELECT e.id, e.transaction_id, e.account_id, e.balance_after, a.kind,
                sum(e.amount) OVER (PARTITION BY e.account_id ORDER BY e.posted_at, e.id) AS running
           FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id ${eWhere}) x
        WHERE (kind = 'household' AND balance_after IS DISTINCT FROM running) OR (kind <> 'household' AND balance_after IS NOT NULL)
        ORDER BY id`,
      (r) => ({
        code: 'balance_after_inconsistent',
        entryId: r.entry_id,
        transactionId: r.transaction_id,
        accountId: r.account_id,
        detail: `entry ${r.entry_id} says balanceAfter ${r.balance_after ?? 'null'}; the running sum of account ${r.account_id} is ${r.running}`,
      }),
    );

    // 4. No household went below zero through a kind that forbids it.
    await add(
      `SELECT e.id::text AS entry_id, e.transaction_id, e.account_id, t.kind, e.balance_after::text
         FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id JOIN ledger_accounts a ON a.id = e.account_id
        WHERE a.kind = 'household' AND e.amount < 0 AND e.balance_after < 0 AND t.kind NOT IN ('penalty', 'reversal') ${andE}
        ORDER BY e.id`,
      (r) => ({
        code: 'forbidden_overdraft',
        entryId: r.entry_id,
        transactionId: r.transaction_id,
        accountId: r.account_id,
        detail: `${r.kind} ${r.transaction_id} took household account ${r.account_id} to ${r.balance_after}`,
      }),
    );

    // Reversals point at an existing non-reversal of the same village, once, and undo it exactly.
    const reversals: {
      id: string;
      reverses_id: string | null;
      original_kind: string | null;
      same_village: boolean | null;
      times: number;
      differs: boolean;
    }[] = await tx.query(
      `SELECT r.id, r.reverses_id, o.kind AS original_kind, o.village_id = r.village_id AS same_village,
              (SELECT count(*) FROM ledger_transactions r2 WHERE r2.reverses_id = r.reverses_id)::int AS times,
              EXISTS (
                SELECT account_id, sum(amount) FROM ledger_entries WHERE transaction_id = r.id GROUP BY account_id
                EXCEPT
                SELECT account_id, -sum(amount) FROM ledger_entries WHERE transaction_id = r.reverses_id GROUP BY account_id
              ) OR EXISTS (
                SELECT account_id, -sum(amount) FROM ledger_entries WHERE transaction_id = r.reverses_id GROUP BY account_id
                EXCEPT
                SELECT account_id, sum(amount) FROM ledger_entries WHERE transaction_id = r.id GROUP BY account_id
              ) AS differs
         FROM ledger_transactions r LEFT JOIN ledger_transactions o ON o.id = r.reverses_id
        WHERE (r.kind = 'reversal' OR r.reverses_id IS NOT NULL) ${villageId ? 'AND r.village_id = $1' : ''}
        ORDER BY r.id LIMIT 10000`,
      v,
    );
    for (const r of reversals) {
      const why = !r.reverses_id
        ? 'points at no transaction'
        : r.original_kind === null
          ? `points at ${r.reverses_id}, which does not exist`
          : r.original_kind === 'reversal'
            ? `reverses ${r.reverses_id}, itself a reversal`
            : !r.same_village
              ? `reverses ${r.reverses_id} of another village`
              : r.times > 1
                ? `${r.reverses_id} is reversed ${r.times} times`
                : r.differs
                  ? `its entries do not undo those of ${r.reverses_id}`
                  : null;
      if (why) problems.push({ code: 'reversal_invalid', transactionId: r.id, detail: `reversal ${r.id} ${why}` });
    }

    // 9. Every posting wrote its audit event.
    await add(
      `SELECT t.id FROM ledger_transactions t ${tWhere} ${villageId ? 'AND' : 'WHERE'} NOT EXISTS (
         SELECT 1 FROM audit_events ev WHERE ev.entity_type = 'ledger_transaction' AND ev.entity_id = t.id::text)
        ORDER BY t.id`,
      (r) => ({ code: 'audit_event_missing', transactionId: r.id, detail: `transaction ${r.id} has no audit event` }),
    );

    // The audit chain of the village (or every chain).
    const chains = await verifyAllChains(tx, villageId ?? undefined);
    if (!chains.ok) {
      for (const problem of chains.problems) {
        problems.push({ code: 'audit_chain_broken', detail: problem, ...(chains.firstBrokenId ? { auditEventId: chains.firstBrokenId } : {}) });
      }
    }

    // 3. The append-only and double-entry triggers are in place and enabled.
    const expected = [
      'ledger_entries_balanced',
      'ledger_transactions_balanced',
      'ledger_entries_no_update_delete',
      'ledger_entries_no_truncate',
      'ledger_transactions_no_update_delete',
      'ledger_transactions_no_truncate',
    ];
    const triggers: { tgname: string; tgenabled: string }[] = await tx.query(
      `SELECT tgname, tgenabled FROM pg_trigger WHERE tgname = ANY($1) AND tgrelid IN ('ledger_entries'::regclass, 'ledger_transactions'::regclass)`,
      [expected],
    );
    for (const name of expected) {
      const trigger = triggers.find((t) => t.tgname === name);
      if (!trigger || trigger.tgenabled === 'D') {
        problems.push({ code: 'trigger_missing', detail: `database trigger ${name} is ${trigger ? 'disabled' : 'missing'}` });
      }
    }

    return {
      ok: problems.length === 0,
      checkedTransactions: counts.transactions,
      checkedAccounts: counts.accounts,
      checkedEntries: counts.entries,
      problems,
    };
  });
}
