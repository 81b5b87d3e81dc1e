import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { diagnosticsMethods } from '@core/diagnostics/diagnostics.worker'
import { silentLog } from '@core/logging/log-sink'
import { useTempDirs } from '@support/temp-dir'
import { setupBench } from '../../../support/bundle-fixture'

const serial = 'PF4SER1X'
const currentUpn = 'anna.anderson1@contoso.com'
const currentName = 'Anna Anderson 1'
/** Replaced by a later assignment: only in the outbox and audit history, the user cache and the log. */
const previousUpn = 'Previous.User@Contoso.com'
const previousName = 'Zoë "Zed" O\'Brien'
const previousId = '7f0c3e0a-5b1d-4c8e-9a7b-2f6d1e4c9b80'
/** In no table at all: only in a log line (caught by its shape). */
const strangerUpn = 'stranger@fabrikam.com'
const secrets = [serial, currentUpn, currentName, previousUpn, previousName, previousId, strangerUpn]

const b64 = (value: string, url = false) => Buffer.from(value, 'utf8').toString(url ? 'base64url' : 'base64')
/** base64 groups that do not depend on what follows the value (how it would sit inside a longer base64 text). */
const b64Prefix = (value: string, url = false) => {
  const bytes = Buffer.from(value, 'utf8')
  return bytes.subarray(0, bytes.length - (bytes.length % 3)).toString(url ? 'base64url' : 'base64')
}
const uEscape = (value: string, which: RegExp) => value.replace(which, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)

/** Every textual form a secret could take in a bundle; matched case-insensitively. */
function textForms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1)
  const url = encodeURIComponent(secret)
  return [
    secret,
    json,
    JSON.stringify(json).slice(1, -1),
    uEscape(json, /[^\x20-\x7e]/g),
    uEscape(secret, /[^A-Za-z0-9 ._-]/g),
    url,
    url.replace(/%20/g, '+'),
    encodeURI(secret),
    encodeURIComponent(url),
    secret.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!),
    secret.replace(/"/g, '""'),
  ]
}
/** base64 is case-sensitive: matched exactly, for the value as written, lower- and upper-cased. */
const base64Forms = (secret: string) =>
  [secret, secret.toLowerCase(), secret.toUpperCase()].flatMap((v) => [b64(v), b64(v, true), b64Prefix(v), b64Prefix(v, true)].map((f) => f.replace(/=+$/, '')))
/** Raw bytes: UTF-16LE of the value in any case. */
const byteForms = (secret: string) => [secret, secret.toLowerCase(), secret.toUpperCase()].map((v) => Buffer.from(v, 'utf16le'))

