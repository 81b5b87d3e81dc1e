import type { TenantConfigData } from '../config/tenant-config'
import { ESP_TYPE, LIMIT_TYPE, RESTRICTION_TYPE, type EnrollmentConfiguration, type EspConfiguration } from '../model/esp'
import { DEMO_ESP_BLOCKING_APP_IDS } from '../model/mobile-app'
import {
  ALL_DEVICES_ID,
  ALL_DEVICES_TARGET,
  ALL_USERS_ID,
  ALL_USERS_TARGET,
  GROUP_TARGET,
  groupTarget,
  type Assignment,
  type GroupEntity,
} from '../model/group'
import { AAD_PROFILE, DEFAULT_STATUS_SCREEN, HYBRID_PROFILE, oldOobe, type DeploymentProfile, type OutOfBoxExperienceSetting } from '../model/profile'
import { randomGuid } from './guid'
import { hash32, pick, randomInt, randomStream, seedWords, type Random } from './prng'

/**
 * The tenant-wide facts derived from the seed: organisation, domains, sites, group tags, and the
 * targeting configuration a real Autopilot tenant has — deployment profiles, Entra device groups
 * (dynamic on [OrderID] per group tag, on [PurchaseOrderId], on [ZTDId] for all Autopilot devices,
 * plus a static pilot group), profile assignments and ESP configurations. Small, computed once.
 */

export interface GroupTagRule {
  tag: string
  site: string
  /** Whether devices under this tag usually have an assigned user (user-driven) or not (kiosk). */
  userDriven: boolean
  weight: number
}

export interface TenantCatalog {
  tenantId: string
  displayName: string
  defaultDomain: string
  initialDomain: string
  /** An on-premises domain federated with Entra (users synced from AD). */
  federatedDomain: string
  groupTags: readonly GroupTagRule[]
  /** A purchase order some batches share, targeted by a [PurchaseOrderId] dynamic group. */
  focusPurchaseOrder: string
  /** Device indices in the static "Autopilot Pilot devices" group. */
  pilotIndices: readonly number[]
  config: TenantConfigData
}

/** seed 1 is Contoso, so docs and examples line up with the contract's sample values. */
const ORGANISATIONS = [
  ['Contoso Ltd', 'contoso'],
  ['Fabrikam, Inc.', 'fabrikam'],
  ['Northwind Traders', 'northwindtraders'],
  ['Tailspin Toys', 'tailspintoys'],
  ['Woodgrove Bank', 'woodgrovebank'],
  ['Adatum Corporation', 'adatum'],
  ['Litware, Inc.', 'litwareinc'],
  ['Proseware, Inc.', 'proseware'],
  ['Wingtip Toys', 'wingtiptoys'],
  ['Alpine Ski House', 'alpineskihouse'],
] as const

const SITES = ['LDN', 'NYC', 'AMS', 'PAR', 'MUC', 'SYD', 'TOR', 'SIN', 'DUB', 'SEA', 'MAD', 'OSL'] as const

interface ProfileSpec {
  key: string
  type: typeof AAD_PROFILE | typeof HYBRID_PROFILE
  name: string
  description: string
  created: string
  modified: string
  preprovisioning: boolean
  selfDeploying: boolean
  template: string
  locale: string
  userType: 'administrator' | 'standard'
  convertAll: boolean
}

