// A Vite plugin: `virtual:dey-messages/km` and `virtual:dey-messages/en` are the UI strings of one
// language. Every feature's messages.ts holds both languages side by side (the compiler checks
// the Khmer against the English), so importing them in the browser would send every reader both;
// the build writes each language as its own chunk instead, fetched by client/app/i18n.ts.
import type { Plugin } from 'vite'
import { NAMESPACES } from '../app/messages.ts'
import { LANGUAGES, messagesIn, type Language } from '../lib/i18n.ts'

const PREFIX = 'virtual:dey-messages/'
// Vite's convention for virtual modules: a \0 keeps other plugins from treating the id as a file.
const RESOLVED_PREFIX = `\0${PREFIX}`

const isLanguage = (value: string): value is Language => (LANGUAGES as readonly string[]).includes(value)

export function languageMessages(): Plugin {
  let serving = false
  return {
    name: 'dey-language-messages',
    configResolved(config) {
      serving = config.command === 'serve'
    },
    resolveId(id) {
      return id.startsWith(PREFIX) ? `\0${id}` : undefined
    },
    load(id) {
      if (!id.startsWith(RESOLVED_PREFIX)) return undefined
      const language = id.slice(RESOLVED_PREFIX.length)
      if (!isLanguage(language)) throw new Error(`Unknown language module ${id}: expected one of ${LANGUAGES.join(', ')}`)
      // `npm run dev` re-exports the sources, so an edited string shows without restarting Vite;
      // the build inlines one language's strings as data (the config loaded the sources once).
      if (serving)
        return `import { NAMESPACES } from '/app/messages.ts'\nimport { messagesIn } from '/lib/i18n.ts'\nexport default messagesIn(NAMESPACES, ${JSON.stringify(language)})\n`
      return `export default ${JSON.stringify(messagesIn(NAMESPACES, language))}\n`
    },
  }
}
