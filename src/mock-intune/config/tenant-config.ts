import type { EnrollmentConfiguration, EspConfiguration } from '../model/esp'
import { isEsp } from '../model/esp'
import { ALL_DEVICES_ID, ALL_DEVICES_TARGET, EXCLUSION_TARGET, GROUP_TARGET, isDynamic, type Assignment, type GroupEntity } from '../model/group'
import type { DeploymentProfile } from '../model/profile'
import { compileMembershipRule, physicalIdsFor, ruleMatches, type CompiledRule } from './membership-rule'

/**
 * The tenant's targeting configuration: deployment profiles, Entra device groups, profile
 * assignments, enrollment (ESP) configurations and their assignments — and how a device's profile
 * follows from them, as in Intune (docs/reference/autopilot.md §2.2, docs/reference/graph-api.md §B5):
 *
 * - a device is in every static group listing its Entra object and every dynamic group whose rule
 *   matches its devicePhysicalIds ([ZTDId], [OrderID] = group tag, [PurchaseOrderId]);
 * - of the profiles assigned to those groups (and not excluded through one), the oldest created wins;
 * - otherwise a profile assigned to All devices applies (the "default profile"), oldest first;
 * - otherwise the device has no profile.
 *
 * Every change that can move a device to another profile records a new version (with its time), so a
 * lazily generated device can tell *when* its profile changed without being touched (mock choice:
 * the last 256 versions are kept; older ones merge into the baseline's successor).
 */
export interface DeviceFacts {
  ztdId: string
  groupTag: string
  purchaseOrder: string
  entraObjectId: string
}

interface VersionGroup {
  id: string
  rule: CompiledRule | null
  members: ReadonlySet<string>
}

/** An immutable picture of everything resolution depends on, valid from `at`. */
export interface ConfigVersion {
  at: number
  groups: readonly VersionGroup[]
  /** Profile id → createdDateTime in ms, for "oldest wins". */
  profileCreated: ReadonlyMap<string, number>
  includes: ReadonlyArray<{ profileId: string; groupId: string }>
  excludes: ReadonlyArray<{ profileId: string; groupId: string }>
  /** Group-membership bitmap → winning profile. */
  cache: Map<string, string | null>
  /**
   * Fast path: when every rule looks only at [OrderID], [PurchaseOrderId] or the [ZTDId] prefix, a
   * device outside the static groups resolves by (group tag, purchase order) alone.
   */
  byTagAndOrder: Map<string, string | null> | null
  staticMembers: ReadonlySet<string>
  /** Purchase orders some rule names exactly (null: a rule matches them by prefix, so all matter). */
  namedOrders: ReadonlySet<string> | null
}

function orderValues(rule: CompiledRule, into: Set<string>): boolean {
  if (rule.kind !== 'clause') return orderValues(rule.left, into) && orderValues(rule.right, into)
  const prefix = '[purchaseorderid]:'
  if (!rule.clause.value.startsWith(prefix.slice(0, Math.min(prefix.length, rule.clause.value.length)))) return true
  if (rule.clause.operator !== 'eq') return false
  into.add(rule.clause.value.slice(prefix.length))
  return true
}

/** Whether a rule's result depends only on the group tag and purchase order (not on the device's ZTDId). */
function tagAndOrderOnly(rule: CompiledRule): boolean {
  if (rule.kind !== 'clause') return tagAndOrderOnly(rule.left) && tagAndOrderOnly(rule.right)
  const { operator, value } = rule.clause
  if (operator === 'contains') return false
  if (value.startsWith('[orderid]:') || value.startsWith('[purchaseorderid]:')) return true
  return operator === 'startswith' && '[ztdid]:'.startsWith(value)
}

const MAX_VERSIONS = 256

export interface TenantConfigData {
  profiles: DeploymentProfile[]
  groups: GroupEntity[]
  profileAssignments: Assignment[]
  enrollmentConfigurations: EnrollmentConfiguration[]
  enrollmentAssignments: Assignment[]
}

export class TenantConfig {
  readonly profiles = new Map<string, DeploymentProfile>()
  readonly groups = new Map<string, GroupEntity>()
  profileAssignments: Assignment[] = []
  readonly enrollmentConfigurations = new Map<string, EnrollmentConfiguration>()
  enrollmentAssignments: Assignment[] = []
  /** versions[0] is the generated baseline (at = 0); the last one is current. */
  private versions: ConfigVersion[] = []
  private readonly compiled = new Map<string, CompiledRule | null>()

  constructor(baseline: TenantConfigData) {
    this.load(baseline)
    this.versions = [this.snapshot(0)]
  }