/** Created dates matter: on a conflict the oldest profile wins (docs/reference/autopilot.md §2.2). */
const PROFILE_SPECS: readonly ProfileSpec[] = [
  {
    key: 'legacy',
    type: AAD_PROFILE,
    name: 'Legacy-WhiteGlove-2019',
    description: 'Original White Glove profile, kept for reference (not assigned)',
    created: '2019-11-05T14:02:11Z',
    modified: '2021-02-01T08:30:00Z',
    preprovisioning: true,
    selfDeploying: false,
    template: '',
    locale: 'os-default',
    userType: 'administrator',
    convertAll: false,
  },
  {
    key: 'userDriven',
    type: AAD_PROFILE,
    name: 'UD-AAD-PreProv',
    description: 'User-driven Entra join with pre-provisioning',
    created: '2022-03-14T10:00:00Z',
    modified: '2025-02-14T16:20:00Z',
    preprovisioning: true,
    selfDeploying: false,
    template: 'AP-%SERIAL%',
    locale: 'os-default',
    userType: 'standard',
    convertAll: false,
  },
  {
    key: 'kiosk',
    type: AAD_PROFILE,
    name: 'SD-Kiosk-SelfDeploy',
    description: 'Self-deploying kiosks (TPM 2.0 required)',
    created: '2022-05-02T09:15:00Z',
    modified: '2024-11-20T11:00:00Z',
    preprovisioning: false,
    selfDeploying: true,
    template: 'KSK-%RAND:6%',
    locale: 'en-US',
    userType: 'standard',
    convertAll: false,
  },
  {
    key: 'hybrid',
    type: HYBRID_PROFILE,
    name: 'UD-Hybrid-PreProv',
    description: 'User-driven hybrid join with pre-provisioning',
    created: '2022-09-20T13:40:00Z',
    modified: '2025-01-09T10:05:00Z',
    preprovisioning: true,
    selfDeploying: false,
    template: '',
    locale: 'os-default',
    userType: 'standard',
    convertAll: false,
  },
  {
    key: 'shared',
    type: AAD_PROFILE,
    name: 'Shared-Frontline',
    description: 'Self-deploying shared devices for frontline workers',
    created: '2023-01-11T08:00:00Z',
    modified: '2024-06-03T15:45:00Z',
    preprovisioning: false,
    selfDeploying: true,
    template: 'FLW-%RAND:6%',
    locale: 'os-default',
    userType: 'standard',
    convertAll: false,
  },
  {
    key: 'standard',
    type: AAD_PROFILE,
    name: 'UD-AAD-Standard',
    description: 'User-driven Entra join, no pre-provisioning',
    created: '2023-06-07T12:30:00Z',
    modified: '2025-03-28T09:10:00Z',
    preprovisioning: false,
    selfDeploying: false,
    template: 'STD-%SERIAL%',
    locale: 'os-default',
    userType: 'administrator',
    convertAll: true,
  },
  {
    key: 'hybridStandard',
    type: HYBRID_PROFILE,
    name: 'UD-Hybrid-Standard',
    description: 'User-driven hybrid join for a purchase order, no pre-provisioning',
    created: '2024-02-19T10:20:00Z',
    modified: '2024-02-19T10:20:00Z',
    preprovisioning: false,
    selfDeploying: false,
    template: '',
    locale: 'os-default',
    userType: 'standard',
    convertAll: false,
  },
  {
    key: 'pilot',
    type: AAD_PROFILE,
    name: 'UD-AAD-Pilot',
    description: 'Pilot ring: user-driven Entra join with pre-provisioning, en-GB',
    created: '2025-04-01T07:00:00Z',
    modified: '2025-05-12T13:00:00Z',
    preprovisioning: true,
    selfDeploying: false,
    template: 'PIL-%RAND:5%',
    locale: 'en-GB',
    userType: 'standard',
    convertAll: false,
  },
]

