import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  build: { target: 'es2020', sourcemap: false, chunkSizeWarningLimit: 400 },
  server: { proxy: { '^/(auth|me|templates|interviews|candidate|billing|health|notifications|company|users|webhooks|integrations)': 'http://localhost:8000' } },
  test: { environment: 'node', include: ['src/**/*.test.ts'] },
});
