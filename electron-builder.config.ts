import type { Configuration } from 'electron-builder'

/**
 * Installers for the desktop app. Run through the `package:*` npm scripts on a machine that can
 * download Electron (see README → Packaging); test/unit/packaging checks this file on every run.
 *
 * Only type imports here: electron-builder loads this file with jiti, and the unit test imports it
 * without loading electron-builder itself.
 */

/** The zxing-cpp reader wasm as the renderer build emits it (out/renderer/assets/zxing_reader-<hash>.wasm). */
export const ZXING_WASM_UNPACK = 'out/renderer/assets/*.wasm'
/** better-sqlite3 (lib + the .node addon rebuilt for Electron's ABI): a native addon is dlopen()ed from disk. */
export const BETTER_SQLITE3_UNPACK = '**/node_modules/better-sqlite3/**'

const config = {
  appId: 'com.autopilotbench.app',
  productName: 'Autopilot Bench',
  copyright: 'Copyright © Autopilot Bench contributors',
  directories: {
    output: 'dist',
    buildResources: 'build',
  },
  // The built bundles and package.json only; electron-builder adds the production dependencies
  // (package.json `dependencies`) by itself. No sources, tests, docs, benchmarks or the web server.
  files: [
    'out/main/**/*',
    'out/preload/**/*',
    'out/renderer/**/*',
    'package.json',
    '!out/**/*.map',
    // better-sqlite3 ships the SQLite amalgamation and its C++ sources; only lib/ and build/Release are run.
    '!**/node_modules/better-sqlite3/{deps,src}/**',
  ],
  asar: true,
  // Unpacked files sit next to app.asar in app.asar.unpacked. Electron's fs redirects reads and
  // dlopen of an unpacked file transparently, so the runtime paths stay the asar paths.
  asarUnpack: [BETTER_SQLITE3_UNPACK, ZXING_WASM_UNPACK],

  // Native addons: rebuild better-sqlite3 for Electron's ABI while packaging (@electron/rebuild,
  // prebuilt binary when one exists). This rewrites node_modules/better-sqlite3 in place: run
  // `npm rebuild better-sqlite3` afterwards to get the Node build back for the tests.
  npmRebuild: true,
  // The app has no binding.gyp of its own: nothing for `node-gyp rebuild` at the project root.
  nodeGypRebuild: false,
  buildDependenciesFromSource: false,

  electronFuses: {
    // ELECTRON_RUN_AS_NODE would turn the signed binary into a plain Node interpreter. The app never
    // forks (its database runs in a worker_threads Worker), so nothing needs it.
    runAsNode: false,
    // NODE_OPTIONS / NODE_EXTRA_CA_CERTS and --inspect / SIGUSR1: code injection and debugging
    // entry points a production build must not honour.
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    // Chromium's cookie store encrypted with the OS key store (one-way: never turn it off again).
    enableCookieEncryption: true,
    // app.asar is checked against the hash embedded in the binary (macOS; Windows from Electron 30),
    // and Electron loads the app from app.asar only (no app/ folder, no default_app.asar).
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    // No custom browser-process V8 snapshot ships with the app.
    loadBrowserProcessSpecificV8Snapshot: false,
    // The UI is served from app://bench (src/main/shell/app-protocol.ts), never from file://.
    grantFileProtocolExtraPrivileges: false,
  },

  win: {
    target: [
      { target: 'nsis', arch: ['x64'] },
      { target: 'portable', arch: ['x64'] },
    ],
    // Unsigned unless the customer provides a certificate (CSC_LINK / WIN_CSC_LINK).
    requestedExecutionLevel: 'asInvoker',
  },
  nsis: {
    // Per-user install under %LOCALAPPDATA%\Programs: no UAC prompt, no administrator needed.
    oneClick: true,
    perMachine: false,
    allowElevation: false,
    artifactName: '${name}-${version}-setup-${arch}.${ext}',
  },
  portable: {
    artifactName: '${name}-${version}-portable-${arch}.${ext}',
  },
  linux: {
    target: [
      { target: 'AppImage', arch: ['x64'] },
      { target: 'deb', arch: ['x64'] },
    ],
    category: 'Utility',
    maintainer: 'Autopilot Bench maintainers',
    synopsis: 'Windows Autopilot pre-provisioning bench companion',
  },
  appImage: {
    artifactName: '${name}-${version}-${arch}.${ext}',
  },
  deb: {
    artifactName: '${name}_${version}_${arch}.${ext}',
  },
  mac: {
    target: [{ target: 'dmg', arch: ['x64', 'arm64'] }],
    category: 'public.app-category.utilities',
    // Signing and notarisation are the customer's step (their Developer ID). With an identity the
    // app is signed with the hardened runtime and these entitlements (V8 JIT, camera).
    hardenedRuntime: true,
    entitlements: 'build/entitlements.mac.plist',
    entitlementsInherit: 'build/entitlements.mac.plist',
    notarize: false,
    extendInfo: {
      NSCameraUsageDescription: 'Autopilot Bench uses the camera to scan device QR codes and barcodes.',
    },
  },
  dmg: {
    artifactName: '${name}-${version}-${arch}.${ext}',
  },
  // Nothing is published from a build; releases are uploaded by hand.
  publish: null,
} satisfies Configuration

export default config
