CREATE TYPE "public"."activity_kind" AS ENUM('training', 'meeting', 'exchange', 'campaign', 'legal_awareness', 'other');--> statement-breakpoint
CREATE TYPE "public"."activity_topic" AS ENUM('land_law', 'advocacy', 'leadership', 'paralegal', 'agro_ecology', 'savings', 'social_protection', 'food_systems', 'gender', 'digital_security', 'other');--> statement-breakpoint
CREATE TYPE "public"."case_result" AS ENUM('won', 'partly_won', 'settled', 'lost', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."committee_role" AS ENUM('chair', 'deputy_chair', 'secretary', 'treasurer', 'committee_member', 'advisor');--> statement-breakpoint
CREATE TYPE "public"."sex" AS ENUM('female', 'male');--> statement-breakpoint
CREATE TYPE "public"."target_count" AS ENUM('communities', 'activities', 'participants');--> statement-breakpoint
CREATE TYPE "public"."target_pace" AS ENUM('linear', 'milestones');--> statement-breakpoint
CREATE TABLE "committee_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"name" text NOT NULL,
	"sex" "sex" NOT NULL,
	"role" "committee_role" NOT NULL,
	"is_youth" boolean DEFAULT false NOT NULL,
	"started_on" date,
	"ended_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "committee_members_dates_ordered" CHECK (ended_on IS NULL OR started_on IS NULL OR ended_on >= started_on)
);
--> statement-breakpoint
CREATE TABLE "activities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "activity_kind" NOT NULL,
	"topic" "activity_topic",
	"title" text NOT NULL,
	"started_on" date NOT NULL,
	"ended_on" date,
	"province" text NOT NULL,
	"district" text,
	"commune" text,
	"village" text,
	"location" geometry(Point,4326),
	"participants_women" integer DEFAULT 0 NOT NULL,
	"participants_men" integer DEFAULT 0 NOT NULL,
	"participants_youth" integer DEFAULT 0 NOT NULL,
	"facilitators" text,
	"cost_usd" numeric(12, 2),
	"notes" text,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "activities_dates_ordered" CHECK (ended_on IS NULL OR ended_on >= started_on),
	CONSTRAINT "activities_participants_valid" CHECK (participants_women >= 0 AND participants_men >= 0 AND participants_youth >= 0
      AND participants_youth <= participants_women + participants_men),
	CONSTRAINT "activities_cost_nonnegative" CHECK (cost_usd IS NULL OR cost_usd >= 0)
);
--> statement-breakpoint
CREATE TABLE "activity_communities" (
	"activity_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	CONSTRAINT "activity_communities_activity_id_community_id_pk" PRIMARY KEY("activity_id","community_id")
);
--> statement-breakpoint
ALTER TABLE "evidence" DROP CONSTRAINT "evidence_attached_to_one";--> statement-breakpoint
DROP INDEX "program_targets_year_indicator_key";--> statement-breakpoint
ALTER TABLE "legal_cases" ADD COLUMN "result" "case_result";--> statement-breakpoint
ALTER TABLE "program_targets" ADD COLUMN "code" text;--> statement-breakpoint
ALTER TABLE "program_targets" ADD COLUMN "plan_start_year" smallint;--> statement-breakpoint
ALTER TABLE "program_targets" ADD COLUMN "plan_end_year" smallint;--> statement-breakpoint
ALTER TABLE "program_targets" ADD COLUMN "baseline" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "program_targets" ADD COLUMN "pace" "target_pace" DEFAULT 'linear' NOT NULL;--> statement-breakpoint
ALTER TABLE "program_targets" ADD COLUMN "milestones" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "program_targets" ADD COLUMN "rule" jsonb;--> statement-breakpoint
-- A yearly target of the old kind becomes a one-year plan whose rule is its indicator's preset
-- (shared/targets.ts TARGET_PRESETS, with every default written out), so no target is lost.
UPDATE "program_targets" SET
  "plan_start_year" = "year",
  "plan_end_year" = "year",
  "rule" = CASE "indicator"::text
    WHEN 'new_land_communities' THEN '{"count":"communities","kinds":["land_community","indigenous_community"],"statuses":["active","strengthening"],"founded":"in_period","minActivities":0,"activityKinds":[],"activityTopics":[],"needsPlan":false}'::jsonb
    WHEN 'new_womens_groups' THEN '{"count":"communities","kinds":["womens_group"],"statuses":[],"founded":"in_period","minActivities":0,"activityKinds":[],"activityTopics":[],"needsPlan":false}'::jsonb
    WHEN 'communities_strengthened' THEN '{"count":"communities","kinds":[],"statuses":["active","strengthening"],"founded":"before_period","minActivities":2,"activityKinds":["training"],"activityTopics":[],"needsPlan":true}'::jsonb
    ELSE '{"count":"communities","kinds":[],"statuses":[],"founded":"any","minActivities":0,"activityKinds":[],"activityTopics":[],"needsPlan":true}'::jsonb
  END;--> statement-breakpoint