/** The reviewer's worst case: percent-escapes decoded (twice) and `\uXXXX` escapes decoded. */
function decoded(text: string): string {
  let out = text
  for (let i = 0; i < 2; i++)
    out = out.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run)
      } catch {
        return run
      }
    })
  return out.replace(/\\u([0-9A-Fa-f]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
}

/** Every survival of every secret, in every form, in the ZIP's entries, their names and the file name. */
function survivors(files: Record<string, Uint8Array>, fileName: string): string[] {
  const found: string[] = []
  const haystacks: Array<[string, string, Uint8Array]> = [
    ['file name', fileName, Buffer.from(fileName)],
    ...Object.entries(files).flatMap(([name, bytes]): Array<[string, string, Uint8Array]> => [
      [`entry name ${name}`, name, Buffer.from(name)],
      [name, strFromU8(bytes), bytes],
    ]),
  ]
  for (const [where, text, bytes] of haystacks) {
    const lower = text.toLowerCase()
    const lowerDecoded = decoded(text).toLowerCase()
    for (const secret of secrets) {
      for (const form of textForms(secret)) if (lower.includes(form.toLowerCase())) found.push(`${where}: ${JSON.stringify(form)}`)
      if (lowerDecoded.includes(secret.toLowerCase())) found.push(`${where} (decoded): ${JSON.stringify(secret)}`)
      for (const form of base64Forms(secret)) if (form.length >= 8 && text.includes(form)) found.push(`${where}: base64 ${form}`)
      for (const form of byteForms(secret)) if (Buffer.from(bytes).includes(form)) found.push(`${where}: UTF-16LE of ${JSON.stringify(secret)}`)
    }
  }
  return [...new Set(found)]
}

/** setupBench plus a history: a previous user replaced by a later assignment, the user cache, and log lines that mention them in every way. */
function seed(dir: string) {
  const bench = setupBench(dir)
  const { db } = bench
  db.prepare("INSERT INTO users (id, user_principal_name, display_name, mail, fetched_at) VALUES (?, ?, ?, ?, '2026-11-23T07:00:00Z')").run(
    previousId,
    previousUpn,
    previousName,
    previousUpn.toLowerCase(),
  )
  // The previous assignment, delivered; then replaced (the device row now shows Anna).
  db.prepare(
    `INSERT INTO outbox (device_id, kind, payload, base_value, server_value, state, last_error, created_at, updated_at)
    VALUES ('dev-1', 'assign-user', ?, ?, ?, 'done', ?, '2026-11-23T07:30:00.000Z', '2026-11-23T07:31:00.000Z')`,
  ).run(
    JSON.stringify({ kind: 'assign-user', userPrincipalName: previousUpn, addressableUserName: previousName }),
    JSON.stringify({ userPrincipalName: '', addressableUserName: '' }),
    JSON.stringify({ userPrincipalName: previousUpn.toUpperCase(), addressableUserName: previousName }),
    JSON.stringify({ code: 'conflict', message: `Intune already showed ${previousUpn} (${previousName}) on ${serial}` }),
  )
  db.prepare(
    "INSERT INTO audit_log (at, action, device_id, correlation_id, details) VALUES ('2026-11-23T07:45:00.000Z', 'assign-user', 'dev-1', 'corr-9', ?)",
  ).run(
    JSON.stringify({
      base: { userPrincipalName: previousUpn, addressableUserName: previousName },
      intended: { userPrincipalName: currentUpn, addressableUserName: currentName },
      note: { nested: [{ deeper: `was ${previousUpn.toLowerCase()}` }] },
    }),
  )
  const line = (time: string, msg: string, fields: Record<string, unknown> = {}) => JSON.stringify({ level: 30, time, tenantId: 't', msg, ...fields })
  appendFileSync(
    join(bench.options.logDir, 'app.log'),
    [
      line('2026-11-23T08:21:00.000Z', 'graph GET', { url: `https://graph.microsoft.com/v1.0/users/${previousUpn}?$select=id,displayName` }),
      line('2026-11-23T08:21:01.000Z', `graph GET https://graph.microsoft.com/v1.0/users/${encodeURIComponent(previousUpn.toUpperCase())}`),
      line('2026-11-23T08:21:02.000Z', 'graph GET', { url: `/v1.0/users/${previousId}/memberOf` }),
      line('2026-11-23T08:21:03.000Z', 'graph GET', {
        url: `/deviceManagement/managedDevices?$filter=${encodeURIComponent(`serialNumber eq '${serial.toLowerCase()}'`)}&$select=id`,
      }),
      line('2026-11-23T08:21:04.000Z', `redirect to /login?next=${encodeURIComponent(`/users/${encodeURIComponent(currentUpn)}`)}`),
      line('2026-11-23T08:21:05.000Z', `user ${previousName} looked up; device LDN${serial} named`, { hint: b64(previousUpn), upn: currentUpn.toUpperCase() }),
      // Written by a serialiser that escapes non-ASCII and punctuation.
      `{"level":30,"time":"2026-11-23T08:21:06.000Z","tenantId":"t","msg":"${uEscape(previousName, /[^A-Za-z0-9 ._-]/g)} \\u0040 ${uEscape(strangerUpn, /@/g)}"}`,
      line('2026-11-23T08:21:07.000Z', `mail from ${strangerUpn} about ${currentName}`),
    ].join('\n') + '\n',
  )
  return bench
}

/** Exports through the database worker's method, as the app does: the ZIP and the file name the renderer saves it under. */
async function exportThroughWorker(bench: ReturnType<typeof seed>, redact: { serials: boolean; users: boolean }, id = serial.toLowerCase()) {
  const { db, options } = bench
  const ctx = { db, log: silentLog, emit: () => undefined, allowTestHooks: false }
  const { logDir, appVersion, tenant } = options
  const result = await diagnosticsMethods['diagnostics.export'].run(ctx, {
    scope: { kind: 'device', id },
    redact,
    logDir,
    appVersion,
    tenant,
  })
  return { files: unzipSync(Buffer.from(result.bytesBase64, 'base64')), fileName: result.fileName }
}

describe('redaction: no secret survives in any form, in any entry, entry name or the file name', () => {
  const tempDir = useTempDirs()

  it('redacts every serial, UPN, display name and user id, with the same pseudonym for the same person in every file', async () => {
    const { files, fileName } = await exportThroughWorker(seed(tempDir()), { serials: true, users: true })
    expect(survivors(files, fileName)).toEqual([])
    expect(fileName).toMatch(/^autopilot-bench-diagnostics-device-serial-[0-9a-f]{12}-\d{8}T\d{6}Z\.zip$/)
    // Nothing shaped like a UPN is left, in any encoding.
    for (const [name, bytes] of Object.entries(files)) expect(decoded(strFromU8(bytes)), name).not.toMatch(/[\w.'-]+@[\w-]+\.[a-z]{2,}/i)

    // The previous user: one token in audit.json, outbox.json and the log (by UPN, encoded UPN and object id).
    const audit = JSON.parse(strFromU8(files['audit.json']!)) as Array<{ details: string }>
    const details = JSON.parse(audit[0]!.details) as {
      base: { userPrincipalName: string; addressableUserName: string }
      intended: { userPrincipalName: string }
    }
    const previous = details.base.userPrincipalName
    expect(previous).toMatch(/^user-[0-9a-f]{12}$/)
    expect(details.base.addressableUserName).toMatch(/^name-[0-9a-f]{12}$/)
    const outbox = JSON.parse(strFromU8(files['outbox.json']!)) as Array<{ state: string; payload: string; server_value: string }>
    const replaced = outbox.find((o) => o.state === 'done')!
    expect(JSON.parse(replaced.payload)).toMatchObject({ userPrincipalName: previous, addressableUserName: details.base.addressableUserName })
    expect(JSON.parse(replaced.server_value)).toMatchObject({ userPrincipalName: previous })
    const log = strFromU8(files['app-log.jsonl']!)
    expect(log).toContain(`/v1.0/users/${previous}?$select`)
    expect(log).toContain(`/v1.0/users/${previous}/memberOf`)
    expect(log.split(previous).length - 1).toBeGreaterThanOrEqual(4)
    // The current user and the serial: one token each, everywhere.
    const current = details.intended.userPrincipalName
    const devices = JSON.parse(strFromU8(files['devices.json']!)) as Array<{ serialNumber: string; userPrincipalName: string }>
    expect(devices[0]).toMatchObject({ userPrincipalName: current, serialNumber: expect.stringMatching(/^serial-[0-9a-f]{12}$/) })
    const serialToken = devices[0]!.serialNumber
    expect(fileName).toContain(serialToken)
    expect(log).toContain(`%20eq%20'${serialToken}'`)
    expect(log).toContain(`LDN${serialToken}`)
    expect(log).toContain(`%2Fusers%2F${current}`)
    expect(strFromU8(files['summary.csv']!)).toContain(serialToken)
    expect(strFromU8(files['summary.html']!)).toContain(`aria-label="Summary QR: ${serialToken}"`)
    expect(JSON.parse(strFromU8(files['manifest.json']!))).toMatchObject({ scope: { id: serialToken } })
    // Not redacted: models, group tags, device ids.
    expect(strFromU8(files['devices.json']!)).toContain('"groupTag": "BENCH-LDN"')
    expect(strFromU8(files['devices.json']!)).toContain('"model": "21HD"')
  })

  it('a device exported by its id (as the device card asks) is still named by its serial, or by its pseudonym', async () => {
    const redacted = await exportThroughWorker(seed(tempDir()), { serials: true, users: true }, 'dev-1')
    expect(survivors(redacted.files, redacted.fileName)).toEqual([])
    const token = (JSON.parse(strFromU8(redacted.files['devices.json']!)) as Array<{ serialNumber: string }>)[0]!.serialNumber
    expect(redacted.fileName).toMatch(new RegExp(`^autopilot-bench-diagnostics-device-${token}-\\d{8}T\\d{6}Z\\.zip$`))
    const plain = await exportThroughWorker(seed(tempDir()), { serials: false, users: false }, 'dev-1')
    expect(plain.fileName).toMatch(/^autopilot-bench-diagnostics-device-PF4SER1X-\d{8}T\d{6}Z\.zip$/)
  })

  it('leaves them readable without redaction (so the check above can fail)', async () => {
    const { files, fileName } = await exportThroughWorker(seed(tempDir()), { serials: false, users: false })
    const found = survivors(files, fileName).join('\n')
    for (const secret of secrets) expect(found, secret).toContain(JSON.stringify(secret).slice(0, 6))
    expect(found).toMatch(/^file name: "pf4ser1x"/im)
    expect(found).toMatch(/app-log\.jsonl: base64/)
    expect(found).toMatch(/audit\.json: "Previous\.User@Contoso\.com"/)
  })
})
