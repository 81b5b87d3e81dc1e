/**
 * The pure Autopilot domain for the technician flow: error knowledge base, readiness rules,
 * profile-assignment explanation, device-name templates and the pre-provisioning attempt model.
 * Platform-neutral (main and renderer); facts cite docs/reference/autopilot.md.
 */
export * from './citation'
export * from './learn-pages'
export * from './error-input'
export * from './error-knowledge'
export * from './explain-error'
export * from './oem'
export * from './device-name'
export * from './device-name-target'
export * from './membership-rule'
export * from './profile-assignment'
export * from './awaited-profile'
export * from './readiness'
export * from './readiness-badge'
export * from './readiness-reuse'
export * from './unblock-need'
export * from './attempt'
export * from './clouds'
export * from './permissions'
export * from './identity-errors'
