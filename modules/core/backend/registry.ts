import { z } from 'zod'
import { PUBLIC, SIGNED_IN, type MethodDef } from '../rpc'
import { PermissionTable } from './permissions'
import type { CallContext, MethodInfo, ModuleManifest } from './types'

export const METHOD_NAME = /^[a-z]+\.[a-zA-Z]+\.[a-zA-Z]+$/

export interface RegisteredMethod {
  info: MethodInfo
  def: MethodDef
  handler: (input: never, ctx: CallContext) => Promise<unknown>
}

export interface Registry {
  methods: Map<string, RegisteredMethod>
  permissions: PermissionTable
  manifests: readonly ModuleManifest[]
}

/** Every inconsistency between manifests is a start-up error, reported all at once. */
export function buildRegistry(manifests: readonly ModuleManifest[]): Registry {
  const problems: string[] = []
  const methods = new Map<string, RegisteredMethod>()
  const permissions = new PermissionTable(manifests)
  const moduleIds = new Set<string>()

  for (const m of manifests) {
    if (moduleIds.has(m.id)) problems.push(`duplicate module id "${m.id}"`)
    moduleIds.add(m.id)
    for (const [name, def] of Object.entries(m.methods)) {
      if (!METHOD_NAME.test(name)) problems.push(`method "${name}" does not match module.noun.verb`)
      if (!name.startsWith(`${m.id}.`)) problems.push(`method "${name}" must start with its module id "${m.id}."`)
      if (methods.has(name)) problems.push(`duplicate method "${name}"`)
      const handler = m.handlers[name]
      if (typeof handler !== 'function') problems.push(`method "${name}" has no handler`)
      if (def.permission !== PUBLIC && def.permission !== SIGNED_IN && !permissions.isDeclared(def.permission)) {
        problems.push(`method "${name}" uses undeclared permission "${def.permission}"`)
      }
      let inputSchema: unknown = null
      try {
        inputSchema = z.toJSONSchema(def.input, { io: 'input', unrepresentable: 'any' })
      } catch (error) {
        problems.push(`method "${name}": input schema cannot be described (${(error as Error).message})`)
      }
      methods.set(name, {
        def,
        handler,
        info: { name, module: m.id, permission: def.permission, write: def.write === true, list: def.list === true, inputSchema },
      })
    }
    for (const name of Object.keys(m.handlers)) {
      if (!(name in m.methods)) problems.push(`handler "${name}" of module "${m.id}" has no method declaration`)
    }
    for (const [role, ids] of Object.entries(m.grants)) {
      for (const id of ids ?? []) if (!permissions.isDeclared(id)) problems.push(`grant of undeclared permission "${id}" to ${role}`)
    }
  }
  if (problems.length > 0) throw new Error(`Invalid module manifests:\n- ${problems.join('\n- ')}`)
  return { methods, permissions, manifests }
}
