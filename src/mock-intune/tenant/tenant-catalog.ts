import type { DeploymentProfileRef } from '../model/device-record'
import { randomGuid } from './guid'
import { hash32, pick, randomStream, seedWords, type Random } from './prng'

/**
 * The tenant-wide facts derived from the seed: organisation, domains, sites, group tags and the
 * deployment profiles those tags map to. Small and computed once; devices reference it by value.
 */

export interface GroupTagRule {
  tag: string
  site: string
  /** Profile targeted by the dynamic group on [OrderID]=tag; null = no group, so notAssigned. */
  profile: DeploymentProfileRef | null
  /** Whether devices under this tag usually have an assigned user (user-driven) or not (kiosk). */
  userDriven: boolean
  weight: number
}

export interface TenantCatalog {
  tenantId: string
  displayName: string
  defaultDomain: string
  initialDomain: string
  profiles: readonly DeploymentProfileRef[]
  groupTags: readonly GroupTagRule[]
}

/** seed 1 is Contoso, so docs and examples line up with the contract's sample values. */
const ORGANISATIONS = [
  ['Contoso Ltd', 'contoso'], ['Fabrikam, Inc.', 'fabrikam'], ['Northwind Traders', 'northwindtraders'],
  ['Tailspin Toys', 'tailspintoys'], ['Woodgrove Bank', 'woodgrovebank'], ['Adatum Corporation', 'adatum'],
  ['Litware, Inc.', 'litwareinc'], ['Proseware, Inc.', 'proseware'], ['Wingtip Toys', 'wingtiptoys'],
  ['Alpine Ski House', 'alpineskihouse'],
] as const

const SITES = ['LDN', 'NYC', 'AMS', 'PAR', 'MUC', 'SYD', 'TOR', 'SIN', 'DUB', 'SEA', 'MAD', 'OSL'] as const

const AAD = '#microsoft.graph.azureADWindowsAutopilotDeploymentProfile' as const
const HYBRID = '#microsoft.graph.activeDirectoryWindowsAutopilotDeploymentProfile' as const

function makeProfiles(random: Random): Record<'userDriven' | 'kiosk' | 'hybrid' | 'shared', DeploymentProfileRef> {
  return {
    userDriven: { '@odata.type': AAD, id: randomGuid(random), displayName: 'UD-AAD-PreProv' },
    kiosk: { '@odata.type': AAD, id: randomGuid(random), displayName: 'SD-Kiosk-SelfDeploy' },
    hybrid: { '@odata.type': HYBRID, id: randomGuid(random), displayName: 'UD-Hybrid-PreProv' },
    shared: { '@odata.type': AAD, id: randomGuid(random), displayName: 'Shared-Frontline' },
  }
}

function pickSites(random: Random, count: number): string[] {
  const pool: string[] = [...SITES]
  const chosen: string[] = []
  while (chosen.length < count && pool.length > 0) chosen.push(pool.splice(Math.floor(random() * pool.length), 1)[0] ?? 'LDN')
  return chosen
}

export function buildTenantCatalog(seed: number): TenantCatalog {
  const [lo, hi] = seedWords(seed)
  const random = randomStream(hash32(lo, hi, 0x7e4a47))
  const slot = (seed + ORGANISATIONS.length - 1) % ORGANISATIONS.length
  const cycle = Math.floor((seed + ORGANISATIONS.length - 1) / ORGANISATIONS.length) - 1
  const [displayName, stem] = ORGANISATIONS[slot] ?? ORGANISATIONS[0]
  const profiles = makeProfiles(random)
  // Site order is seeded, but seed 1 starts in London to match the contract's "BENCH-LDN" examples.
  const sites = seed === 1 ? ['LDN', ...pickSites(random, 4).filter((s) => s !== 'LDN')].slice(0, 4) : pickSites(random, 4)
  const groupTags: GroupTagRule[] = [{ tag: '', site: pick(random, sites), profile: null, userDriven: false, weight: 8 }]
  sites.forEach((site, i) => {
    groupTags.push({ tag: `BENCH-${site}`, site, profile: profiles.userDriven, userDriven: true, weight: i === 0 ? 30 : 15 })
    groupTags.push({ tag: `KIOSK-${site}`, site, profile: profiles.kiosk, userDriven: false, weight: 3 })
    if (i % 2 === 0) groupTags.push({ tag: `SHARED-${site}`, site, profile: profiles.shared, userDriven: false, weight: 4 })
    if (i === 1) groupTags.push({ tag: `HYBRID-${site}`, site, profile: profiles.hybrid, userDriven: true, weight: 6 })
  })
  return {
    tenantId: randomGuid(random),
    displayName: cycle > 0 ? `${displayName} ${cycle + 1}` : displayName,
    defaultDomain: cycle > 0 ? `${stem}${cycle + 1}.com` : `${stem}.com`,
    initialDomain: cycle > 0 ? `${stem}${cycle + 1}.onmicrosoft.com` : `${stem}.onmicrosoft.com`,
    profiles: Object.values(profiles),
    groupTags,
  }
}
