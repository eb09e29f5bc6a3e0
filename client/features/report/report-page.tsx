// Placeholder until this screen is built.
export function ReportPage() {
  return <div className="page"><h1>ReportPage</h1></div>
}
