// Placeholder until this screen is built.
export function AccountPage() {
  return <div className="page"><h1>AccountPage</h1></div>
}
