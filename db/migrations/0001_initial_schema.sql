CREATE TYPE "public"."case_event_kind" AS ENUM('filing', 'hearing', 'deadline', 'meeting', 'judgment', 'note');--> statement-breakpoint
CREATE TYPE "public"."case_kind" AS ENUM('cadastral_commission', 'court_civil', 'court_criminal_defense', 'naldr', 'administrative_complaint', 'mediation', 'un_communication');--> statement-breakpoint
CREATE TYPE "public"."case_stage" AS ENUM('intake', 'investigation', 'filed', 'hearing', 'judgment', 'appeal', 'enforcement', 'closed');--> statement-breakpoint
CREATE TYPE "public"."community_kind" AS ENUM('land_community', 'indigenous_community', 'womens_group', 'youth_group', 'food_system_community', 'provincial_network');--> statement-breakpoint
CREATE TYPE "public"."community_status" AS ENUM('forming', 'active', 'strengthening', 'inactive');--> statement-breakpoint
CREATE TYPE "public"."concession_kind" AS ENUM('elc', 'slc', 'mining', 'hydropower', 'protected_area', 'other');--> statement-breakpoint
CREATE TYPE "public"."incident_kind" AS ENUM('forced_eviction', 'eviction_threat', 'land_grabbing', 'encroachment', 'demolition', 'crop_destruction', 'fencing', 'intimidation', 'violence', 'arrest', 'legal_harassment', 'other');--> statement-breakpoint
CREATE TYPE "public"."incident_status" AS ENUM('reported', 'verified', 'ongoing', 'resolved', 'dismissed');--> statement-breakpoint
CREATE TYPE "public"."land_use" AS ENUM('rice_field', 'chamkar', 'orchard', 'residential', 'forest', 'spirit_forest', 'burial_ground', 'grazing', 'water', 'other');--> statement-breakpoint
CREATE TYPE "public"."party_role" AS ENUM('client', 'plaintiff', 'defendant', 'witness', 'official', 'company_representative', 'other');--> statement-breakpoint
CREATE TYPE "public"."perpetrator_kind" AS ENUM('company', 'military', 'police', 'local_authority', 'individual', 'unknown');--> statement-breakpoint
CREATE TYPE "public"."plan_status" AS ENUM('draft', 'adopted', 'in_progress', 'completed');--> statement-breakpoint
CREATE TYPE "public"."severity" AS ENUM('low', 'medium', 'high', 'critical');--> statement-breakpoint
CREATE TYPE "public"."target_indicator" AS ENUM('new_land_communities', 'new_womens_groups', 'communities_strengthened', 'community_plans');--> statement-breakpoint
CREATE TYPE "public"."tenure" AS ENUM('private_title', 'possession_right', 'communal_land_title', 'communal_claim', 'state_public', 'state_private', 'unknown');--> statement-breakpoint
CREATE TYPE "public"."title_status" AS ENUM('none', 'applied', 'registered', 'disputed');--> statement-breakpoint
CREATE TABLE "communities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"name_km" text,
	"kind" "community_kind" NOT NULL,
	"status" "community_status" DEFAULT 'forming' NOT NULL,
	"province" text NOT NULL,
	"district" text,
	"commune" text,
	"village" text,
	"households" integer,
	"members" integer,
	"women_members" integer,
	"youth_members" integer,
	"leader_name" text,
	"leader_phone" text,
	"description" text,
	"established_year" smallint,
	"network_id" uuid,
	"location" geometry(Point,4326) NOT NULL,
	"territory" geometry(MultiPolygon,4326),
	"territory_area_ha" double precision GENERATED ALWAYS AS (ST_Area(territory::geography) / 10000) STORED,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "communities_territory_valid" CHECK (territory IS NULL OR ST_IsValid(territory)),
	CONSTRAINT "communities_counts_nonnegative" CHECK (coalesce(households, 0) >= 0 AND coalesce(members, 0) >= 0
      AND coalesce(women_members, 0) >= 0 AND coalesce(youth_members, 0) >= 0)
);
--> statement-breakpoint
CREATE TABLE "community_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"year" smallint NOT NULL,
	"status" "plan_status" DEFAULT 'draft' NOT NULL,
	"priorities" text,
	"goals" text,
	"actions" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "community_plans_year_range" CHECK (year BETWEEN 1990 AND 2100)
);
--> statement-breakpoint
CREATE TABLE "parcels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid NOT NULL,
	"label" text NOT NULL,
	"holder_name" text,
	"households" integer,
	"land_use" "land_use" DEFAULT 'other' NOT NULL,
	"tenure" "tenure" DEFAULT 'unknown' NOT NULL,
	"title_status" "title_status" DEFAULT 'none' NOT NULL,
	"notes" text,
	"boundary" geometry(MultiPolygon,4326) NOT NULL,
	"area_ha" double precision GENERATED ALWAYS AS (ST_Area(boundary::geography) / 10000) STORED NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "parcels_boundary_valid" CHECK (ST_IsValid(boundary))
);
--> statement-breakpoint
CREATE TABLE "concession_declared_areas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"concession_id" uuid NOT NULL,
	"area_ha" double precision NOT NULL,
	"source" text NOT NULL,
	"source_url" text,
	"stated_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "concession_declared_areas_positive" CHECK (area_ha > 0)
);
--> statement-breakpoint
CREATE TABLE "concessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"name_km" text,
	"kind" "concession_kind" NOT NULL,
	"company" text,
	"province" text,
	"granted_on" date,
	"purpose" text,
	"boundary_source" text,
	"source_url" text,
	"source_date" date,
	"boundary" geometry(MultiPolygon,4326) NOT NULL,
	"area_ha" double precision GENERATED ALWAYS AS (ST_Area(boundary::geography) / 10000) STORED NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "concessions_boundary_valid" CHECK (ST_IsValid(boundary))
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" uuid,
	"title" text NOT NULL,
	"title_km" text,
	"kind" "incident_kind" NOT NULL,
	"status" "incident_status" DEFAULT 'reported' NOT NULL,
	"severity" "severity" DEFAULT 'medium' NOT NULL,
	"perpetrator_kind" "perpetrator_kind" DEFAULT 'unknown' NOT NULL,
	"perpetrator_name" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"households_affected" integer,
	"people_affected" integer,
	"description" text,
	"province" text NOT NULL,
	"district" text,
	"commune" text,
	"village" text,
	"location" geometry(Point,4326) NOT NULL,
	"affected_area" geometry(MultiPolygon,4326),
	"affected_area_ha" double precision GENERATED ALWAYS AS (ST_Area(affected_area::geography) / 10000) STORED,
	"is_confidential" boolean DEFAULT false NOT NULL,
	"dismissal_reason" text,
	"reported_by" text,
	"source_url" text,
	"source_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "incidents_affected_area_valid" CHECK (affected_area IS NULL OR ST_IsValid(affected_area)),
	CONSTRAINT "incidents_counts_nonnegative" CHECK (coalesce(households_affected, 0) >= 0 AND coalesce(people_affected, 0) >= 0),
	CONSTRAINT "incidents_dismissal_has_reason" CHECK (status <> 'dismissed' OR dismissal_reason IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"full_name" text NOT NULL,
	"full_name_km" text,
	"gender" text,
	"description" text,
	"community_id" uuid,
	"phone" text,
	"email" text,
	"address" text,
	"is_confidential" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "case_communities" (
	"case_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_communities_case_id_community_id_pk" PRIMARY KEY("case_id","community_id")
);
--> statement-breakpoint
CREATE TABLE "case_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" "case_event_kind" NOT NULL,
	"title" text NOT NULL,
	"details" text,
	"starts_at" timestamp with time zone NOT NULL,
	"location" text,
	"is_done" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "case_incidents" (
	"case_id" uuid NOT NULL,
	"incident_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_incidents_case_id_incident_id_pk" PRIMARY KEY("case_id","incident_id")
);
--> statement-breakpoint
CREATE TABLE "case_parcels" (
	"case_id" uuid NOT NULL,
	"parcel_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_parcels_case_id_parcel_id_pk" PRIMARY KEY("case_id","parcel_id")
);
--> statement-breakpoint
CREATE TABLE "case_people" (
	"case_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"role" "party_role" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_people_case_id_person_id_role_pk" PRIMARY KEY("case_id","person_id","role")
);
--> statement-breakpoint
CREATE TABLE "case_reference_counters" (
	"year" smallint PRIMARY KEY NOT NULL,
	"last_number" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "legal_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"title" text NOT NULL,
	"title_km" text,
	"kind" "case_kind" NOT NULL,
	"stage" "case_stage" DEFAULT 'intake' NOT NULL,
	"forum" text,
	"lead_lawyer" text,
	"province" text,
	"summary" text,
	"privileged_notes" text,
	"outcome" text,
	"opened_on" date DEFAULT now() NOT NULL,
	"closed_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "legal_cases_reference_format" CHECK (reference ~ '^CASE-[0-9]{4}-[0-9]{4,}$')
);
--> statement-breakpoint
CREATE TABLE "program_targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"year" smallint NOT NULL,
	"indicator" "target_indicator" NOT NULL,
	"target" integer NOT NULL,
	"label" text NOT NULL,
	"label_km" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "program_targets_target_positive" CHECK (target > 0)
);
--> statement-breakpoint
ALTER TABLE "communities" ADD CONSTRAINT "communities_network_id_communities_id_fk" FOREIGN KEY ("network_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_plans" ADD CONSTRAINT "community_plans_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parcels" ADD CONSTRAINT "parcels_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "concession_declared_areas" ADD CONSTRAINT "concession_declared_areas_concession_id_concessions_id_fk" FOREIGN KEY ("concession_id") REFERENCES "public"."concessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_communities" ADD CONSTRAINT "case_communities_case_id_legal_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."legal_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_communities" ADD CONSTRAINT "case_communities_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_id_legal_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."legal_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_incidents" ADD CONSTRAINT "case_incidents_case_id_legal_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."legal_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_incidents" ADD CONSTRAINT "case_incidents_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_parcels" ADD CONSTRAINT "case_parcels_case_id_legal_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."legal_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_parcels" ADD CONSTRAINT "case_parcels_parcel_id_parcels_id_fk" FOREIGN KEY ("parcel_id") REFERENCES "public"."parcels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_people" ADD CONSTRAINT "case_people_case_id_legal_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."legal_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_people" ADD CONSTRAINT "case_people_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "communities_location_gist" ON "communities" USING gist ("location");--> statement-breakpoint
CREATE INDEX "communities_territory_gist" ON "communities" USING gist ("territory");--> statement-breakpoint
CREATE INDEX "communities_province_idx" ON "communities" USING btree ("province");--> statement-breakpoint
CREATE INDEX "communities_kind_status_idx" ON "communities" USING btree ("kind","status");--> statement-breakpoint
CREATE INDEX "communities_network_idx" ON "communities" USING btree ("network_id");--> statement-breakpoint
CREATE INDEX "community_plans_community_year_idx" ON "community_plans" USING btree ("community_id","year");--> statement-breakpoint
CREATE INDEX "parcels_boundary_gist" ON "parcels" USING gist ("boundary");--> statement-breakpoint
CREATE INDEX "parcels_community_idx" ON "parcels" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "parcels_tenure_title_idx" ON "parcels" USING btree ("tenure","title_status");--> statement-breakpoint
CREATE INDEX "concession_declared_areas_concession_idx" ON "concession_declared_areas" USING btree ("concession_id");--> statement-breakpoint
CREATE INDEX "concessions_boundary_gist" ON "concessions" USING gist ("boundary");--> statement-breakpoint
CREATE INDEX "concessions_kind_idx" ON "concessions" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "incidents_location_gist" ON "incidents" USING gist ("location");--> statement-breakpoint
CREATE INDEX "incidents_affected_area_gist" ON "incidents" USING gist ("affected_area");--> statement-breakpoint
CREATE INDEX "incidents_status_occurred_idx" ON "incidents" USING btree ("status","occurred_at");--> statement-breakpoint
CREATE INDEX "incidents_occurred_idx" ON "incidents" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "incidents_community_idx" ON "incidents" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "incidents_kind_idx" ON "incidents" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "incidents_province_idx" ON "incidents" USING btree ("province");--> statement-breakpoint
CREATE INDEX "people_community_idx" ON "people" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "case_communities_community_idx" ON "case_communities" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "case_events_case_starts_idx" ON "case_events" USING btree ("case_id","starts_at");--> statement-breakpoint
CREATE INDEX "case_events_starts_idx" ON "case_events" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "case_incidents_incident_idx" ON "case_incidents" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "case_parcels_parcel_idx" ON "case_parcels" USING btree ("parcel_id");--> statement-breakpoint
CREATE INDEX "case_people_person_idx" ON "case_people" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "legal_cases_reference_key" ON "legal_cases" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "legal_cases_stage_idx" ON "legal_cases" USING btree ("stage");--> statement-breakpoint
CREATE INDEX "legal_cases_kind_idx" ON "legal_cases" USING btree ("kind");--> statement-breakpoint
CREATE UNIQUE INDEX "program_targets_year_indicator_key" ON "program_targets" USING btree ("year","indicator");