// Placeholder until this screen is built.
export function ParcelEditPage() {
  return <div className="page"><h1>ParcelEditPage</h1></div>
}
