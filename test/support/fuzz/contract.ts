import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The subset of JSON Schema the generated contract uses. */
export interface Schema {
  $ref?: string;
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  default?: unknown;
  example?: unknown;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  /** e.g. `POST /v1/redemptions/{id}/cancel` */
  key: string;
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: string;
  operationId: string;
  parameters: Parameter[];
  /** JSON body schema (resolved), or null when the operation takes no JSON body. */
  body: Schema | null;
  bodyRequired: boolean;
  /** Other request media types (e.g. text/csv). */
  mediaTypes: string[];
  /** Roles from the contract's `x-roles`, or null when the operation needs no auth. */
  roles: string[] | null;
  isPublic: boolean;
}

interface RawOperation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  'x-roles'?: string[];
  'x-public'?: boolean;
}

export const CONTRACT_PATH = join(__dirname, '../../../openapi/openapi.json');

export interface Contract {
  operations: Operation[];
  resolve(schema: Schema): Schema;
}

/** Reads the committed contract: every operation with its parameters and resolved body schema. */
export function loadContract(path = CONTRACT_PATH): Contract {
  const doc = JSON.parse(readFileSync(path, 'utf8')) as {
    paths: Record<string, Record<string, RawOperation>>;
    components: { schemas: Record<string, Schema> };
  };
  const resolve = (schema: Schema): Schema => {
    if (!schema.$ref) return schema;
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = doc.components.schemas[name];
    if (!target) throw new Error(`contract: unresolved ${schema.$ref}`);
    return resolve(target);
  };
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const content = op.requestBody?.content ?? {};
      const json = content['application/json'];
      // The contract lists Idempotency-Key twice (lower and title case): one header.
      const seen = new Set<string>();
      const parameters = (op.parameters ?? []).filter((p) => {
        const id = `${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`;
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
      });
      operations.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method as Operation['method'],
        path,
        operationId: op.operationId ?? `${method} ${path}`,
        parameters,
        body: json ? resolve(json.schema) : null,
        bodyRequired: op.requestBody?.required ?? false,
        mediaTypes: Object.keys(content).filter((t) => t !== 'application/json'),
        roles: op['x-roles'] ?? null,
        isPublic: op['x-public'] === true,
      });
    }
  }
  operations.sort((a, b) => a.key.localeCompare(b.key));
  return { operations, resolve };
}
