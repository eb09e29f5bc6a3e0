-- The land query /api/stats ran on every request before migration 0011 (national unions), for
-- "before" figures on a scratch data set: psql "$URL" -f test/bench/stats-old-land.sql
\timing on
SET jit = off; SET max_parallel_workers_per_gather = 0;
WITH live_parcels AS (
  SELECT p.id, p.boundary, p.title_status FROM parcels p JOIN communities c ON c.id = p.community_id
  WHERE p.deleted_at IS NULL AND c.deleted_at IS NULL
), disputed AS (
  SELECT ST_Union(lp.boundary) AS g, count(*)::int AS n FROM live_parcels lp
  WHERE lp.title_status = 'disputed' OR EXISTS (
    SELECT 1 FROM case_parcels cp JOIN legal_cases lc ON lc.id = cp.case_id
    WHERE cp.parcel_id = lp.id AND lc.deleted_at IS NULL AND lc.stage <> 'closed')
), community_land AS (
  SELECT ST_Union(g) AS g, count(*)::int AS n FROM (
    SELECT boundary AS g FROM live_parcels UNION ALL
    SELECT c.territory FROM communities c WHERE c.deleted_at IS NULL AND c.territory IS NOT NULL) parts
), concession_land AS (
  SELECT ST_Union(boundary) AS g, count(*)::int AS n FROM concessions WHERE deleted_at IS NULL
)
SELECT d.n, ST_Area(d.g::geography) / 10000 AS disputed_ha, l.n, ST_Area(l.g::geography) / 10000 AS land_ha, k.n,
  CASE WHEN l.g IS NULL OR k.g IS NULL OR NOT ST_Intersects(l.g, k.g) THEN 0 ELSE ST_Area(ST_Intersection(l.g, k.g)::geography) / 10000 END AS overlap_ha
FROM disputed d, community_land l, concession_land k;
