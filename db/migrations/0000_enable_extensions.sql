-- drizzle-kit never emits CREATE EXTENSION: the extensions every later migration relies on.
CREATE EXTENSION IF NOT EXISTS postgis;
--> statement-breakpoint
-- Trigram matching makes free-text search work for Khmer, which has no spaces between words.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
