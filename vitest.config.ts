import { defineConfig } from 'vitest/config'

// The official client is a native addon that crashes inside worker threads:
// every suite runs in child processes (forks).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
})
