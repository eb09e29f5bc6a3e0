-- The audit trail lives in the database so that no write can skip it: row triggers record every
-- create, update and delete in the same transaction as the change, and the app records sensitive
-- reads (logins, downloads, exports) through the same function. Entries form a SHA-256 chain.

-- Who is acting is set per transaction by the app (set_config(..., true)); writes made outside
-- the API (migrations, seeds, scripts) are recorded as 'system'.
CREATE FUNCTION dey_audit_content(a audit_log) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT concat_ws('|', a.id::text, to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    coalesce(a.actor_id::text, ''), a.actor_label, a.action, a.entity, coalesce(a.entity_id, ''),
    coalesce(a.changes::text, ''), coalesce(a.request_id, ''), coalesce(a.ip, ''))
$$;
--> statement-breakpoint
CREATE FUNCTION dey_audit_hash(a audit_log) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(a.prev_hash || '|' || dey_audit_content(a), 'UTF8')), 'hex')
$$;
--> statement-breakpoint
CREATE FUNCTION dey_audit_append(p_action text, p_entity text, p_entity_id text, p_changes jsonb) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  entry audit_log;
BEGIN
  -- One writer at a time extends the chain; the lock is held until commit, so the next writer
  -- sees this entry as the last one.
  PERFORM pg_advisory_xact_lock(7405001);
  entry.id := nextval(pg_get_serial_sequence('audit_log', 'id'));
  entry.at := clock_timestamp();
  entry.actor_id := nullif(current_setting('dey.actor_id', true), '')::uuid;
  entry.actor_label := coalesce(nullif(current_setting('dey.actor_label', true), ''), 'system');
  entry.action := p_action;
  entry.entity := p_entity;
  entry.entity_id := p_entity_id;
  entry.changes := p_changes;
  entry.request_id := nullif(current_setting('dey.request_id', true), '');
  entry.ip := nullif(current_setting('dey.ip', true), '');
  entry.prev_hash := coalesce((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), '');
  entry.hash := dey_audit_hash(entry);
  INSERT INTO audit_log OVERRIDING SYSTEM VALUE SELECT entry.*;
END
$$;
--> statement-breakpoint
-- Sensitive values never enter the log: that a phone number changed is recorded, not the number.
CREATE FUNCTION dey_audit_mask(j jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(jsonb_object_agg(key, CASE
      WHEN key IN ('password_hash', 'leader_phone', 'phone', 'email', 'address', 'privileged_notes')
        AND value <> 'null'::jsonb THEN '"[masked]"'::jsonb
      ELSE value END), '{}'::jsonb)
  FROM jsonb_each(j)
$$;
--> statement-breakpoint
CREATE FUNCTION dey_audit_row() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  old_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
  new_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
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
CREATE FUNCTION dey_audit_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION dey_audit_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION dey_audit_refuse_change();
--> statement-breakpoint
DO $$
DECLARE
  audited text;
BEGIN
  FOREACH audited IN ARRAY ARRAY['communities', 'community_plans', 'parcels', 'concessions',
    'concession_declared_areas', 'incidents', 'incident_people', 'people', 'legal_cases', 'case_events',
    'case_people', 'case_communities', 'case_parcels', 'case_incidents', 'program_targets', 'users',
    'user_communities']
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I
      FOR EACH ROW EXECUTE FUNCTION dey_audit_row()', audited || '_audit', audited);
  END LOOP;
END
$$;
