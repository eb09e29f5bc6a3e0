// Placeholder until this screen is built.
export function IncidentEditPage() {
  return <div className="page"><h1>IncidentEditPage</h1></div>
}
