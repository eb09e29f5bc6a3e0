// On My account: which notifications come in Dey and by e-mail, one e-mail each or a daily digest
// at an hour, and the language of e-mails.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { NotificationPreferences } from '../../../shared/notifications.ts'
import { EMAIL_DELIVERIES, LANGUAGES } from '../../../shared/vocabularies.ts'
import { Field } from '../field.tsx'
import { ProblemMessage } from '../problem-message.tsx'
import { preferencesQuery, savePreferences } from './api.ts'
import './notifications.css'

type Draft = Omit<NotificationPreferences, 'isEmailEnabled'>

const HOURS = Array.from({ length: 24 }, (_, hour) => hour)

export function NotificationPreferencesCard() {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const query = preferencesQuery()
  const { data, error, refetch } = useQuery(query)
  const [draft, setDraft] = useState<Draft | undefined>()
  const [isSaved, setSaved] = useState(false)
  useEffect(() => {
    if (data) setDraft({ kinds: data.kinds, emailDelivery: data.emailDelivery, digestHour: data.digestHour, language: data.language })
  }, [data])
  const save = useMutation({
    mutationFn: savePreferences,
    onSuccess: (saved) => {
      queryClient.setQueryData(query.queryKey, saved)
      setSaved(true)
    },
  })

  const change = (next: Partial<Draft>) => {
    setDraft((current) => current && { ...current, ...next })
    setSaved(false)
  }
  const setKind = (kind: string, field: 'inApp' | 'email', value: boolean) =>
    change({ kinds: draft?.kinds.map((row) => (row.kind === kind ? { ...row, [field]: value } : row)) })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (draft) save.mutate(draft)
  }

  return (
    <section className="card notification-preferences" aria-labelledby="notification-preferences-title">
      <h2 id="notification-preferences-title" className="card-title">
        {t('notifications.preferences.title')}
      </h2>
      {error && <ProblemMessage error={error} onRetry={() => void refetch()} />}
      {data && !data.isEmailEnabled && <p className="small muted">{t('notifications.preferences.emailOff')}</p>}
      {draft && (
        <form onSubmit={submit}>
          <p className="small muted">{t('notifications.preferences.intro')}</p>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('notifications.preferences.kind')}</th>
                <th scope="col">{t('notifications.preferences.inApp')}</th>
                <th scope="col">{t('notifications.preferences.email')}</th>
              </tr>
            </thead>
            <tbody>
              {draft.kinds.map((row) => (
                <tr key={row.kind}>
                  <th scope="row">{t(`vocab.notificationKind.${row.kind}`)}</th>
                  <td className="check">
                    <input
                      type="checkbox"
                      aria-label={`${t(`vocab.notificationKind.${row.kind}`)}: ${t('notifications.preferences.inApp')}`}
                      checked={row.inApp}
                      onChange={(event) => setKind(row.kind, 'inApp', event.target.checked)}
                    />
                  </td>
                  <td className="check">
                    <input
                      type="checkbox"
                      aria-label={`${t(`vocab.notificationKind.${row.kind}`)}: ${t('notifications.preferences.email')}`}
                      checked={row.email}
                      onChange={(event) => setKind(row.kind, 'email', event.target.checked)}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Field label={t('notifications.preferences.delivery')}>
            <select
              value={draft.emailDelivery}
              onChange={(event) => change({ emailDelivery: event.target.value as Draft['emailDelivery'] })}
            >
              {EMAIL_DELIVERIES.map((delivery) => (
                <option key={delivery} value={delivery}>
                  {t(`vocab.emailDelivery.${delivery}`)}
                </option>
              ))}
            </select>
          </Field>
          {draft.emailDelivery === 'daily_digest' && (
            <Field label={t('notifications.preferences.digestHour')}>
              <select value={draft.digestHour} onChange={(event) => change({ digestHour: Number(event.target.value) })}>
                {HOURS.map((hour) => (
                  <option key={hour} value={hour}>
                    {`${String(hour).padStart(2, '0')}:00`}
                  </option>
                ))}
              </select>
            </Field>
          )}
          <Field label={t('notifications.preferences.language')}>
            <select value={draft.language} onChange={(event) => change({ language: event.target.value as Draft['language'] })}>
              {LANGUAGES.map((language) => (
                <option key={language} value={language}>
                  {t(`vocab.language.${language}`)}
                </option>
              ))}
            </select>
          </Field>
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={save.isPending}>
              {save.isPending ? t('notifications.preferences.saving') : t('notifications.preferences.save')}
            </button>
            {isSaved && (
              <span className="small" role="status">
                {t('notifications.preferences.saved')}
              </span>
            )}
          </div>
          {save.error && <ProblemMessage error={save.error} />}
        </form>
      )}
    </section>
  )
}