  private load(data: TenantConfigData): void {
    this.profiles.clear()
    this.groups.clear()
    this.enrollmentConfigurations.clear()
    for (const p of data.profiles) this.profiles.set(p.id, p)
    for (const g of data.groups) this.groups.set(g.id, g)
    this.profileAssignments = [...data.profileAssignments]
    for (const c of data.enrollmentConfigurations) this.enrollmentConfigurations.set(c.id, c)
    this.enrollmentAssignments = [...data.enrollmentAssignments]
  }

  data(): TenantConfigData {
    return {
      profiles: [...this.profiles.values()],
      groups: [...this.groups.values()],
      profileAssignments: this.profileAssignments,
      enrollmentConfigurations: [...this.enrollmentConfigurations.values()],
      enrollmentAssignments: this.enrollmentAssignments,
    }
  }

  /** Restores a persisted configuration; `history` is the list of version times after the baseline. */
  restore(data: TenantConfigData, history: Array<{ at: number; data: TenantConfigData }>): void {
    const baseline = this.versions[0]
    this.versions = baseline ? [baseline] : []
    this.persistedHistory = [...history]
    for (const version of history) {
      this.load(version.data)
      this.versions.push(this.snapshot(version.at))
    }
    this.load(data)
  }

  /** Versions after the baseline, for persistence. */
  history(): Array<{ at: number; data: TenantConfigData }> {
    return this.persistedHistory
  }

  private persistedHistory: Array<{ at: number; data: TenantConfigData }> = []

  /** Call after any change to groups, profiles or profile assignments. */
  changed(now: number): void {
    this.versions.push(this.snapshot(now))
    this.persistedHistory.push({ at: now, data: structuredClone(this.data()) })
    if (this.versions.length > MAX_VERSIONS) {
      this.versions.splice(1, 1)
      this.persistedHistory.splice(0, 1)
    }
  }

  get versionCount(): number {
    return this.versions.length
  }

  ruleOf(group: GroupEntity): CompiledRule | null {
    if (!isDynamic(group) || group.membershipRule === null) return null
    const key = group.membershipRule
    if (!this.compiled.has(key)) {
      try {
        this.compiled.set(key, compileMembershipRule(key))
      } catch {
        this.compiled.set(key, null)
      }
    }
    return this.compiled.get(key) ?? null
  }

  private snapshot(at: number): ConfigVersion {
    const groups = [...this.groups.values()].map((g) => ({ id: g.id, rule: this.ruleOf(g), members: new Set(g.members.map((m) => m.toLowerCase())) }))
    const profileCreated = new Map([...this.profiles.values()].map((p) => [p.id, Date.parse(p.createdDateTime)] as const))
    const includes: Array<{ profileId: string; groupId: string }> = []
    const excludes: Array<{ profileId: string; groupId: string }> = []
    for (const a of this.profileAssignments) {
      if (!profileCreated.has(a.sourceId)) continue
      const type = a.target['@odata.type']
      if (type === GROUP_TARGET && a.target.groupId) includes.push({ profileId: a.sourceId, groupId: a.target.groupId })
      else if (type === ALL_DEVICES_TARGET) includes.push({ profileId: a.sourceId, groupId: ALL_DEVICES_ID })
      else if (type === EXCLUSION_TARGET && a.target.groupId) excludes.push({ profileId: a.sourceId, groupId: a.target.groupId })
    }
    const staticMembers = new Set(groups.filter((g) => g.rule === null).flatMap((g) => [...g.members]))
    const simple = groups.every((g) => g.rule === null || tagAndOrderOnly(g.rule))
    const named = new Set<string>()
    const exact = groups.every((g) => g.rule === null || orderValues(g.rule, named))
    return {
      at,
      groups,
      profileCreated,
      includes,
      excludes,
      cache: new Map(),
      byTagAndOrder: simple ? new Map() : null,
      staticMembers,
      namedOrders: exact ? named : null,
    }
  }

  private static membership(version: ConfigVersion, facts: DeviceFacts): boolean[] {
    const ids = physicalIdsFor(facts).map((id) => id.toLowerCase())
    const object = facts.entraObjectId.toLowerCase()
    return version.groups.map((g) => (g.rule ? ruleMatches(g.rule, ids) : g.members.has(object)))
  }

