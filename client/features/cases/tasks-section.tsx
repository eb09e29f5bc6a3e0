// A case's tasks: open ones first (overdue in red), done and cancelled ones folded away. Legal
// staff add a task (assignee, due day, priority, optionally about one of the case's events or
// documents), tick it done, start or reopen it, and reassign it. Every change sends the version it
// was based on; the server tells the new assignee.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { CreateTaskBody, isOpenTaskStatus, type Task, type UpdateTaskBody } from '../../../shared/tasks.ts'
import { TASK_PRIORITIES, type TaskPriority } from '../../../shared/vocabularies.ts'
import { Field } from '../../components/field.tsx'
import { ProblemMessage } from '../../components/problem-message.tsx'
import { TimingBadge } from '../../components/timing-badge.tsx'
import { isConflict } from '../../lib/api-client.ts'
import { refreshCase } from '../../lib/cases.ts'
import { cambodiaDayKey, daysBetween, type Timing } from '../../lib/days.ts'
import { evidenceListQuery } from '../../lib/evidence.ts'
import { formatDate, formatNumber } from '../../lib/format.ts'
import { serverFieldErrors, validate, type FieldErrors } from '../../lib/form-errors.ts'
import { useViewer } from '../../lib/session.ts'
import { caseEventsQuery } from './api.ts'
import { assignableStaffQuery, caseTasksQuery, createTask, updateTask } from './tasks-api.ts'
import { useRevealHash } from './use-reveal-hash.ts'
import './tasks.css'

/** How close an open task's due day is (overdue from the day after it, in Cambodia); null when undated or closed. */
export function taskTiming(task: Pick<Task, 'dueOn' | 'status'>, today: string = cambodiaDayKey(new Date())): Timing | null {
  if (!task.dueOn || !isOpenTaskStatus(task.status)) return null
  const days = daysBetween(today, task.dueOn)
  if (days < 0) return { state: 'overdue', days }
  if (days === 0) return { state: 'today', days }
  if (days === 1) return { state: 'tomorrow', days }
  return { state: days <= 14 ? 'soon' : 'later', days }
}

export function TasksSection({ caseId, canEdit }: { caseId: string; canEdit: boolean }) {
  const { t } = useTranslation()
  const tasks = useQuery(caseTasksQuery(caseId))
  const items = tasks.data?.items ?? []
  const open = items.filter((task) => isOpenTaskStatus(task.status))
  const closed = items.filter((task) => !isOpenTaskStatus(task.status))
  useRevealHash(tasks.isSuccess)
  return (
    <section className="card case-section case-tasks" aria-labelledby="case-tasks-heading">
      <h2 id="case-tasks-heading">{t('cases.tasks.title')}</h2>
      <ProblemMessage error={tasks.error} onRetry={() => void tasks.refetch()} />
      <div data-testid="case-tasks">
        {tasks.isPending && <p className="muted">{t('common.state.loading')}</p>}
        {tasks.isSuccess && open.length === 0 && <p className="muted">{t('cases.tasks.none')}</p>}
        {open.length > 0 && (
          <ul className="task-list">
            {open.map((task) => (
              <TaskItem key={task.id} task={task} canEdit={canEdit} />
            ))}
          </ul>
        )}
        {closed.length > 0 && (
          <details className="closed-tasks">
            <summary>{t('cases.tasks.closed', { number: formatNumber(closed.length) })}</summary>
            <ul className="task-list">
              {closed.map((task) => (
                <TaskItem key={task.id} task={task} canEdit={canEdit} />
              ))}
            </ul>
          </details>
        )}
      </div>
      {canEdit && <AddTaskForm caseId={caseId} />}
    </section>
  )
}

