// The one edit-form flow of Dey's record forms (community, incident, parcel, concession, case):
// validate with the shared schema, send only what changed (or nothing, and go back), save, and
// then either follow the saved record or explain why not: field errors from problem+json next to
// their fields (the first one focused), a 409 conflict (someone saved first: the user's edits stay,
// they may load the current version or save theirs over it), or a refused geometry that the
// server may repair (`?repair=true`, ST_MakeValid) when asked, or that an admin may store although
// it is larger than its kind can plausibly be (`?allowLargeArea=true`).
import { useTranslation } from 'react-i18next'
import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { z } from 'zod'
import { isConflict } from './api-client.ts'
import { currentRowOf } from './conflict.ts'
import { serverFieldErrors, validate, type FieldErrors } from './form-errors.ts'

/** How a shape is to be saved again after the server refused it. */
export interface GeometrySave {
  /** `?repair=true`: the server mends an invalid geometry (ST_MakeValid) instead of refusing it. */
  repair?: boolean
  /** `?allowLargeArea=true` (admins): an area larger than its kind can plausibly be is stored anyway. */
  allowLargeArea?: boolean
}

export const geometryQuery = ({ repair, allowLargeArea }: GeometrySave = {}) => {
  const query: Record<string, string> = {}
  if (repair) query.repair = 'true'
  if (allowLargeArea) query.allowLargeArea = 'true'
  return Object.keys(query).length > 0 ? query : undefined
}

export interface CreateVariables<B> extends GeometrySave {
  body: B
}
export interface UpdateVariables<B> extends CreateVariables<B> {
  id: string
}

/** What the flow needs of a `useCreateX()` / `useUpdateX()` mutation (TanStack Query's useMutation). */
export interface SaveMutation<V, Saved> {
  mutate(variables: V, callbacks: { onSuccess: (saved: Saved) => void; onError: (error: Error) => void }): void
  reset(): void
  error: Error | null
  isPending: boolean
}

interface Versioned {
  id: string
  version: number
}

/** A 409 answer: the record as it is now on the server, when it could be read. */
export interface Conflict<Row> {
  current: Row | undefined
}

export interface EditFormOptions<Row extends Versioned, Values, Saved> {
  /** The record being edited; undefined for a new one. */
  record: Row | undefined
  /** The form's values for a record (or the empty form). */
  valuesOf: (row: Row | undefined) => Values
  /** The request body before validation: for an edit, an empty object means nothing changed. */
  bodyOf: (values: Values, base: Row | undefined) => Record<string, unknown>
  createSchema?: z.ZodType
  updateSchema: z.ZodType
  /** The record's schema, to read the `current` row a 409 carries. */
  rowSchema: z.ZodType<Row>
  /** A fresh GET of the record, when the 409 carries no readable `current` row. */
  fetchRow?: (id: string) => Promise<Row>
  create?: SaveMutation<CreateVariables<unknown>, Saved>
  update?: SaveMutation<UpdateVariables<unknown>, Saved>
  /**
   * Checks beyond the schema (a boundary's shape): errors that refuse the save too. `save` says
   * whether this save asks the server to repair the geometry (a crossing it may then send).
   */
  checkValues?: (values: Values, save: GeometrySave) => FieldErrors
  /** The schema's errors for this form: keyed by its fields, reworded (a choice left empty is "required"…). */
  refineErrors?: (errors: FieldErrors, values: Values) => FieldErrors
  /** Maps the server's error paths to the form's fields (any issue inside the boundary counts for "boundary"). */
  byField?: (errors: FieldErrors) => FieldErrors
  /**
   * The geometry field whose server objection is explained inside the map editor (with the place
   * marked and a repair offered), not as a field error; `isRefused` recognises that objection.
   */
  geometry?: { field: string; isRefused: (error: unknown) => boolean }
  /** Send what was typed (ISO dates as text), not the schema's parsed output. */
  sendsInput?: boolean
  onSaved: (saved: Saved) => void
  /** An edit that changed nothing: no request. */
  onUnchanged?: (base: Row) => void
  /** After "load the current version". */
  onReload?: (current: Row) => void
}

