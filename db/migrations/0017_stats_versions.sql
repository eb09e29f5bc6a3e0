-- /api/stats answers from a cache keyed by the versions of every table it reads (issue 13): these
-- are the tables it reads that the map's tiles do not, so they had no version counter yet. Not the
-- logs of stale land cells: every refresh deletes from them (a statement, even of no row), and what
-- puts rows in them or takes them out also writes a table below or one the tiles already count.
CREATE TRIGGER legal_cases_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON legal_cases FOR EACH STATEMENT EXECUTE FUNCTION dey_bump_table_version();
--> statement-breakpoint
CREATE TRIGGER case_parcels_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON case_parcels FOR EACH STATEMENT EXECUTE FUNCTION dey_bump_table_version();
--> statement-breakpoint
CREATE TRIGGER land_stats_cells_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON land_stats_cells FOR EACH STATEMENT EXECUTE FUNCTION dey_bump_table_version();
--> statement-breakpoint
CREATE TRIGGER land_stats_communities_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON land_stats_communities FOR EACH STATEMENT EXECUTE FUNCTION dey_bump_table_version();
--> statement-breakpoint
CREATE TRIGGER community_plans_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON community_plans FOR EACH STATEMENT EXECUTE FUNCTION dey_bump_table_version();
--> statement-breakpoint
CREATE TRIGGER program_targets_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON program_targets FOR EACH STATEMENT EXECUTE FUNCTION dey_bump_table_version();