function buildProfile(random: Random, spec: ProfileSpec): DeploymentProfile {
  const oobe: OutOfBoxExperienceSetting = {
    privacySettingsHidden: true,
    eulaHidden: true,
    userType: spec.userType,
    deviceUsageType: spec.selfDeploying ? 'shared' : 'singleUser',
    keyboardSelectionPageSkipped: spec.locale !== 'os-default',
    escapeLinkHidden: true,
  }
  const profile: DeploymentProfile = {
    '@odata.type': spec.type,
    id: randomGuid(random),
    displayName: spec.name,
    description: spec.description,
    language: spec.locale,
    locale: spec.locale,
    createdDateTime: spec.created,
    lastModifiedDateTime: spec.modified,
    outOfBoxExperienceSettings: oldOobe(oobe),
    outOfBoxExperienceSetting: oobe,
    enrollmentStatusScreenSettings: { ...DEFAULT_STATUS_SCREEN, installProgressTimeoutInMinutes: spec.selfDeploying ? 45 : 60 },
    extractHardwareHash: spec.convertAll,
    hardwareHashExtractionEnabled: spec.convertAll,
    deviceNameTemplate: spec.type === HYBRID_PROFILE ? '' : spec.template,
    deviceType: 'windowsPc',
    enableWhiteGlove: spec.preprovisioning,
    preprovisioningAllowed: spec.preprovisioning,
    roleScopeTagIds: ['0'],
    managementServiceAppId: null,
  }
  if (spec.type === HYBRID_PROFILE) profile.hybridAzureADJoinSkipConnectivityCheck = spec.key === 'hybridStandard'
  return profile
}

function pickSites(random: Random, count: number): string[] {
  const pool: string[] = [...SITES]
  const chosen: string[] = []
  while (chosen.length < count && pool.length > 0) chosen.push(pool.splice(Math.floor(random() * pool.length), 1)[0] ?? 'LDN')
  return chosen
}

/** Which profile each kind of group tag targets. */
const TAG_PROFILE: Record<string, string> = { BENCH: 'userDriven', KIOSK: 'kiosk', HYBRID: 'hybrid', SHARED: 'shared', STD: 'standard' }

const dynamicGroup = (random: Random, name: string, description: string, rule: string, created: string): GroupEntity => ({
  id: randomGuid(random),
  displayName: name,
  description,
  createdDateTime: created,
  groupTypes: ['DynamicMembership'],
  membershipRule: rule,
  membershipRuleProcessingState: 'On',
  mailNickname: name.replace(/[^A-Za-z0-9]/g, '').slice(0, 64) || 'group',
  securityEnabled: true,
  mailEnabled: false,
  members: [],
})

function espConfig(id: string, name: string, priority: number, created: string, overrides: Partial<EspConfiguration>): EspConfiguration {
  return {
    '@odata.type': ESP_TYPE,
    id,
    displayName: name,
    description: '',
    priority,
    createdDateTime: created,
    lastModifiedDateTime: created,
    version: 1,
    roleScopeTagIds: ['0'],
    deviceEnrollmentConfigurationType: 'windows10EnrollmentCompletionPageConfiguration',
    showInstallationProgress: true,
    blockDeviceSetupRetryByUser: false,
    allowDeviceResetOnInstallFailure: true,
    allowLogCollectionOnInstallFailure: true,
    customErrorMessage: '',
    installProgressTimeoutInMinutes: 60,
    allowDeviceUseOnInstallFailure: false,
    selectedMobileAppIds: [],
    allowNonBlockingAppInstallation: false,
    installQualityUpdates: false,
    trackInstallProgressForAutopilotOnly: true,
    disableUserStatusTrackingAfterFirstUser: true,
    ...overrides,
  }
}

/**
 * @param pilotObjectId maps a device index to its Entra object id (the static group's members).
 */
