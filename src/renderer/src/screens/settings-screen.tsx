import { useAppStore, useIdentityStore } from '../stores/stores-context'
import { usePreference } from '../data/use-preference'
import { settingsStrings as s } from '../strings/settings'
import { TenantList } from '../components/settings/tenant-list'
import { AddTenantForm } from '../components/settings/add-tenant-form'
import { SignInPanel } from '../components/settings/sign-in-panel'
import { PermissionsTable } from '../components/settings/permissions-table'
import { SyncPanel } from '../components/sync-panel'
import { useRef } from 'react'
import { useHeadingFocus } from '../hooks/use-heading-focus'
import './settings-screen.css'

/** Tenants and sign-in, granted vs needed permissions, sync, cameras and sounds, data folder, about. */
export function SettingsScreen() {
  const headingRef = useRef<HTMLHeadingElement>(null)
  // Opened from a scan of another tenant's device ("Switch tenant in Settings"): the keyboard starts here, not on <body>.
  useHeadingFocus('settings', headingRef)
  return (
    <div className="settings" data-testid="settings-screen">
      <h1 tabIndex={-1} ref={headingRef}>
        {s.heading}
      </h1>
      <DatabaseNoticeSection />
      <SignInPanel />
      <TenantList />
      <PermissionsTable />
      <AddTenantForm />
      <StorageSection />
      <SyncSection />
      <ScanningSection />
      <AboutSection />
    </div>
  )
}

/** First on the screen when the database on this PC was found damaged or was rebuilt (the status bar links here). */
function DatabaseNoticeSection() {
  const notice = useAppStore((state) => state.info?.databaseNotice ?? null)
  if (!notice) return null
  return (
    <section
      className="settings__panel settings__panel--attention"
      aria-labelledby="settings-database-heading"
      data-testid="settings-database-notice"
      data-kind={notice.kind}
    >
      <h2 id="settings-database-heading">{s.database.heading[notice.kind]}</h2>
      <p>{notice.text}</p>
    </section>
  )
}

function StorageSection() {
  const storage = useIdentityStore((state) => state.overview?.storage ?? null)
  if (!storage) return null
  return (
    <section className="settings__panel" aria-labelledby="settings-storage-heading" data-testid="settings-storage" data-mode={storage.mode}>
      <h2 id="settings-storage-heading">{s.storage.heading}</h2>
      <p>{storage.description}</p>
    </section>
  )
}

/** The same Sync control as the device list: when it last succeeded, its progress, Cancel, and why it failed. */
function SyncSection() {
  return (
    <section className="settings__panel" aria-labelledby="settings-sync-heading">
      <h2 id="settings-sync-heading">{s.sync.heading}</h2>
      <SyncPanel />
    </section>
  )
}

function ScanningSection() {
  const [mirror, setMirror] = usePreference<boolean>('scan.mirror', false)
  const [sound, setSound] = usePreference<boolean>('scan.sound', true)
  // The same preference as the Bench's own checkbox: where a technician looks for sounds, it is here too.
  const [cueMuted, setCueMuted] = usePreference<boolean>('bench.cueMuted', false)
  return (
    <section className="settings__panel" aria-labelledby="settings-scanning-heading">
      <h2 id="settings-scanning-heading">{s.scanning.heading}</h2>
      <label className="settings__check">
        <input type="checkbox" checked={mirror} onChange={(event) => setMirror(event.target.checked)} /> {s.scanning.mirror}
      </label>
      <label className="settings__check">
        <input type="checkbox" checked={sound} onChange={(event) => setSound(event.target.checked)} /> {s.scanning.sound}
      </label>
      <label className="settings__check">
        <input type="checkbox" checked={!cueMuted} onChange={(event) => setCueMuted(!event.target.checked)} /> {s.scanning.outcomeCue}
      </label>
      <p className="muted">{s.scanning.camera}</p>
    </section>
  )
}

function AboutSection() {
  const info = useAppStore((state) => state.info)
  const storage = useIdentityStore((state) => state.overview?.storage ?? null)
  if (!info) return null
  const d = s.dataFolder
  return (
    <>
      <section className="settings__panel" aria-labelledby="settings-data-heading">
        <h2 id="settings-data-heading">{s.dataFolder.heading}</h2>
        <p>
          <code data-testid="settings-data-dir">{info.dataDir ?? '—'}</code>
        </p>
        {/* What is kept there, read from the code that writes it (identity/, repos/, logging/): not a guess. */}
        <div className="settings__data-folder" data-testid="settings-data-contents">
          <p>{d.intro}</p>
          <ul className="settings__data-contents">
            <li>{d.caches}</li>
            <li>{d.tenants}</li>
            {storage ? <li>{storage.mode === 'encrypted-file' ? d.tokensEncrypted(storage.description) : d.tokensMemory}</li> : null}
            <li>{d.logs}</li>
            <li>{d.demo}</li>
            <li>{d.lock}</li>
          </ul>
          <p>{d.protection}</p>
          <p>{d.remove}</p>
        </div>
        {info.dataDirWarning ? <p role="note">{info.dataDirWarning}</p> : null}
      </section>
      <section className="settings__panel" aria-labelledby="settings-about-heading">
        <h2 id="settings-about-heading">{s.about.heading}</h2>
        <dl className="settings__about">
          <dt>{s.about.version}</dt>
          <dd>{info.version}</dd>
          <dt>{s.about.transport}</dt>
          <dd>{info.transport === 'ipc' ? s.about.ipc : s.about.http}</dd>
          <dt>{s.about.timeZone}</dt>
          <dd>{info.timeZone}</dd>
        </dl>
      </section>
    </>
  )
}
