/**
 * Where a client keeps its session (the access and refresh tokens). The shape of the Web
 * Storage API, so `localStorage` and `sessionStorage` fit as they are; the methods may also
 * return promises (an encrypted store, React Native's AsyncStorage).
 *
 * The client reads the tokens from storage before each request rather than holding them: two
 * tabs (or a page and a worker) sharing one storage then share one session, and a refresh
 * made by one is used by the other instead of presenting a used refresh token again.
 */
export interface TokenStorage {
  getItem(key: string): string | null | undefined | Promise<string | null | undefined>;
  setItem(key: string, value: string): void | Promise<void>;
  removeItem(key: string): void | Promise<void>;
}

/** Storage that lasts as long as the client (the default; servers, scripts, tests). */
export function memoryStorage(): TokenStorage {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

/** The browser's `localStorage`: the session survives reloads and is shared by the origin's tabs. */
export function browserStorage(): TokenStorage {
  const storage = (globalThis as { localStorage?: TokenStorage }).localStorage;
  if (!storage) throw new Error('browserStorage(): this environment has no localStorage');
  return storage;
}

/** The synchronous storage calls of a WeChat-style mini-program (`wx`, `tt`, `my` expose the same three). */
export interface MiniProgramStorageApi {
  getStorageSync(key: string): unknown;
  setStorageSync(key: string, data: string): void;
  removeStorageSync(key: string): void;
}

/** A mini-program's storage, e.g. `miniProgramStorage(wx)`: an empty key reads as '' there, here as null. */
export function miniProgramStorage(api: MiniProgramStorageApi): TokenStorage {
  return {
    getItem: (key) => {
      const value = api.getStorageSync(key);
      return typeof value === 'string' && value !== '' ? value : null;
    },
    setItem: (key, value) => api.setStorageSync(key, value),
    removeItem: (key) => api.removeStorageSync(key),
  };
}
