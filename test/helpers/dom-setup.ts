// Runs before every test file. In the component tests (happy-dom), Testing Library's waits
// (`findBy…`, `waitFor`) give up after this long: they return as soon as what they wait for
// appears, so a generous limit costs nothing on an idle machine and keeps the suite green on a
// busy one (CI shares 2 cores with other work).
import { configure } from '@testing-library/dom'

export const DOM_WAIT_MS = 15_000

if (typeof document !== 'undefined') configure({ asyncUtilTimeout: DOM_WAIT_MS })
