import { AppFailure } from '../app-error'

/** 127.0.0.0/8, ::1 and `localhost`: the embedded demo tenant and test servers, never a network hop. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1')
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host)
}

/**
 * The one gate in front of every request that carries the Graph token
 * (docs/reference/graph-api.md B14): the parsed URL must have the configured Graph origin
 * (scheme, host and port; WHATWG `URL.origin` normalises case and default ports) and must not be
 * plain http unless the host is loopback. Anything else — an `@odata.nextLink` naming another host,
 * a downgrade from https to http, a scheme that is not http(s) — is refused before a byte is sent.
 */
export function checkGraphUrl(target: string, graphOrigin: string): URL {
  let url: URL
  try {
    url = new URL(target)
  } catch {
    throw unsafeLink('Intune sent a next-page link that is not a valid address; the sync stopped so your sign-in is not sent anywhere unexpected.', null)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw unsafeLink(`Intune's answer pointed to a ${url.protocol.replace(/:$/, '')} address; the sync stopped so your sign-in is not sent there.`, url)
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw unsafeLink(`Intune's answer pointed to an unencrypted address (http://${url.host}); the sync stopped so your sign-in is not sent there.`, url)
  }
  if (url.origin !== graphOrigin) {
    throw unsafeLink(`Intune's answer pointed to another server (${url.host}); the sync stopped so your sign-in is not sent there.`, url)
  }
  return url
}

const unsafeLink = (message: string, url: URL | null) =>
  // Only the host goes into details and logs: a link's query string may carry anything.
  new AppFailure('unsafe-link', message, { host: url?.host ?? null, protocol: url?.protocol ?? null })
