CREATE TYPE "public"."date_precision" AS ENUM('day', 'month', 'year', 'unknown');--> statement-breakpoint
CREATE TYPE "public"."import_target" AS ENUM('communities', 'parcels', 'concessions', 'incidents');--> statement-breakpoint
CREATE TABLE "import_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"import_id" uuid NOT NULL,
	"is_dry_run" boolean NOT NULL,
	"feature_index" integer NOT NULL,
	"external_id" text,
	"label" text,
	"action" text NOT NULL,
	"record_id" uuid,
	"reason" text,
	"repair" jsonb,
	"previous" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "import_items_action_kind" CHECK (action IN ('created', 'updated', 'unchanged', 'refused'))
);
--> statement-breakpoint
CREATE TABLE "imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"status" text DEFAULT 'uploaded' NOT NULL,
	"source_name" text NOT NULL,
	"licence" text,
	"file_name" text NOT NULL,
	"file_sha256" text NOT NULL,
	"file_size" bigint NOT NULL,
	"format" text NOT NULL,
	"inspection" jsonb NOT NULL,
	"target" "import_target",
	"options" jsonb,
	"mapping" jsonb,
	"feature_count" integer,
	"processed" integer DEFAULT 0 NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"refused" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_by_user_id" uuid NOT NULL,
	"committed_at" timestamp with time zone,
	"undone_at" timestamp with time zone,
	"undone_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "imports_sha256_format" CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "imports_status_kind" CHECK (status IN ('uploaded', 'dry_run_running', 'dry_run_done', 'committing', 'committed', 'failed', 'undone'))
);
--> statement-breakpoint
ALTER TABLE "concessions" DROP CONSTRAINT "concessions_boundary_valid";--> statement-breakpoint
DROP INDEX "concessions_area_ha_id_idx";--> statement-breakpoint
ALTER TABLE "concessions" ALTER COLUMN "boundary" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "concessions" ALTER COLUMN "area_ha" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "communities" ADD COLUMN "import_id" uuid;--> statement-breakpoint
ALTER TABLE "communities" ADD COLUMN "external_source" text;--> statement-breakpoint
ALTER TABLE "communities" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "parcels" ADD COLUMN "import_id" uuid;--> statement-breakpoint
ALTER TABLE "parcels" ADD COLUMN "external_source" text;--> statement-breakpoint
ALTER TABLE "parcels" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "concessions" ADD COLUMN "location" geometry(Point,4326);--> statement-breakpoint
ALTER TABLE "concessions" ADD COLUMN "area_sort_ha" double precision GENERATED ALWAYS AS (coalesce(ST_Area(boundary::geography) / 10000, 0)) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "concessions" ADD COLUMN "import_id" uuid;--> statement-breakpoint
ALTER TABLE "concessions" ADD COLUMN "external_source" text;--> statement-breakpoint
ALTER TABLE "concessions" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "occurred_precision" date_precision DEFAULT 'day' NOT NULL;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "import_id" uuid;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "external_source" text;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "import_items" ADD CONSTRAINT "import_items_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_undone_by_user_id_users_id_fk" FOREIGN KEY ("undone_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "import_items_feature_key" ON "import_items" USING btree ("import_id","is_dry_run","feature_index");--> statement-breakpoint
CREATE INDEX "imports_created_at_idx" ON "imports" USING btree ("created_at");--> statement-breakpoint
ALTER TABLE "communities" ADD CONSTRAINT "communities_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parcels" ADD CONSTRAINT "parcels_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concessions" ADD CONSTRAINT "concessions_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "communities_external_key" ON "communities" USING btree ("external_source","external_id") WHERE deleted_at IS NULL AND external_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "communities_import_idx" ON "communities" USING btree ("import_id");--> statement-breakpoint
CREATE UNIQUE INDEX "parcels_external_key" ON "parcels" USING btree ("external_source","external_id") WHERE deleted_at IS NULL AND external_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "parcels_import_idx" ON "parcels" USING btree ("import_id");--> statement-breakpoint
CREATE INDEX "concessions_location_gist" ON "concessions" USING gist ("location");--> statement-breakpoint
CREATE INDEX "concessions_area_sort_ha_id_idx" ON "concessions" USING btree ("area_sort_ha","id");--> statement-breakpoint
CREATE UNIQUE INDEX "concessions_external_key" ON "concessions" USING btree ("external_source","external_id") WHERE deleted_at IS NULL AND external_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "concessions_import_idx" ON "concessions" USING btree ("import_id");--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_external_key" ON "incidents" USING btree ("external_source","external_id") WHERE deleted_at IS NULL AND external_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "incidents_import_idx" ON "incidents" USING btree ("import_id");--> statement-breakpoint
ALTER TABLE "concessions" ADD CONSTRAINT "concessions_has_place" CHECK (boundary IS NOT NULL OR location IS NOT NULL);--> statement-breakpoint
ALTER TABLE "concessions" ADD CONSTRAINT "concessions_boundary_valid" CHECK (boundary IS NULL OR ST_IsValid(boundary));--> statement-breakpoint
-- A concession known only as a point has no boundary: it adds no land to the statistics.
CREATE OR REPLACE FUNCTION land_stats_mark_all() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO land_stats_dirty_cells (cell_x, cell_y)
  SELECT DISTINCT cells.x, cells.y FROM (
    SELECT boundary AS g FROM parcels WHERE deleted_at IS NULL
    UNION ALL SELECT territory FROM communities WHERE deleted_at IS NULL AND territory IS NOT NULL
    UNION ALL SELECT boundary FROM concessions WHERE deleted_at IS NULL AND boundary IS NOT NULL) parts, land_stats_cells_of(parts.g) cells;
  INSERT INTO land_stats_dirty_communities (community_id) SELECT id FROM communities;
END
$$;
