// Vitest configuration of the mutation run (`npm run mutation`, stryker.config.json): only the
// focused, fixed-seed subset — the scenario suite (model and impl) and the impl's own tests, plus a
// short refinement property (test/mutation/*.mutation.ts). Not used by `npm test`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // the package's own name resolves to its sources, as in vitest.config.ts
  ssr: { resolve: { conditions: ['warpdrive-sva:source', 'module', 'node', 'development|production'] } },
  test: {
    include: ['test/scenarios/**/*.test.ts', 'test/impl/**/*.test.ts', 'test/mutation/**/*.mutation.ts'],
    // Allocation counting measures the code as shipped; Stryker's instrumentation allocates.
    exclude: ['test/impl/hot-paths.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
