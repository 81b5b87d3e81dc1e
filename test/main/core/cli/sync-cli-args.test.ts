import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isLoopbackHost, parseGraphRoot, parseSyncArgs, tenantIdFor, UsageError } from '@core/cli/sync-cli-args'
import { useTempDirs } from '@support/temp-dir'

const base = ['--graph-url', 'https://graph.microsoft.com', '--data-dir', '/tmp/ab']

describe('sync CLI arguments', () => {
  // The token file's folder goes after the test (it was left in the temp folder after every run).
  const tempDir = useTempDirs()
  it('accepts Graph root over https and http only on loopback', () => {
    expect(parseGraphRoot('https://graph.microsoft.com/')).toBe('https://graph.microsoft.com')
    expect(parseGraphRoot('http://127.0.0.1:4321')).toBe('http://127.0.0.1:4321')
    expect(parseGraphRoot('http://[::1]:4321')).toBe('http://[::1]:4321')
    expect(parseGraphRoot('http://localhost:8080')).toBe('http://localhost:8080')
    for (const bad of [
      'http://10.0.0.5',
      'http://127.0.0.1.evil.example',
      'http://localhost.evil.example',
      'file:///etc/passwd',
      'https://graph.microsoft.com/beta',
      'https://graph.microsoft.com/?x=1',
      'https://a:b@graph.microsoft.com',
    ]) {
      expect(() => parseGraphRoot(bad), bad).toThrow(UsageError)
    }
    expect(isLoopbackHost('127.10.20.30')).toBe(true)
    expect(isLoopbackHost('128.0.0.1')).toBe(false)
  })

  it('takes the token from GRAPH_TOKEN or a file, trimmed, and never from the command line', () => {
    expect(parseSyncArgs(base, { GRAPH_TOKEN: ' abc.def \n' })).toEqual({
      help: false,
      options: { graphRoot: 'https://graph.microsoft.com', dataDir: '/tmp/ab', token: 'abc.def', tokenSource: 'GRAPH_TOKEN' },
    })
    const file = join(tempDir('ab-token-'), 'token')
    writeFileSync(file, 'from-file\r\n')
    expect(parseSyncArgs([...base, `--token-file=${file}`], {})).toMatchObject({ options: { token: 'from-file', tokenSource: 'token-file' } })
    expect(() => parseSyncArgs([...base, '--token', 'x'], { GRAPH_TOKEN: 'y' })).toThrow(/visible to other users/)
    expect(() => parseSyncArgs([...base, '--token=x'], {})).toThrow(/visible to other users/)
    expect(() => parseSyncArgs(base, { GRAPH_TOKEN: 'bad\u00e9token' })).toThrow(/non-ASCII/)
    expect(() => parseSyncArgs(base, { GRAPH_TOKEN: '' })).toThrow(/empty/)
    expect(() => parseSyncArgs(base, {})).toThrow(/No token/)
  })

  it('refuses --tenant for now and answers --help', () => {
    expect(() => parseSyncArgs(['--tenant', 'contoso'], {})).toThrow(/sign-in is not available yet; use GRAPH_TOKEN/)
    expect(parseSyncArgs(['--graph-url', 'x', '--help'], {})).toEqual({ help: true })
  })

  it('names the cache after the token tenant (tid) or else the Graph host', () => {
    const claims = Buffer.from(JSON.stringify({ tid: '72F988BF-86F1-41AF-91AB-2D7CD011DB47' })).toString('base64url')
    expect(tenantIdFor('https://graph.microsoft.com', `h.${claims}.s`)).toBe('72f988bf-86f1-41af-91ab-2d7cd011db47')
    const evil = Buffer.from(JSON.stringify({ tid: '../../etc' })).toString('base64url')
    expect(tenantIdFor('https://graph.microsoft.com', `h.${evil}.s`)).toBe('graph-graph.microsoft.com')
    expect(tenantIdFor('http://127.0.0.1:4321', 'mock-intune-dev-token')).toBe('graph-127.0.0.1:4321')
  })
})
