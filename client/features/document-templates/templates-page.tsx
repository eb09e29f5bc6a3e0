// Admin → Letter templates: the list, a form to add or change one (HTML in a textarea, the
// placeholders it may use, a preview in a sandboxed frame), and deleting after a confirmation.
// The server checks the placeholders and sanitizes the HTML; its refusal names what is wrong.
import './document-templates.css'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { DocumentTemplate } from '../../../shared/document-templates.ts'
import { DOCUMENT_TEMPLATE_KINDS, LANGUAGES, type DocumentTemplateKind, type LanguageCode } from '../../../shared/vocabularies.ts'
import { Field } from '../../components/field.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { ApiError } from '../../lib/api-client.ts'
import { formatDateTime } from '../../lib/format.ts'
import { createTemplate, deleteTemplate, templateQuery, templatesQuery, updateTemplate } from './api.ts'
import { PlaceholderList } from './placeholder-list.tsx'

interface FormValues {
  name: string
  kind: DocumentTemplateKind
  language: LanguageCode
  description: string
  bodyHtml: string
}

const emptyValues: FormValues = { name: '', kind: 'cadastral_complaint', language: 'km', description: '', bodyHtml: '' }

export function TemplatesPage() {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const templates = useQuery(templatesQuery())
  const [editing, setEditing] = useState<'new' | string>()
  const [notice, setNotice] = useState<string>()
  const [confirming, setConfirming] = useState<DocumentTemplate>()

  const remove = useMutation({
    mutationFn: (template: DocumentTemplate) => deleteTemplate(template.id, template.version),
    onSuccess: async (_result, template) => {
      setConfirming(undefined)
      setNotice(t('documentTemplates.admin.deleted', { name: template.name }))
      await queryClient.invalidateQueries({ queryKey: ['document-templates'] })
    },
  })

  const closeForm = (savedName?: string) => {
    setEditing(undefined)
    if (savedName) setNotice(t('documentTemplates.admin.saved', { name: savedName }))
  }

  return (
    <div className="page templates-page">
      <PageHeader
        title={t('documentTemplates.admin.title')}
        actions={
          !editing && (
            <button
              type="button"
              className="button button-primary"
              onClick={() => {
                setNotice(undefined)
                setEditing('new')
              }}
            >
              + {t('documentTemplates.admin.newTemplate')}
            </button>
          )
        }
      >
        <p className="muted">{t('documentTemplates.admin.intro')}</p>
      </PageHeader>

      {notice && (
        <p className="alert alert-success" role="status">
          {notice}
        </p>
      )}
      {editing === 'new' && <TemplateForm key="new" onDone={closeForm} />}
      {editing && editing !== 'new' && <EditTemplate id={editing} onDone={closeForm} />}

      {!editing && (
        <section className="card" aria-labelledby="templates-list-heading">
          <h2 id="templates-list-heading" className="visually-hidden">
            {t('documentTemplates.admin.title')}
          </h2>
          {templates.error && <ProblemMessage error={templates.error} onRetry={() => void templates.refetch()} />}
          {templates.isPending && <p className="muted">{t('common.state.loading')}</p>}
          {templates.data?.length === 0 && <p className="empty">{t('documentTemplates.admin.empty')}</p>}
          {remove.error && <ProblemMessage error={remove.error} />}
          <ul className="template-list">
            {templates.data?.map((template) => (
              <li key={template.id} className="card">
                <div>
                  <strong lang={template.language}>{template.name}</strong>
                  <br />
                  <span className="badge">{t(`vocab.documentTemplateKind.${template.kind}`)}</span>{' '}
                  <span className="badge">{t(`vocab.language.${template.language}`)}</span>{' '}
                  <span className="muted small">{formatDateTime(template.updatedAt)}</span>
                </div>
                {confirming?.id === template.id ? (
                  <div className="row-actions" role="group">
                    <p className="small">{t('documentTemplates.admin.confirmDelete', { name: template.name })}</p>
                    <button
                      type="button"
                      className="button button-danger"
                      disabled={remove.isPending}
                      onClick={() => remove.mutate(template)}
                    >
                      {t('common.action.delete')}
                    </button>
                    <button type="button" className="button" onClick={() => setConfirming(undefined)}>
                      {t('common.action.cancel')}
                    </button>
                  </div>
                ) : (
                  <div className="row-actions">
                    <button
                      type="button"
                      className="button"
                      onClick={() => {
                        setNotice(undefined)
                        setEditing(template.id)
                      }}
                    >
                      {t('common.action.edit')}
                    </button>
                    <button type="button" className="button" onClick={() => setConfirming(template)}>
                      {t('common.action.delete')}
                    </button>
                  </div>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  )
}

function EditTemplate({ id, onDone }: { id: string; onDone: (savedName?: string) => void }) {
  const template = useQuery(templateQuery(id))
  if (template.error) return <ProblemMessage error={template.error} onRetry={() => onDone()} />
  if (!template.data) return null
  return <TemplateForm key={`${template.data.id}:${template.data.version}`} template={template.data} onDone={onDone} />
}

function TemplateForm({ template, onDone }: { template?: DocumentTemplate; onDone: (savedName?: string) => void }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [values, setValues] = useState<FormValues>(
    template
      ? {
          name: template.name,
          kind: template.kind,
          language: template.language,
          description: template.description ?? '',
          bodyHtml: template.bodyHtml,
        }
      : emptyValues,
  )
  const [isPreviewShown, setPreviewShown] = useState(false)
  const set = <K extends keyof FormValues>(key: K, value: FormValues[K]) => setValues((current) => ({ ...current, [key]: value }))

  const save = useMutation({
    mutationFn: () => {
      const body = { ...values, description: values.description.trim() || null }
      return template ? updateTemplate(template.id, { ...body, version: template.version }) : createTemplate(body)
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['document-templates'] })
      onDone(saved.name)
    },
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    save.mutate()
  }
  const error = save.error instanceof ApiError ? save.error : undefined
  const unknownPlaceholders = (error?.body.placeholders as string[] | undefined) ?? []

  return (
    <form className="card template-form" onSubmit={submit} noValidate>
      <h2>{template ? template.name : t('documentTemplates.admin.newTemplate')}</h2>
      <div className="form-grid">
        <Field label={t('documentTemplates.admin.name')} required error={error?.fieldErrors.name}>
          <input className="input" value={values.name} maxLength={200} onChange={(event) => set('name', event.target.value)} />
        </Field>
        <Field label={t('documentTemplates.admin.kind')} required>
          <select className="input" value={values.kind} onChange={(event) => set('kind', event.target.value as DocumentTemplateKind)}>
            {DOCUMENT_TEMPLATE_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`vocab.documentTemplateKind.${kind}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('documentTemplates.admin.language')} required>
          <select className="input" value={values.language} onChange={(event) => set('language', event.target.value as LanguageCode)}>
            {LANGUAGES.map((language) => (
              <option key={language} value={language}>
                {t(`vocab.language.${language}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field label={t('documentTemplates.admin.description')}>
        <textarea className="input" rows={2} value={values.description} onChange={(event) => set('description', event.target.value)} />
      </Field>
      <Field
        label={t('documentTemplates.admin.body')}
        required
        hint={t('documentTemplates.admin.bodyHint')}
        error={error?.fieldErrors.bodyHtml}
      >
        <textarea
          className="input template-body"
          lang={values.language}
          spellCheck={false}
          value={values.bodyHtml}
          onChange={(event) => set('bodyHtml', event.target.value)}
        />
      </Field>
      {unknownPlaceholders.length > 0 && (
        <div className="alert alert-error" role="alert">
          <p>{t('documentTemplates.admin.invalidPlaceholders')}</p>
          <ul>
            {unknownPlaceholders.map((name) => (
              <li key={name}>
                <code lang="en">{name}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {save.error && !unknownPlaceholders.length && <ProblemMessage error={save.error} />}
      <PlaceholderList />
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? t('common.state.saving') : t('common.action.save')}
        </button>
        <button type="button" className="button" onClick={() => setPreviewShown((shown) => !shown)} aria-expanded={isPreviewShown}>
          {isPreviewShown ? t('documentTemplates.admin.hidePreview') : t('documentTemplates.admin.preview')}
        </button>
        <button type="button" className="button" onClick={() => onDone()}>
          {t('common.action.cancel')}
        </button>
      </div>
      {isPreviewShown && (
        <>
          <p className="muted small">{t('documentTemplates.admin.previewHint')}</p>
          {/* No scripts, no same origin: the preview cannot run or reach anything whatever the HTML says. */}
          <iframe
            className="template-preview"
            title={t('documentTemplates.admin.preview')}
            sandbox=""
            srcDoc={previewDocument(values.bodyHtml, values.language)}
          />
        </>
      )}
    </form>
  )
}

function previewDocument(bodyHtml: string, language: LanguageCode) {
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><style>
body { font-family: 'Khmer OS Siemreap', 'Noto Serif Khmer', 'Noto Sans Khmer', serif; line-height: 1.7; margin: 1rem; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #666; padding: 2px 5px; } .plain td { border: none; }
.center, .title { text-align: center; } .right, .signature { text-align: right; } .justify { text-align: justify; }
.muol { font-family: 'Khmer OS Muol Light', 'Khmer OS Muol', serif; }
</style></head><body>${bodyHtml}</body></html>`
}
