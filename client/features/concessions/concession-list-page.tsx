// Placeholder until this screen is built.
export function ConcessionListPage() {
  return <div className="page"><h1>ConcessionListPage</h1></div>
}
