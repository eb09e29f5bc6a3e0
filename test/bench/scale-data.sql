-- A scratch land data set for measuring /api/stats and writes at scale (PostgreSQL only):
--   psql "$URL" -v parcels=200000 -f test/bench/scale-data.sql
-- 2,000 communities on a 50 x 40 grid over Cambodia, each with a ~3 km square territory; the
-- parcels (:parcels in all, the same number per community) on a 10 x 10 grid around each
-- community, neighbours overlapping a little, one in ten disputed; 300 concessions, circles of
-- 500 to 3,000 vertices and 3 to 9 km radius. Audit and other triggers are skipped
-- (session_replication_role): run the stats' full refresh afterwards. Replaces earlier scratch rows.
\set ON_ERROR_STOP on
SET session_replication_role = replica;
BEGIN;
DELETE FROM parcels WHERE label LIKE 'scratch %';
DELETE FROM communities WHERE name LIKE 'scratch %';
DELETE FROM concessions WHERE name LIKE 'scratch %';
CREATE TEMP TABLE scratch_grid AS
  SELECT gen_random_uuid() AS id, i, i % 50 AS gx, i / 50 AS gy,
         102.6 + (i % 50) * 0.096 AS x, 10.6 + (i / 50) * 0.095 AS y
  FROM generate_series(0, 1999) AS i;
INSERT INTO communities (id, name, kind, province, location, territory)
SELECT id, 'scratch ' || i, 'land_community', 'Scratch province ' || ((gx / 10) * 5 + gy / 8),
       ST_SetSRID(ST_MakePoint(x, y), 4326),
       ST_Multi(ST_MakeEnvelope(x - 0.015, y - 0.015, x + 0.015, y + 0.015, 4326))
FROM scratch_grid;
INSERT INTO parcels (community_id, label, title_status, boundary)
SELECT g.id, 'scratch ' || g.i || '/' || k, (CASE WHEN k % 10 = 0 THEN 'disputed' ELSE 'none' END)::title_status,
       ST_Multi(ST_MakeEnvelope(g.x - 0.02 + (k % 10) * 0.004, g.y - 0.02 + (k / 10) * 0.004,
                                g.x - 0.02 + (k % 10) * 0.004 + 0.0045, g.y - 0.02 + (k / 10) * 0.004 + 0.0045, 4326))
FROM scratch_grid g, generate_series(0, (:parcels / 2000) - 1) AS k;
SELECT setseed(0.13);
INSERT INTO concessions (name, kind, boundary)
SELECT 'scratch ' || n, 'elc',
       ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(102.6 + random() * 4.8, 10.6 + random() * 3.8), 4326),
                          0.03 + random() * 0.05, (125 + floor(random() * 626))::int))
FROM generate_series(1, 300) AS n;
COMMIT;
SET session_replication_role = DEFAULT;
-- The map's low-zoom cells, which the skipped triggers keep.
SELECT tile_cell_counts_rebuild();
ANALYZE communities; ANALYZE parcels; ANALYZE concessions;
SELECT (SELECT count(*) FROM communities) AS communities, (SELECT count(*) FROM parcels) AS parcels,
       (SELECT count(*) FROM concessions) AS concessions,
       (SELECT avg(ST_NPoints(boundary))::int FROM concessions WHERE name LIKE 'scratch %') AS concession_vertices;
