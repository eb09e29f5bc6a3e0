// Placeholder until this screen is built.
export function CaseEditPage() {
  return <div className="page"><h1>CaseEditPage</h1></div>
}
