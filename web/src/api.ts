import { type Fetch, type JifenClient, JifenError, browserStorage, createJifenClient, isJifenError } from '@jifen/sdk';
import { ref } from 'vue';

/** The API's origin: the page's own in production (the API serves the app), another in development. */
export const apiBase = import.meta.env.VITE_JIFEN_API || location.origin;

/** True from a request that failed on the network until one gets through (the SDK retries meanwhile). */
export const networkDown = ref(false);
/** The banner stays up this long at least, so a clerk can read it before it goes. */
const BANNER_MIN_MS = 2_500;
let shownAt = 0;

/** The page's fetch, watched: a failure raises the banner, the next answer lowers it. */
const watchedFetch: Fetch = async (request, init) => {
  try {
    const response = await fetch(request, init);
    if (networkDown.value) setTimeout(() => (networkDown.value = false), Math.max(0, shownAt + BANNER_MIN_MS - Date.now()));
    return response;
  } catch (error) {
    if (!request.signal.aborted && !networkDown.value) {
      networkDown.value = true;
      shownAt = Date.now();
    }
    throw error;
  }
};

/** One client per screen, each with its own stored session (a clerk and a resident may share a PC). */
export function screenClient(screen: string, onSessionEnd: () => void): JifenClient {
  return createJifenClient({
    baseUrl: apiBase,
    fetch: watchedFetch,
    storage: browserStorage(),
    storageKey: `jifen.${screen}.session`,
    onSessionEnd,
  });
}

/** A Chinese sentence for an error the screens did not handle themselves. */
export function messageOf(error: unknown): string {
  if (!isJifenError(error)) {
    if (error instanceof TypeError) return '网络中断，请检查网络后再试';
    return error instanceof Error ? error.message : `出错了：${String(error)}`;
  }
  const e: JifenError = error;
  switch (e.code) {
    case 'invalid_credentials':
      return '用户名或密码不对';
    case 'unauthenticated':
    case 'token_expired':
      return '登录已过期，请重新登录';
    case 'forbidden':
      return '没有权限做这件事';
    case 'not_found':
      return '没有找到';
    case 'rate_limited':
      return '操作太频繁，请稍后再试';
    case 'validation_failed':
      return `填写有误：${e.errors.map((f) => f.message).join('；') || e.detail}`;
    case 'insufficient_points':
      return `积分不足：余额 ${e.balance} 分${e.total !== undefined ? `，本单需要 ${e.total} 分` : ''}`;
    case 'insufficient_stock':
      return `库存不足${e.stockOnHand !== undefined ? `：只剩 ${e.stockOnHand} 件` : ''}`;
    case 'item_inactive':
      return '有商品已下架';
    case 'limit_exceeded':
      return `超过每户每月限兑 ${e.limit} 件（本月已兑 ${e.alreadyThisMonth} 件）`;
    case 'already_cancelled':
      return '这笔已经撤销过了';
    case 'unavailable':
      return '服务暂时不可用，请稍后再试';
    default:
      return `出错了（${e.code}）${e.requestId ? `，编号 ${e.requestId}` : ''}`;
  }
}
