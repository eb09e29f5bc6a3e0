// Write a letter from a case: pick a template in a language, see it filled from the case, edit
// it (as formatted text, or as HTML), give it a title and save it to the case as a PDF. Then the
// saved evidence with its SHA-256, and the way to the case's evidence. The server sanitizes the
// HTML again before printing, whatever was edited here.
import './document-templates.css'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import type { LetterPreview, SavedLetter } from '../../../shared/document-templates.ts'
import { LANGUAGES, type LanguageCode } from '../../../shared/vocabularies.ts'
import { Field } from '../../components/field.tsx'
import { PageHeader } from '../../components/page-header.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { ApiError } from '../../lib/api-client.ts'
import { formatBytes } from '../../lib/format.ts'
import { localText } from '../../lib/reference-data.ts'
import { caseHeadingQuery, previewLetter, saveLetter, templatesQuery } from './api.ts'

export function LetterPage() {
  const { id: caseId = '' } = useParams()
  const { t, i18n } = useTranslation()
  const queryClient = useQueryClient()
  const heading = useQuery(caseHeadingQuery(caseId))
  const [language, setLanguage] = useState<LanguageCode>(i18n.language === 'en' ? 'en' : 'km')
  const templates = useQuery(templatesQuery(language))
  const [templateId, setTemplateId] = useState('')
  const [letter, setLetter] = useState<LetterPreview>()
  const [title, setTitle] = useState('')
  const [isHtmlMode, setHtmlMode] = useState(false)
  const [saved, setSaved] = useState<SavedLetter>()
  // The edited HTML lives here, not in state: re-rendering a contentEditable would move the caret.
  const htmlRef = useRef('')
  // What the formatted editor starts from: changes only when a letter is filled or the HTML edit ends.
  const [sheetHtml, setSheetHtml] = useState('')
  const [htmlText, setHtmlText] = useState('')

  const fill = useMutation({
    mutationFn: (id: string) => previewLetter(caseId, id),
    onSuccess: (preview) => {
      htmlRef.current = preview.html
      setSheetHtml(preview.html)
      setHtmlText(preview.html)
      setLetter(preview)
      setTitle(preview.title)
    },
  })
  const save = useMutation({
    mutationFn: () => saveLetter(caseId, { templateId, title: title.trim(), html: isHtmlMode ? htmlText : htmlRef.current }),
    onSuccess: async (result) => {
      setSaved(result)
      await queryClient.invalidateQueries({ queryKey: ['evidence'] })
    },
  })

  const chooseTemplate = (id: string) => {
    setTemplateId(id)
    setLetter(undefined)
    fill.reset()
    save.reset()
    if (id) fill.mutate(id)
  }
  const switchMode = () => {
    if (isHtmlMode) {
      htmlRef.current = htmlText
      setSheetHtml(htmlText)
    } else setHtmlText(htmlRef.current)
    setHtmlMode((mode) => !mode)
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    save.mutate()
  }
  const startAgain = () => {
    setSaved(undefined)
    chooseTemplate('')
  }

  const caseLink = `/cases/${caseId}`
  const caseName = heading.data ? `${heading.data.reference} · ${localText(heading.data.title, heading.data.titleKm, i18n.language)}` : ''
  const saveError = save.error instanceof ApiError && save.error.code === 'documents.pdf_unavailable' ? undefined : save.error

  return (
    <div className="page letter-page">
      <p className="breadcrumb">
        <Link to={caseLink}>← {caseName || t('documentTemplates.letter.backToCase')}</Link>
      </p>
      <PageHeader title={t('documentTemplates.letter.title')}>
        <p className="muted">{t('documentTemplates.letter.intro')}</p>
      </PageHeader>
      {heading.error && <ProblemMessage error={heading.error} />}

      {saved ? (
        <section className="card letter-saved" aria-labelledby="letter-saved-heading">
          <h2 id="letter-saved-heading">{t('documentTemplates.letter.savedTitle')}</h2>
          <p role="status">{t('documentTemplates.letter.savedText', { title: saved.title })}</p>
          <dl className="facts">
            <dt>{t('documentTemplates.letter.sha256')}</dt>
            <dd className="mono hash" data-testid="letter-sha256">
              {saved.sha256}
            </dd>
            <dt>{t('documentTemplates.letter.size')}</dt>
            <dd>{formatBytes(saved.sizeBytes)}</dd>
          </dl>
          <div className="button-row">
            <a className="button" href={`/api/evidence/${saved.evidenceId}/file`} target="_blank" rel="noreferrer">
              {t('documentTemplates.letter.openPdf')}
            </a>
            <Link className="button button-primary" to={`${caseLink}#case-evidence-heading`}>
              {t('documentTemplates.letter.toEvidence')}
            </Link>
            <button type="button" className="button" onClick={startAgain}>
              {t('documentTemplates.letter.another')}
            </button>
          </div>
        </section>
      ) : (
        <form className="card letter-form" onSubmit={submit} noValidate>
          <div className="form-grid">
            <Field label={t('documentTemplates.letter.language')}>
              <select
                className="input"
                value={language}
                onChange={(event) => {
                  setLanguage(event.target.value as LanguageCode)
                  chooseTemplate('')
                }}
              >
                {LANGUAGES.map((code) => (
                  <option key={code} value={code}>
                    {t(`vocab.language.${code}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('documentTemplates.letter.template')} required>
              <select
                className="input"
                value={templateId}
                onChange={(event) => chooseTemplate(event.target.value)}
                disabled={!templates.data?.length}
              >
                <option value="">{t('documentTemplates.letter.chooseTemplate')}</option>
                {templates.data?.map((template) => (
                  <option key={template.id} value={template.id} lang={template.language}>
                    {template.name}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          {templates.error && <ProblemMessage error={templates.error} onRetry={() => void templates.refetch()} />}
          {templates.data?.length === 0 && <p className="muted">{t('documentTemplates.letter.noTemplates')}</p>}
          {fill.isPending && (
            <p className="muted" role="status">
              {t('documentTemplates.letter.filling')}
            </p>
          )}
          {fill.error && <ProblemMessage error={fill.error} onRetry={() => fill.mutate(templateId)} />}

          {letter && (
            <>
              <Field
                label={t('documentTemplates.letter.letterTitle')}
                required
                error={(save.error as ApiError | undefined)?.fieldErrors?.title}
              >
                <input
                  className="input"
                  value={title}
                  maxLength={300}
                  onChange={(event) => setTitle(event.target.value)}
                  lang={letter.language}
                />
              </Field>
              <div className="field">
                <div className="letter-body-label">
                  <span id="letter-body-label">
                    <strong>{t('documentTemplates.letter.body')}</strong>
                  </span>{' '}
                  <button type="button" className="link-button" onClick={switchMode}>
                    {isHtmlMode ? t('documentTemplates.letter.editAsText') : t('documentTemplates.letter.editAsHtml')}
                  </button>
                </div>
                <p className="field-hint">{t('documentTemplates.letter.bodyHint')}</p>
                {isHtmlMode ? (
                  <textarea
                    className="input letter-html"
                    aria-labelledby="letter-body-label"
                    spellCheck={false}
                    value={htmlText}
                    onChange={(event) => setHtmlText(event.target.value)}
                  />
                ) : (
                  <div
                    key={`${letter.templateId}:${isHtmlMode}`}
                    className="letter-sheet"
                    lang={letter.language}
                    role="textbox"
                    aria-multiline="true"
                    aria-labelledby="letter-body-label"
                    contentEditable
                    suppressContentEditableWarning
                    // The server's filled, sanitized letter: no scripts or handlers reach the page.
                    dangerouslySetInnerHTML={{ __html: sheetHtml }}
                    onInput={(event) => {
                      htmlRef.current = event.currentTarget.innerHTML
                    }}
                  />
                )}
              </div>
              {save.error instanceof ApiError && save.error.code === 'documents.pdf_unavailable' && (
                <p className="alert alert-error" role="alert">
                  {t('documentTemplates.letter.pdfUnavailable')}
                </p>
              )}
              {saveError && <ProblemMessage error={saveError} />}
              <div className="button-row">
                <button type="submit" className="button button-primary" disabled={save.isPending || !title.trim()}>
                  {save.isPending ? t('documentTemplates.letter.saving') : t('documentTemplates.letter.save')}
                </button>
                <Link className="button" to={caseLink}>
                  {t('common.action.cancel')}
                </Link>
              </div>
            </>
          )}
        </form>
      )}
    </div>
  )
}
