import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['modules/**/*.test.ts', 'test/**/*.test.ts', 'bin/**/*.test.ts', 'server/**/*.test.ts', 'electron/**/*.test.ts', 'eslint-rules/**/*.test.ts', 'scripts/**/*.test.ts', 'renderer/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    pool: 'forks',
    testTimeout: 30000,
    hookTimeout: 60000,
  },
})
