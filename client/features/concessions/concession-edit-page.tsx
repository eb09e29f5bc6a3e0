// Placeholder until this screen is built.
export function ConcessionEditPage() {
  return <div className="page"><h1>ConcessionEditPage</h1></div>
}
