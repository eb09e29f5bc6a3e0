// Placeholder until this screen is built.
export function ParcelPage() {
  return <div className="page"><h1>ParcelPage</h1></div>
}
