// Mustache placeholders in a template: checked against LETTER_FIELDS when the template is saved
// (it must compile, name only known fields, and never ask for unescaped output), and filled from
// a case's letter data. Logic-less on purpose: a template can loop and show text when a field is
// set or a list empty, nothing more. Each call uses its own Writer, so nothing is cached globally.
import Mustache from 'mustache'
import { LETTER_FIELDS, type LetterField, type TextField } from '../../../shared/letter-fields.ts'
import type { DocumentTemplateKind } from '../../../shared/vocabularies.ts'

export interface PlaceholderIssue {
  message: string
  /** The placeholder the issue is about, when there is one. */
  placeholder?: string
}

type Span = [type: string, value: string, start: number, end: number, children?: Span[]]
type Scope = Record<string, LetterField>

/** Every problem with a template's placeholders (none: it may be saved). */
export function checkPlaceholders(html: string, kind: DocumentTemplateKind): PlaceholderIssue[] {
  let spans: Span[]
  try {
    spans = new Mustache.Writer().parse(html) as Span[]
  } catch (error) {
    return [{ message: `the template does not compile: ${(error as Error).message}` }]
  }
  const issues: PlaceholderIssue[] = []
  walk(spans, [LETTER_FIELDS], kind, issues)
  return issues
}

function walk(spans: Span[], scopes: Scope[], kind: DocumentTemplateKind, issues: PlaceholderIssue[]) {
  for (const [type, name, , , children] of spans) {
    switch (type) {
      case 'text':
      case '!':
        break
      case 'name': {
        const field = resolve(name, scopes)
        if (!field) issues.push(unknown(name))
        else if (field.type === 'list')
          issues.push({ placeholder: name, message: `{{${name}}} is a list: loop over it with {{#${name}}}…{{/${name}}}` })
        else if (!isAllowedIn(field, kind)) issues.push(onlyIn(name, field))
        break
      }
      case '#':
      case '^': {
        const field = resolve(name, scopes)
        if (!field) issues.push(unknown(name))
        else if (field.type === 'text' && !isAllowedIn(field, kind)) issues.push(onlyIn(name, field))
        // Inside a loop the item's fields come first, then everything outside it (Mustache's lookup).
        const inner = type === '#' && field?.type === 'list' ? [field.item, ...scopes] : scopes
        walk(children ?? [], inner, kind, issues)
        break
      }
      case '&':
        issues.push({
          placeholder: name,
          message: `{{{${name}}}} and {{&${name}}} print HTML unescaped and are not allowed: write {{${name}}}`,
        })
        break
      case '>':
        issues.push({ placeholder: name, message: `partials ({{>${name}}}) are not supported` })
        break
      case '=':
        issues.push({ message: 'changing the {{ }} delimiters is not supported' })
        break
      default:
        issues.push({ placeholder: name, message: `unsupported tag {{${type}${name}}}` })
    }
  }
}

/** The innermost scope that knows the name (Mustache resolves a dotted name whole, scope by scope). */
function resolve(name: string, scopes: Scope[]): LetterField | undefined {
  for (const scope of scopes) {
    if (Object.hasOwn(scope, name)) return scope[name]
  }
  return undefined
}

const isAllowedIn = (field: TextField, kind: DocumentTemplateKind) => !field.onlyIn || field.onlyIn.includes(kind)

const unknown = (name: string): PlaceholderIssue => ({
  placeholder: name,
  message: `unknown placeholder {{${name}}} (or used outside the loop it belongs to)`,
})

const onlyIn = (name: string, field: TextField): PlaceholderIssue => ({
  placeholder: name,
  message: `{{${name}}} is only available in templates of kind ${field.onlyIn!.join(', ')}`,
})

/** The template with every placeholder filled; values are HTML-escaped (Mustache's default). */
export function fillPlaceholders(html: string, view: object): string {
  return new Mustache.Writer().render(html, view, {})
}
