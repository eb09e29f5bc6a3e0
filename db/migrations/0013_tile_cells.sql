CREATE TABLE "tile_cell_counts" (
	"layer" text NOT NULL,
	"gx" integer NOT NULL,
	"gy" integer NOT NULL,
	"class" smallint NOT NULL,
	"count" integer NOT NULL,
	"sum_x" double precision NOT NULL,
	"sum_y" double precision NOT NULL,
	"area_ha" double precision NOT NULL,
	"disputed_ha" double precision NOT NULL,
	CONSTRAINT "tile_cell_counts_layer_gx_gy_class_pk" PRIMARY KEY("layer","gx","gy","class")
);
--> statement-breakpoint
-- The map's low-zoom cells (issue 13) summed a scan of every record in the tile: 400 ms for a z6
-- parcels tile at 200k parcels. tile_cell_counts keeps, per cell of a fixed Web-Mercator grid, what
-- those cells show, so an unfiltered tile sums a few hundred rows instead. The grid is the one of
-- the deepest aggregated zoom's cells (TILE_CELL_GRID_ZOOM in tiles.queries.ts: DETAIL_MIN_ZOOM - 1
-- + 3, as a tile has 8 × 8 cells): a tile's cell is then a whole block of grid cells, and a record
-- falls in the same cell as in the live query (same point, same left and top edges inclusive).
-- Row triggers keep it in the writer's transaction (an upsert per changed record), so the next
-- tile's counts are exact, and a rolled-back write changes nothing.
CREATE FUNCTION tile_cell_grid_zoom(layer text) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE layer WHEN 'parcels' THEN 12 WHEN 'incidents' THEN 14 END
$$;
--> statement-breakpoint
-- Adds (sign 1) or takes away (sign -1) one record's share of its grid cell.
CREATE FUNCTION tile_cell_add(of_layer text, point geometry, of_class smallint, sign integer, area double precision, disputed double precision)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  m geometry;
  size double precision := 2 * 20037508.342789244 / 2 ^ tile_cell_grid_zoom(of_layer);
BEGIN
  IF point IS NULL THEN RETURN; END IF;
  m := ST_Transform(point, 3857);
  INSERT INTO tile_cell_counts AS t (layer, gx, gy, class, count, sum_x, sum_y, area_ha, disputed_ha)
  VALUES (of_layer, floor((ST_X(m) + 20037508.342789244) / size)::integer, floor((20037508.342789244 - ST_Y(m)) / size)::integer,
    of_class, sign, sign * ST_X(m), sign * ST_Y(m), sign * coalesce(area, 0), sign * coalesce(disputed, 0))
  ON CONFLICT ON CONSTRAINT tile_cell_counts_layer_gx_gy_class_pk DO UPDATE SET count = t.count + EXCLUDED.count,
    sum_x = t.sum_x + EXCLUDED.sum_x, sum_y = t.sum_y + EXCLUDED.sum_y, area_ha = t.area_ha + EXCLUDED.area_ha,
    disputed_ha = t.disputed_ha + EXCLUDED.disputed_ha;
