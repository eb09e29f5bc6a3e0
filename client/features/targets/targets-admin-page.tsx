export function TargetsAdminPage() {
  return null
}
