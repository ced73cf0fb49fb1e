import { type JifenClient, type components, unwrap } from '@jifen/sdk';
import { ref } from 'vue';
import { messageOf } from '../api';
import { type MeView, type MySale, type OpenRound, type Page, type StatementLine, read } from '../reads';

type Notices = components['schemas']['NoticesDto'];
type Rule = components['schemas']['RuleDto'];
const PASSBOOK_PAGE = 20;

/** What a resident sees of their own household: everything comes from /v1/me/…, never another household's id. */
export function useResident(client: JifenClient) {
  const me = ref<MeView | null>(null);
  const passbook = ref<StatementLine[]>([]);
  const passbookCursors = ref<(string | null)[]>([null]);
  const passbookPage = ref(0);
  const passbookNext = ref<string | null>(null);
  const sales = ref<MySale[]>([]);
  const notices = ref<Notices | null>(null);
  const rounds = ref<OpenRound[]>([]);
  const rules = ref<Rule[]>([]);
  const error = ref('');

  async function guarded(action: () => Promise<void>): Promise<void> {
    error.value = '';
    try {
      await action();
    } catch (e) {
      error.value = messageOf(e);
    }
  }

  async function showPassbookPage(page: number): Promise<void> {
    const cursor = passbookCursors.value[page] ?? null;
    const result = await read<Page<StatementLine>>(client, '/v1/me/statement', { limit: PASSBOOK_PAGE, ...(cursor ? { cursor } : {}) });
    passbook.value = result.items;
    passbookPage.value = page;
    passbookNext.value = result.nextCursor;
    passbookCursors.value[page + 1] = result.nextCursor;
  }

  const load = () =>
    guarded(async () => {
      me.value = await read<MeView>(client, '/v1/me');
      const villageId = me.value.household?.villageId;
      await Promise.all([
        showPassbookPage(0),
        read<Page<MySale>>(client, '/v1/me/redemptions', { limit: 20 }).then((p) => (sales.value = p.items)),
        read<Page<OpenRound> | { items: OpenRound[] }>(client, '/v1/me/open-rounds').then((p) => (rounds.value = p.items)),
        villageId
          ? client.GET('/v1/public/villages/{villageId}/notices', { params: { path: { villageId } } }).then((r) => (notices.value = unwrap(r)))
          : Promise.resolve(),
        villageId ? client.GET('/v1/rules', { params: { query: { villageId, limit: 200 } } }).then((r) => (rules.value = unwrap(r).items)) : Promise.resolve(),
      ]);
    });

  const pagePassbook = (page: number) => guarded(() => showPassbookPage(page));

  /** 申报: a self-claim for the own household in an open round, with an evidence link. */
  const claim = (roundId: string, ruleId: string, points: number, evidence: string, note: string) =>
    guarded(async () => {
      const householdId = me.value?.household?.id;
      if (!householdId) return;
      unwrap(
        await client.POST('/v1/scoring-rounds/{id}/items', {
          params: { path: { id: roundId } },
          body: { householdId, ruleId, proposedPoints: points, evidence: [evidence.trim()], ...(note.trim() ? { note: note.trim() } : {}) },
        }),
      );
    });

  return { me, passbook, passbookPage, passbookNext, sales, notices, rounds, rules, error, load, pagePassbook, claim };
}

export type Resident = ReturnType<typeof useResident>;
