// Placeholder until this screen is built.
export function AuditPage() {
  return <div className="page"><h1>AuditPage</h1></div>
}
