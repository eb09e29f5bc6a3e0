CREATE TABLE "case_stage_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"from_stage" "case_stage",
	"to_stage" "case_stage" NOT NULL,
	"note" text,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_people" (
	"incident_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"role" "party_role" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incident_people_incident_id_person_id_role_pk" PRIMARY KEY("incident_id","person_id","role")
);
--> statement-breakpoint
CREATE TABLE "admin_areas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"level" smallint NOT NULL,
	"name" text NOT NULL,
	"name_km" text,
	"code" text NOT NULL,
	"parent_id" uuid,
	"boundary" geometry(MultiPolygon,4326) NOT NULL,
	CONSTRAINT "admin_areas_level_range" CHECK (level BETWEEN 1 AND 3),
	CONSTRAINT "admin_areas_boundary_valid" CHECK (ST_IsValid(boundary))
);
--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "case_stage_changes" ADD CONSTRAINT "case_stage_changes_case_id_legal_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."legal_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_people" ADD CONSTRAINT "incident_people_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_people" ADD CONSTRAINT "incident_people_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admin_areas" ADD CONSTRAINT "admin_areas_parent_id_admin_areas_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."admin_areas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_stage_changes_case_idx" ON "case_stage_changes" USING btree ("case_id","changed_at");--> statement-breakpoint
CREATE INDEX "incident_people_person_idx" ON "incident_people" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "admin_areas_boundary_gist" ON "admin_areas" USING gist ("boundary");--> statement-breakpoint
CREATE INDEX "admin_areas_level_name_idx" ON "admin_areas" USING btree ("level","name");--> statement-breakpoint
CREATE INDEX "admin_areas_parent_idx" ON "admin_areas" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "communities_name_trgm" ON "communities" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "communities_name_km_trgm" ON "communities" USING gin ("name_km" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "parcels_label_trgm" ON "parcels" USING gin ("label" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "parcels_holder_name_trgm" ON "parcels" USING gin ("holder_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "concessions_name_trgm" ON "concessions" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "concessions_company_trgm" ON "concessions" USING gin ("company" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "incidents_title_trgm" ON "incidents" USING gin ("title" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "incidents_title_km_trgm" ON "incidents" USING gin ("title_km" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "people_full_name_trgm" ON "people" USING gin ("full_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "people_full_name_km_trgm" ON "people" USING gin ("full_name_km" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "legal_cases_title_trgm" ON "legal_cases" USING gin ("title" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "legal_cases_title_km_trgm" ON "legal_cases" USING gin ("title_km" gin_trgm_ops);