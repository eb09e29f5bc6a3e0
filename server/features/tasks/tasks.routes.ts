import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { IdParams } from '../../../shared/common.ts'
import { CreateTaskBody, Task, TaskList, UpdateTaskBody } from '../../../shared/tasks.ts'
import { expectedVersion, ifMatchVersion, setVersionTag } from '../../lib/concurrency.ts'
import { signedInViewer } from '../../lib/security.ts'
import { createTask, deleteTask, listTasksOfCase, requireTask, updateTask } from './tasks.service.ts'

const tags = ['tasks']
/** Tasks are internal legal work: legal staff and admins only, advocates and representatives get 403. */
const read = { permission: 'work.read' } as const
const write = { permission: 'tasks.write' } as const

/** A case's tasks: GET and POST /api/cases/:id/tasks. */
export const caseTasksRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/:id/tasks',
    { config: read, schema: { tags, summary: "List a case's tasks (open first)", params: IdParams, response: { 200: TaskList } } },
    async (req) => listTasksOfCase(req.db, req.params.id, signedInViewer(req)),
  )

  app.post(
    '/:id/tasks',
    { config: write, schema: { tags, summary: 'Add a task to a case', params: IdParams, body: CreateTaskBody, response: { 201: Task } } },
    async (req, reply) => {
      const task = await createTask(req.db, req.params.id, req.body, signedInViewer(req))
      setVersionTag(reply, task.version)
      return reply.code(201).send(task)
    },
  )
}

/** A single task by its own id: /api/tasks/:id. */
export const tasksRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/:id',
    { config: read, schema: { tags, summary: 'Get a task', params: IdParams, response: { 200: Task } } },
    async (req, reply) => {
      const task = await requireTask(req.db, req.params.id, signedInViewer(req))
      setVersionTag(reply, task.version)
      return task
    },
  )

  app.patch(
    '/:id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Update a task (status, assignee, due day…); send its version (If-Match or body)',
        params: IdParams,
        body: UpdateTaskBody,
        response: { 200: Task },
      },
    },
    async (req, reply) => {
      const task = await updateTask(req.db, req.params.id, req.body, expectedVersion(req, req.body.version), signedInViewer(req))
      setVersionTag(reply, task.version)
      return task
    },
  )

  app.delete(
    '/:id',
    { config: write, schema: { tags, summary: 'Delete a task (hidden, never erased)', params: IdParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await deleteTask(req.db, req.params.id, ifMatchVersion(req), signedInViewer(req))
      return reply.code(204).send(null)
    },
  )
}
