/// <reference types="vite/client" />
/// <reference types="vite-plugin-pwa/client" />

// One language's UI strings, made by client/build/language-messages.ts.
declare module 'virtual:dey-messages/*' {
  const messages: Record<string, object>
  export default messages
}
