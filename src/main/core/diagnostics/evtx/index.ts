/**
 * Windows event logs (.evtx) read offline on any OS: the file and chunk structure with checksums,
 * Binary XML with templates and substitutions, and the Autopilot events explained in words.
 * Pure functions over bytes; Electron-free. docs/reference/evtx-format.md describes the format.
 */
export { EVTX_MAGIC, isEvtx, readEvtx, type EvtxReadOptions, type EvtxReadResult } from './read-evtx'
export { EvtxFormatError } from './evtx-error'
export type { EvtxEvent } from './event-model'
export {
  AUTOPILOT_CHANNEL,
  DEVICE_MANAGEMENT_CHANNEL,
  DEVICE_REGISTRATION_CHANNEL,
  explainEvent,
  isAutopilotChannel,
  type EventExplanation,
} from './autopilot-events'
export { summarizeEventLog, type EventLogSummary, type EventRow, type SummarizeOptions, type TimelineEvent } from './summarize-event-log'
