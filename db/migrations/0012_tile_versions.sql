-- Vector tiles (issue 13). A tile's ETag is built from the versions of every table it reads, so a
-- write anywhere in them (or to a representative's communities, which decide what they may see)
-- gives the next request a new ETag. One statement-level trigger per table bumps its counter in the
-- writer's transaction: a rolled-back write changes nothing; a bulk insert costs one bump.
CREATE TABLE "table_versions" (
	"table_name" text PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE FUNCTION dey_bump_table_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO table_versions AS v (table_name, version) VALUES (TG_TABLE_NAME, 1)
    ON CONFLICT (table_name) DO UPDATE SET version = v.version + 1;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER incidents_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON incidents FOR EACH STATEMENT EXECUTE FUNCTION dey_bump_table_version();
--> statement-breakpoint
CREATE TRIGGER communities_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON communities FOR EACH STATEMENT EXECUTE FUNCTION dey_bump_table_version();
--> statement-breakpoint
CREATE TRIGGER user_communities_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON user_communities FOR EACH STATEMENT EXECUTE FUNCTION dey_bump_table_version();
--> statement-breakpoint
CREATE TRIGGER parcels_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON parcels FOR EACH STATEMENT EXECUTE FUNCTION dey_bump_table_version();
--> statement-breakpoint
CREATE TRIGGER concessions_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON concessions FOR EACH STATEMENT EXECUTE FUNCTION dey_bump_table_version();
--> statement-breakpoint
CREATE TRIGGER evidence_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON evidence FOR EACH STATEMENT EXECUTE FUNCTION dey_bump_table_version();
--> statement-breakpoint
-- A representative's evidence includes their uploads to cases linked to their communities.
CREATE TRIGGER case_communities_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON case_communities FOR EACH STATEMENT EXECUTE FUNCTION dey_bump_table_version();
--> statement-breakpoint
CREATE TRIGGER admin_areas_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON admin_areas FOR EACH STATEMENT EXECUTE FUNCTION dey_bump_table_version();
--> statement-breakpoint
-- Parcels are aggregated into grid cells below zoom 10: a stored point inside each parcel, with its
-- own GiST index, makes a country tile an index scan over points instead of 200k shape computations.
ALTER TABLE "parcels" ADD COLUMN "label_point" geometry(Point,4326) GENERATED ALWAYS AS (ST_PointOnSurface(boundary)) STORED;
--> statement-breakpoint
CREATE INDEX "parcels_label_point_gist" ON "parcels" USING gist ("label_point");
