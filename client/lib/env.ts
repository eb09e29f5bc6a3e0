// The only file that reads Vite's build-time environment. Runtime settings (the basemap, the
// upload limit) come from the server: see useClientConfig in client/lib/session.ts.
export const isDevelopment = import.meta.env.DEV
