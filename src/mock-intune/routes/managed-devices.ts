import { IntuneError } from '../graph-errors'
import type { MockResponse, RequestContext } from '../http/context'
import type { DeviceRecord } from '../model/device-record'
import type { MockState } from '../mock-state'
import { compileFilter, UnsupportedFilterError, type FilterSchema } from '../odata/evaluate'
import { buildNextLink } from '../paging'
import type { RouteDefinition } from '../router'
import { deleteManagedDevice } from '../domain/device-actions'
import { deviceNameOf, isEnrolled, joinsHybrid, windowsOf } from '../domain/device-facts'
import { hash32 } from '../tenant/prng'
import { isoSeconds } from '../tenant/device-status'
import { RECORD_SCAN_BUDGET } from './device-identities'
import { contextUrl, fefPath, listBody, noContent, ok, pick, projection, readTopWith, systemQuery } from './common'

/**
 * Intune managedDevices (v1.0 and beta; docs/reference/graph-api.md §B8, §B13 #12): get by id, list filtered by
 * serial (`serialNumber eq 'x'`), delete ("delete the Intune device record"). Every enrolled Autopilot
 * device has one; the simulator creates new ones when a technician flow enrolls. Pages of 1000.
 */
const COLLECTION = '/deviceManagement/managedDevices'
const FEF = 'deviceManagement/managedDevices'

const V1_PROPERTIES = [
  'id',
  'userId',
  'deviceName',
  'managedDeviceOwnerType',
  'enrolledDateTime',
  'lastSyncDateTime',
  'operatingSystem',
  'complianceState',
  'jailBroken',
  'managementAgent',
  'osVersion',
  'easActivated',
  'easDeviceId',
  'easActivationDateTime',
  'azureADRegistered',
  'deviceEnrollmentType',
  'activationLockBypassCode',
  'emailAddress',
  'azureADDeviceId',
  'deviceRegistrationState',
  'deviceCategoryDisplayName',
  'isSupervised',
  'exchangeLastSuccessfulSyncDateTime',
  'exchangeAccessState',
  'exchangeAccessStateReason',
  'remoteAssistanceSessionUrl',
  'remoteAssistanceSessionErrorDetails',
  'isEncrypted',
  'userPrincipalName',
  'model',
  'manufacturer',
  'imei',
  'complianceGracePeriodExpirationDateTime',
  'serialNumber',
  'phoneNumber',
  'androidSecurityPatchLevel',
  'userDisplayName',
  'configurationManagerClientEnabledFeatures',
  'wiFiMacAddress',
  'deviceHealthAttestationState',
  'subscriberCarrier',
  'meid',
  'totalStorageSpaceInBytes',
  'freeStorageSpaceInBytes',
  'managedDeviceName',
  'partnerReportedThreatState',
  'requireUserEnrollmentApproval',
  'managementCertificateExpirationDate',
  'iccid',
  'udid',
  'notes',
  'ethernetMacAddress',
  'physicalMemoryInBytes',
  'enrollmentProfileName',
] as const
const BETA_EXTRA = ['autopilotEnrolled', 'joinType'] as const

