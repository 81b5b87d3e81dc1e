/**
 * Public surface of the mock Intune API. The app imports only from here, or from ./in-worker, which
 * starts the mock on a thread of its own without loading the mock into the caller's bundle. Nothing
 * in src/mock-intune imports app code (enforced by eslint.config.mjs).
 */
export { startMockIntune, type MockIntune } from './server'
export { randomToken, type MockIntuneOptions } from './options'
export type { RequestLogEntry } from './request-log'
export { startMockIntuneInWorker, type MockIntuneInWorker, type MockIntuneWorkerOptions } from './in-worker'
