import type { ServerResponse } from 'node:http'
import { GraphError, IntuneError, graphErrorBody, intuneErrorBody, type ErrorIds } from '../graph-errors'
import type { MockResponse } from './context'

/** What Graph itself sends for JSON bodies. */
export const JSON_CONTENT_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8'

/** A fixed stand-in for Graph's routing diagnostics header, handy when eyeballing traffic. */
const DIAGNOSTIC = JSON.stringify({ ServerInfo: { DataCenter: 'Mock Intune', Slice: 'E', Ring: '0', ScaleUnit: '000', RoleInstance: 'MOCK-INTUNE' } })

/** Converts anything a handler threw into the Graph or Intune error response. */
export function errorResponse(error: unknown, ids: ErrorIds): MockResponse {
  if (error instanceof IntuneError) {
    const headers = { ...error.options.headers, ...(error.options.retryAfter === undefined ? {} : { 'Retry-After': error.options.retryAfter }) }
    return { status: error.status, body: intuneErrorBody(error.code, error.resourcePath, ids, error.options), headers }
  }
  if (error instanceof GraphError) return { status: error.status, body: graphErrorBody(error.code, error.message, ids), headers: error.headers }
  // A bug in the mock still answers like Graph would, and says so on stderr.
  console.error('[mock-intune] unhandled error', error)
  return { status: 500, body: graphErrorBody('generalException', 'An unexpected error occurred in the mock Intune API.', ids) }
}

export interface WriteOptions {
  /** Fault injection: send only the first half of the body (framed correctly, so the JSON is cut). */
  truncate?: boolean
  /** Ask the client to close the connection afterwards (e.g. after an oversized body). */
  close?: boolean
  /** The response's `jsonText` already encoded as UTF-8 (during a latency wait). */
  encoded?: Buffer
}

export function writeResponse(res: ServerResponse, response: MockResponse, ids: ErrorIds, options: WriteOptions = {}): void {
  if (res.headersSent || res.destroyed) return
  const headers: Record<string, string> = {
    'request-id': ids.requestId,
    'client-request-id': ids.clientRequestId,
    'x-ms-ags-diagnostic': DIAGNOSTIC,
    'Cache-Control': 'no-cache',
    ...(options.close ? { Connection: 'close' } : {}),
    ...response.headers,
  }
  if (response.status === 204 || (response.body === undefined && response.raw === undefined && response.jsonText === undefined)) {
    res.writeHead(response.status, headers).end()
    return
  }
  const full = response.raw ? response.raw.bytes : (options.encoded ?? Buffer.from(response.jsonText ?? JSON.stringify(response.body), 'utf8'))
  const payload = options.truncate ? full.subarray(0, Math.floor(full.length / 2)) : full
  const contentType = response.raw ? response.raw.contentType : JSON_CONTENT_TYPE
  res.writeHead(response.status, { ...headers, 'Content-Type': contentType, 'Content-Length': String(payload.length) }).end(payload)
}
