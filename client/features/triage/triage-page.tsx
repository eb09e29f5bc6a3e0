// Placeholder until this screen is built.
export function TriagePage() {
  return <div className="page"><h1>TriagePage</h1></div>
}
