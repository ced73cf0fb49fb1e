// A counter sale from a script (Node >= 20):
//   JIFEN_URL=http://localhost:3000 JIFEN_USER=demo.clerk JIFEN_PASSWORD=jifen-demo-2026 node examples/node.mjs
// On the demo village (npm start -- --demo) it sells a bottle of soy sauce to the first household
// that can afford one, prints the receipt, and shows what a sale beyond the balance answers.
import { createJifenClient, isJifenError, unwrap } from '@jifen/sdk';

const client = createJifenClient({ baseUrl: process.env.JIFEN_URL ?? 'http://localhost:3000' });
await client.login(process.env.JIFEN_USER ?? 'demo.clerk', process.env.JIFEN_PASSWORD ?? 'jifen-demo-2026');

const { roles } = unwrap(await client.GET('/v1/users/me'));
const villageId = roles.find((r) => r.villageId)?.villageId;
const items = unwrap(await client.GET('/v1/catalogue-items', { params: { query: { villageId, active: 'true' } } })).items;
const soy = items.find((i) => i.sku === 'SOY-1') ?? items[0];

for await (const household of client.paginate('/v1/households', { params: { query: { villageId, limit: 200 } } })) {
  const { balance } = unwrap(await client.GET('/v1/households/{id}/balance', { params: { path: { id: household.id } } }));
  try {
    // One Idempotency-Key for this sale, reused if the network fails or the server answers 503.
    const sale = await client.redeem({ villageId, householdId: household.id, lines: [{ itemId: soy.id, quantity: 1 }] });
    console.log(await client.receipt(sale.id));
    break;
  } catch (error) {
    if (isJifenError(error, 'insufficient_points')) console.log(`${household.code}: ${balance} points, ${error.total} needed`);
    else throw error;
  }
}
await client.logout();
