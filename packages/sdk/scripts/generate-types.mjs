// npm run generate — writes src/generated/openapi.ts from the API's committed OpenAPI document;
// with --check, exits 1 (and writes nothing) when the committed file differs from what it would write.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const DOCUMENT = new URL('../../../openapi/openapi.json', import.meta.url);
const OUTPUT = new URL('../src/generated/openapi.ts', import.meta.url);
const HEADER = '// Generated from the Jifen OpenAPI document by `npm run generate` (openapi-typescript). Do not edit.\n\n';

async function generateTypes() {
  const document = JSON.parse(readFileSync(DOCUMENT, 'utf8'));
  return HEADER + astToString(await openapiTS(document));
}

const generated = await generateTypes();
const target = fileURLToPath(OUTPUT);
if (process.argv.includes('--check')) {
  const committed = readFileSync(target, 'utf8');
  if (committed !== generated) {
    console.error(`${target} differs from the OpenAPI document: run \`npm run generate -w @jifen/sdk\` and commit it`);
    process.exit(1);
  }
} else {
  writeFileSync(target, generated);
}
