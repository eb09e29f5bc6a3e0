CREATE TABLE "evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sha256" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"media_type" text NOT NULL,
	"declared_type" text,
	"original_filename" text,
	"title" text NOT NULL,
	"description" text,
	"captured_at" timestamp with time zone,
	"captured_at_text" text,
	"captured_by" text,
	"location" geometry(Point,4326),
	"camera_make" text,
	"camera_model" text,
	"orientation" smallint,
	"page_count" integer,
	"duration_seconds" double precision,
	"has_thumbnail" boolean DEFAULT false NOT NULL,
	"is_confidential" boolean DEFAULT false NOT NULL,
	"incident_id" uuid,
	"case_id" uuid,
	"parcel_id" uuid,
	"community_id" uuid,
	"uploaded_by_user_id" uuid,
	"purged_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "evidence_sha256_format" CHECK (sha256 ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "evidence_size_nonnegative" CHECK (size_bytes >= 0),
	CONSTRAINT "evidence_attached_to_one" CHECK (num_nonnulls(incident_id, case_id, parcel_id, community_id) = 1)
);
--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_case_id_legal_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."legal_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_parcel_id_parcels_id_fk" FOREIGN KEY ("parcel_id") REFERENCES "public"."parcels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_uploaded_by_user_id_users_id_fk" FOREIGN KEY ("uploaded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evidence_sha256_idx" ON "evidence" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "evidence_incident_idx" ON "evidence" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "evidence_case_idx" ON "evidence" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "evidence_parcel_idx" ON "evidence" USING btree ("parcel_id");--> statement-breakpoint
CREATE INDEX "evidence_community_idx" ON "evidence" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "evidence_location_gist" ON "evidence" USING gist ("location");