import react from '@vitejs/plugin-react'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

const here = path.dirname(fileURLToPath(import.meta.url))

export default defineConfig({
  // Vite sees only client/; shared/ is imported by relative path.
  root: here,
  plugins: [react()],
  build: { outDir: path.resolve(here, '../dist/client'), emptyOutDir: true, chunkSizeWarningLimit: 600 },
  // `npm run dev`: Vite serves the client and passes API calls to `npm start`'s server
  // (DEY_API_URL to use another one). The Host header is kept, so the API's same-origin check
  // (Origin must match Host) passes for the page's own requests.
  server: { proxy: { '/api': { target: process.env.DEY_API_URL ?? 'http://127.0.0.1:3000', changeOrigin: false } } },
})
