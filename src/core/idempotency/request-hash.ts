import { createHash } from 'node:crypto';

/**
 * Canonical JSON (object keys sorted at every depth), so a reordered body hashes the same. For
 * what a JSON parser gives (no sparse arrays, functions or symbols) it is the very text of the
 * earlier implementation, which the stored request hashes were made with (idempotency.spec).
 */
export function canonicalJson(value: unknown): string {
  // Built into one list of parts, joined once: it runs on every idempotent request.
  const parts: string[] = [];
  appendCanonical(value, parts);
  return parts.join('');
}

function appendCanonical(value: unknown, parts: string[]): void {
  if (value === undefined || value === null || typeof value !== 'object') {
    parts.push(value === undefined ? 'null' : JSON.stringify(value));
    return;
  }
  if (Array.isArray(value)) {
    parts.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) parts.push(',');
      appendCanonical(value[i], parts);
    }
    parts.push(']');
    return;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  parts.push('{');
  let first = true;
  for (const key of keys) {
    if (record[key] === undefined) continue;
    if (!first) parts.push(',');
    first = false;
    parts.push(JSON.stringify(key), ':');
    appendCanonical(record[key], parts);
  }
  parts.push('}');
}

export function requestHash(parts: unknown): string {
  return createHash('sha256').update(canonicalJson(parts)).digest('hex');
}