function TaskItem({ task, canEdit }: { task: Task; canEdit: boolean }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const change = useMutation({
    mutationFn: (body: Omit<UpdateTaskBody, 'version'>) => updateTask(task.id, { ...body, version: task.version }),
    onSettled: () => refreshCase(queryClient, task.caseId),
  })
  const timing = taskTiming(task)
  const isOpen = isOpenTaskStatus(task.status)
  return (
    <li className={`task-item status-${task.status} timing-${timing?.state ?? 'none'}`} id={`task-${task.id}`}>
      <div className="task-head">
        <span className="badge">{t(`vocab.taskStatus.${task.status}`)}</span>
        <span className={`badge task-priority priority-${task.priority}`}>{t(`vocab.taskPriority.${task.priority}`)}</span>
        {timing && <TimingBadge timing={timing} />}
      </div>
      <p className="task-title">{task.title}</p>
      <p className="small task-meta">
        <span>{task.assigneeName ? t('cases.tasks.assignedTo', { name: task.assigneeName }) : t('cases.tasks.unassigned')}</span>
        {' · '}
        <span>
          {task.status === 'done' && task.completedAt
            ? t('cases.tasks.doneOn', { day: formatDate(task.completedAt) })
            : task.dueOn
              ? t('cases.tasks.due', { day: formatDate(task.dueOn) })
              : t('cases.tasks.noDueDay')}
        </span>
      </p>
      {task.eventId && task.eventTitle && (
        <p className="small">
          <a href={`#event-${task.eventId}`}>{t('cases.tasks.linkedEvent', { title: task.eventTitle })}</a>
        </p>
      )}
      {task.evidenceId && task.evidenceTitle && (
        <p className="small">
          <a href={`/api/evidence/${task.evidenceId}/file`} target="_blank" rel="noreferrer">
            {t('cases.tasks.linkedDocument', { title: task.evidenceTitle })}
          </a>
        </p>
      )}
      {task.details && <p className="small muted prewrap">{task.details}</p>}
      {canEdit && (
        <div className="task-actions">
          {isOpen ? (
            <>
              <button
                type="button"
                className="button"
                disabled={change.isPending}
                onClick={() => change.mutate({ status: 'done' })}
                aria-label={`${t('cases.tasks.markDone')}: ${task.title}`}
              >
                ✓ {t('cases.tasks.markDone')}
              </button>
              {task.status === 'open' && (
                <button
                  type="button"
                  className="link-button"
                  disabled={change.isPending}
                  onClick={() => change.mutate({ status: 'in_progress' })}
                >
                  {t('cases.tasks.start')}
                </button>
              )}
              <AssigneeSelect
                value={task.assigneeUserId}
                label={t('cases.tasks.reassign', { title: task.title })}
                disabled={change.isPending}
                onChange={(assigneeUserId) => change.mutate({ assigneeUserId })}
              />
            </>
          ) : (
            <button type="button" className="link-button" disabled={change.isPending} onClick={() => change.mutate({ status: 'open' })}>
              {t('cases.tasks.reopen')}
            </button>
          )}
          {change.error && (
            <span className="field-error small" role="alert">
              {isConflict(change.error) ? t('cases.tasks.conflict') : t('cases.tasks.changeFailed')}
            </span>
          )}
        </div>
      )}
    </li>
  )
}

/** The staff a task can go to; the current assignee stays listed even if no longer assignable. */
function AssigneeSelect(props: { value: string | null; label: string; disabled?: boolean; onChange: (userId: string | null) => void }) {
  const { t } = useTranslation()
  const staff = useQuery(assignableStaffQuery())
  return (
    <select
      className="input task-assignee"
      aria-label={props.label}
      value={props.value ?? ''}
      disabled={props.disabled}
      onChange={(event) => props.onChange(event.target.value || null)}
    >
      <option value="">{t('cases.tasks.unassigned')}</option>
      {(staff.data?.items ?? []).map((member) => (
        <option key={member.id} value={member.id}>
          {member.displayName}
        </option>
      ))}
    </select>
  )
}

const EMPTY_FORM = { title: '', assigneeUserId: '', dueOn: '', priority: 'normal' as TaskPriority, link: '', details: '' }

