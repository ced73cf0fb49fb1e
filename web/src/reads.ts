import { type JifenClient, unwrap } from '@jifen/sdk';

/**
 * The task-shaped reads of API v1.1 (GET /v1/me, /v1/me/statement, /v1/me/redemptions,
 * /v1/me/open-rounds, /v1/me/rating-queue), typed here from the contract until the SDK's
 * generated types carry them; then these become the SDK's typed calls.
 */
export interface MeView {
  user: { id: string; username: string; displayName: string };
  roles: { role: string; villageId: string | null; householdId?: string | null }[];
  household?: {
    id: string;
    code: string;
    villageId: string;
    balance: number;
    stars: number;
    rank: { period: string; rank: number | null; points: number } | null;
  };
}
export interface StatementLine {
  id?: string;
  transactionId?: string;
  postedAt?: string;
  createdAt?: string;
  kind?: string;
  memo?: string | null;
  description?: string | null;
  amount: number;
  balanceAfter?: number;
}
export interface MySale {
  id: string;
  status: 'completed' | 'cancelled';
  totalPoints: number;
  createdAt: string;
  lines: { itemId: string; name?: string; quantity: number; unitPoints: number }[];
}
export interface QueueItem {
  roundId: string;
  roundTitle: string;
  itemId: string;
  householdCode: string;
  headName: string | null;
  ruleCode: string;
  ruleTitle: string;
  proposedPoints: number;
  evidence: string[];
  note: string | null;
}
export interface OpenRound {
  id: string;
  title: string;
  periodStart?: string;
  periodEnd?: string;
}
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

type LooseGet = (path: string, init?: { params?: { query?: Record<string, unknown> } }) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/** A GET of a v1.1 read, its answer typed by the caller. */
export async function read<T>(client: JifenClient, path: string, query?: Record<string, unknown>): Promise<T> {
  const get = client.GET as unknown as LooseGet;
  return unwrap(await get(path, query ? { params: { query } } : {})) as T;
}
