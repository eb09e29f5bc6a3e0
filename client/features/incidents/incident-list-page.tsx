// Placeholder until this screen is built.
export function IncidentListPage() {
  return <div className="page"><h1>IncidentListPage</h1></div>
}
