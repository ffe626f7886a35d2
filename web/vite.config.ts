import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The dashboard, built into web/dist and served by the gateway at /ui (src/server/ui/ui-static.ts). No inline
 * script or style ends up in the page, so the gateway's Content-Security-Policy needs no 'unsafe-inline'.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/ui/',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Assets are files, never data: URLs inlined into scripts or styles.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2_000,
    modulePreload: { polyfill: false },
  },
});
