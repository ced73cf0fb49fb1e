import { consistent } from './consistency.js';
import type { Fetch } from './retry.js';

describe('consistent', () => {
  it('sends back the latest consistency token a response carried, never an older one', async () => {
    const sent: (string | null)[] = [];
    const answers = ['0/20', null, '0/10', '1/0'];
    const fetch: Fetch = async (request) => {
      sent.push(request.headers.get('x-jifen-consistency'));
      const token = answers.shift();
      return new Response('{}', { headers: token ? { 'X-Jifen-Consistency': token } : {} });
    };
    const send = consistent(fetch);
    for (let i = 0; i < 5; i++) await send(new Request('https://jifen.example.org/v1/villages'));
    expect(sent).toEqual([null, '0/20', '0/20', '0/20', '1/0']);
  });

  it('adds nothing for a server without replicas, and leaves a header the caller set', async () => {
    const sent: (string | null)[] = [];
    const fetch: Fetch = async (request) => {
      sent.push(request.headers.get('x-jifen-consistency'));
      return new Response('{}', { headers: { 'X-Jifen-Consistency': '0/5' } });
    };
    const send = consistent(fetch);
    await send(new Request('https://jifen.example.org/v1/villages', { headers: { 'X-Jifen-Consistency': '0/1' } }));
    await send(new Request('https://jifen.example.org/v1/villages', { headers: { 'X-Jifen-Consistency': '0/2' } }));
    expect(sent).toEqual(['0/1', '0/2']);
  });
});
