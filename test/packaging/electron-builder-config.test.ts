import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, posix, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Configuration } from 'electron-builder'
import builderConfig, { BETTER_SQLITE3_UNPACK, ZXING_WASM_UNPACK } from '../../electron-builder.config'
import viteConfig from '../../electron.vite.config'
import { startCoreOrExplain } from '@main/shell/start-core'
import type { Core } from '@core/create-core'

/**
 * The installer configuration, checked without building an installer (that needs the Electron
 * binary; README → Packaging). Globs are matched with electron-builder's own minimatch and its
 * "last matching pattern wins" rule, so a pattern that reads right but matches nothing fails here.
 */

const root = resolve(import.meta.dirname, '../..')
const requireHere = createRequire(import.meta.url)
const requireFromBuilder = createRequire(requireHere.resolve('app-builder-lib/package.json'))

interface MinimatchLike {
  negate: boolean
  match(path: string, partial?: boolean): boolean
}
const { Minimatch } = requireFromBuilder('minimatch') as { Minimatch: new (pattern: string, options: { dot: boolean }) => MinimatchLike }

/** electron-builder's util/filter minimatchAll: a later `!pattern` removes, a later pattern re-adds. */
function matchesAll(path: string, patterns: readonly string[]): boolean {
  let match = false
  for (const pattern of patterns.map((p) => new Minimatch(p, { dot: true }))) {
    if (match !== pattern.negate) continue
    match = pattern.match(path)
  }
  return match
}

const config: Configuration = builderConfig
const files = config.files as string[]
const asarUnpack = config.asarUnpack as string[]
const isPackaged = (path: string) => matchesAll(path, files)
/** Production dependencies are copied by electron-builder itself, filtered by the `!` patterns of `files` only. */
const isDependencyFilePackaged = (path: string) => matchesAll(path, ['**/*', ...files.filter((p) => p.startsWith('!'))])
const isUnpacked = (path: string) => matchesAll(path, asarUnpack)

const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  main: string
  scripts: Record<string, string>
  devDependencies: Record<string, string>
}

/** The bundle names electron.vite.config.ts gives its main process (index, db-worker, and any added later). */
function mainBundles(): string[] {
  const main = (viteConfig as { main?: { build?: { outDir?: string; rollupOptions?: { input?: unknown } } } }).main
  const input = main?.build?.rollupOptions?.input
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw new Error('electron.vite.config.ts main input is not a named-entry object')
  const outDir = main?.build?.outDir ?? 'out/main'
  return Object.keys(input).map((name) => posix.join(outDir, `${name}.js`))
}

function rendererAssetsDir(): string {
  const renderer = (viteConfig as { renderer?: { build?: { outDir?: string; assetsDir?: string } } }).renderer
  const outDir = renderer?.build?.outDir ?? join(root, 'out/renderer')
  return posix.join(relative(root, outDir).replaceAll('\\', '/'), renderer?.build?.assetsDir ?? 'assets')
}

