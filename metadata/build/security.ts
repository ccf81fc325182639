/** User groups, user roles and organisation unit levels. */
import type { OrganisationUnitLevel, UserGroup, UserRole } from '../model/dhis2'
import { ORG_UNIT_LEVELS } from '../content/org-unit-levels'
import { USER_GROUPS, USER_ROLES } from '../content/security'
import { idOf, prefixed } from './refs'
import { adminSharing } from './sharing'

export const buildUserGroups = (): UserGroup[] =>
  USER_GROUPS.map((g) => ({ id: idOf('userGroups', g.code), code: g.code, name: g.name, users: [], managedGroups: [], sharing: adminSharing() }))

export const buildUserRoles = (): UserRole[] =>
  USER_ROLES.map((r) => ({
    id: idOf('userRoles', r.code), code: r.code, name: prefixed(r.name), description: r.description,
    authorities: [...r.authorities].sort(), sharing: adminSharing(),
  }))

export const buildOrgUnitLevels = (): OrganisationUnitLevel[] =>
  ORG_UNIT_LEVELS.map((l) => ({ id: idOf('organisationUnitLevels', l.code), code: l.code, name: l.name, level: l.level }))
