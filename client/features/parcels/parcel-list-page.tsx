// Placeholder until this screen is built.
export function ParcelListPage() {
  return <div className="page"><h1>ParcelListPage</h1></div>
}
