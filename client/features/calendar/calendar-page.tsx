// Placeholder until this screen is built.
export function CalendarPage() {
  return <div className="page"><h1>CalendarPage</h1></div>
}
