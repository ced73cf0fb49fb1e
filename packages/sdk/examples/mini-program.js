// A WeChat mini-program (the same shape works for other mini-program platforms).
// Mini-programs have no fetch, Request, Response or Headers: load polyfills of the last three
// first (for instance the classes of the whatwg-fetch package), then give the client a fetch
// built on wx.request and a storage built on wx's synchronous storage.
import { createJifenClient, miniProgramStorage } from '@jifen/sdk';

/** fetch over wx.request: text in, text out (the SDK parses JSON itself). */
async function wxFetch(request) {
  const body = request.body ? await request.text() : undefined;
  return new Promise((resolve, reject) => {
    wx.request({
      url: request.url,
      method: request.method,
      header: Object.fromEntries(request.headers),
      data: body,
      dataType: 'text',
      responseType: 'text',
      success: (res) => resolve(new Response(res.statusCode === 204 ? null : res.data, { status: res.statusCode, headers: res.header })),
      fail: (error) => reject(new TypeError(error.errMsg)), // a network error: idempotent actions retry it
    });
  });
}

export const jifen = createJifenClient({
  baseUrl: 'https://jifen.example.org',
  fetch: wxFetch,
  storage: miniProgramStorage(wx),
  onSessionEnd: () => wx.reLaunch({ url: '/pages/login/login' }),
});

// In a page: the signed-in resident's passbook, newest lines first.
export async function loadPassbook() {
  const me = await jifen.GET('/v1/users/me');
  if (me.error) throw new Error(me.error.detail);
  const householdId = me.data.roles.find((r) => r.role === 'resident')?.householdId;
  const { data, error } = await jifen.GET('/v1/households/{id}/statement', { params: { path: { id: householdId }, query: { limit: 20 } } });
  if (error) throw new Error(error.detail);
  return data.items;
}
