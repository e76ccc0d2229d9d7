// Mutation testing (`npm run test:mutation`): changes the product code one small edit at a time and checks
// that some unit test fails. Not part of `npm test` (it runs the unit tests hundreds of times).
// Only the unit tests that need neither Wine nor jsdom run: tests/core, tests/cli, tests/native-bindings.
// `npm run test:mutation -- --mutate core/unlock.ts` narrows it to one file.

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.mts', related: false },
  testFiles: ['tests/core/**/*.test.ts', 'tests/cli/**/*.test.ts', 'tests/native-bindings/**/*.test.ts'],
  // core/ by default; the buffer parsers and the browser-mode server with
  // `npm run test:mutation -- --mutate native-bindings/win32/parse.ts,cli/serve/*.ts`.
  mutate: [
    'core/**/*.ts',
    // Shapes shared with the UI: types and constant lists, no behaviour to mutate.
    '!core/model.ts',
  ],
  coverageAnalysis: 'perTest',
  // The machine has 2 cores, shared.
  concurrency: 2,
  // A mutant that makes a polling loop spin is cut off this long after the tests' normal time.
  timeoutMS: 3_000,
  ignoreStatic: true,
  ignorePatterns: ['dist', 'release', '.cache', 'test-results', 'playwright-report', 'tests/fixtures/bin', 'renderer', 'tests/renderer', 'tests/win', 'tests/e2e', 'assets', 'docs'],
  tempDirName: '.cache/stryker-tmp',
  // Results of mutants whose code and tests did not change are reused from the last run.
  incremental: true,
  incrementalFile: '.cache/mutation/incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: '.cache/mutation/index.html' },
  jsonReporter: { fileName: '.cache/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportTests: false },
  thresholds: { high: 90, low: 85, break: null },
};
