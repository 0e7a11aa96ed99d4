import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The back office is built into static files (server/web/dist) that the Akte server serves at / (server/src/web).
 * No source maps: dist is public, and a map hands anyone the unminified source. `npm run dev -w @akte/web` serves
 * the app with hot reload and forwards the API to a running server (AKTE_DEV_API, default http://localhost:8080).
 */
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2022' },
  server: {
    proxy: { '/api': process.env.AKTE_DEV_API ?? 'http://localhost:8080' },
  },
});
