import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, OperationObject, ResponseObject, SwaggerModule } from '@nestjs/swagger';
import { ErrorCode } from '../errors/errors';
import { RESPONSE_HEADERS, documentProblems, problemSchemas } from './problems';
import { integersByDefault, nullableEnums, nullableReferences, textBodiesAsStrings } from './refine';

const DESCRIPTION = `Village points supermarket and points-based governance: double-entry points ledger, scoring with public notice, redemptions.

Conventions: JSON in and out; errors are \`application/problem+json\` with a stable \`code\` (each operation lists the codes it can answer); lists page with \`limit\` and \`cursor\` (\`{ items, nextCursor }\`); writes that move points or stock take an \`Idempotency-Key\`; updates take \`If-Match\` with the \`ETag\` of a read. A method a path does not list answers 405 \`method_not_allowed\` with \`Allow\`.`;

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** The OpenAPI document of the app, deterministic: sorted keys, explicit operation ids. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Jifen API')
    .setDescription(DESCRIPTION)
    .setVersion('1')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .addServer('/', 'The server that serves this document (e.g. http://localhost:3000 for `npm start`)')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'apiKey')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  integersByDefault(document);
  nullableEnums(document);
  nullableReferences(document);
  const codes = new Set<ErrorCode>();
  const errorResponses: Record<string, ResponseObject> = {};
  for (const path of Object.values(document.paths)) {
    for (const [method, operation] of Object.entries(path)) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      const op = operation as OperationObject & Record<string, unknown>;
      // Public routes need no credentials: say so (unless the route says it takes them optionally), or generated clients send them.
      if (op['x-public'] === true) op.security ??= [];
      textBodiesAsStrings(op);
      for (const code of documentProblems(method, op, errorResponses)) codes.add(code);
    }
  }
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, ...problemSchemas(codes) };
  document.components.headers = { ...RESPONSE_HEADERS };
  document.components.responses = errorResponses;
  return sortKeys(document) as OpenAPIObject;
}
