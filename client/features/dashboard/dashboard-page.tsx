// Placeholder until this screen is built.
export function DashboardPage() {
  return <div className="page"><h1>DashboardPage</h1></div>
}
