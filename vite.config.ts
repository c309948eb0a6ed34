import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: 'web',
  base: './',
  plugins: [svelte()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
  },
  // The lab worker carries the whole engine and simulator; ES module workers let it share chunks.
  worker: { format: 'es' },
  test: {
    root: '.',
    include: ['test/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/helpers/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Real-kernel tests share one host: run files one at a time so that two
    // tests never race for the same links, mounts or cgroups.
    fileParallelism: false,
  },
});
