import { ROLES, type Role } from '../contract'
import type { ModuleManifest } from './types'

/** Role → permission ids, from every manifest's grants; `admin` holds every declared permission. */
export class PermissionTable {
  private readonly all: string[]
  private readonly byRole = new Map<Role, Set<string>>()

  constructor(manifests: readonly ModuleManifest[]) {
    this.all = [...new Set(manifests.flatMap((m) => m.permissions.map((p) => p.id)))].sort()
    for (const role of ROLES) this.byRole.set(role, new Set(role === 'admin' ? this.all : []))
    for (const m of manifests) {
      for (const [role, ids] of Object.entries(m.grants) as [Role, string[]][]) {
        for (const id of ids ?? []) this.byRole.get(role)?.add(id)
      }
    }
  }

  allPermissions(): string[] {
    return [...this.all]
  }

  permissionsOf(roles: readonly Role[]): string[] {
    const set = new Set<string>()
    for (const role of roles) for (const id of this.byRole.get(role) ?? []) set.add(id)
    return [...set].sort()
  }

  isDeclared(id: string): boolean {
    return this.all.includes(id)
  }
}
