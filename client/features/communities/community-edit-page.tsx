// Placeholder until this screen is built.
export function CommunityEditPage() {
  return <div className="page"><h1>CommunityEditPage</h1></div>
}
