// PostgreSQL deployments can run the app as a role that owns nothing: a schema owner applies the
// migrations (DATABASE_OWNER_URL), and the app's role (DATABASE_URL) may only read and write rows.
// Whoever gets hold of the app's connection then cannot disable the audit trail's triggers (only a
// table's owner can), nor update, delete or truncate its entries: it can only append, through
// dey_audit_append. A superuser can still do anything; keep that account for administration only.
import { sql } from 'drizzle-orm'
import { queryRows, type Db } from './open.ts'

/** The role a connection acts as. */
export async function currentRole(db: Db): Promise<string> {
  const [row] = await queryRows<{ role: string }>(db, sql`SELECT current_user AS role`)
  return row!.role
}

/** Gives `appRole` what the app needs on every table the owner has, now and in later migrations. */
export async function grantAppRole(ownerDb: Db, appRole: string): Promise<void> {
  const role = sql.identifier(appRole)
  await ownerDb.transaction(async (tx) => {
    await tx.execute(sql`GRANT USAGE ON SCHEMA public TO ${role}`)
    await tx.execute(sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`)
    await tx.execute(sql`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`)
    await tx.execute(sql`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`)
    await tx.execute(sql`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${role}`)
    // The trail is read, and appended to only through dey_audit_append (SECURITY DEFINER).
    await tx.execute(sql`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_log FROM ${role}`)
    // The shapes entries name go in only through dey_audit_shape (SECURITY DEFINER, 0014).
    await tx.execute(sql`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_shapes FROM ${role}`)
    // Notes of changed community links, summed into the trail at commit (0018): only its triggers write them.
    await tx.execute(sql`REVOKE SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON audit_pending_memberships FROM ${role}`)
    await tx.execute(sql`REVOKE USAGE ON SEQUENCE audit_log_id_seq FROM ${role}`)
  })
}
