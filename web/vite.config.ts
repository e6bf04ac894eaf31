import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

const here = import.meta.dirname;

// Multi-page build: one HTML entry per page, shared code split into its own chunk. Everything is
// bundled (no CDN at run time); web/public/widget.js (the embed loader) is copied as it is.
export default defineConfig({
  root: here,
  base: '/',
  plugins: [
    preact(),
    // The time of the last build: web/ensure-built.ts rebuilds when a source is newer.
    { name: 'build-stamp', closeBundle: () => writeFileSync(resolve(here, 'dist/.built'), new Date().toISOString()) },
  ],
  build: {
    outDir: resolve(here, 'dist'),
    emptyOutDir: true,
    // ECharts alone is ~1 MB unminified; the dashboard is the only page that loads it.
    chunkSizeWarningLimit: 1200,
    // Vite's modulepreload polyfill is an inline-free module, but it is not needed by the
    // browsers we support and keeps the output to files only.
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: {
        index: resolve(here, 'index.html'),
        widget: resolve(here, 'widget/index.html'),
        console: resolve(here, 'console/index.html'),
        admin: resolve(here, 'admin/index.html'),
        dashboard: resolve(here, 'dashboard/index.html'),
      },
      output: {
        // One shared chunk with a name that says what it is (Preact, i18n, API client), loaded by every page.
        manualChunks: (id) => (id.includes('/web/src/shared/') || id.includes('/node_modules/preact/') ? 'base' : undefined),
      },
    },
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:3000' } },
});
