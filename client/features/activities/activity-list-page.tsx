export function ActivityListPage() {
  return null
}
