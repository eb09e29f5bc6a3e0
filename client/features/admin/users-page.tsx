// Placeholder until this screen is built.
export function UsersPage() {
  return <div className="page"><h1>UsersPage</h1></div>
}
