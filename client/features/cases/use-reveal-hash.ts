// Links such as /cases/:id#event-… (from the calendar and the timeline) point into content that
// loads after the page: once it is there, open the folded section holding the target and scroll to it.
import { useEffect } from 'react'
import { useLocation } from 'react-router'

export function useRevealHash(isReady: boolean) {
  const { hash } = useLocation()
  useEffect(() => {
    if (!isReady || hash.length < 2) return
    const target = document.getElementById(decodeURIComponent(hash.slice(1)))
    if (!target) return
    const folded = target.closest('details')
    if (folded) folded.open = true
    target.scrollIntoView({ block: 'center' })
    target.classList.add('is-target')
  }, [isReady, hash])
}
