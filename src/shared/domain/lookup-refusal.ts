import { explainGraphAuthError } from './identity-errors'
import { FEATURE_NEEDS } from './permissions'

/**
 * The device card's own look-ups (the linked Intune device's name, the Microsoft Entra device, the assigned
 * user's licence) refused by Graph with 403. Until now the refusal was dropped and the card said "Name not
 * read yet: Refresh from Intune" or "was not checked", which no refresh fixes: the account or the app lacks a
 * permission. The permission names are the ones docs/reference/identity.md §permissions documents.
 */
export type RefusedLookup = 'intune-device' | 'entra-device' | 'user'

export interface LookupRefusal {
  /** Graph's 403 named a missing permission (or said nothing we know), or the user's Intune role refused. */
  problem: 'missing-permission' | 'missing-role'
  /** The permission to grant: the least-privileged one docs/reference/identity.md §permissions lists for that call. */
  permission: string
}

const FEATURE_OF = { 'intune-device': 'managed-devices-read', 'entra-device': 'entra-devices-read', user: 'users-search' } as const

/** A Graph 403 on a look-up, read into what is missing (explainGraphAuthError; never branching on anything but its words' pattern). */
export function lookupRefusal(lookup: RefusedLookup, graphMessage: string): LookupRefusal {
  const feature = FEATURE_OF[lookup]
  const explained = explainGraphAuthError({ status: 403, message: graphMessage, feature })
  return {
    // An Intune role only gates Intune's own data (docs/reference/identity.md §roles); Entra's devices and users are a Graph permission.
    problem: explained?.problem === 'missing-role' && lookup === 'intune-device' ? 'missing-role' : 'missing-permission',
    // The call refused is known, so is its documented permission; a 403's own list may name others (any one suffices there).
    permission: FEATURE_NEEDS[feature].permission,
  }
}

const alsoAccepted = (lookup: RefusedLookup, permission: string) =>
  [FEATURE_NEEDS[FEATURE_OF[lookup]].permission, ...FEATURE_NEEDS[FEATURE_OF[lookup]].alsoAccepted].filter((name) => name !== permission)

const orAlso = (lookup: RefusedLookup, permission: string) => {
  const others = alsoAccepted(lookup, permission)
  return others.length > 0 ? ` (or ${others.join(', ')})` : ''
}

/** What cannot be read, and what lets it be read: for the card's field, its readiness item and its tooltip. */
export function refusalSentence(lookup: RefusedLookup, refusal: LookupRefusal): string {
  const what = { 'intune-device': "Intune's managed devices", 'entra-device': 'Microsoft Entra device objects', user: "users' licences in Microsoft Entra ID" }[
    lookup
  ]
  if (refusal.problem === 'missing-role')
    return `Intune refused to let this account read ${what}: its Intune role does not allow it. Ask an Intune administrator for a role that does (Tenant administration › Roles).`
  // identity.md lists User.ReadBasic.All as least privileged for reading users, but does not say which permission returns licences.
  const licenceNote = lookup === 'user' ? ' The permissions reference does not say which of these also returns licences.' : ''
  return `This account can't read ${what}: the app registration needs the Microsoft Graph permission ${refusal.permission}${orAlso(lookup, refusal.permission)}, with admin consent.${licenceNote}`
}
