import type { WindowsReviewModel } from '@shared/diagnostics-schemas'
import { toEventLogReview } from './evtx/event-log-review'
import type { UnzipResult } from './safe-unzip'
import type { AutopilotFound, Finding, RegSource, WindowsArchiveReport } from './windows'

type Found = WindowsReviewModel['found'][number]

/** Registry value names as support staff know them (docs/reference/autopilot.md §2.3, docs/reference/community-tools.md §A3). */
const labels: Partial<Record<keyof AutopilotFound, string>> = {
  tenantId: 'CloudAssignedTenantId',
  tenantDomain: 'CloudAssignedTenantDomain',
  aadTenantId: 'AadTenantId',
  ztdCorrelationId: 'ZtdCorrelationId',
  deploymentProfileName: 'DeploymentProfileName',
  isAutopilotDisabled: 'IsAutopilotDisabled',
  tenantMatched: 'TenantMatched',
  ztdRegistrationId: 'ZTDRegistrationID (ZTDID)',
  entDmId: 'EntDMID',
  policyCacheProfileAvailable: 'AutopilotPolicyCache ProfileAvailable',
  odjApplied: 'Offline domain join applied (ODJApplied)',
}

const where = (source: RegSource) => `${source.key}${source.value ? ` › ${source.value}` : ''} (line ${source.line})`

function simple(label: string, finding: Finding<string | number | boolean>): Found {
  return { label, value: String(finding.value), meaning: finding.meaning ?? null, source: where(finding.source) }
}

/** The Windows archive report in the review's three sections: found, not found, could not be read. */
export function toWindowsReview(
  report: WindowsArchiveReport,
  fileName: string,
  archive: Pick<UnzipResult, 'skipped' | 'damaged' | 'damageWarning'> & { container: WindowsReviewModel['container'] },
): WindowsReviewModel {
  const { skipped } = archive
  // Damaged files are said to be damaged whether the review read them or not: one it read already says
  // why it failed; one it only listed gets the damage ahead of why it was not read; any other is added.
  const damage = new Map((archive.damaged ?? []).map((d) => [d.name, d]))
  const failedOnRead = (reason: string) => /^(Could not be read|Event log not readable):/.test(reason)
  const notParsed = report.notParsed.map((n) => {
    const d = damage.get(n.name)
    return d && !failedOnRead(n.reason) ? { ...n, reason: `Damaged: ${d.reason}. ${n.reason}` } : n
  })
  const listed = new Set(notParsed.map((n) => n.name))
  const damaged = [...damage.values()].filter((d) => !listed.has(d.name)).map((d) => ({ name: d.name, size: d.size, reason: `Damaged: ${d.reason}.` }))
  const found: Found[] = []
  const f = report.findings?.found ?? {}
  for (const [key, label] of Object.entries(labels) as Array<[keyof AutopilotFound, string]>) {
    const finding = f[key] as Finding<string | number | boolean> | undefined
    if (finding && ['string', 'number', 'boolean'].includes(typeof finding.value)) found.push(simple(label, finding))
  }
  if (f.oobeConfig) {
    const set = f.oobeConfig.decoded.bits.filter((b) => b.set).map((b) => b.microsoftName ?? b.toolLabel ?? b.id)
    const unknown = f.oobeConfig.decoded.unknownSetBits.length ? `; bits with no documented meaning: ${f.oobeConfig.decoded.unknownSetBits.join(', ')}` : ''
    found.push({
      label: 'CloudAssignedOobeConfig',
      value: String(f.oobeConfig.value),
      meaning: `${set.join(', ') || 'no known bit set'}${unknown}`,
      source: where(f.oobeConfig.source),
    })
  }
  if (f.policyJsonCache) {
    const c = f.policyJsonCache.value
    found.push({
      label: 'AutopilotPolicyCache PolicyJsonCache',
      value: `${c.length} characters`,
      meaning: c.parsed ? `JSON with keys ${c.topLevelKeys.join(', ')}` : 'not valid JSON',
      source: where(f.policyJsonCache.source),
    })
  }
  for (const sync of f.firstSync ?? []) {
    const esp = `device ESP ${sync.deviceEspEnabled === null ? 'not stated' : sync.deviceEspEnabled ? 'shown' : 'skipped'}, user ESP ${sync.userEspEnabled === null ? 'not stated' : sync.userEspEnabled ? 'shown' : 'skipped'}`
    const block =
      sync.blocking === null
        ? ''
        : `; blocks use until done: ${sync.blocking ? 'yes' : 'no'} (reset ${sync.allowReset ? 'allowed' : 'not allowed'}, try again ${sync.allowTryAgain ? 'allowed' : 'not allowed'}, continue anyway ${sync.continueAnyway ? 'allowed' : 'not allowed'})`
    found.push({
      label: `FirstSync (${sync.enrollmentId})`,
      value: `timeout ${sync.syncFailureTimeout ?? '—'}`,
      meaning: esp + block,
      source: `${sync.key} (line ${sync.line})`,
    })
  }
  const esp: WindowsReviewModel['esp'] = []
  const tracking = f.espTracking
  for (const scope of tracking ? [tracking.device, ...tracking.users] : []) {
    for (const category of scope.categories) {
      for (const item of category.items)
        esp.push({
          scope: scope.sid ? `${scope.scope} ${scope.sid}` : scope.scope,
          category: category.label,
          id: item.id,
          state: item.state,
          meaning: item.meaning,
        })
    }
  }
  return {
    kind: 'windows',
    fileName,
    archiveKind: report.kind,
    container: archive.container,
    tenant: report.tenant,
    found,
    notFound: report.findings?.missing ?? (report.registry ? [] : ['MdmDiagReport_RegistryDump.reg (no registry findings)']),
    esp,
    ztd: report.ztd ? { name: report.ztd.name, fields: report.ztd.fields, missing: [...report.ztd.missing] } : null,
    eventLogs: report.eventLogs.map(toEventLogReview),
    // A refused entry was never read: its size is the one the archive's directory states, as for every other entry listed here.
    notParsed: [...skipped.map((s) => ({ name: s.name, size: s.size, reason: `Refused: ${s.reason}` })), ...notParsed, ...damaged],
    // No serial in an MDMDiagnostics archive's parsed files (the hardware-hash CSV is not read): no summary QR.
    summaryQr: null,
    warnings: [...(archive.damageWarning ? [archive.damageWarning] : []), ...report.warnings, ...(report.findings?.warnings ?? [])],
  }
}