ALTER TABLE "program_targets" ALTER COLUMN "plan_start_year" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "program_targets" ALTER COLUMN "plan_end_year" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "program_targets" ALTER COLUMN "rule" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "evidence" ADD COLUMN "activity_id" uuid;--> statement-breakpoint
ALTER TABLE "committee_members" ADD CONSTRAINT "committee_members_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_communities" ADD CONSTRAINT "activity_communities_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_communities" ADD CONSTRAINT "activity_communities_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "committee_members_community_idx" ON "committee_members" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "activities_started_on_id_idx" ON "activities" USING btree ("started_on","id");--> statement-breakpoint
CREATE INDEX "activities_kind_started_on_idx" ON "activities" USING btree ("kind","started_on");--> statement-breakpoint
CREATE INDEX "activities_province_id_idx" ON "activities" USING btree ("province","id");--> statement-breakpoint
CREATE INDEX "activities_created_at_id_idx" ON "activities" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "activities_updated_at_id_idx" ON "activities" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "activities_location_gist" ON "activities" USING gist ("location");--> statement-breakpoint
CREATE INDEX "activity_communities_community_idx" ON "activity_communities" USING btree ("community_id");--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evidence_activity_idx" ON "evidence" USING btree ("activity_id");--> statement-breakpoint
ALTER TABLE "program_targets" DROP COLUMN "year";--> statement-breakpoint
ALTER TABLE "program_targets" DROP COLUMN "indicator";--> statement-breakpoint
ALTER TABLE "program_targets" ADD CONSTRAINT "program_targets_baseline_valid" CHECK (baseline >= 0 AND baseline < target);--> statement-breakpoint
ALTER TABLE "program_targets" ADD CONSTRAINT "program_targets_period_valid" CHECK (plan_start_year BETWEEN 1990 AND 2100 AND plan_end_year BETWEEN plan_start_year AND 2100);--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_attached_to_one" CHECK (num_nonnulls(incident_id, case_id, parcel_id, community_id, intake_report_id, activity_id) = 1);--> statement-breakpoint
DROP TYPE "public"."target_indicator";--> statement-breakpoint
-- Activities and committee members are records: every change is in the audit trail. (An
-- activity's communities are saved with the activity, whose version moves with them.)
DO $$
DECLARE
  audited text;
BEGIN
  FOREACH audited IN ARRAY ARRAY['activities', 'committee_members']
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I
      FOR EACH ROW EXECUTE FUNCTION dey_audit_row()', audited || '_audit', audited);
  END LOOP;
END
$$;
--> statement-breakpoint
-- The dashboard's cached figures now count activities and committee members too.
CREATE TRIGGER activities_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON activities FOR EACH STATEMENT EXECUTE FUNCTION dey_bump_table_version();--> statement-breakpoint
CREATE TRIGGER activity_communities_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON activity_communities FOR EACH STATEMENT EXECUTE FUNCTION dey_bump_table_version();--> statement-breakpoint
CREATE TRIGGER committee_members_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON committee_members FOR EACH STATEMENT EXECUTE FUNCTION dey_bump_table_version();
