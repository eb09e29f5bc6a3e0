CREATE TABLE IF NOT EXISTS "audit_pending_memberships" (
	"tx_id" bigint NOT NULL,
	"user_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"change" smallint NOT NULL
);
--> statement-breakpoint
-- Idempotent (IF NOT EXISTS, OR REPLACE, DROP … IF EXISTS): it first shipped with a journal time
-- earlier than 0017's, so databases that already had 0017 skipped it; it now runs again after 0017 on
-- every database, and must leave one that already has it unchanged.
-- Issue 15: the row trigger of 0004 recorded a user's community links one row at a time, as
-- "user_communities" entries showing bare ids, and the app replaced the whole list on every save:
-- adding one community wrote five entries (2 deleted, 3 created). The links now enter the trail
-- as one "communities_changed" entry on the user per transaction, with the communities added and
-- removed by id and by name (the names as they were then). Each changed row is noted in
-- audit_pending_memberships; a deferred trigger sums the notes at commit, so a link removed and
-- put back in the same transaction is no change. It stays in the database, so writes made
-- outside the app are recorded too. The app's role may not touch the notes (db/app-role.ts).
CREATE OR REPLACE FUNCTION dey_audit_membership_row() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    INSERT INTO audit_pending_memberships (tx_id, user_id, community_id, change)
      VALUES (txid_current(), OLD.user_id, OLD.community_id, -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO audit_pending_memberships (tx_id, user_id, community_id, change)
      VALUES (txid_current(), NEW.user_id, NEW.community_id, 1);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION dey_audit_membership_flush() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  net jsonb;
BEGIN
  -- The first of a user's notes to fire takes all of them; the others then find none.
  WITH taken AS (
    DELETE FROM audit_pending_memberships WHERE tx_id = NEW.tx_id AND user_id = NEW.user_id
    RETURNING community_id, change
  ), summed AS (
    SELECT community_id, sum(change) AS change FROM taken GROUP BY community_id HAVING sum(change) <> 0
  )
  SELECT jsonb_build_object(
      'added', coalesce(jsonb_agg(jsonb_build_object('id', s.community_id, 'name', c.name, 'nameKm', c.name_km)
        ORDER BY c.name, s.community_id) FILTER (WHERE s.change > 0), '[]'::jsonb),
      'removed', coalesce(jsonb_agg(jsonb_build_object('id', s.community_id, 'name', c.name, 'nameKm', c.name_km)
        ORDER BY c.name, s.community_id) FILTER (WHERE s.change < 0), '[]'::jsonb))
    INTO net
    FROM summed s LEFT JOIN communities c ON c.id = s.community_id;
  IF net -> 'added' <> '[]'::jsonb OR net -> 'removed' <> '[]'::jsonb THEN
    PERFORM dey_audit_append('communities_changed', 'users', NEW.user_id::text, net);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS audit_pending_memberships_flush ON audit_pending_memberships;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER audit_pending_memberships_flush AFTER INSERT ON audit_pending_memberships
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dey_audit_membership_flush();
--> statement-breakpoint
DROP TRIGGER IF EXISTS user_communities_audit ON user_communities;
--> statement-breakpoint
CREATE TRIGGER user_communities_audit AFTER INSERT OR UPDATE OR DELETE ON user_communities
  FOR EACH ROW EXECUTE FUNCTION dey_audit_membership_row();
