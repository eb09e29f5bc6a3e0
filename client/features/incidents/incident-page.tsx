// Placeholder until this screen is built.
export function IncidentPage() {
  return <div className="page"><h1>IncidentPage</h1></div>
}
