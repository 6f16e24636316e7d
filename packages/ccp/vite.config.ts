import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Served by the server at /ccp/ (packages/server: hashed assets cached for a year,
// index.html never). The workspace packages are bundled from their TypeScript source.
export default defineConfig({
  base: '/ccp/',
  plugins: [react()],
  resolve: { conditions: ['source', 'browser', 'module', 'import', 'default'] },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 600 },
  logLevel: 'warn',
});
