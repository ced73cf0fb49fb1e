import type { OpenAPIObject, OperationObject } from '@nestjs/swagger';

/** Calls `visit` on every object of the document, skipping example and default values (data, not schemas). */
function eachObject(node: unknown, visit: (object: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) return node.forEach((child) => eachObject(child, visit));
  if (!node || typeof node !== 'object') return;
  visit(node as Record<string, unknown>);
  for (const [key, child] of Object.entries(node)) {
    if (key !== 'example' && key !== 'examples' && key !== 'default' && key !== 'enum') eachObject(child, visit);
  }
}

/**
 * Points, quantities and counts are integers (the API's convention), while @nestjs/swagger
 * documents every TypeScript `number` as `type: number`: every number without a format
 * becomes an integer. A fractional field says so with `format: 'double'`. The e2e harness
 * checks every response against these types.
 */
export function integersByDefault(document: OpenAPIObject): void {
  eachObject(document, (schema) => {
    if (schema.type === 'number' && schema.format === undefined) schema.type = 'integer';
  });
}

/**
 * A nullable enum lists null among its values: OpenAPI 3.0.3 adds null to the type only, and
 * validators (Prism) refuse a null that the enum does not list. @nestjs/swagger leaves it out.
 */
export function nullableEnums(document: OpenAPIObject): void {
  eachObject(document, (schema) => {
    // A new array: @nestjs/swagger shares one enum array between the schemas of a DTO family.
    if (schema.nullable === true && Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
  });
}

/**
 * "This object or null": @nestjs/swagger writes `allOf: [$ref]` with `nullable: true`, which
 * OpenAPI 3.0.3 validators (Prism) read as never null, since the referenced object refuses
 * null. `oneOf` the object or a null-only schema says it (and generated types read `X | null`).
 */
export function nullableReferences(document: OpenAPIObject): void {
  eachObject(document, (schema) => {
    const allOf = schema.allOf as unknown[] | undefined;
    if (schema.nullable !== true || !Array.isArray(allOf) || allOf.length !== 1) return;
    delete schema.allOf;
    delete schema.nullable;
    delete schema.type;
    schema.oneOf = [allOf[0], { type: 'object', nullable: true, enum: [null] }];
  });
}

/** A text/* body (CSV, HTML, plain text) is a string, whatever JSON schema its route declared for the JSON form. */
export function textBodiesAsStrings(op: OperationObject): void {
  const contents = [op.requestBody && 'content' in op.requestBody ? op.requestBody.content : undefined];
  for (const response of Object.values(op.responses)) if (response && 'content' in response) contents.push(response.content);
  for (const content of contents) {
    for (const [mediaType, media] of Object.entries(content ?? {})) {
      if (mediaType.startsWith('text/')) media.schema = { type: 'string', description: textDescription(mediaType) };
    }
  }
}

function textDescription(mediaType: string): string {
  if (mediaType === 'text/csv') return 'CSV text';
  if (mediaType === 'text/html') return 'A printable HTML page';
  return 'Plain text';
}
