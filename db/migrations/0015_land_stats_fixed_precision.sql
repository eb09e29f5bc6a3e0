-- The land figures' overlays (0011_land_stats.sql) take a precision: `grid`, in degrees, or -1 for
-- floating precision (GEOS's default, what 0011 did). The refresh runs in floating precision; where
-- that fails, the app runs the same batch again on a grid of 1e-9 degree (about 0.1 mm:
-- refreshLandStats in stats.queries.ts), GEOS's snap-rounding overlay, which cannot fail on
-- robustness. In floating precision PGlite's GEOS (WebAssembly) failed on a union of three valid
-- parcels, two of them the same shape (test/fixtures/stats/topology-cell.ewkb.txt), and a refresh
-- of the 50,000-parcel bench set stopped there. Fixed precision always would cost 70 % more time
-- (29 s instead of 17 s to compute that set's figures on PostgreSQL). The figures of a grid move
-- by far less than a square metre.
DROP FUNCTION land_stats_refresh(integer);
--> statement-breakpoint
DROP FUNCTION land_stats_clip(geometry, geometry);
--> statement-breakpoint
CREATE FUNCTION land_stats_clip(g geometry, e geometry, grid float8) RETURNS geometry
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN ST_CoveredBy(g, e) THEN g ELSE ST_CollectionExtract(ST_Intersection(g, e, grid), 3) END
$$;
--> statement-breakpoint
CREATE FUNCTION land_stats_refresh(max_cells integer, grid float8 DEFAULT -1) RETURNS integer
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
      SELECT x, y, province, ST_Union(land_stats_clip(g, e, grid), grid) AS land,
             ST_Union(land_stats_clip(g, e, grid), grid) FILTER (WHERE is_disputed) AS disputed
      FROM parts GROUP BY x, y, province
    ), every_province AS (
      -- Most cells lie in one province: its union is the cell's, no need to take it again.
      SELECT x, y, '' AS province,
             CASE WHEN count(*) = 1 THEN (array_agg(land))[1] ELSE ST_UnaryUnion(ST_Collect(land), grid) END AS land,
             CASE WHEN count(disputed) = 1 THEN (array_agg(disputed) FILTER (WHERE disputed IS NOT NULL))[1]
                  ELSE ST_UnaryUnion(ST_Collect(disputed), grid) END AS disputed
      FROM by_province GROUP BY x, y
    ), concession_land AS (
      SELECT cl.x, cl.y, ST_Union(land_stats_clip(k.boundary, cl.e, grid), grid) AS g
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
                ELSE ST_Area(ST_Intersection(f.land, k.g, grid)::geography) / 10000 END
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
