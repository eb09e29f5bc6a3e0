// Placeholder until this screen is built.
export function CommunityPage() {
  return <div className="page"><h1>CommunityPage</h1></div>
}
