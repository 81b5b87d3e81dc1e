import { GUID_PATTERN, indexFromGuid, indexedGuid } from './guid'
import { FIRST_NAMES, LAST_NAMES, upnPart } from './people'
import { hash32, randomStream, seedWords } from './prng'
import type { TenantCatalog } from './tenant-catalog'

/**
 * The tenant's users (GET /v1.0/users), generated lazily and deterministically:
 *
 * - every FIRST × LAST name pair on the default (managed) domain — so every user the device
 *   generator assigns exists in the directory;
 * - 64 users synced from on-premises AD on the federated domain (`corp.<domain>`);
 * - 8 bench technician accounts.
 *
 * About 10% are unlicensed (no Intune licence: "The user must be an Azure user licensed to use
 * Intune", docs/reference/autopilot.md §1.4) and a few are disabled.
 */
export interface DirectoryUser {
  id: string
  businessPhones: string[]
  displayName: string
  givenName: string | null
  jobTitle: string | null
  mail: string | null
  mobilePhone: string | null
  officeLocation: string | null
  preferredLanguage: string | null
  surname: string | null
  userPrincipalName: string
  accountEnabled: boolean
  assignedLicenses: Array<{ disabledPlans: string[]; skuId: string }>
  usageLocation: string | null
  userType: 'Member'
  onPremisesSyncEnabled: boolean | null
  createdDateTime: string
  department: string | null
  companyName: string | null
}

/** Default v1.0 projection: the 11 properties Graph returns without $select. */
export const DEFAULT_USER_PROPERTIES = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
] as const
export const USER_PROPERTIES = [
  ...DEFAULT_USER_PROPERTIES,
  'accountEnabled',
  'assignedLicenses',
  'usageLocation',
  'userType',
  'onPremisesSyncEnabled',
  'createdDateTime',
  'department',
  'companyName',
] as const

/** Microsoft 365 E3 and EMS E3 sku ids (public, well known). */
const SKU_M365_E3 = '05e9a617-0261-4cee-bb44-138d3ef5d965'
const SKU_EMS_E3 = 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e'
const JOBS = ['Engineer', 'Analyst', 'Sales Manager', 'Nurse', 'Teacher', 'Technician', 'Consultant', 'Accountant', 'Designer', 'Store Associate'] as const
const DEPARTMENTS = ['Engineering', 'Finance', 'Sales', 'Operations', 'Retail', 'IT', 'HR'] as const

const NAMED = FIRST_NAMES.length * LAST_NAMES.length
const FEDERATED = 64
const TECHNICIANS = 8

export class UserDirectory {
  readonly count = NAMED + FEDERATED + TECHNICIANS
  private readonly key: number
  private readonly seedLo: number
  private readonly seedHi: number
  private readonly firstIndex = new Map(FIRST_NAMES.map((n, i) => [upnPart(n), i]))
  private readonly lastIndex = new Map(LAST_NAMES.map((n, i) => [upnPart(n), i]))

  constructor(
    seed: number,
    private readonly catalog: TenantCatalog,
  ) {
    ;[this.seedLo, this.seedHi] = seedWords(seed)
    this.key = hash32(this.seedLo, this.seedHi, 0x05e5)
  }

  private cached: DirectoryUser[] | undefined

  /** Every user, built once (the directory is small and read-only). */
  all(): readonly DirectoryUser[] {
    this.cached ??= Array.from({ length: this.count }, (_, i) => this.build(i))
    return this.cached
  }

  at(index: number): DirectoryUser {
    return this.cached?.[index] ?? this.build(index)
  }

  private build(index: number): DirectoryUser {
    const random = randomStream(hash32(this.seedLo, this.seedHi, index, 0x05e6))
    const id = indexedGuid(index, this.key, random)
    const { catalog } = this
    let given: string
    let surname: string
    let upn: string
    let job: string
    let synced = false
    if (index < NAMED) {
      given = FIRST_NAMES[Math.floor(index / LAST_NAMES.length)] ?? 'Anna'
      surname = LAST_NAMES[index % LAST_NAMES.length] ?? 'Anderson'
      upn = `${upnPart(given)}.${upnPart(surname)}@${catalog.defaultDomain}`
      job = JOBS[Math.floor(random() * JOBS.length)] ?? 'Engineer'
    } else if (index < NAMED + FEDERATED) {
      const k = index - NAMED
      given = FIRST_NAMES[(k * 7) % FIRST_NAMES.length] ?? 'Anna'
      surname = LAST_NAMES[(k * 11 + 3 + Math.floor(k / 32)) % LAST_NAMES.length] ?? 'Anderson'
      upn = `${upnPart(given)}.${upnPart(surname)}@${catalog.federatedDomain}`
      job = JOBS[Math.floor(random() * JOBS.length)] ?? 'Engineer'
      synced = true
    } else {
      const n = String(index - NAMED - FEDERATED + 1).padStart(2, '0')
      given = 'Bench'
      surname = `Technician ${n}`
      upn = `tech${n}@${catalog.defaultDomain}`
      job = 'Deployment Technician'
    }
    const licensed = index >= NAMED + FEDERATED || random() >= 0.1
    const enabled = random() >= 0.02
    return {
      id,
      businessPhones: random() < 0.5 ? [`+44 20 7946 ${String(1000 + Math.floor(random() * 9000))}`] : [],
      displayName: `${given} ${surname}`,
      givenName: given,
      jobTitle: job,
      mail: upn,
      mobilePhone: null,
      officeLocation: null,
      preferredLanguage: 'en-US',
      surname,
      userPrincipalName: upn,
      accountEnabled: enabled,
      assignedLicenses: licensed ? [{ disabledPlans: [], skuId: random() < 0.7 ? SKU_M365_E3 : SKU_EMS_E3 }] : [],
      usageLocation: 'GB',
      userType: 'Member',
      onPremisesSyncEnabled: synced ? true : null,
      createdDateTime: new Date(Date.UTC(2020, 0, 1) + Math.floor(random() * 5 * 365) * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      department: DEPARTMENTS[Math.floor(random() * DEPARTMENTS.length)] ?? null,
      companyName: catalog.displayName,
    }
  }

  /** By object id or UPN (case-insensitive), as GET /users/{id | userPrincipalName} accepts. */
  find(key: string): DirectoryUser | undefined {
    const text = key.toLowerCase()
    if (GUID_PATTERN.test(text)) {
      const index = indexFromGuid(text, this.key)
      if (index === undefined || index >= this.count) return undefined
      const user = this.at(index)
      return user.id === text ? user : undefined
    }
    const at = text.indexOf('@')
    if (at < 0) return undefined
    const local = text.slice(0, at)
    const domain = text.slice(at + 1)
    let index: number | undefined
    const tech = /^tech(\d\d)$/.exec(local)
    if (tech && domain === this.catalog.defaultDomain) index = NAMED + FEDERATED + Number(tech[1]) - 1
    else {
      const [first, last] = local.split('.')
      const f = this.firstIndex.get(first ?? '')
      const l = this.lastIndex.get(last ?? '')
      if (f !== undefined && l !== undefined && domain === this.catalog.defaultDomain) index = f * LAST_NAMES.length + l
      else if (domain === this.catalog.federatedDomain) {
        for (let k = 0; k < FEDERATED; k++) {
          const user = this.at(NAMED + k)
          if (user.userPrincipalName.toLowerCase() === text) return user
        }
      }
    }
    if (index === undefined || index < 0 || index >= this.count) return undefined
    const user = this.at(index)
    return user.userPrincipalName.toLowerCase() === text ? user : undefined
  }
}