export function AddTaskForm({ caseId }: { caseId: string }) {
  const { t } = useTranslation()
  const viewer = useViewer()
  const queryClient = useQueryClient()
  const staff = useQuery(assignableStaffQuery())
  const events = useQuery(caseEventsQuery(caseId))
  const documents = useQuery(evidenceListQuery({ caseId }))
  const [values, setValues] = useState({ ...EMPTY_FORM, assigneeUserId: viewer.id })
  const [errors, setErrors] = useState<FieldErrors>({})
  const [added, setAdded] = useState<string | null>(null)
  const add = useMutation({
    mutationFn: (body: CreateTaskBody) => createTask(caseId, body),
    onSuccess: async (task) => {
      setValues({ ...EMPTY_FORM, assigneeUserId: viewer.id })
      setAdded(task.title)
      await refreshCase(queryClient, caseId)
    },
    onError: (error) => setErrors(serverFieldErrors(t, error)),
  })
  const set = (field: keyof typeof EMPTY_FORM) => (event: { target: { value: string } }) =>
    setValues({ ...values, [field]: event.target.value })
  // Only the case's own documents (the list also shows those of its incidents).
  const caseDocuments = (documents.data?.items ?? []).filter((item) => item.caseId === caseId)
  const isStaff = (staff.data?.items ?? []).some((member) => member.id === viewer.id)

  const submit = (event: FormEvent) => {
    event.preventDefault()
    setAdded(null)
    const [linkKind, linkId] = values.link.split(':')
    const checked = validate(
      CreateTaskBody,
      {
        title: values.title,
        assigneeUserId: values.assigneeUserId || null,
        dueOn: values.dueOn || null,
        priority: values.priority,
        eventId: linkKind === 'event' ? linkId : null,
        evidenceId: linkKind === 'evidence' ? linkId : null,
        details: values.details,
      },
      t,
    )
    if (!checked.ok) {
      setErrors(checked.errors)
      return
    }
    setErrors({})
    add.mutate(checked.data)
  }

  return (
    <form className="case-subform add-task" onSubmit={submit} noValidate aria-labelledby="add-task-heading">
      <h3 id="add-task-heading">{t('cases.tasks.add.title')}</h3>
      <div className="form-grid">
        <Field label={t('cases.tasks.add.taskTitle')} error={errors.title} required className="span-2">
          <input value={values.title} onChange={set('title')} maxLength={300} />
        </Field>
        <Field label={t('cases.tasks.add.assignee')} error={errors.assigneeUserId}>
          <select value={values.assigneeUserId} onChange={set('assigneeUserId')}>
            <option value="">{t('cases.tasks.unassigned')}</option>
            {!isStaff && values.assigneeUserId === viewer.id && <option value={viewer.id}>{viewer.displayName}</option>}
            {(staff.data?.items ?? []).map((member) => (
              <option key={member.id} value={member.id}>
                {member.displayName}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('cases.tasks.add.dueOn')} error={errors.dueOn} hint={t('cases.tasks.add.dueOnHint')}>
          <input type="date" value={values.dueOn} onChange={set('dueOn')} />
        </Field>
        <Field label={t('cases.tasks.add.priority')} error={errors.priority}>
          <select value={values.priority} onChange={set('priority')}>
            {TASK_PRIORITIES.map((priority) => (
              <option key={priority} value={priority}>
                {t(`vocab.taskPriority.${priority}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('cases.tasks.add.link')} error={errors.eventId ?? errors.evidenceId}>
          <select value={values.link} onChange={set('link')}>
            <option value="">{t('cases.tasks.add.noLink')}</option>
            {(events.data?.items.length ?? 0) > 0 && (
              <optgroup label={t('cases.tasks.add.events')}>
                {events.data!.items.map((item) => (
                  <option key={item.id} value={`event:${item.id}`}>
                    {`${formatDate(item.startsAt)} · ${item.title}`}
                  </option>
                ))}
              </optgroup>
            )}
            {caseDocuments.length > 0 && (
              <optgroup label={t('cases.tasks.add.documents')}>
                {caseDocuments.map((item) => (
                  <option key={item.id} value={`evidence:${item.id}`}>
                    {item.title}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </Field>
        <Field label={t('cases.tasks.add.details')} error={errors.details} className="span-2">
          <textarea value={values.details} onChange={set('details')} rows={2} />
        </Field>
      </div>
      <ProblemMessage error={add.error} />
      {added && (
        <p className="alert alert-success" role="status">
          {t('cases.tasks.add.added', { title: added })}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={add.isPending}>
        {add.isPending ? t('common.state.saving') : t('cases.tasks.add.submit')}
      </button>
    </form>
  )
}
