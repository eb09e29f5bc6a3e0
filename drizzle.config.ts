import { defineConfig } from 'drizzle-kit'

export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
  casing: 'snake_case',
  // PostGIS owns spatial_ref_sys; never let drizzle-kit try to manage it.
  extensionsFilters: ['postgis'],
})