END
$$;
--> statement-breakpoint
-- A parcel counts while it and its community are live (as in the tiles' live query).
CREATE FUNCTION tile_cells_parcel_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.label_point IS NOT DISTINCT FROM NEW.label_point AND OLD.area_ha IS NOT DISTINCT FROM NEW.area_ha
     AND OLD.title_status IS NOT DISTINCT FROM NEW.title_status AND OLD.community_id IS NOT DISTINCT FROM NEW.community_id
     AND OLD.deleted_at IS NOT DISTINCT FROM NEW.deleted_at THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.deleted_at IS NULL
     AND EXISTS (SELECT 1 FROM communities c WHERE c.id = OLD.community_id AND c.deleted_at IS NULL) THEN
    PERFORM tile_cell_add('parcels', OLD.label_point, 0::smallint, -1, OLD.area_ha,
      CASE WHEN OLD.title_status = 'disputed' THEN OLD.area_ha ELSE 0 END);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.deleted_at IS NULL
     AND EXISTS (SELECT 1 FROM communities c WHERE c.id = NEW.community_id AND c.deleted_at IS NULL) THEN
    PERFORM tile_cell_add('parcels', NEW.label_point, 0::smallint, 1, NEW.area_ha,
      CASE WHEN NEW.title_status = 'disputed' THEN NEW.area_ha ELSE 0 END);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- A community deleted or restored takes its live parcels out of the counts, or puts them back. (A
-- community with parcels cannot be deleted outright: their foreign key forbids it.)
CREATE FUNCTION tile_cells_community_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  sign integer := CASE WHEN NEW.deleted_at IS NULL THEN 1 ELSE -1 END;
BEGIN
  IF (OLD.deleted_at IS NULL) = (NEW.deleted_at IS NULL) THEN RETURN NULL; END IF;
  PERFORM tile_cell_add('parcels', p.label_point, 0::smallint, sign, p.area_ha,
    CASE WHEN p.title_status = 'disputed' THEN p.area_ha ELSE 0 END)
  FROM parcels p WHERE p.community_id = NEW.id AND p.deleted_at IS NULL;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- An incident counts while live; its class keeps the severity (for the cell's colour) and whether
-- it is confidential (advocates' tiles leave those out).
CREATE FUNCTION tile_cell_incident_class(rank_of severity, confidential boolean) RETURNS smallint
LANGUAGE sql IMMUTABLE AS $$
  SELECT ((CASE rank_of WHEN 'low' THEN 1 WHEN 'medium' THEN 2 WHEN 'high' THEN 3 WHEN 'critical' THEN 4 ELSE 0 END) * 2
    + CASE WHEN confidential THEN 1 ELSE 0 END)::smallint
$$;
--> statement-breakpoint
CREATE FUNCTION tile_cells_incident_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.location IS NOT DISTINCT FROM NEW.location AND OLD.severity IS NOT DISTINCT FROM NEW.severity
     AND OLD.is_confidential IS NOT DISTINCT FROM NEW.is_confidential AND OLD.deleted_at IS NOT DISTINCT FROM NEW.deleted_at THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.deleted_at IS NULL THEN
    PERFORM tile_cell_add('incidents', OLD.location, tile_cell_incident_class(OLD.severity, OLD.is_confidential), -1, 0, 0);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.deleted_at IS NULL THEN
    PERFORM tile_cell_add('incidents', NEW.location, tile_cell_incident_class(NEW.severity, NEW.is_confidential), 1, 0, 0);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER tile_cells_parcels AFTER INSERT OR UPDATE OR DELETE ON parcels FOR EACH ROW EXECUTE FUNCTION tile_cells_parcel_changed();
--> statement-breakpoint
CREATE TRIGGER tile_cells_communities AFTER UPDATE OF deleted_at ON communities FOR EACH ROW EXECUTE FUNCTION tile_cells_community_changed();
--> statement-breakpoint
CREATE TRIGGER tile_cells_incidents AFTER INSERT OR UPDATE OR DELETE ON incidents FOR EACH ROW EXECUTE FUNCTION tile_cells_incident_changed();
--> statement-breakpoint
-- Every cell from the records, in one pass per layer: after this migration on existing data, or
-- after a bulk load that skipped triggers (session_replication_role = replica).
CREATE FUNCTION tile_cell_counts_rebuild() RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
  DELETE FROM tile_cell_counts;
  INSERT INTO tile_cell_counts (layer, gx, gy, class, count, sum_x, sum_y, area_ha, disputed_ha)
  SELECT 'parcels', floor((mx + 20037508.342789244) / size)::integer, floor((20037508.342789244 - my) / size)::integer, 0,
    count(*), sum(mx), sum(my), coalesce(sum(area_ha), 0), coalesce(sum(CASE WHEN title_status = 'disputed' THEN area_ha ELSE 0 END), 0)
  FROM (
    SELECT ST_X(m) AS mx, ST_Y(m) AS my, area_ha, title_status, 2 * 20037508.342789244 / 2 ^ tile_cell_grid_zoom('parcels') AS size
    FROM (SELECT ST_Transform(p.label_point, 3857) AS m, p.area_ha, p.title_status
      FROM parcels p JOIN communities c ON c.id = p.community_id
      WHERE p.deleted_at IS NULL AND c.deleted_at IS NULL AND p.label_point IS NOT NULL) AS t
  ) AS r
  GROUP BY 2, 3;
  INSERT INTO tile_cell_counts (layer, gx, gy, class, count, sum_x, sum_y, area_ha, disputed_ha)
  SELECT 'incidents', floor((mx + 20037508.342789244) / size)::integer, floor((20037508.342789244 - my) / size)::integer, class,
    count(*), sum(mx), sum(my), 0, 0
  FROM (
    SELECT ST_X(m) AS mx, ST_Y(m) AS my, class, 2 * 20037508.342789244 / 2 ^ tile_cell_grid_zoom('incidents') AS size
    FROM (SELECT ST_Transform(i.location, 3857) AS m, tile_cell_incident_class(i.severity, i.is_confidential) AS class
      FROM incidents i WHERE i.deleted_at IS NULL) AS t
  ) AS r
  GROUP BY 2, 3, 4;
END
$fn$;
--> statement-breakpoint
SELECT tile_cell_counts_rebuild();