export function managedDeviceJson(state: MockState, record: DeviceRecord): Record<string, unknown> {
  const identity = record.identity
  const extra = state.managedExtras.get(identity.managedDeviceId)
  const h = hash32(record.index, identity.serialNumber.length, identity.serialNumber.charCodeAt(0) || 0)
  const enrolledAt = extra?.enrolledAt ?? Date.parse(identity.lastContactedDateTime)
  const user = identity.userPrincipalName ? state.users.find(identity.userPrincipalName) : undefined
  const name = deviceNameOf(state, record)
  const storage = [256, 512, 1024][h % 3] ?? 256
  const mac = Array.from({ length: 6 }, (_, i) => ((hash32(h, i) & 0xff) | (i === 0 ? 0x02 : 0)).toString(16).padStart(2, '0').toUpperCase()).join('')
  const presented = state.present(record)
  return {
    '@odata.type': '#microsoft.graph.managedDevice',
    id: identity.managedDeviceId,
    userId: user?.id ?? '',
    deviceName: name,
    managedDeviceOwnerType: 'company',
    enrolledDateTime: isoSeconds(enrolledAt),
    lastSyncDateTime: isoSeconds(Math.max(enrolledAt, Date.parse(identity.lastContactedDateTime))),
    operatingSystem: 'Windows',
    complianceState: identity.enrollmentState === 'failed' ? 'noncompliant' : h % 10 === 0 ? 'inGracePeriod' : 'compliant',
    jailBroken: 'Unknown',
    managementAgent: 'mdm',
    osVersion: windowsOf(state, record).version,
    easActivated: false,
    easDeviceId: '',
    easActivationDateTime: '0001-01-01T00:00:00Z',
    azureADRegistered: true,
    deviceEnrollmentType: record.enrolledVia === 'userDriven' ? 'windowsAzureADJoin' : 'windowsAzureADJoinUsingDeviceAuth',
    activationLockBypassCode: null,
    emailAddress: identity.userPrincipalName,
    azureADDeviceId: identity.azureAdDeviceId,
    deviceRegistrationState: 'registered',
    deviceCategoryDisplayName: 'Unknown category',
    isSupervised: false,
    exchangeLastSuccessfulSyncDateTime: '0001-01-01T00:00:00Z',
    exchangeAccessState: 'none',
    exchangeAccessStateReason: 'none',
    remoteAssistanceSessionUrl: null,
    remoteAssistanceSessionErrorDetails: null,
    isEncrypted: h % 7 !== 0,
    userPrincipalName: identity.userPrincipalName,
    model: identity.model,
    manufacturer: identity.manufacturer,
    imei: '',
    complianceGracePeriodExpirationDateTime: '9999-12-31T23:59:59Z',
    serialNumber: identity.serialNumber,
    phoneNumber: '',
    androidSecurityPatchLevel: '',
    userDisplayName: user?.displayName ?? identity.addressableUserName,
    configurationManagerClientEnabledFeatures: null,
    wiFiMacAddress: mac,
    deviceHealthAttestationState: null,
    subscriberCarrier: '',
    meid: '',
    totalStorageSpaceInBytes: storage * 1_000_000_000,
    freeStorageSpaceInBytes: Math.floor(storage * 1_000_000_000 * (0.3 + (h % 50) / 100)),
    managedDeviceName: `${identity.userPrincipalName.split('@')[0] || 'device'}_Windows_${isoSeconds(enrolledAt).slice(5, 10).replace('-', '/')}`,
    partnerReportedThreatState: 'unknown',
    requireUserEnrollmentApproval: null,
    managementCertificateExpirationDate: isoSeconds(enrolledAt + 365 * 86_400_000),
    iccid: null,
    udid: null,
    notes: null,
    ethernetMacAddress: null,
    physicalMemoryInBytes: 0,
    enrollmentProfileName: extra?.profileName ?? presented.deploymentProfile?.displayName ?? null,
    autopilotEnrolled: true,
    joinType: joinsHybrid(state, record) ? 'hybridAzureADJoined' : 'azureADJoined',
  }
}

const FILTER: FilterSchema = {
  properties: {
    serialNumber: 'string',
    deviceName: 'string',
    operatingSystem: 'string',
    azureADDeviceId: 'string',
    userPrincipalName: 'string',
    complianceState: 'string',
    manufacturer: 'string',
    model: 'string',
    enrolledDateTime: 'datetime',
    lastSyncDateTime: 'datetime',
  },
  functions: new Set(['startswith', 'contains']),
  operators: new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'and', 'or']),
}

/** The filterable properties of a managed device, each computed only if the filter reads it (fast scans). */
function filterView(state: MockState, record: DeviceRecord): Record<string, unknown> {
  let full: Record<string, unknown> | undefined
  const json = () => (full ??= managedDeviceJson(state, record))
  const identity = record.identity
  return {
    serialNumber: identity.serialNumber,
    azureADDeviceId: identity.azureAdDeviceId,
    userPrincipalName: identity.userPrincipalName,
    manufacturer: identity.manufacturer,
    model: identity.model,
    operatingSystem: 'Windows',
    get deviceName() {
      return deviceNameOf(state, record)
    },
    get complianceState() {
      return json().complianceState
    },
    get enrolledDateTime() {
      return json().enrolledDateTime
    },
    get lastSyncDateTime() {
      return json().lastSyncDateTime
    },
  }
}

