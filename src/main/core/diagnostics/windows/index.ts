/**
 * Windows' own diagnostics, read offline on any OS: the MDMDiagnosticsTool registry dump, the
 * downloaded Autopilot profile JSON, and the archive layout around them. Pure functions over bytes;
 * Electron-free. See each module for the sources of every key, value and bit it reads.
 */
export { decodeText, looksBinary, type DecodedText, type TextEncodingName } from './text'
export {
  DEFAULT_REG_LIMITS,
  findRegKey,
  findRegValue,
  listRegSubkeys,
  normalizeRegPath,
  parseRegFile,
  regValueAsNumber,
  regValueAsString,
  type RegErrorCode,
  type RegFile,
  type RegKey,
  type RegParseLimits,
  type RegValue,
  type RegValueType,
  type RegWarning,
} from './reg-file'
export { OOBE_CONFIG_BITS, decodeOobeConfig, type DecodedOobeBit, type DecodedOobeConfig, type OobeBitDefinition, type OobeBitSource } from './oobe-config'
export {
  AUTOPILOT_DIAGNOSTICS_KEY,
  AUTOPILOT_POLICY_CACHE_KEY,
  ENROLLMENTS_KEY,
  ESP_TRACKING_KEY,
  ESTABLISHED_CORRELATIONS_KEY,
  ODJ_APPLIED_KEY,
  OMADM_KEY,
  extractAutopilotFindings,
  type AutopilotFindings,
  type AutopilotFound,
  type EspCategory,
  type EspCategoryId,
  type EspItem,
  type EspItemState,
  type EspScope,
  type EspTrackingFinding,
  type Finding,
  type FirstSyncFinding,
  type PolicyJsonCacheSummary,
  type RegSource,
} from './autopilot-findings'
export { DEFAULT_MAX_ZTD_BYTES, ZTD_FIELD_NAMES, parseAutopilotDdsZtdFile, type ZtdFieldName, type ZtdFileResult } from './ztd-file'
export {
  MDM_DIAGNOSTICS_CAB_COMMAND,
  MDM_DIAGNOSTICS_ZIP_COMMAND,
  NESTED_ARCHIVE_MESSAGE,
  identifyEventLog,
  inspectWindowsArchive,
  sniffContainer,
  type ArchiveEntryLike,
  type ArchiveFileEntry,
  type ArchiveFileRole,
  type ContainerFormat,
  type EventLogEntry,
  type InspectOptions,
  type NotParsedEntry,
  type WindowsArchiveKind,
  type WindowsArchiveReport,
} from './archive'
