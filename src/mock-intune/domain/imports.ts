import { IntuneError } from '../graph-errors'
import { NEVER } from '../model/device-identity'
import type { DeviceRecord } from '../model/device-record'
import type { ImportedRecord } from '../model/records'
import type { MockState } from '../mock-state'
import { factsOf } from '../store/device-view'
import { ZERO_GUID } from '../tenant/guid'
import { HARDWARE, type HardwareFamilyKey } from '../tenant/hardware-catalog'
import { hash32 } from '../tenant/prng'

/**
 * Registration by hardware hash: importedWindowsAutopilotDeviceIdentity and its state machine
 * (docs/reference/graph-api.md §B3, docs/reference/autopilot.md §5.4).
 *
 * A new record reports `unknown` while the Device Directory Service processes it (≈ 95 s), then
 * `complete` with `deviceRegistrationId` (= the new Autopilot identity's id) or `error` with a code
 * and name. A completed import's identity appears later still — after a further delay, or at the end
 * of the next sync, whichever comes first — and starts `pending` (Assigning) like any new device.
 *
 * Outcomes (decided when the record is created, so they are deterministic):
 * - 806 ZtdDeviceAlreadyAssigned: the serial is already registered in this tenant (or being imported);
 * - 808 ZtdDeviceAssignedToOtherTenant / ZtdDeviceAssignedToAnotherTenant (both spellings occur,
 *   docs/reference/autopilot.md §10 item 5): mock choice — serials starting with "FOREIGN" or "OTHERTENANT"
 *   are registered to another tenant; the spelling alternates by serial;
 * - 819 ZtdDeviceDuplicated: the same hash or serial twice in one import call;
 * - InvalidZtdHardwareHash: no hardware hash (mock choice: code 0 — the numeric code isn't documented).
 */
export const IMPORT_TYPE = '#microsoft.graph.importedWindowsAutopilotDeviceIdentity'

export interface NewIdentity {
  id: string
  serialNumber: string
  groupTag: string
  userPrincipalName: string
  productKey: string
  hardwareIdentifier: string | null
}

/** Serial formats of the generated OEM blocks, to name the hardware of an imported device. */
const SERIAL_FORMATS: ReadonlyArray<readonly [RegExp, HardwareFamilyKey]> = [
  [/^\d{4}(-\d{4}){5}-\d{2}$/, 'virtualMachine'],
  [/^0\d{11}$/, 'surface'],
  [/^[0-9B-DF-HJ-NP-TV-Z]{7}$/, 'dell'],
  [/^5CG/i, 'hpNotebook'],
  [/^CND/i, 'hpDesktop'],
  [/^9\d{7}[A-Z]$/i, 'dynabook'],
  [/^DSCB/i, 'fujitsu'],
  [/^NXH/i, 'acer'],
  [/^PF/i, 'lenovoNotebook'],
  [/^R9/i, 'lenovoDesktop'],
]

/**
 * Manufacturer and model of an imported device: from a mock hardware hash (base64 JSON with
 * manufacturer/model, as GET /_sim/hardware-hash produces) when given, else from the serial's format
 * (mock choice: real hashes are opaque binary), else empty.
 */
export function hardwareOf(serial: string, hash: string | null): { manufacturer: string; model: string; skuNumber: string; systemFamily: string } {
  if (hash) {
    try {
      const decoded = JSON.parse(Buffer.from(hash, 'base64').toString('utf8')) as Record<string, unknown>
      if (typeof decoded.manufacturer === 'string' && typeof decoded.model === 'string') {
        return {
          manufacturer: decoded.manufacturer,
          model: decoded.model,
          skuNumber: String(decoded.skuNumber ?? ''),
          systemFamily: String(decoded.systemFamily ?? ''),
        }
      }
    } catch {
      // An opaque (real) hash: fall back to the serial.
    }
  }
  const family = SERIAL_FORMATS.find(([pattern]) => pattern.test(serial))?.[1]
  if (!family) return { manufacturer: '', model: '', skuNumber: '', systemFamily: '' }
  const hardware = HARDWARE[family]
  const model = hardware.models[hash32(serial.length, serial.charCodeAt(serial.length - 1)) % hardware.models.length] ?? hardware.models[0]
  return { manufacturer: hardware.manufacturer, model: model.model, skuNumber: model.skuNumber, systemFamily: model.systemFamily }
}

/** Creates an Autopilot identity now, assigning it through its groups like any new registration (`pending` first). */
export function createIdentity(state: MockState, spec: NewIdentity): DeviceRecord {
  const now = state.now()
  const entraDeviceId = state.newGuid()
  const hardware = hardwareOf(spec.serialNumber, spec.hardwareIdentifier)
  const user = spec.userPrincipalName ? state.users.find(spec.userPrincipalName) : undefined
  const record: DeviceRecord = {
    identity: {
      id: spec.id,
      deploymentProfileAssignmentStatus: 'pending',
      deploymentProfileAssignmentDetailedStatus: 'none',
      deploymentProfileAssignedDateTime: NEVER,
      groupTag: spec.groupTag,
      purchaseOrderIdentifier: '',
      serialNumber: spec.serialNumber,
      productKey: spec.productKey,
      manufacturer: hardware.manufacturer,
      model: hardware.model,
      enrollmentState: 'notContacted',
      lastContactedDateTime: NEVER,
      addressableUserName: spec.userPrincipalName ? (user?.displayName ?? '') : '',
      userPrincipalName: spec.userPrincipalName,
      resourceName: '',
      skuNumber: hardware.skuNumber,
      systemFamily: hardware.systemFamily,
      azureActiveDirectoryDeviceId: entraDeviceId,
      azureAdDeviceId: entraDeviceId,
      managedDeviceId: ZERO_GUID,
      displayName: '',
      deviceAccountUpn: null,
      deviceAccountPassword: null,
      deviceFriendlyName: null,
      remediationState: 'noRemediationRequired',
      remediationStateLastModifiedDateTime: NEVER,
      userlessEnrollmentStatus: 'allowed',
    },
    deploymentProfileId: null,
    assignment: { target: null, since: now, previous: null },
    index: -1,
    entraObjectId: state.newGuid(),
    enrolledVia: null,
    unblocked: false,
    writtenAt: now,
    registeredAt: now,
  }
  record.assignment.target = state.config.profileFor(factsOf(record))
  state.devices.add(record)
  state.markDirty()
  return record
}