export function useEditForm<Row extends Versioned, Values, Saved>(options: EditFormOptions<Row, Values, Saved>) {
  const { t } = useTranslation()
  /** The saved row the edits are based on: its version goes with the change. */
  const [base, setBase] = useState(options.record)
  const [values, setValues] = useState<Values>(() => options.valuesOf(options.record))
  const [errors, setErrors] = useState<FieldErrors>({})
  const [conflict, setConflict] = useState<Conflict<Row> | undefined>()
  /** The version the user chose to save over (after a conflict), until the form is reloaded. */
  const [overVersion, setOverVersion] = useState<number | undefined>()
  const formRef = useRef<HTMLFormElement>(null)
  const mutation = (base ? options.update : options.create)!
  const byField = options.byField ?? ((found: FieldErrors) => found)

  // After a refused save, take the keyboard (and the eyes) to the first field that needs attention;
  // a boundary's error is beside the map, which is scrolled into view.
  useEffect(() => {
    if (!Object.values(errors).some(Boolean)) return
    const frame = requestAnimationFrame(() => {
      const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], [data-field]')
      if (!invalid) return
      if (invalid.dataset.field) invalid.closest('section')?.scrollIntoView({ block: 'start', behavior: 'smooth' })
      else invalid.focus()
    })
    return () => cancelAnimationFrame(frame)
  }, [errors])

  const onError = async (error: Error) => {
    if (isConflict(error)) {
      const { fetchRow } = options
      const refetch = () => (base && fetchRow ? fetchRow(base.id) : Promise.reject(new Error('no current row')))
      const current = await currentRowOf(error, options.rowSchema, refetch).catch(() => undefined)
      setConflict({ current })
      return
    }
    const found = byField(serverFieldErrors(t, error))
    if (options.geometry?.isRefused(error)) delete found[options.geometry.field]
    setErrors(found)
  }

  /** Validates, then saves; `version` is the current one when saving over a conflict. */
  const submit = ({ version, repair = false, allowLargeArea = false }: { version?: number } & GeometrySave = {}) => {
    setErrors({})
    setConflict(undefined)
    const body = options.bodyOf(values, base)
    if (base && Object.keys(body).length === 0 && options.onUnchanged) {
      options.onUnchanged(base)
      return
    }
    const chosenVersion = version ?? overVersion ?? base?.version
    const sent = base ? { ...body, version: chosenVersion } : body
    const checked = base ? validate(options.updateSchema, sent, t) : validate(options.createSchema!, sent, t)
    const extra = options.checkValues?.(values, { repair, allowLargeArea }) ?? {}
    // The form's own rewording applies to a refused form only (its checks may read "required").
    if (!checked.ok || Object.keys(extra).length > 0) {
      const schemaErrors = checked.ok ? {} : checked.errors
      setErrors({ ...(options.refineErrors ? options.refineErrors(schemaErrors, values) : schemaErrors), ...extra })
      return
    }
    if (version !== undefined) setOverVersion(version)
    const payload: unknown = options.sendsInput ? sent : checked.data
    const callbacks = { onSuccess: options.onSaved, onError: (error: Error) => void onError(error) }
    if (base) options.update!.mutate({ id: base.id, body: payload, repair, allowLargeArea }, callbacks)
    else options.create!.mutate({ body: payload, repair, allowLargeArea }, callbacks)
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    submit()
  }

  /** "Load the current version": the user's edits give way to what is saved now. */
  const reload = () => {
    const current = conflict?.current
    if (current) {
      setBase(current)
      setValues(options.valuesOf(current))
      setOverVersion(undefined)
      options.onReload?.(current)
    }
    setConflict(undefined)
    mutation.reset()
  }
  const current = conflict?.current
  /** "Save mine over it": only when the current version is known. */
  const overwrite = current ? () => submit({ version: current.version }) : undefined

  return {
    base,
    isNew: !base,
    values,
    setValues,
    errors,
    setErrors,
    conflict,
    reload,
    overwrite,
    /** Saves again, asking the server to repair the refused geometry. */
    repair: () => submit({ repair: true }),
    /** Saves again, an admin storing an area larger than its kind can plausibly be. */
    allowLargeArea: () => submit({ allowLargeArea: true }),
    submit,
    onSubmit,
    formRef,
    error: mutation.error,
    isSaving: mutation.isPending,
  }
}
