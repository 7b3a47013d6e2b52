/** @type {import('jest').Config} */
const common = {
  moduleFileExtensions: ['ts', 'js', 'json'],
  rootDir: __dirname,
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  moduleNameMapper: { '^src/(.*)$': '<rootDir>/src/$1', '^test/(.*)$': '<rootDir>/test/$1' },
  testEnvironment: 'node',
};

// Suites named `*.mysql.e2e-spec.ts` exercise behaviour only a MySQL/MariaDB server has (several
// gateway processes on one database, a locked table); without TEST_DATABASE_URL they are left out
// rather than reported as files without tests.
const mysqlOnly = process.env.TEST_DATABASE_URL ? [] : ['\\.mysql\\.e2e-spec\\.ts$'];

module.exports = {
  testTimeout: 30000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.int-spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...mysqlOnly],
    },
  ],
};
