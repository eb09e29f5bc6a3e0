// Placeholder until this screen is built.
export function ConcessionPage() {
  return <div className="page"><h1>ConcessionPage</h1></div>
}
