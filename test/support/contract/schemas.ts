import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Json = Record<string, unknown>;

const BASE = 'https://jifen.invalid/schemas/';
/** OpenAPI-only keywords that say nothing about validity. */
const ANNOTATIONS = new Set(['example', 'examples', 'xml', 'externalDocs', 'deprecated', 'discriminator']);

/**
 * OpenAPI 3.0 schema → JSON Schema for ajv, closed: an object that lists its properties gets
 * `additionalProperties: false` (unless it says otherwise), so a response member the document
 * does not describe fails, as does a missing or mistyped one. The published document stays
 * open (clients must tolerate new members); the tests hold the code to exactly what it says.
 */
function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const source = schema as Json;
  if (typeof source.$ref === 'string') return { $ref: source.$ref.replace('#/components/schemas/', BASE) };
  const out: Json = {};
  for (const [key, value] of Object.entries(source)) {
    if (ANNOTATIONS.has(key) || key.startsWith('x-') || key === 'nullable') continue;
    if (key === 'properties') out.properties = Object.fromEntries(Object.entries(value as Json).map(([name, s]) => [name, toJsonSchema(s)]));
    else if (['items', 'not', 'additionalProperties', 'allOf', 'oneOf', 'anyOf'].includes(key)) out[key] = toJsonSchema(value);
    else out[key] = value;
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  // OpenAPI 3.0.3: `nullable` adds null to the `type` beside it, and nothing else (an enum must
  // list null, an allOf must allow it), as Prism and other validators read it.
  if (source.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  return out;
}

/** Compiles (once each) validators for the document's schemas. */
export class SchemaValidators {
  private readonly ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(componentSchemas: Record<string, unknown>) {
    addFormats(this.ajv);
    for (const [name, schema] of Object.entries(componentSchemas)) {
      this.ajv.addSchema({ ...(toJsonSchema(schema) as Json), $id: `${BASE}${name}` });
    }
  }

  /** Problems with `value` against an OpenAPI schema (usually a $ref), one line each; empty when it conforms. */
  validate(schema: unknown, value: unknown): string[] {
    const key = JSON.stringify(schema);
    let validator = this.cache.get(key);
    if (!validator) {
      validator = this.ajv.compile(toJsonSchema(schema) as Json);
      this.cache.set(key, validator);
    }
    if (validator(value)) return [];
    return (validator.errors ?? [])
      .filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf')
      .map((e) => `${e.instancePath || '(body)'} ${e.message}${e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : ''}${e.keyword === 'enum' ? ` ${JSON.stringify(e.params.allowedValues)}` : ''}`);
  }
}
