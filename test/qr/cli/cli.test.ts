import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { encodePng } from '@qr/node/png'
import { frameSpecs, synthesizeFrame } from '@qr/synth/frame-set'

/** The CLIs exactly as `npm run --silent qr:decode|qr:parse -- …` runs them (run-ts → esbuild → node). */
const run = (entry: string, args: string[]) => spawnSync(process.execPath, ['scripts/run-ts.mjs', entry, ...args], { encoding: 'utf8', timeout: 60_000 })

describe('QR command-line tools', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ab-qr-cli-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('qr:decode prints one JSON line per file: text or null, format, others, ms', () => {
    const [clean, empty] = frameSpecs({ seed: 3, perCell: 1, categories: ['clean', 'empty'], resolutions: [{ width: 640, height: 480 }] }).map(synthesizeFrame)
    writeFileSync(join(dir, 'clean.png'), encodePng(clean!))
    writeFileSync(join(dir, 'empty.png'), encodePng(empty!))
    writeFileSync(join(dir, 'broken.png'), 'not a png')
    const result = run('src/qr/cli/decode-cli.ts', [join(dir, 'clean.png'), join(dir, 'empty.png')])
    expect(result.status, result.stderr).toBe(0)
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(lines).toEqual([
      { file: join(dir, 'clean.png'), text: clean!.expected, format: 'QRCode', others: [], ms: expect.any(Number) },
      { file: join(dir, 'empty.png'), text: null, format: null, others: [], ms: expect.any(Number) },
    ])
    const broken = run('src/qr/cli/decode-cli.ts', [join(dir, 'broken.png')])
    expect(broken.status).toBe(1)
    expect(JSON.parse(broken.stdout)).toMatchObject({ text: null, error: expect.stringMatching(/not a PNG/) })
    expect(run('src/qr/cli/decode-cli.ts', []).status).toBe(2)
  })

  it('qr:decode: a sticker beside the device is in `others`; two devices give text null and both as `candidates`', () => {
    const size = { width: 1280, height: 720 }
    const [second, two] = [
      synthesizeFrame(frameSpecs({ seed: 11, perCell: 1, categories: ['second'], resolutions: [size] })[0]!),
      synthesizeFrame(frameSpecs({ seed: 11, perCell: 1, categories: ['twocodes'], resolutions: [size] })[0]!),
    ]
    writeFileSync(join(dir, 'second.png'), encodePng(second))
    writeFileSync(join(dir, 'two.png'), encodePng(two))
    const result = run('src/qr/cli/decode-cli.ts', [join(dir, 'second.png'), join(dir, 'two.png')])
    expect(result.status, result.stderr).toBe(0)
    const [a, b] = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(a).toEqual({ file: join(dir, 'second.png'), text: second.expected, format: 'QRCode', others: second.others, ms: expect.any(Number) })
    expect(second.others[0]).toMatch(/^(WIFI:|https:)/)
    expect(b).toMatchObject({ text: null, format: null, others: [] })
    expect([...(b!.candidates as string[])].sort()).toEqual([...two.candidates!].sort())
  })

  it('qr:parse prints the parsed payload (exit 0) or a structured error (exit 1)', () => {
    const ok = run('src/qr/cli/parse-cli.ts', ['{"ZtdId":"E13BE37B-1913-4983-9BC4-0D6CCFE0153B","SerialNumber":"PF3ABCDE"}'])
    expect(ok.status).toBe(0)
    expect(JSON.parse(ok.stdout)).toEqual({
      kind: 'device',
      ztdId: 'e13be37b-1913-4983-9bc4-0d6ccfe0153b',
      serialNumber: 'PF3ABCDE',
      format: 'windows',
      layout: null,
    })
    const bad = run('src/qr/cli/parse-cli.ts', ['WIFI:S:bench;;'])
    expect(bad.status).toBe(1)
    expect(JSON.parse(bad.stdout)).toEqual({ error: { code: 'wifi', message: expect.any(String) } })
  })
})
