// Placeholder until this screen is built.
export function MapPage() {
  return <div className="page"><h1>MapPage</h1></div>
}
