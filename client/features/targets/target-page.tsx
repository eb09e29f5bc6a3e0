export function TargetPage() {
  return null
}
