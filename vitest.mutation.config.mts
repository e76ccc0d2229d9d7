import { defineConfig } from 'vitest/config';

/**
 * The unit tests as mutation testing runs them (stryker.config.mjs): the tests that need neither Wine nor
 * jsdom. Core and CLI tests share one module graph per worker (a mutant is switched on by a global, so
 * nothing needs re-importing between runs); the bindings' tests mock modules and keep their isolation.
 */
export default defineConfig({
  test: {
    environment: 'node',
    projects: [
      { extends: true, test: { name: 'mutation-shared', include: ['tests/{core,cli}/**/*.test.ts'], isolate: false } },
      { extends: true, test: { name: 'mutation-isolated', include: ['tests/native-bindings/**/*.test.ts'] } },
    ],
  },
});
