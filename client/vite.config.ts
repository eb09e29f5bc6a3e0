import react from '@vitejs/plugin-react'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

const here = path.dirname(fileURLToPath(import.meta.url))

export default defineConfig({
  root: here,
  // Vite picks up only files under client/; shared/ is imported by relative path.
  plugins: [react()],
  build: { outDir: path.resolve(here, '../dist/client'), emptyOutDir: true },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
})
