// One Jest run, several tiers (README, Tests): each tier is a Jest project so the
// README's single test command runs them all, and `--selectProjects` picks one.
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias.replace('/', '\\/')}$`, `<rootDir>/${target}`]),
);

const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        target: 'es2022',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
      },
      module: { type: 'commonjs' },
      sourceMaps: 'inline',
    },
  ],
  // asn1js and pkijs (signature verification) ship only as ES modules; Jest's CommonJS runtime
  // needs them compiled, as Node itself loads them through require(esm).
  '^.+/node_modules/(?:asn1js|pkijs|bytestreamjs|@noble/hashes|@peculiar/utils)/.+\\.js$': [
    '@swc/jest',
    { jsc: { target: 'es2022' }, module: { type: 'commonjs' } },
  ],
};

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform,
  moduleNameMapper,
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.data/'],
  transformIgnorePatterns: ['/node_modules/(?!(?:asn1js|pkijs|bytestreamjs|@noble/hashes|@peculiar/utils)/)'],
};

module.exports = {
  // Real servers (Temporal, PostgreSQL) start inside some tests; this is a hang guard, not a
  // performance expectation.
  testTimeout: 180_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,activities,libs}/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'workflow',
      testMatch: ['<rootDir>/workflows/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/**/*.int-spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
    },
    {
      ...common,
      displayName: 'fault',
      testMatch: ['<rootDir>/test/fault/**/*.fault-spec.ts'],
    },
    // The production topology's own tests: only under `npm run test:cluster`, which starts it.
    ...(process.env.CMM_CLUSTER_TESTS === '1'
      ? [{ ...common, displayName: 'cluster', testMatch: ['<rootDir>/test/cluster/**/*.cluster-spec.ts'] }]
      : []),
    // The whole system under faults: only under `npm run test:faults` or `npm run test:cluster`,
    // which start the topology (CMM_TOPOLOGY names its Temporal: dev, split or single).
    ...(process.env.CMM_TOPOLOGY
      ? [{ ...common, displayName: 'topology-faults', testMatch: ['<rootDir>/test/fault/**/*.topology-spec.ts'] }]
      : []),
  ],
};
