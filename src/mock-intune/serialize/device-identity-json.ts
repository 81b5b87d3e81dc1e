import { GraphError } from '../graph-errors'
import type { ApiVersion } from '../http/context'
import { BETA_PROPERTIES, NAVIGATION_PROPERTIES, V1_PROPERTIES, type DeviceIdentityProperty, type NavigationProperty } from '../model/device-identity'
import type { PresentedDevice } from '../store/device-view'

/**
 * Turns a stored device into the JSON Graph would send for one API version, $select and $expand.
 *
 * v1.0 only knows the ✓ properties of §B1 and no navigation properties; its enrollmentState enum has
 * no `blocked`, so such devices read as `enrolled` there (mock choice: they did enrol, userless).
 */
export interface Projection {
  version: ApiVersion
  properties: readonly DeviceIdentityProperty[]
  /** Only set when the client used $select (it changes @odata.context). */
  selected: boolean
  expand: readonly NavigationProperty[]
}

export const DEVICE_IDENTITY_TYPE = '#microsoft.graph.windowsAutopilotDeviceIdentity'

const unknownProperty = (name: string): GraphError =>
  new GraphError(400, 'BadRequest', `Could not find a property named '${name}' on type 'microsoft.graph.windowsAutopilotDeviceIdentity'.`)

/** Validates $select / $expand names (case-insensitively; mock choice) and returns canonical ones. */
export function resolveProjection(version: ApiVersion, select: readonly string[] | undefined, expand: readonly string[] | undefined): Projection {
  const available = version === 'beta' ? BETA_PROPERTIES : V1_PROPERTIES
  const navigation: readonly string[] = version === 'beta' ? NAVIGATION_PROPERTIES : []
  const canonical = <T extends string>(pool: readonly T[], name: string): T => {
    const found = pool.find((candidate) => candidate.toLowerCase() === name.toLowerCase())
    if (found === undefined) throw unknownProperty(name)
    return found
  }
  const expandList = (expand ?? []).map((name) => canonical(navigation, name) as NavigationProperty)
  if (select === undefined || select.includes('*')) return { version, properties: available, selected: false, expand: [...new Set(expandList)] }
  const chosen = new Set(select.map((name) => canonical(available, name)))
  return { version, properties: available.filter((p) => chosen.has(p)), selected: true, expand: [...new Set(expandList)] }
}

/** The `(…)` part of @odata.context: selected properties and expanded navigations. */
export function contextProjection(projection: Projection): string {
  const parts = [...(projection.selected ? projection.properties : []), ...projection.expand.map((name) => `${name}()`)]
  return parts.length > 0 ? `(${parts.join(',')})` : ''
}

export function projectDevice(record: PresentedDevice, projection: Projection): Record<string, unknown> {
  const json: Record<string, unknown> = { '@odata.type': DEVICE_IDENTITY_TYPE }
  for (const property of projection.properties) json[property] = record.identity[property]
  if (projection.version === 'v1.0' && json.enrollmentState === 'blocked') json.enrollmentState = 'enrolled'
  for (const navigation of projection.expand) json[navigation] = record[navigation] ? { ...record[navigation] } : null
  return json
}

/**
 * The same JSON as `JSON.stringify(projectDevice(record, projection))`, faster for the common case
 * (beta, all properties, no $expand): the stored identity already has exactly the beta properties in
 * order, so it is stringified as it is (a big page of a million-device tenant is mostly this).
 */
export function serializeDevice(record: PresentedDevice, projection: Projection): string {
  if (projection.version === 'beta' && !projection.selected && projection.expand.length === 0) {
    return `{"@odata.type":"${DEVICE_IDENTITY_TYPE}",${JSON.stringify(record.identity).slice(1)}`
  }
  return JSON.stringify(projectDevice(record, projection))
}