function managedOr404(state: MockState, id: string): DeviceRecord {
  const record = state.devices.findBy('managed', id)
  if (!record || !isEnrolled(record)) throw new IntuneError(404, 'ResourceNotFound', `${FEF}('${id.slice(0, 200)}')`)
  return record
}

function list(state: MockState, ctx: RequestContext): MockResponse {
  const query = systemQuery(ctx)
  const fef = fefPath(FEF, ctx)
  const properties = ctx.version === 'beta' ? [...V1_PROPERTIES, ...BETA_EXTRA] : V1_PROPERTIES
  const select = projection(query.select, properties, properties, 'managedDevice')
  const top = readTopWith(query.top, { defaultTop: state.pageSize, maxTop: state.pageSize, overflow: 'clamp' })
  if (query.skip !== undefined || query.search !== undefined || query.orderby !== undefined) throw new IntuneError(400, 'BadRequest', fef)
  let filter
  try {
    filter = query.filter === undefined ? undefined : compileFilter(query.filter, FILTER)
  } catch (error) {
    if (error instanceof UnsupportedFilterError) throw new IntuneError(400, 'BadRequest', fef)
    throw error
  }
  const context = contextUrl(ctx, query.select !== undefined ? `deviceManagement/managedDevices(${select.join(',')})` : 'deviceManagement/managedDevices')
  const project = (record: DeviceRecord) => pick(managedDeviceJson(state, record), select, '#microsoft.graph.managedDevice')
  const serial = filter?.equals.get('serialNumber')
  if (filter && serial !== undefined) {
    const record = state.devices.findBySerial(serial)
    const value = record && isEnrolled(record) && filter.test(filterView(state, record)) ? [project(record)] : []
    return ok(listBody(context, value))
  }
  const after = query.skiptoken === undefined ? undefined : state.skipTokens.decode(query.skiptoken)
  if (query.skiptoken !== undefined && after === undefined) throw new IntuneError(400, 'BadRequest', fef)
  const value: Record<string, unknown>[] = []
  let examined = 0
  let last: { serialNumber: string; id: string } | undefined
  let more = false
  for (const entry of state.devices.scan(after)) {
    if (value.length === top || examined === RECORD_SCAN_BUDGET) {
      more = true
      break
    }
    examined++
    last = { serialNumber: entry.serialNumber, id: entry.id() }
    const record = entry.record()
    if (!isEnrolled(record)) continue
    if (filter && !filter.test(filterView(state, record))) continue
    value.push(project(record))
  }
  return ok(listBody(context, value, more && last ? buildNextLink(ctx, COLLECTION, state.skipTokens.encode(last)) : undefined))
}

function get(state: MockState, ctx: RequestContext): MockResponse {
  const record = managedOr404(state, ctx.params.id ?? '')
  const properties = ctx.version === 'beta' ? [...V1_PROPERTIES, ...BETA_EXTRA] : V1_PROPERTIES
  const select = projection(systemQuery(ctx).select, properties, properties, 'managedDevice')
  return ok({
    '@odata.context': contextUrl(ctx, 'deviceManagement/managedDevices/$entity'),
    ...pick(managedDeviceJson(state, record), select, '#microsoft.graph.managedDevice'),
  })
}

function remove(state: MockState, ctx: RequestContext): MockResponse {
  deleteManagedDevice(state, managedOr404(state, ctx.params.id ?? ''))
  return noContent()
}

export const managedDeviceRoutes = (state: MockState): RouteDefinition[] => {
  const both = ['v1.0', 'beta'] as const
  return [
    { method: 'GET', path: COLLECTION, versions: both, handler: (ctx) => list(state, ctx) },
    { method: 'GET', path: `${COLLECTION}/{id}`, versions: both, handler: (ctx) => get(state, ctx) },
    { method: 'DELETE', path: `${COLLECTION}/{id}`, versions: both, handler: (ctx) => remove(state, ctx) },
  ]
}