  private static resolveIn(version: ConfigVersion, facts: DeviceFacts): string | null {
    const fast = version.byTagAndOrder !== null && !version.staticMembers.has(facts.entraObjectId.toLowerCase())
    const order = facts.purchaseOrder.toLowerCase()
    const factsKey = fast ? `${facts.groupTag.toLowerCase()}\u0000${version.namedOrders === null || version.namedOrders.has(order) ? order : '*'}` : ''
    if (fast) {
      const known = version.byTagAndOrder?.get(factsKey)
      if (known !== undefined) return known
    }
    const result = TenantConfig.resolveByMembership(version, facts)
    if (fast) version.byTagAndOrder?.set(factsKey, result)
    return result
  }

  private static resolveByMembership(version: ConfigVersion, facts: DeviceFacts): string | null {
    const member = TenantConfig.membership(version, facts)
    const key = member.map((m) => (m ? '1' : '0')).join('')
    const cached = version.cache.get(key)
    if (cached !== undefined) return cached
    const inGroups = new Set(version.groups.filter((_, i) => member[i]).map((g) => g.id))
    const excluded = new Set(version.excludes.filter((e) => inGroups.has(e.groupId)).map((e) => e.profileId))
    const oldest = (candidates: Iterable<string>): string | null => {
      let best: string | null = null
      for (const id of candidates) {
        if (excluded.has(id)) continue
        const created = version.profileCreated.get(id) ?? Infinity
        const bestCreated = best === null ? Infinity : (version.profileCreated.get(best) ?? Infinity)
        if (best === null || created < bestCreated || (created === bestCreated && id < best)) best = id
      }
      return best
    }
    const fromGroups = oldest(version.includes.filter((i) => inGroups.has(i.groupId)).map((i) => i.profileId))
    const result = fromGroups ?? oldest(version.includes.filter((i) => i.groupId === ALL_DEVICES_ID).map((i) => i.profileId))
    version.cache.set(key, result)
    return result
  }

  /** The profile the generated tenant started with for these facts. */
  baselineProfileFor(facts: DeviceFacts): string | null {
    const baseline = this.versions[0]
    return baseline ? TenantConfig.resolveIn(baseline, facts) : null
  }

  /** The profile Intune currently targets at a device with these facts (its intendedDeploymentProfile). */
  profileFor(facts: DeviceFacts): string | null {
    const current = this.versions[this.versions.length - 1]
    return current ? TenantConfig.resolveIn(current, facts) : null
  }

  /**
   * When did the resolution for `facts` last change to its current value, looking only at changes
   * after `after` (the time the device itself was last written)? Returns `after` when it has not
   * changed since then.
   */
  changedSince(facts: DeviceFacts, after: number): number {
    const last = this.versions.length - 1
    const current = this.profileFor(facts)
    for (let i = last; i >= 1; i--) {
      const version = this.versions[i]
      const previous = this.versions[i - 1]
      if (!version || !previous || version.at <= after) break
      if (TenantConfig.resolveIn(previous, facts) !== current) return version.at
    }
    return after
  }

  /** Ids of the groups a device is in right now. */
  groupIdsOf(facts: DeviceFacts): string[] {
    const current = this.versions[this.versions.length - 1]
    if (!current) return []
    const member = TenantConfig.membership(current, facts)
    return current.groups.filter((_, i) => member[i]).map((g) => g.id)
  }

  isMember(groupId: string, facts: DeviceFacts): boolean {
    const group = this.groups.get(groupId)
    if (!group) return false
    const rule = this.ruleOf(group)
    if (rule)
      return ruleMatches(
        rule,
        physicalIdsFor(facts).map((id) => id.toLowerCase()),
      )
    return group.members.some((m) => m.toLowerCase() === facts.entraObjectId.toLowerCase())
  }

  /**
   * The ESP that applies: of the ESPs assigned to one of the device's groups (or All devices), the one
   * with the lowest priority number ≥ 1; else the default configuration (priority 0), as Intune orders them.
   */
  espFor(facts: DeviceFacts): EspConfiguration | undefined {
    const groups = new Set(this.groupIdsOf(facts))
    let best: EspConfiguration | undefined
    let fallback: EspConfiguration | undefined
    for (const config of this.enrollmentConfigurations.values()) {
      if (!isEsp(config)) continue
      if (config.priority === 0) {
        fallback = config
        continue
      }
      const targeted = this.enrollmentAssignments.some(
        (a) =>
          a.sourceId === config.id &&
          (a.target['@odata.type'] === ALL_DEVICES_TARGET ||
            (a.target.groupId !== undefined && groups.has(a.target.groupId) && a.target['@odata.type'] === GROUP_TARGET)),
      )
      if (targeted && (!best || config.priority < best.priority)) best = config
    }
    return best ?? fallback
  }
}
