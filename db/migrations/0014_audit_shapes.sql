CREATE TABLE "audit_shapes" (
	"sha256" text PRIMARY KEY NOT NULL,
	"shape" geometry(MultiPolygon,4326) NOT NULL
);
--> statement-breakpoint
-- Issue 13: the audit trigger turned every written row into JSON, polygons included, and hashed
-- that JSON into the chain: 5.9 ms of a concession's write (3,000 vertices, printed as decimal
-- text) and a 120 KB entry. A polygon column now enters its entry as { type, points, sha256 }, the
-- SHA-256 of the shape's EWKB (its exact stored bytes), and the shape is kept once in audit_shapes
-- under that digest. The chain still commits to every boundary a record ever had, bit for bit;
-- audit_shapes holds them, and audit:verify re-hashes each shape an entry names.
-- The app's role may not write audit_shapes (db/app-role.ts): shapes enter only through here.
CREATE FUNCTION dey_audit_shape(shape geometry) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  digest text := encode(sha256(ST_AsEWKB(shape)), 'hex');
BEGIN
  INSERT INTO audit_shapes (sha256, shape) VALUES (digest, shape) ON CONFLICT (sha256) DO NOTHING;
  RETURN jsonb_build_object('type', replace(ST_GeometryType(shape), 'ST_', ''), 'points', ST_NPoints(shape), 'sha256', digest);
END
$$;
--> statement-breakpoint
-- A row as the audit trail records it: its JSON, with the named polygon columns as shape digests.
-- Those columns are blanked before to_jsonb, so their text form is never produced.
CREATE FUNCTION dey_audit_json(r anyelement, shape_columns text[]) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  j jsonb;
  c text;
  shape geometry;
BEGIN
  IF coalesce(cardinality(shape_columns), 0) = 0 THEN
    RETURN to_jsonb(r);
  END IF;
  j := to_jsonb(jsonb_populate_record(r, (SELECT jsonb_object_agg(x, NULL) FROM unnest(shape_columns) x)));
  FOREACH c IN ARRAY shape_columns LOOP
    EXECUTE format('SELECT ($1).%I', c) INTO shape USING r;
    IF shape IS NOT NULL THEN
      j := jsonb_set(j, ARRAY[c], dey_audit_shape(shape));
    END IF;
  END LOOP;
  RETURN j;
END
$$;
--> statement-breakpoint
-- As in 0004_audit_trail.sql, with the rows read through dey_audit_json; the trigger's arguments
-- name the table's polygon columns.
CREATE OR REPLACE FUNCTION dey_audit_row() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  old_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN dey_audit_json(OLD, TG_ARGV) END;
  new_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN dey_audit_json(NEW, TG_ARGV) END;
  -- Bookkeeping columns that change with every write, or with every login.
  noise text[] := ARRAY['updated_at', 'version', 'failed_logins', 'locked_until', 'last_login_at'];
  before jsonb := '{}';
  after jsonb := '{}';
  key text;
  action text;
  row_key jsonb := coalesce(new_row, old_row);
BEGIN
  IF TG_OP = 'INSERT' THEN
    action := 'create';
    after := new_row;
  ELSIF TG_OP = 'DELETE' THEN
    action := 'delete';
    before := old_row;
  ELSE
    FOR key IN SELECT jsonb_object_keys(new_row) LOOP
      IF NOT key = ANY(noise) AND (old_row -> key) IS DISTINCT FROM (new_row -> key) THEN
        before := before || jsonb_build_object(key, old_row -> key);
        after := after || jsonb_build_object(key, new_row -> key);
      END IF;
    END LOOP;
    IF after = '{}'::jsonb THEN
      RETURN NULL;
    END IF;
    -- Soft deletes are deletes to the people reading the log.
    action := CASE WHEN (old_row ->> 'deleted_at') IS NULL AND (new_row ->> 'deleted_at') IS NOT NULL
      THEN 'delete' ELSE 'update' END;
  END IF;
  PERFORM dey_audit_append(action, TG_TABLE_NAME,
    coalesce(row_key ->> 'id', row_key ->> 'case_id', row_key ->> 'incident_id', row_key ->> 'user_id'),
    -- Only the three members are left out when empty; a null inside before/after means "was empty".
    (CASE WHEN before = '{}'::jsonb THEN '{}'::jsonb ELSE jsonb_build_object('before', dey_audit_mask(before)) END)
    || (CASE WHEN after = '{}'::jsonb THEN '{}'::jsonb ELSE jsonb_build_object('after', dey_audit_mask(after)) END)
    -- Link tables have no id of their own: keep their whole key.
    || (CASE WHEN row_key ? 'id' THEN '{}'::jsonb ELSE jsonb_build_object('key', dey_audit_mask(row_key - 'created_at')) END));
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP TRIGGER parcels_audit ON parcels;
--> statement-breakpoint
CREATE TRIGGER parcels_audit AFTER INSERT OR UPDATE OR DELETE ON parcels
  FOR EACH ROW EXECUTE FUNCTION dey_audit_row('boundary');
--> statement-breakpoint
DROP TRIGGER concessions_audit ON concessions;
--> statement-breakpoint
CREATE TRIGGER concessions_audit AFTER INSERT OR UPDATE OR DELETE ON concessions
  FOR EACH ROW EXECUTE FUNCTION dey_audit_row('boundary');
--> statement-breakpoint
DROP TRIGGER communities_audit ON communities;
--> statement-breakpoint
CREATE TRIGGER communities_audit AFTER INSERT OR UPDATE OR DELETE ON communities
  FOR EACH ROW EXECUTE FUNCTION dey_audit_row('territory');
--> statement-breakpoint
DROP TRIGGER incidents_audit ON incidents;
--> statement-breakpoint
CREATE TRIGGER incidents_audit AFTER INSERT OR UPDATE OR DELETE ON incidents
  FOR EACH ROW EXECUTE FUNCTION dey_audit_row('affected_area');
--> statement-breakpoint
CREATE TRIGGER audit_shapes_append_only BEFORE UPDATE OR DELETE ON audit_shapes
  FOR EACH ROW EXECUTE FUNCTION dey_audit_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_shapes_no_truncate BEFORE TRUNCATE ON audit_shapes
  FOR EACH STATEMENT EXECUTE FUNCTION dey_audit_refuse_change();
