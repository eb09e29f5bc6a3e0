// The HTML of templates and letters: sanitized with sanitize-html to the tags a letter needs (no
// scripts, no event handlers, no images, links, frames or forms, no style sheets, no url() in
// styles: nothing that runs or reaches out), and wrapped in an A4 print page with Khmer fonts for
// Chromium to print. The same rules apply to a template when it is saved, to a filled letter, and
// again to the letter the lawyer edited before it is printed.
import sanitizeHtml from 'sanitize-html'
import type { LanguageCode } from '../../../shared/vocabularies.ts'

const TAGS = [
  'p',
  'br',
  'div',
  'span',
  'section',
  'header',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'strong',
  'b',
  'em',
  'i',
  'u',
  's',
  'small',
  'sup',
  'sub',
  'blockquote',
  'hr',
  'ul',
  'ol',
  'li',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
  'colgroup',
  'col',
]

/** Plain values only: a colour, a length, a keyword. No url(), no expression(), no escapes. */
const SAFE_VALUE = /^[#a-zA-Z0-9 .,%()'"-]*$/
const PLAIN_STYLE = [SAFE_VALUE]
const STYLES = [
  'text-align',
  'font-weight',
  'font-style',
  'font-size',
  'text-decoration',
  'text-indent',
  'line-height',
  'color',
  'background-color',
  'margin',
  'margin-top',
  'margin-bottom',
  'margin-left',
  'margin-right',
  'padding',
  'padding-left',
  'padding-right',
  'width',
  'border',
  'border-collapse',
  'vertical-align',
  'page-break-before',
  'page-break-after',
  'break-before',
  'break-after',
]

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: TAGS,
  allowedAttributes: {
    '*': ['class', 'style', 'lang', 'dir', 'align'],
    td: ['colspan', 'rowspan', 'class', 'style', 'lang', 'dir', 'align'],
    th: ['colspan', 'rowspan', 'class', 'style', 'lang', 'dir', 'align'],
    ol: ['start', 'type', 'class', 'style', 'lang', 'dir'],
    col: ['span', 'class', 'style'],
  },
  allowedStyles: { '*': Object.fromEntries(STYLES.map((property) => [property, PLAIN_STYLE])) },
  allowedSchemes: [],
  allowedSchemesAppliedToAttributes: [],
  // The content of these goes with the tag; other unknown tags are unwrapped (their text kept).
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'template', 'iframe', 'object', 'svg', 'math', 'title', 'head'],
  disallowedTagsMode: 'discard',
  parser: { lowerCaseTags: true, lowerCaseAttributeNames: true },
}

export function sanitizeLetterHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS).trim()
}

const FONTS = {
  km: "'Khmer OS Siemreap', 'Noto Serif Khmer', 'Khmer OS', 'Noto Sans Khmer', 'Khmer OS System', serif",
  en: "'Noto Serif', 'DejaVu Serif', 'Liberation Serif', 'Khmer OS Siemreap', 'Noto Serif Khmer', serif",
}

/**
 * A sanitized letter as one self-contained A4 page for Chromium (offline, JavaScript off). The
 * classes a template may use: center, right, justify, muol (Khmer OS Muol Light, the headline
 * face of Khmer official letters), title, subject, signature, small, page-break, and plain on a
 * table (no borders). Numbered lists count in Khmer digits in a Khmer letter.
 */
export function printableLetter(bodyHtml: string, title: string, language: LanguageCode): string {
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><title>${escapeText(title)}</title>
<style>
  @page { size: A4; }
  body { font-family: ${FONTS[language]}; font-size: 12pt; line-height: 1.7; color: #000; margin: 0; }
  p { margin: 0 0 0.6em; } h1, h2, h3 { line-height: 1.5; margin: 0.4em 0; }
  h1 { font-size: 15pt; } h2 { font-size: 13.5pt; } h3 { font-size: 12.5pt; }
  table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #555; padding: 2pt 5pt; vertical-align: top; text-align: left; }
  .center { text-align: center; } .right { text-align: right; } .justify { text-align: justify; }
  .muol { font-family: 'Khmer OS Muol Light', 'Khmer OS Muol', ${FONTS.km}; font-weight: normal; }
  .title { text-align: center; font-weight: bold; } .subject { margin-top: 1em; }
  .signature { margin-top: 3em; text-align: right; } .small { font-size: 10pt; }
  .page-break { break-before: page; } .plain td, .plain th { border: none; }
  ${language === 'km' ? 'ol { list-style-type: khmer; }' : ''}
</style></head>
<body>${bodyHtml}</body></html>`
}

const escapeText = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
