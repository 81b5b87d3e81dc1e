import { createContext, useContext, type ReactNode } from 'react'

/**
 * App names beside GUIDs in a review. The core adds `names` (lower-case GUID → name, from the tenant's
 * cached app catalogue) to an opened archive; any part of the review renders text through `NamedText`
 * and gets "Company Portal (Win32App_…_1)" where the text holds a known GUID — the id is always kept.
 */
const NamesContext = createContext<Readonly<Record<string, string>>>({})
const GUID_IN_TEXT = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi

/** Provides the review's names to everything below; shows why names are missing when the core said so. */
export function ReviewNames({ names, note, children }: { names: Readonly<Record<string, string>> | undefined; note: string | undefined; children: ReactNode }) {
  return (
    <NamesContext.Provider value={names ?? {}}>
      {note ? (
        <p className="muted" data-testid="diag-names-note">
          {note}
        </p>
      ) : null}
      {children}
    </NamesContext.Provider>
  )
}

/** The names of the known GUIDs in `text`, in order, once each. */
export function namesIn(text: string, names: Readonly<Record<string, string>>): string[] {
  const out: string[] = []
  for (const match of text.matchAll(GUID_IN_TEXT)) {
    const name = names[match[0].toLowerCase()]
    if (name !== undefined && !out.includes(name)) out.push(name)
  }
  return out
}

/** `text` as it is, or the app name(s) first with the text (the GUID) beside them. */
export function NamedText({ text }: { text: string }) {
  const known = namesIn(text, useContext(NamesContext))
  if (known.length === 0) return <>{text}</>
  return (
    <span className="named-id" title={text}>
      <strong>{known.join(', ')}</strong> (<span className="mono">{text}</span>)
    </span>
  )
}
