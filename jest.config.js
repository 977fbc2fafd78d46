/** Unit and integration tests. Integration tests need Redis and moto_server: see README. */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  globalSetup: '<rootDir>/test/helpers/globalSetup.ts',
  setupFiles: ['<rootDir>/test/helpers/env.ts'],
  testTimeout: 60000,
  maxWorkers: 2,
};
