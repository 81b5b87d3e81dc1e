/**
 * Windows event logs (.evtx) read offline on any OS: the file and chunk structure with checksums,
 * Binary XML with templates and substitutions, and the Autopilot events explained in words.
 * Pure functions over bytes; Electron-free. docs/reference/evtx-format.md describes the format.
 */
export { EVTX_MAGIC, isEvtx, readEvtx, type EvtxReadOptions, type EvtxReadResult } from './read-evtx'
export { EvtxFormatError } from './evtx-error'
export type { EvtxEvent } from './event-model'
