-- Running the app as a role that owns nothing (README: "PostgreSQL as a non-superuser"): that role
-- gets no INSERT, UPDATE, DELETE or TRUNCATE on audit_log, so entries can only be added through
-- dey_audit_append, which therefore runs with its owner's rights. Its search_path is fixed, as
-- for every SECURITY DEFINER function, so that no object the caller creates can stand in for ours.
ALTER FUNCTION dey_audit_append(text, text, text, jsonb) SECURITY DEFINER SET search_path = public, pg_temp;
