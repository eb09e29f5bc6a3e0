-- Reports from people without an account (public links, Telegram, SMS) and their moderation.
-- Community intake codes are numbered from 101 (what a feature phone types fastest); existing
-- communities get theirs as the column is added.
CREATE SEQUENCE "communities_intake_code_seq" START 101;
--> statement-breakpoint
CREATE TYPE "public"."intake_source" AS ENUM('web', 'telegram', 'sms');--> statement-breakpoint
CREATE TYPE "public"."intake_status" AS ENUM('draft', 'new', 'accepted', 'merged', 'rejected');--> statement-breakpoint
CREATE TABLE "intake_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"title_km" text,
	"community_id" uuid,
	"hourly_limit" integer DEFAULT 60 NOT NULL,
	"closed_at" timestamp with time zone,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "intake_links_hourly_limit_positive" CHECK (hourly_limit > 0)
);
--> statement-breakpoint
CREATE TABLE "intake_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"receipt_code" text NOT NULL,
	"source" "intake_source" NOT NULL,
	"status" "intake_status" DEFAULT 'new' NOT NULL,
	"link_id" uuid,
	"community_id" uuid,
	"kind" "incident_kind",
	"description" text,
	"occurred_at" timestamp with time zone,
	"occurred_precision" date_precision,
	"location" geometry(Point,4326),
	"language" "language_code" DEFAULT 'km' NOT NULL,
	"sender_name" text,
	"phone" text,
	"telegram_user_id" bigint,
	"telegram_username" text,
	"telegram_chat_id" bigint,
	"may_contact" boolean DEFAULT false NOT NULL,
	"sender_user_id" uuid,
	"sender_erased_at" timestamp with time zone,
	"client_report_id" uuid,
	"pow_challenge" text,
	"incident_id" uuid,
	"rejection_reason" text,
	"decided_by_user_id" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "intake_reports_rejection_has_reason" CHECK (status <> 'rejected' OR rejection_reason IS NOT NULL),
	CONSTRAINT "intake_reports_decision_has_incident" CHECK (status NOT IN ('accepted', 'merged') OR incident_id IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "intake_webhook_deliveries" (
	"source" "intake_source" NOT NULL,
	"external_id" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "intake_webhook_deliveries_source_external_id_pk" PRIMARY KEY("source","external_id")
);
--> statement-breakpoint
CREATE TABLE "server_secrets" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "telegram_chats" (
	"chat_id" bigint PRIMARY KEY NOT NULL,
	"step" text NOT NULL,
	"draft_report_id" uuid,
	"language" "language_code" DEFAULT 'km' NOT NULL,
	"state" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "evidence" DROP CONSTRAINT "evidence_attached_to_one";--> statement-breakpoint
ALTER TABLE "communities" ADD COLUMN "intake_code" text DEFAULT nextval('communities_intake_code_seq')::text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "phone" text;--> statement-breakpoint
ALTER TABLE "evidence" ADD COLUMN "intake_report_id" uuid;--> statement-breakpoint
ALTER TABLE "intake_links" ADD CONSTRAINT "intake_links_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake_links" ADD CONSTRAINT "intake_links_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake_reports" ADD CONSTRAINT "intake_reports_link_id_intake_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."intake_links"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake_reports" ADD CONSTRAINT "intake_reports_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake_reports" ADD CONSTRAINT "intake_reports_sender_user_id_users_id_fk" FOREIGN KEY ("sender_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake_reports" ADD CONSTRAINT "intake_reports_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "intake_reports" ADD CONSTRAINT "intake_reports_decided_by_user_id_users_id_fk" FOREIGN KEY ("decided_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "telegram_chats" ADD CONSTRAINT "telegram_chats_draft_report_id_intake_reports_id_fk" FOREIGN KEY ("draft_report_id") REFERENCES "public"."intake_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "intake_links_slug_key" ON "intake_links" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "intake_links_community_idx" ON "intake_links" USING btree ("community_id");--> statement-breakpoint
CREATE UNIQUE INDEX "intake_reports_receipt_code_key" ON "intake_reports" USING btree ("receipt_code");--> statement-breakpoint
CREATE UNIQUE INDEX "intake_reports_client_report_id_key" ON "intake_reports" USING btree ("client_report_id");--> statement-breakpoint
CREATE UNIQUE INDEX "intake_reports_pow_challenge_key" ON "intake_reports" USING btree ("pow_challenge");--> statement-breakpoint
CREATE INDEX "intake_reports_status_created_idx" ON "intake_reports" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "intake_reports_community_idx" ON "intake_reports" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "intake_reports_link_idx" ON "intake_reports" USING btree ("link_id");--> statement-breakpoint
CREATE INDEX "intake_reports_location_gist" ON "intake_reports" USING gist ("location");--> statement-breakpoint
CREATE INDEX "intake_webhook_deliveries_received_idx" ON "intake_webhook_deliveries" USING btree ("received_at");--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_intake_report_id_intake_reports_id_fk" FOREIGN KEY ("intake_report_id") REFERENCES "public"."intake_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "communities_intake_code_key" ON "communities" USING btree ("intake_code");--> statement-breakpoint
CREATE UNIQUE INDEX "users_phone_key" ON "users" USING btree ("phone");--> statement-breakpoint
CREATE INDEX "evidence_intake_report_idx" ON "evidence" USING btree ("intake_report_id");--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_attached_to_one" CHECK (num_nonnulls(incident_id, case_id, parcel_id, community_id, intake_report_id) = 1);
--> statement-breakpoint
-- Senders' personal data never enters the append-only trail: that it changed (or was erased) is
-- recorded, not the value. Same list as before, plus the intake sender's columns.
CREATE OR REPLACE FUNCTION dey_audit_mask(j jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(jsonb_object_agg(key, CASE
      WHEN key IN ('password_hash', 'leader_phone', 'phone', 'email', 'address', 'privileged_notes',
                   'sender_name', 'telegram_user_id', 'telegram_username', 'telegram_chat_id')
        AND value <> 'null'::jsonb THEN '"[masked]"'::jsonb
      ELSE value END), '{}'::jsonb)
  FROM jsonb_each(j)
$$;
--> statement-breakpoint
-- Links and reports are audited (who accepted, merged, rejected or erased what); the webhook
-- delivery ledger and Telegram conversation state are bookkeeping, not records.
DO $$
DECLARE
  audited text;
BEGIN
  FOREACH audited IN ARRAY ARRAY['intake_links', 'intake_reports']
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I
      FOR EACH ROW EXECUTE FUNCTION dey_audit_row()', audited || '_audit', audited);
  END LOOP;
END
$$;
