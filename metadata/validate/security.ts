/** The three package user groups exist, and roles carry only authorities we know DHIS2 has. */
import type { UserGroup, UserRole } from '../model/dhis2'
import { KNOWN_AUTHORITIES } from '../content/security'
import { type Check, problem, type Problem } from './problem'

export const REQUIRED_GROUPS = ['CPCM access', 'CPCM admin', 'CPCM data capture']

export const checkSecurity: Check = (index) => {
  const out: Problem[] = []
  const groups = new Set(index.get<UserGroup>('userGroups').map((g) => g.name))
  for (const name of REQUIRED_GROUPS) if (!groups.has(name)) out.push(problem('security', 'userGroups', name, `user group "${name}" is missing`))
  for (const role of index.get<UserRole>('userRoles')) {
    if (role.authorities.length === 0) out.push(problem('security', 'userRoles', role, 'grants nothing'))
    for (const authority of role.authorities) {
      if (!KNOWN_AUTHORITIES.has(authority)) out.push(problem('security', 'userRoles', role, `authority ${authority} is not one the package knows`))
    }
    if (authority(role, 'ALL')) out.push(problem('security', 'userRoles', role, 'must not grant ALL'))
  }
  return out
}

const authority = (role: UserRole, name: string) => role.authorities.includes(name)
