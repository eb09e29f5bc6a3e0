CREATE TABLE "land_stats_cells" (
	"cell_x" integer NOT NULL,
	"cell_y" integer NOT NULL,
	"province" text NOT NULL,
	"land_ha" double precision NOT NULL,
	"disputed_ha" double precision NOT NULL,
	"concession_overlap_ha" double precision NOT NULL,
	CONSTRAINT "land_stats_cells_cell_x_cell_y_province_pk" PRIMARY KEY("cell_x","cell_y","province")
);
--> statement-breakpoint
CREATE TABLE "land_stats_communities" (
	"community_id" uuid PRIMARY KEY NOT NULL,
	"province" text NOT NULL,
	"parcels" integer NOT NULL,
	"disputed_parcels" integer NOT NULL,
	"territories" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "land_stats_dirty_cells" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"cell_x" integer NOT NULL,
	"cell_y" integer NOT NULL,
	"dirtied_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "land_stats_dirty_communities" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"dirtied_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "land_stats_cells_province_idx" ON "land_stats_cells" USING btree ("province");--> statement-breakpoint
CREATE INDEX "land_stats_communities_province_idx" ON "land_stats_communities" USING btree ("province");--> statement-breakpoint
-- /api/stats used to union every parcel, territory and concession on each request (184 s at 200k
-- parcels). Its land figures are now kept in land_stats_cells (areas per grid cell and province)
-- and land_stats_communities (counts per community). The grid cells partition the plane, so the
-- area of a union over any set of cells is the sum of the cells' areas: a province's or the
-- country's figure is a sum of rows, and a change only recomputes the cells its geometry touches.
-- Triggers log those cells (cheap, in the writer's transaction); land_stats_refresh() recomputes
-- them, called by /api/stats before it reads (so the next answer reflects every committed write)
-- and by a background job in the server (so that call rarely finds work).
-- Cells are 1/16 degree (about 7 km) squares: exact in binary, so neighbouring cells share edges
-- exactly, and small enough that a cell's union stays cheap at any national data size.
CREATE FUNCTION land_stats_cells_of(g geometry) RETURNS TABLE (x integer, y integer)
LANGUAGE sql IMMUTABLE AS $$
  SELECT gx, gy
  FROM generate_series(floor(ST_XMin(g) * 16)::integer, floor(ST_XMax(g) * 16)::integer) AS gx,
       generate_series(floor(ST_YMin(g) * 16)::integer, floor(ST_YMax(g) * 16)::integer) AS gy
  WHERE g IS NOT NULL AND NOT ST_IsEmpty(g)
$$;
--> statement-breakpoint
-- The part of g inside the cell e. Whole when it fits, so most parcels are measured unchanged.
CREATE FUNCTION land_stats_clip(g geometry, e geometry) RETURNS geometry
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN ST_CoveredBy(g, e) THEN g ELSE ST_CollectionExtract(ST_Intersection(g, e), 3) END
$$;
--> statement-breakpoint
-- Logs the cells of g and the community as stale. Plain inserts, never an upsert: a writer takes
-- no lock a refresh waits on, and a refresh deletes only the log rows it saw (committed), so a
-- change committed during a refresh stays logged for the next one.
CREATE FUNCTION land_stats_mark(g geometry, community uuid) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF g IS NOT NULL THEN
    INSERT INTO land_stats_dirty_cells (cell_x, cell_y) SELECT x, y FROM land_stats_cells_of(g);
  END IF;
  IF community IS NOT NULL THEN
    INSERT INTO land_stats_dirty_communities (community_id) VALUES (community);
  END IF;
END
$$;
--> statement-breakpoint
-- Everything stale: after this migration on existing data, or after a bulk load that skipped triggers.
CREATE FUNCTION land_stats_mark_all() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO land_stats_dirty_cells (cell_x, cell_y)
  SELECT DISTINCT cells.x, cells.y FROM (
    SELECT boundary AS g FROM parcels WHERE deleted_at IS NULL
    UNION ALL SELECT territory FROM communities WHERE deleted_at IS NULL AND territory IS NOT NULL
    UNION ALL SELECT boundary FROM concessions WHERE deleted_at IS NULL) parts, land_stats_cells_of(parts.g) cells;
  INSERT INTO land_stats_dirty_communities (community_id) SELECT id FROM communities;
END
$$;
--> statement-breakpoint
CREATE FUNCTION land_stats_parcel_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.boundary IS NOT DISTINCT FROM NEW.boundary AND OLD.title_status IS NOT DISTINCT FROM NEW.title_status
     AND OLD.community_id IS NOT DISTINCT FROM NEW.community_id AND OLD.deleted_at IS NOT DISTINCT FROM NEW.deleted_at THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM land_stats_mark(OLD.boundary, OLD.community_id); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM land_stats_mark(NEW.boundary, NEW.community_id); END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION land_stats_community_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.territory IS NOT DISTINCT FROM NEW.territory AND OLD.province IS NOT DISTINCT FROM NEW.province
     AND OLD.deleted_at IS NOT DISTINCT FROM NEW.deleted_at THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM land_stats_mark(OLD.territory, OLD.id); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM land_stats_mark(NEW.territory, NEW.id); END IF;
  -- Its parcels count, or stop counting, with the community and under its province.
  IF TG_OP = 'UPDATE' AND (OLD.province IS DISTINCT FROM NEW.province OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at) THEN
    INSERT INTO land_stats_dirty_cells (cell_x, cell_y)
    SELECT DISTINCT cells.x, cells.y FROM parcels p, land_stats_cells_of(p.boundary) cells
    WHERE p.community_id = NEW.id AND p.deleted_at IS NULL;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION land_stats_concession_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.boundary IS NOT DISTINCT FROM NEW.boundary AND OLD.deleted_at IS NOT DISTINCT FROM NEW.deleted_at THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM land_stats_mark(OLD.boundary, NULL); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM land_stats_mark(NEW.boundary, NULL); END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- A parcel in an open case counts as disputed: linking or unlinking it changes the figures.
CREATE FUNCTION land_stats_case_parcel_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM land_stats_mark(p.boundary, p.community_id) FROM parcels p WHERE p.id = OLD.parcel_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM land_stats_mark(p.boundary, p.community_id) FROM parcels p WHERE p.id = NEW.parcel_id;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Closing, reopening or deleting a case changes whether its parcels count as disputed.
CREATE FUNCTION land_stats_case_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (OLD.stage = 'closed') IS NOT DISTINCT FROM (NEW.stage = 'closed')
     AND OLD.deleted_at IS NOT DISTINCT FROM NEW.deleted_at THEN
    RETURN NULL;
  END IF;
  PERFORM land_stats_mark(p.boundary, p.community_id)
  FROM case_parcels cp JOIN parcels p ON p.id = cp.parcel_id WHERE cp.case_id = OLD.id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER land_stats_parcels AFTER INSERT OR UPDATE OR DELETE ON parcels
  FOR EACH ROW EXECUTE FUNCTION land_stats_parcel_changed();
--> statement-breakpoint
CREATE TRIGGER land_stats_communities AFTER INSERT OR UPDATE OR DELETE ON communities
  FOR EACH ROW EXECUTE FUNCTION land_stats_community_changed();
--> statement-breakpoint
CREATE TRIGGER land_stats_concessions AFTER INSERT OR UPDATE OR DELETE ON concessions
  FOR EACH ROW EXECUTE FUNCTION land_stats_concession_changed();
--> statement-breakpoint
CREATE TRIGGER land_stats_case_parcels AFTER INSERT OR UPDATE OR DELETE ON case_parcels
  FOR EACH ROW EXECUTE FUNCTION land_stats_case_parcel_changed();
--> statement-breakpoint
CREATE TRIGGER land_stats_legal_cases AFTER UPDATE OR DELETE ON legal_cases
  FOR EACH ROW EXECUTE FUNCTION land_stats_case_changed();
--> statement-breakpoint
-- Recomputes the stale counts, and the stale cells oldest first, at most max_cells of them (a
-- bulk load is caught up over several calls). Answers how many stale cells are left, or -1 when
-- another refresh is running (its caller reads the figures as they are). The union per cell and
-- province is the same union the old per-request query took, cut along cell edges; parcels
-- inside one cell are not cut at all.
CREATE FUNCTION land_stats_refresh(max_cells integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  stale_communities uuid[];
  xs integer[];
  ys integer[];
  inserted integer;
  expected integer;
  remaining integer;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('dey.land_stats_refresh')) THEN
    RETURN -1;
  END IF;

  WITH gone AS (DELETE FROM land_stats_dirty_communities RETURNING community_id)
  SELECT array_agg(DISTINCT community_id) INTO stale_communities FROM gone;
  IF stale_communities IS NOT NULL THEN
    DELETE FROM land_stats_communities WHERE community_id = ANY (stale_communities);
    INSERT INTO land_stats_communities (community_id, province, parcels, disputed_parcels, territories)
    SELECT c.id, c.province, count(p.id)::integer,
           (count(p.id) FILTER (WHERE p.title_status = 'disputed' OR EXISTS (
              SELECT 1 FROM case_parcels cp JOIN legal_cases lc ON lc.id = cp.case_id
              WHERE cp.parcel_id = p.id AND lc.deleted_at IS NULL AND lc.stage <> 'closed')))::integer,
           (c.territory IS NOT NULL)::integer
    FROM communities c LEFT JOIN parcels p ON p.community_id = c.id AND p.deleted_at IS NULL
    WHERE c.id = ANY (stale_communities) AND c.deleted_at IS NULL
    GROUP BY c.id;
  END IF;

  WITH picked AS (
    SELECT cell_x, cell_y FROM land_stats_dirty_cells GROUP BY cell_x, cell_y ORDER BY min(id) LIMIT max_cells
  ), gone AS (
    DELETE FROM land_stats_dirty_cells d USING picked WHERE d.cell_x = picked.cell_x AND d.cell_y = picked.cell_y
    RETURNING d.cell_x, d.cell_y
  )
  SELECT array_agg(cell_x), array_agg(cell_y) INTO xs, ys FROM (SELECT DISTINCT cell_x, cell_y FROM gone) cells;

  IF xs IS NOT NULL THEN
    DELETE FROM land_stats_cells s USING unnest(xs, ys) AS u(x, y) WHERE s.cell_x = u.x AND s.cell_y = u.y;
    INSERT INTO land_stats_cells (cell_x, cell_y, province, land_ha, disputed_ha, concession_overlap_ha)
    WITH cells AS (
      SELECT u.x, u.y, ST_MakeEnvelope(u.x / 16.0, u.y / 16.0, (u.x + 1) / 16.0, (u.y + 1) / 16.0, 4326) AS e
      FROM unnest(xs, ys) AS u(x, y)
    ), parts AS (
      SELECT cl.x, cl.y, cl.e, c.province, p.boundary AS g,
             (p.title_status = 'disputed' OR EXISTS (
                SELECT 1 FROM case_parcels cp JOIN legal_cases lc ON lc.id = cp.case_id
                WHERE cp.parcel_id = p.id AND lc.deleted_at IS NULL AND lc.stage <> 'closed')) AS is_disputed
      FROM cells cl JOIN parcels p ON p.boundary && cl.e JOIN communities c ON c.id = p.community_id
      WHERE p.deleted_at IS NULL AND c.deleted_at IS NULL
      UNION ALL
      SELECT cl.x, cl.y, cl.e, c.province, c.territory, false
      FROM cells cl JOIN communities c ON c.territory && cl.e
      WHERE c.deleted_at IS NULL
    ), by_province AS (
      SELECT x, y, province, ST_Union(land_stats_clip(g, e)) AS land,
             ST_Union(land_stats_clip(g, e)) FILTER (WHERE is_disputed) AS disputed
      FROM parts GROUP BY x, y, province
    ), every_province AS (
      -- Most cells lie in one province: its union is the cell's, no need to take it again.
      SELECT x, y, '' AS province,
             CASE WHEN count(*) = 1 THEN (array_agg(land))[1] ELSE ST_UnaryUnion(ST_Collect(land)) END AS land,
             CASE WHEN count(disputed) = 1 THEN (array_agg(disputed) FILTER (WHERE disputed IS NOT NULL))[1]
                  ELSE ST_UnaryUnion(ST_Collect(disputed)) END AS disputed
      FROM by_province GROUP BY x, y
    ), concession_land AS (
      SELECT cl.x, cl.y, ST_Union(land_stats_clip(k.boundary, cl.e)) AS g
      FROM cells cl JOIN concessions k ON k.boundary && cl.e
      WHERE k.deleted_at IS NULL
      GROUP BY cl.x, cl.y
    ), figures AS (
      SELECT * FROM by_province UNION ALL SELECT * FROM every_province
    )
    SELECT f.x, f.y, f.province,
           ST_Area(f.land::geography) / 10000,
           COALESCE(ST_Area(f.disputed::geography) / 10000, 0),
           CASE WHEN k.g IS NULL OR NOT ST_Intersects(f.land, k.g) THEN 0
                ELSE ST_Area(ST_Intersection(f.land, k.g)::geography) / 10000 END
    FROM figures f LEFT JOIN concession_land k ON k.x = f.x AND k.y = f.y;
    GET DIAGNOSTICS inserted = ROW_COUNT;

    -- PGlite's PostGIS swallows GEOS errors (a failed union comes back as no row): a cell that
    -- holds land but has no figures must fail the refresh, never read as no land.
    SELECT count(*) + count(DISTINCT (x, y)) INTO expected FROM (
      SELECT u.x, u.y, c.province
      FROM unnest(xs, ys) AS u(x, y)
      JOIN parcels p ON p.boundary && ST_MakeEnvelope(u.x / 16.0, u.y / 16.0, (u.x + 1) / 16.0, (u.y + 1) / 16.0, 4326)
      JOIN communities c ON c.id = p.community_id
      WHERE p.deleted_at IS NULL AND c.deleted_at IS NULL
      UNION
      SELECT u.x, u.y, c.province
      FROM unnest(xs, ys) AS u(x, y)
      JOIN communities c ON c.territory && ST_MakeEnvelope(u.x / 16.0, u.y / 16.0, (u.x + 1) / 16.0, (u.y + 1) / 16.0, 4326)
      WHERE c.deleted_at IS NULL) groups;
    IF inserted <> expected THEN
      RAISE EXCEPTION 'land_stats_refresh: % rows of figures for % cell and province groups (a PostGIS operation failed)', inserted, expected;
    END IF;
  END IF;

  SELECT count(*) INTO remaining FROM (SELECT DISTINCT cell_x, cell_y FROM land_stats_dirty_cells) stale;
  RETURN remaining;
END
$$;
--> statement-breakpoint
SELECT land_stats_mark_all();