export function buildTenantCatalog(seed: number, deviceCount: number, pilotObjectId: (index: number) => string): TenantCatalog {
  const [lo, hi] = seedWords(seed)
  const random = randomStream(hash32(lo, hi, 0x7e4a47))
  const slot = (seed + ORGANISATIONS.length - 1) % ORGANISATIONS.length
  const cycle = Math.floor((seed + ORGANISATIONS.length - 1) / ORGANISATIONS.length) - 1
  const [displayName, stem] = ORGANISATIONS[slot] ?? ORGANISATIONS[0]
  const domainStem = cycle > 0 ? `${stem}${cycle + 1}` : stem
  const tenantId = randomGuid(random)
  const profiles = PROFILE_SPECS.map((spec) => [spec.key, buildProfile(random, spec)] as const)
  const profileByKey = new Map(profiles)
  // Site order is seeded, but seed 1 starts in London to match the contract's "BENCH-LDN" examples.
  const sites = seed === 1 ? ['LDN', ...pickSites(random, 4).filter((s) => s !== 'LDN')].slice(0, 4) : pickSites(random, 4)
  const groupTags: GroupTagRule[] = [{ tag: '', site: pick(random, sites), userDriven: false, weight: 8 }]
  sites.forEach((site, i) => {
    groupTags.push({ tag: `BENCH-${site}`, site, userDriven: true, weight: i === 0 ? 30 : 15 })
    groupTags.push({ tag: `KIOSK-${site}`, site, userDriven: false, weight: 3 })
    if (i % 2 === 0) groupTags.push({ tag: `SHARED-${site}`, site, userDriven: false, weight: 4 })
    if (i % 2 === 0) groupTags.push({ tag: `STD-${site}`, site, userDriven: true, weight: 4 })
    if (i === 1) groupTags.push({ tag: `HYBRID-${site}`, site, userDriven: true, weight: 6 })
  })
  const focusPurchaseOrder = `PO-${100000 + randomInt(random, 900000)}`

  const groups: GroupEntity[] = []
  const profileAssignments: Assignment[] = []
  const assign = (profileKey: string, groupId: string) => {
    const profile = profileByKey.get(profileKey)
    if (profile) profileAssignments.push({ id: `${profile.id}_${groupId}_0`, sourceId: profile.id, target: groupTarget(GROUP_TARGET, groupId) })
  }
  const allAutopilot = dynamicGroup(
    random,
    'Autopilot - All devices',
    'Every Windows Autopilot device (ZTDId)',
    '(device.devicePhysicalIDs -any (_ -startsWith "[ZTDid]"))',
    '2022-03-14T09:30:00Z',
  )
  groups.push(allAutopilot)
  const tagGroups: GroupEntity[] = []
  for (const rule of groupTags) {
    if (rule.tag === '') continue
    const group = dynamicGroup(
      random,
      `Autopilot - ${rule.tag}`,
      `Autopilot devices with group tag ${rule.tag}`,
      `(device.devicePhysicalIDs -any (_ -eq "[OrderID]:${rule.tag}"))`,
      '2022-03-14T09:45:00Z',
    )
    groups.push(group)
    tagGroups.push(group)
    assign(TAG_PROFILE[rule.tag.split('-')[0] ?? ''] ?? 'userDriven', group.id)
  }
  const poGroup = dynamicGroup(
    random,
    `Autopilot - ${focusPurchaseOrder}`,
    `Devices bought on purchase order ${focusPurchaseOrder}`,
    `(device.devicePhysicalIDs -any (_ -eq "[PurchaseOrderId]:${focusPurchaseOrder}"))`,
    '2024-02-19T10:00:00Z',
  )
  groups.push(poGroup)
  assign('hybridStandard', poGroup.id)
  const pilotIndices: number[] = []
  for (let i = 3; i < deviceCount && pilotIndices.length < 6; i += 37 + randomInt(random, 60)) pilotIndices.push(i)
  const pilot: GroupEntity = {
    ...dynamicGroup(random, 'Autopilot Pilot devices', 'Assigned group: devices in the pilot ring', '', '2025-04-01T06:50:00Z'),
    groupTypes: [],
    membershipRule: null,
    membershipRuleProcessingState: null,
    members: pilotIndices.map(pilotObjectId),
  }
  groups.push(pilot)
  assign('pilot', pilot.id)

  const prefix = tenantId
  const espDefault = espConfig(`${prefix}_DefaultWindows10EnrollmentCompletionPageConfiguration`, 'All users and all devices', 0, '2019-10-01T00:00:00Z', {
    description:
      'This is the default enrollment status screen configuration applied with the lowest priority to all users and all devices regardless of group membership.',
    showInstallationProgress: false,
    allowDeviceResetOnInstallFailure: false,
    allowLogCollectionOnInstallFailure: false,
    trackInstallProgressForAutopilotOnly: false,
    disableUserStatusTrackingAfterFirstUser: false,
  })
  const espKiosk = espConfig(randomGuid(random), 'ESP - Kiosk', 1, '2022-05-02T09:30:00Z', {
    description: 'Kiosks: block until every app is installed; no retry by the user',
    blockDeviceSetupRetryByUser: true,
    allowDeviceResetOnInstallFailure: false,
    installProgressTimeoutInMinutes: 45,
    customErrorMessage: 'Kiosk setup failed. Leave the device on and call the bench lead.',
  })
  const espAutopilot = espConfig(randomGuid(random), 'ESP - Autopilot devices', 2, '2022-03-14T10:30:00Z', {
    description: 'Block device use until required apps and policies are installed',
    customErrorMessage: 'Setup hit a problem. Note the error code and call the service desk.',
    installProgressTimeoutInMinutes: 60,
    selectedMobileAppIds: [...DEMO_ESP_BLOCKING_APP_IDS],
  })
  const enrollmentConfigurations: EnrollmentConfiguration[] = [
    {
      '@odata.type': LIMIT_TYPE,
      id: `${prefix}_DefaultLimit`,
      displayName: 'All users and all devices',
      description: 'This is the default Device Limit Restriction applied with the lowest priority to all users regardless of group membership.',
      priority: 0,
      createdDateTime: '2019-10-01T00:00:00Z',
      lastModifiedDateTime: '2019-10-01T00:00:00Z',
      version: 1,
      roleScopeTagIds: ['0'],
      deviceEnrollmentConfigurationType: 'limit',
      limit: 15,
    },
    {
      '@odata.type': RESTRICTION_TYPE,
      id: `${prefix}_DefaultPlatformRestrictions`,
      displayName: 'All users and all devices',
      description: 'This is the default Device Type Restriction applied with the lowest priority to all users regardless of group membership.',
      priority: 0,
      createdDateTime: '2019-10-01T00:00:00Z',
      lastModifiedDateTime: '2019-10-01T00:00:00Z',
      version: 1,
      roleScopeTagIds: ['0'],
      deviceEnrollmentConfigurationType: 'platformRestrictions',
    },
    espDefault,
    espKiosk,
    espAutopilot,
  ]
  const enrollmentAssignments: Assignment[] = [
    { id: `${espDefault.id}_${ALL_DEVICES_ID}`, sourceId: espDefault.id, target: groupTarget(ALL_DEVICES_TARGET) },
    { id: `${espDefault.id}_${ALL_USERS_ID}`, sourceId: espDefault.id, target: groupTarget(ALL_USERS_TARGET) },
    { id: `${espAutopilot.id}_${allAutopilot.id}`, sourceId: espAutopilot.id, target: groupTarget(GROUP_TARGET, allAutopilot.id) },
    ...tagGroups
      .filter((g) => g.displayName.includes('KIOSK-'))
      .map((g) => ({ id: `${espKiosk.id}_${g.id}`, sourceId: espKiosk.id, target: groupTarget(GROUP_TARGET, g.id) })),
  ]

  return {
    tenantId,
    displayName: cycle > 0 ? `${displayName} ${cycle + 1}` : displayName,
    defaultDomain: `${domainStem}.com`,
    initialDomain: `${domainStem}.onmicrosoft.com`,
    federatedDomain: `corp.${domainStem}.com`,
    groupTags,
    focusPurchaseOrder,
    pilotIndices,
    config: { profiles: profiles.map(([, p]) => p), groups, profileAssignments, enrollmentConfigurations, enrollmentAssignments },
  }
}
