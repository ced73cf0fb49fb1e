// An admin console in the browser (bundled with Vite, webpack, ...): the session lives in
// localStorage, so every tab of the origin shares it, and one refresh serves them all.
import { JifenError, browserStorage, createJifenClient } from '@jifen/sdk';

export const jifen = createJifenClient({
  baseUrl: 'https://jifen.example.org', // this page's origin must be in the API's CORS_ORIGINS
  storage: browserStorage(),
  onSessionEnd: () => window.location.assign('/login'), // logged out elsewhere, or the refresh token expired
});

export async function signIn(form: HTMLFormElement): Promise<string | null> {
  const data = new FormData(form);
  try {
    await jifen.login(String(data.get('username')), String(data.get('password')));
    return null;
  } catch (error) {
    if (error instanceof JifenError && (error.code === 'invalid_credentials' || error.code === 'rate_limited')) return error.detail;
    throw error;
  }
}

/** The leaderboard as a CSV download. */
export async function downloadLeaderboard(villageId: string, period: string): Promise<void> {
  const csv = await jifen.csv('/v1/villages/{id}/leaderboard', { params: { path: { id: villageId }, query: { period } } });
  const link = Object.assign(document.createElement('a'), { href: URL.createObjectURL(new Blob([csv], { type: 'text/csv' })), download: `leaderboard-${period}.csv` });
  link.click();
  URL.revokeObjectURL(link.href);
}
