-- Exactly-once reports from devices that work offline: the device names each report with a UUID
-- before sending it, and a repeat of the same report (its answer was lost) finds the first one.
ALTER TABLE "incidents" ADD COLUMN "client_report_id" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_client_report_id_key" ON "incidents" USING btree ("client_report_id");