import type { components } from '@jifen/sdk';

/**
 * The task-shaped reads of API v1.1 (GET /v1/me, /v1/me/statement, /v1/me/redemptions,
 * /v1/me/open-rounds, /v1/me/rating-queue), named as the screens use them: the SDK's
 * generated types, so a field renamed in the contract breaks the build, not the screen.
 */
export type MeView = components['schemas']['MeDto'];
export type StatementLine = components['schemas']['PassbookLineDto'];
export type MySale = components['schemas']['RedemptionDto'];
export type QueueItem = components['schemas']['QueueItemDto'];
export type OpenRound = components['schemas']['OpenRoundDto'];

/** A passbook line without a memo says what it was. */
export const KIND_NAMES: Record<StatementLine['kind'], string> = {
  award: '加分',
  penalty: '扣分',
  redemption: '兑换',
  refund: '撤销退回',
  reversal: '冲正',
  expiry: '到期清零',
  adjustment: '调整',
  transfer: '转入转出',
};
