// Placeholder until this screen is built.
export function CaseListPage() {
  return <div className="page"><h1>CaseListPage</h1></div>
}
