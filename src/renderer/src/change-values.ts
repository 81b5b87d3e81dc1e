import type { ChangeKind } from '@shared/change-schemas'
import { strings } from './strings'

const text = strings.changes

/** A change's values as the technician reads them, in the terms of its kind; empty is "(none)". */
export function describeValues(kind: ChangeKind, values: Record<string, string> | null): string {
  const v = values ?? {}
  const or = (value: string | undefined) => (value === undefined || value === '' ? text.none : value)
  switch (kind) {
    case 'group-tag':
      return or(v.groupTag)
    case 'device-name':
      return or(v.displayName)
    case 'user-friendly-name':
      return or(v.addressableUserName)
    case 'assign-user':
    case 'unassign-user': {
      const upn = or(v.userPrincipalName)
      const friendly = v.addressableUserName
      return friendly && friendly !== v.userPrincipalName && upn !== text.none ? `${upn} (${friendly})` : upn
    }
  }
}
