/** A structural problem in an EVTX file: the message says where and what, for the review and the CLI. */
export class EvtxFormatError extends Error {
  override name = 'EvtxFormatError'
}
