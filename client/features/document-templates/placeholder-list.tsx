// What a template may use (the list the server checks against, fetched from it so that its Khmer
// descriptions stay out of the bundle), in the reader's language, each with the exact text to type.
import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { letterFieldsQuery } from './api.ts'

export function PlaceholderList() {
  const { t, i18n } = useTranslation()
  const language = i18n.language === 'km' ? 'km' : 'en'
  const fields = useQuery(letterFieldsQuery()).data?.fields ?? {}
  return (
    <details className="card placeholder-list">
      <summary>
        <strong>{t('documentTemplates.placeholders.title')}</strong>
      </summary>
      <p className="muted small">{t('documentTemplates.placeholders.intro')}</p>
      <dl>
        {Object.entries(fields).map(([name, field]) => (
          <div key={name} className="placeholder-entry">
            <dt>
              <code lang="en">{field.type === 'list' ? `{{#${name}}} … {{/${name}}}` : `{{${name}}}`}</code>
            </dt>
            <dd>
              {field[language]}
              {field.type === 'text' && field.onlyIn && <span className="muted"> ({t('documentTemplates.placeholders.onlyPoa')})</span>}
              {field.type === 'list' && (
                <>
                  <br />
                  <span className="muted small">{t('documentTemplates.placeholders.loop')}. </span>
                  <span className="muted small">
                    {t('documentTemplates.placeholders.whenEmpty')}: <code lang="en">{`{{^${name}}} … {{/${name}}}`}</code>
                  </span>
                  <br />
                  <span className="small">{t('documentTemplates.placeholders.insideLoop')} </span>
                  {Object.entries(field.item).map(([itemName, item]) => (
                    <span key={itemName} className="placeholder-item small" title={item[language]}>
                      <code lang="en">{`{{${itemName}}}`}</code> {item[language]}
                      {item.onlyIn && <span className="muted"> ({t('documentTemplates.placeholders.onlyPoa')})</span>}
                    </span>
                  ))}
                </>
              )}
            </dd>
          </div>
        ))}
      </dl>
    </details>
  )
}