describe('electron-builder configuration', () => {
  it('is the file the package scripts hand to electron-builder, and electron-builder accepts it', async () => {
    for (const [script, flag] of [
      ['package:win', '--win'],
      ['package:linux', '--linux'],
      ['package:mac', '--mac'],
    ] as const) {
      expect(packageJson.scripts[script]).toBe(`npm run build && electron-builder --config electron-builder.config.ts ${flag}`)
    }
    expect(packageJson.scripts.package).toBe('npm run build && electron-builder --config electron-builder.config.ts')
    expect(packageJson.scripts['rebuild:electron']).toBe('electron-builder install-app-deps')
    expect(packageJson.devDependencies['electron-builder']).toBeDefined()

    // Loaded the way `electron-builder --config electron-builder.config.ts` loads it (jiti), then
    // checked against electron-builder's JSON schema: an unknown or misspelt option throws.
    const { getConfig, validateConfiguration } = requireFromBuilder('./out/util/config/config') as {
      getConfig: (projectDir: string, configPath: string, configFromOptions: null) => Promise<Configuration>
      validateConfiguration: (config: Configuration, debugLogger: unknown) => Promise<void>
    }
    const { DebugLogger } = requireFromBuilder('builder-util') as { DebugLogger: new (enabled: boolean) => unknown }
    const loaded = await getConfig(root, 'electron-builder.config.ts', null)
    await expect(validateConfiguration(loaded, new DebugLogger(false))).resolves.toBeUndefined()
    expect(loaded.electronFuses).toEqual(config.electronFuses)
  }, 30_000)

  it('names the app and writes installers to dist/', () => {
    expect(config.productName).toBe('Autopilot Bench')
    expect(config.appId).toMatch(/^[a-z0-9]+(\.[a-z0-9-]+)+$/)
    expect(config.directories?.output).toBe('dist')
    expect(config.directories?.buildResources).toBe('build')
  })

  it('builds every required target', () => {
    const targets = (platform: 'win' | 'linux' | 'mac') =>
      (config[platform]?.target as { target: string; arch: string[] }[]).map((t) => `${t.target}:${[...t.arch].sort().join('+')}`)
    expect(targets('win')).toEqual(['nsis:x64', 'portable:x64'])
    expect(targets('linux')).toEqual(['AppImage:x64', 'deb:x64'])
    expect(targets('mac')).toEqual(['dmg:arm64+x64'])
  })

  it('sets exactly the required Electron fuses', () => {
    // Every fuse named: dropping or flipping one fails. toStrictEqual also fails on an extra key.
    expect(config.electronFuses).toStrictEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    })
  })

  it('packs the app into an asar archive and rebuilds native addons for Electron', () => {
    expect(config.asar).toBe(true) // onlyLoadAppFromAsar would find no app without it
    expect(config.npmRebuild).toBe(true)
    expect(config.buildDependenciesFromSource).toBe(false)
    expect(config.nodeGypRebuild).toBe(false)
  })

  it('packages the built bundles and package.json, and no sources, tests, docs, benchmarks or maps', () => {
    expect(isPackaged('package.json')).toBe(true)
    for (const built of ['out/preload/index.cjs', 'out/renderer/index.html', 'out/renderer/assets/index-abc123.js', 'out/main/chunks/shared-abc123.js']) {
      expect(isPackaged(built), built).toBe(true)
    }
    for (const excluded of [
      'src/main/index.ts',
      'src/renderer/src/main.tsx',
      'test/packaging/electron-builder-config.test.ts',
      'docs/mock-intune.md',
      'bench/sync.bench.ts',
      'scripts/start.mjs',
      'README.md',
      'electron-builder.config.ts',
      'electron.vite.config.ts',
      'tsconfig.json',
      'out/web/server.cjs', // the browser transport's server never ships in the desktop app
      'out/main/index.js.map',
      'out/renderer/assets/index-abc123.js.map',
      'dist/linux-unpacked/autopilot-bench',
    ]) {
      expect(isPackaged(excluded), excluded).toBe(false)
    }
    // better-sqlite3's SQLite amalgamation and C++ sources are build inputs, not run at all.
    expect(isDependencyFilePackaged('node_modules/better-sqlite3/deps/sqlite3/sqlite3.c')).toBe(false)
    expect(isDependencyFilePackaged('node_modules/better-sqlite3/src/better_sqlite3.cpp')).toBe(false)
    for (const runtime of [
      'node_modules/better-sqlite3/lib/database.js',
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      'node_modules/bindings/bindings.js',
    ]) {
      expect(isDependencyFilePackaged(runtime), runtime).toBe(true)
    }
  })

  it('packages package.json main and every main-process bundle electron.vite.config.ts builds', () => {
    const bundles = mainBundles()
    expect(bundles).toEqual(expect.arrayContaining(['out/main/index.js', 'out/main/db-worker.js']))
    expect(bundles).toContain(posix.normalize(packageJson.main))
    for (const bundle of bundles) expect(isPackaged(bundle), bundle).toBe(true)
  })

  it('unpacks the better-sqlite3 native addon and the zxing wasm from the archive', () => {
    expect(asarUnpack).toEqual([BETTER_SQLITE3_UNPACK, ZXING_WASM_UNPACK])
    // The addon as @electron/rebuild leaves it, and the JS that dlopens it next to it.
    expect(isUnpacked('node_modules/better-sqlite3/build/Release/better_sqlite3.node')).toBe(true)
    expect(isUnpacked('node_modules/better-sqlite3/lib/database.js')).toBe(true)
    // The wasm as the renderer build emits it: <renderer outDir>/<assetsDir>/zxing_reader-<hash>.wasm.
    const wasm = posix.join(rendererAssetsDir(), 'zxing_reader-Bb9Mx2Pu.wasm')
    expect(wasm).toBe('out/renderer/assets/zxing_reader-Bb9Mx2Pu.wasm')
    expect(isPackaged(wasm)).toBe(true)
    expect(isUnpacked(wasm)).toBe(true)
    // Nothing else: unpacked files are outside ASAR integrity validation.
    expect(isUnpacked('out/main/index.js')).toBe(false)
    expect(isUnpacked('out/renderer/assets/index-abc123.js')).toBe(false)
    expect(isUnpacked('node_modules/pino/pino.js')).toBe(false)
  })

  it('starts the database worker from inside app.asar, where Electron loads worker_threads scripts', async () => {
    // Electron has initialised asar support in worker_threads since 18 (electron/electron#33216), so
    // the worker bundle stays in the integrity-checked archive. better-sqlite3's dlopen of the
    // unpacked addon is redirected by Electron's asar fs to app.asar.unpacked.
    expect(Number(/\d+/.exec(packageJson.devDependencies.electron ?? '')?.[0])).toBeGreaterThanOrEqual(18)

    const resources = '/opt/Autopilot Bench/resources'
    const mainDir = posix.join(resources, 'app.asar', 'out/main') // __dirname of out/main/index.js when packaged
    let workerPath = ''
    const core = await startCoreOrExplain({
      app: { getPath: () => '/home/tech/.config/Autopilot Bench', getVersion: () => '0.1.0', exit: () => undefined },
      dialog: { showErrorBox: () => undefined },
      env: {},
      mainDir,
      log: { log: () => undefined, attach: () => undefined, appWide: { log: () => undefined } },
      startMockIntune: () => Promise.resolve({ url: 'http://127.0.0.1:1', token: 't', close: () => Promise.resolve() }),
      createCore: (options) => {
        workerPath = options.workerPath
        return Promise.resolve({} as Core)
      },
    })
    expect(core).not.toBeNull()
    const inArchive = posix.relative(posix.join(resources, 'app.asar'), workerPath.replaceAll('\\', '/'))
    expect(inArchive).toBe('out/main/db-worker.js')
    expect(mainBundles()).toContain(inArchive)
    expect(isPackaged(inArchive)).toBe(true)
  })

  it('asks for the camera on macOS and installs per user on Windows', () => {
    expect(config.mac?.extendInfo).toMatchObject({ NSCameraUsageDescription: expect.stringMatching(/camera/i) })
    expect(config.mac?.hardenedRuntime).toBe(true)
    const entitlements = readFileSync(join(root, config.mac?.entitlements ?? 'missing'), 'utf8')
    expect(entitlements).toContain('<key>com.apple.security.device.camera</key>')
    expect(entitlements).toContain('<key>com.apple.security.cs.allow-jit</key>')
    expect(config.nsis).toMatchObject({ perMachine: false, allowElevation: false })
    expect(config.win?.requestedExecutionLevel).toBe('asInvoker')
    expect(config.publish).toBeNull()
  })
})