const FEF_IMPORTS = 'deviceManagement/importedWindowsAutopilotDeviceIdentities'

export interface ImportRequest {
  groupTag: string
  serialNumber: string
  productKey: string
  hardwareIdentifier: string | null
  assignedUserPrincipalName: string
  importId: string
}

const inFlight = (state: MockState, serial: string): boolean =>
  [...state.imports.values()].some((r) => r.outcome.status === 'complete' && !r.materialized && r.serialNumber.toLowerCase() === serial.toLowerCase())

function decideOutcome(state: MockState, request: ImportRequest, duplicate: boolean): ImportedRecord['outcome'] {
  const serial = request.serialNumber
  if (duplicate) return { status: 'error', code: 819, name: 'ZtdDeviceDuplicated' }
  if (!request.hardwareIdentifier) return { status: 'error', code: 0, name: 'InvalidZtdHardwareHash' }
  if (/^(FOREIGN|OTHERTENANT)/i.test(serial)) {
    const spelling = serial.length % 2 === 0 ? 'ZtdDeviceAssignedToOtherTenant' : 'ZtdDeviceAssignedToAnotherTenant'
    return { status: 'error', code: 808, name: spelling }
  }
  if (state.devices.findBySerial(serial) || inFlight(state, serial)) return { status: 'error', code: 806, name: 'ZtdDeviceAlreadyAssigned' }
  return { status: 'complete', registrationId: state.newGuid() }
}

/** Validates and records imports; `batch` rows share one duplicate check (819). */
export function startImports(state: MockState, requests: readonly ImportRequest[]): ImportedRecord[] {
  const now = state.now()
  const seen = new Set<string>()
  return requests.map((request) => {
    const key = (request.hardwareIdentifier || request.serialNumber).toLowerCase()
    const duplicate = seen.has(key) || seen.has(request.serialNumber.toLowerCase())
    seen.add(key)
    seen.add(request.serialNumber.toLowerCase())
    const id = state.newGuid()
    const record: ImportedRecord = {
      id,
      groupTag: request.groupTag,
      serialNumber: request.serialNumber,
      productKey: request.productKey,
      importId: request.importId || id,
      hardwareIdentifier: request.hardwareIdentifier,
      assignedUserPrincipalName: request.assignedUserPrincipalName,
      createdAt: now,
      outcome: decideOutcome(state, request, duplicate),
      materialized: false,
    }
    state.imports.set(id, record)
    if (record.outcome.status === 'complete') {
      // The job carries everything: clients usually DELETE the import record once it is complete (§B3 step 6).
      const spec: NewIdentity = identitySpec(record, record.outcome.registrationId)
      state.scheduler.schedule(now + state.timing.delay('importProcessing') + state.timing.delay('importToIdentity'), 'import.materialize', {
        importId: id,
        spec: { ...spec },
      })
    }
    state.markDirty()
    return record
  })
}

export function importStatus(
  state: MockState,
  record: ImportedRecord,
  now: number,
): { deviceImportStatus: string; deviceRegistrationId: string; deviceErrorCode: number; deviceErrorName: string } {
  if (now < record.createdAt + state.timing.delay('importProcessing'))
    return { deviceImportStatus: 'unknown', deviceRegistrationId: '', deviceErrorCode: 0, deviceErrorName: '' }
  if (record.outcome.status === 'complete')
    return { deviceImportStatus: 'complete', deviceRegistrationId: record.outcome.registrationId, deviceErrorCode: 0, deviceErrorName: '' }
  return { deviceImportStatus: 'error', deviceRegistrationId: '', deviceErrorCode: record.outcome.code, deviceErrorName: record.outcome.name }
}

const identitySpec = (record: ImportedRecord, registrationId: string): NewIdentity => ({
  id: registrationId,
  serialNumber: record.serialNumber,
  groupTag: record.groupTag,
  userPrincipalName: record.assignedUserPrincipalName,
  productKey: record.productKey,
  hardwareIdentifier: record.hardwareIdentifier,
})

function materialize(state: MockState, importId: string, spec: NewIdentity): void {
  const record = state.imports.get(importId)
  if (record) record.materialized = true
  state.scheduler.cancel('import.materialize', (data) => data.importId === importId)
  if (state.devices.get(spec.id) || state.devices.findBySerial(spec.serialNumber)) return
  createIdentity(state, spec)
}

export function registerImportJobs(state: MockState): void {
  state.scheduler.on('import.materialize', (job) => materialize(state, String(job.data.importId), job.data.spec as NewIdentity))
}

/** A sync brings in every import that has finished processing but whose identity is not visible yet. */
export function materializeProcessed(state: MockState, now: number): void {
  for (const job of [...state.scheduler.pending('import.materialize')]) {
    const importId = String(job.data.importId)
    const spec = job.data.spec as NewIdentity
    const processedAt = job.at - state.timing.delay('importToIdentity')
    if (now >= processedAt) materialize(state, importId, spec)
  }
}

export const importNotFound = (id: string): IntuneError => new IntuneError(404, 'ResourceNotFound', `${FEF_IMPORTS}('${id.slice(0, 200)}')`)
