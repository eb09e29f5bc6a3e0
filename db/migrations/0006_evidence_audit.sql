-- Evidence records are audited like every other table: uploads, metadata changes, deletions and
-- purges are part of the chain of custody (downloads and exports are recorded by the app).
CREATE TRIGGER evidence_audit AFTER INSERT OR UPDATE OR DELETE ON evidence
  FOR EACH ROW EXECUTE FUNCTION dey_audit_row();
