// Vitest configuration: property runs are long, so tests get a generous timeout. The package's own
// name resolves to its TypeScript sources through the `warpdrive-sva:source` export condition (no
// build step inside the checkout; see package.json `exports` and tsconfig `customConditions`).
import { defineConfig } from 'vitest/config';

/** The export condition that points each entry of package.json at its `.ts` source. */
const SOURCE_CONDITION = 'warpdrive-sva:source';

export default defineConfig({
  // tests run in Vite's server (ssr) environment; the list replaces Vite's defaults, so they are repeated
  ssr: { resolve: { conditions: [SOURCE_CONDITION, 'module', 'node', 'development|production'] } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
