import request from 'supertest';
import type { Test } from 'supertest';
import { ContractChecker } from './checker';

type Http = ReturnType<typeof request>;

const METHODS = new Set(['get', 'head', 'post', 'put', 'patch', 'delete', 'options']);

/** A response that breaks the contract (thrown from the request's promise). */
export class ContractViolation extends Error {}

/** Every request made through the returned agent checks its response against the contract, after the test's own expectations. */
export function checkedHttp(http: Http, checker: ContractChecker, outside?: (method: string, path: string) => boolean): Http {
  return new Proxy(http, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || !METHODS.has(property) || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const test = value.apply(target, args) as Test & { method: string; url: string };
        const end = test.end.bind(test);
        test.end = (callback) => {
          test.expect((res) => {
            const problems = checker.check({ method: test.method, url: test.url, status: res.status, headers: res.headers, text: res.text ?? (typeof res.body === 'string' ? res.body : undefined) }, outside);
            if (problems.length) throw new ContractViolation(`The response breaks the contract (openapi/openapi.json):\n  ${problems.join('\n  ')}\nbody: ${String(res.text ?? res.body).slice(0, 500)}`);
          });
          return end(callback);
        };
        return test;
      };
    },
  });
}
