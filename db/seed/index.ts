// The demo data generator: pure generation in demo-data.ts, database writes in load-demo.ts.
export { generateDemoData, type DemoData } from './demo-data.ts'
export { hasAnyCommunities, loadDemoData, type DemoSummary } from './load-demo.ts'
