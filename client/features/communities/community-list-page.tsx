// Placeholder until this screen is built.
export function CommunityListPage() {
  return <div className="page"><h1>CommunityListPage</h1></div>
}
