DROP INDEX "communities_province_idx";--> statement-breakpoint
DROP INDEX "incidents_occurred_idx";--> statement-breakpoint
DROP INDEX "case_events_case_starts_idx";--> statement-breakpoint
DROP INDEX "case_events_starts_idx";--> statement-breakpoint
CREATE INDEX "communities_name_id_idx" ON "communities" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "communities_province_id_idx" ON "communities" USING btree ("province","id");--> statement-breakpoint
CREATE INDEX "communities_created_at_id_idx" ON "communities" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "communities_updated_at_id_idx" ON "communities" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "communities_village_trgm" ON "communities" USING gin ("village" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "community_plans_year_id_idx" ON "community_plans" USING btree ("year","id");--> statement-breakpoint
CREATE INDEX "community_plans_created_at_id_idx" ON "community_plans" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "community_plans_updated_at_id_idx" ON "community_plans" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "parcels_label_id_idx" ON "parcels" USING btree ("label","id");--> statement-breakpoint
CREATE INDEX "parcels_area_ha_id_idx" ON "parcels" USING btree ("area_ha","id");--> statement-breakpoint
CREATE INDEX "parcels_created_at_id_idx" ON "parcels" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "parcels_updated_at_id_idx" ON "parcels" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "concessions_name_id_idx" ON "concessions" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "concessions_area_ha_id_idx" ON "concessions" USING btree ("area_ha","id");--> statement-breakpoint
CREATE INDEX "concessions_created_at_id_idx" ON "concessions" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "concessions_updated_at_id_idx" ON "concessions" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "concessions_name_km_trgm" ON "concessions" USING gin ("name_km" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "incidents_occurred_at_id_idx" ON "incidents" USING btree ("occurred_at","id");--> statement-breakpoint
CREATE INDEX "incidents_created_at_id_idx" ON "incidents" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "incidents_updated_at_id_idx" ON "incidents" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "incidents_description_trgm" ON "incidents" USING gin ("description" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "incidents_perpetrator_name_trgm" ON "incidents" USING gin ("perpetrator_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "people_full_name_id_idx" ON "people" USING btree ("full_name","id");--> statement-breakpoint
CREATE INDEX "people_created_at_id_idx" ON "people" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "people_updated_at_id_idx" ON "people" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "legal_cases_opened_on_id_idx" ON "legal_cases" USING btree ("opened_on","id");--> statement-breakpoint
CREATE INDEX "legal_cases_reference_id_idx" ON "legal_cases" USING btree ("reference","id");--> statement-breakpoint
CREATE INDEX "legal_cases_created_at_id_idx" ON "legal_cases" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "legal_cases_updated_at_id_idx" ON "legal_cases" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "legal_cases_reference_trgm" ON "legal_cases" USING gin ("reference" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "legal_cases_summary_trgm" ON "legal_cases" USING gin ("summary" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "admin_areas_name_id_idx" ON "admin_areas" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "admin_areas_code_id_idx" ON "admin_areas" USING btree ("code","id");--> statement-breakpoint
CREATE INDEX "users_display_name_id_idx" ON "users" USING btree ("display_name","id");--> statement-breakpoint
CREATE INDEX "users_email_id_idx" ON "users" USING btree ("email","id");--> statement-breakpoint
CREATE INDEX "users_created_at_id_idx" ON "users" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "case_events_case_starts_idx" ON "case_events" USING btree ("case_id","starts_at","id");--> statement-breakpoint
CREATE INDEX "case_events_starts_idx" ON "case_events" USING btree ("starts_at","id");