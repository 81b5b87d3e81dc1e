import type { ScreenId } from '../stores/ui-store'
import { useAppStore, useChangeSummaryStore, useUiStore } from '../stores/stores-context'
import { notInIntune } from '../stores/change-summary-store'
import { formatCount } from '../format-number'
import { strings } from '../strings'
import { settingsStrings } from '../strings/settings'
import { TenantSwitcher } from './tenant-switcher'

interface NavEntry {
  id: ScreenId
  label: string
  shortcut?: string
  /** A count shown next to the label (read out with it). */
  badge?: 'changes'
  /** Shown only for the embedded demo tenant. */
  demoOnly?: boolean
}

/** Screens in sidebar order (the device card is reached from a device, not from here). */
const entries: NavEntry[] = [
  { id: 'bench', label: strings.nav.bench },
  { id: 'devices', label: strings.nav.devices, shortcut: strings.devices.searchShortcut },
  { id: 'changes', label: strings.nav.changes, badge: 'changes' },
  { id: 'scan', label: strings.nav.scan, shortcut: strings.scan.shortcut },
  { id: 'jobs', label: strings.nav.jobs },
  { id: 'register', label: strings.nav.register },
  { id: 'diagnostics', label: strings.nav.diagnostics },
  { id: 'simulator', label: strings.nav.simulator, demoOnly: true },
  { id: 'settings', label: settingsStrings.nav },
]

export function Sidebar() {
  const screen = useUiStore((state) => state.screen)
  const navigate = useUiStore((state) => state.navigate)
  const changesCount = useChangeSummaryStore((state) => notInIntune(state.summary))
  const demo = useAppStore((state) => state.info?.tenant.kind === 'embedded-mock')
  // The demo's extra screen is known once the app's info is: until then no buttons, rather than buttons
  // that move down under the pointer when it appears (a click in that moment was lost).
  const infoKnown = useAppStore((state) => state.info !== null || state.error !== null)
  return (
    <nav className="sidebar" aria-label={strings.nav.label}>
      <p className="sidebar__brand">{strings.appName}</p>
      <TenantSwitcher />
      <ul className="sidebar__list" aria-busy={infoKnown ? undefined : true}>
        {entries
          .filter((entry) => infoKnown && (!entry.demoOnly || demo))
          .map((entry) => (
            <li key={entry.id}>
              <button
                type="button"
                className="sidebar__item"
                aria-current={screen === entry.id ? 'page' : undefined}
                aria-label={
                  entry.badge === 'changes' && changesCount > 0 ? `${entry.label}, ${strings.nav.changesBadge(formatCount(changesCount))}` : undefined
                }
                onClick={() => navigate(entry.id)}
              >
                <span>{entry.label}</span>
                {entry.badge === 'changes' && changesCount > 0 ? (
                  <span className="sidebar__badge" data-testid="changes-badge" aria-hidden="true">
                    {formatCount(changesCount)}
                  </span>
                ) : null}
                {entry.shortcut ? (
                  <kbd className="sidebar__kbd" aria-hidden="true">
                    {entry.shortcut}
                  </kbd>
                ) : null}
              </button>
            </li>
          ))}
      </ul>
    </nav>
  )
}
