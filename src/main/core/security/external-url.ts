import { parseStrictUrl } from './raw-url'

/** Windows' ShellExecute and some browsers truncate or reject longer command lines. */
const MAX_EXTERNAL_URL_LENGTH = 2048

/**
 * The canonical form of a link we are willing to hand to the OS browser, or null.
 *
 * `shell.openExternal` runs whatever handler the OS has for the scheme, so only http(s) pass:
 * no `file:` (runs local programs), `javascript:`/`data:`, `ms-settings:`, `smb:` or any custom
 * scheme. The raw text must spell `http://` / `https://` itself: the URL parser would otherwise
 * repair `https:evil.com`, `https:\\evil.com` or `https:///evil.com` into something the renderer never wrote.
 * Credentials in the URL are refused: `https://intune.microsoft.com@evil.example` is a phishing shape.
 */
export function toSafeExternalUrl(url: unknown): string | null {
  const parsed = parseStrictUrl(url, MAX_EXTERNAL_URL_LENGTH)
  if (!parsed || typeof url !== 'string') return null
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null
  if (!url.toLowerCase().startsWith(`${parsed.protocol}//`)) return null
  if (url.charAt(parsed.protocol.length + 2) === '/') return null // `https:///evil` would parse as host `evil`
  if (parsed.hostname === '' || parsed.username !== '' || parsed.password !== '') return null
  return parsed.href
}

/** Pure predicate for the one `shell.openExternal` entry point (security checklist #15). */
export const isSafeExternalUrl = (url: unknown): boolean => toSafeExternalUrl(url) !== null
