import { AppFailure } from '../app-error'
import type { MainToWorker } from './protocol'

/**
 * Fresh Graph tokens for the worker, asked of the core: the sign-in (MSAL and its cache) lives on the
 * main thread, so a sync that outlives its token asks there and carries on (docs/reference/identity.md §msal).
 */
type TokenAnswer = Extract<MainToWorker, { type: 'token' }>

let requester: ((id: number) => void) | null = null
const waiting = new Map<number, { resolve: (token: string) => void; reject: (error: Error) => void }>()
let nextId = 1

export function setTokenRequester(send: (id: number) => void): void {
  requester = send
}

export function answerToken(message: TokenAnswer): void {
  const entry = waiting.get(message.id)
  if (!entry) return
  waiting.delete(message.id)
  if (message.ok) entry.resolve(message.token)
  else entry.reject(new AppFailure(message.error.code, message.error.message))
}

/** A fresh token from the core; fails with the core's reason (e.g. sign in again) when there is none. */
export function requestFreshToken(): Promise<string> {
  const send = requester
  if (!send) return Promise.reject(new AppFailure('unauthorized', 'Intune refused the sign-in token.'))
  const id = nextId++
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject })
    send(id)
  })
}
