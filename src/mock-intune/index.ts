/**
 * Public surface of the mock Intune API. The app imports only from here; nothing in
 * src/mock-intune imports app code (enforced by eslint.config.mjs).
 */
export { startMockIntune, type MockIntune } from './server'
export { randomToken, type MockIntuneOptions } from './options'
export type { RequestLogEntry } from './request-log'
