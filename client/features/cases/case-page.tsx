// Placeholder until this screen is built.
export function CasePage() {
  return <div className="page"><h1>CasePage</h1></div>
}
