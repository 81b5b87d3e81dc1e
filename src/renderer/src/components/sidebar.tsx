import type { ScreenId } from '../stores/ui-store'
import { useUiStore } from '../stores/stores-context'
import { strings } from '../strings'

interface NavEntry {
  id: ScreenId
  label: string
  shortcut?: string
}

/** Screens in sidebar order. Later issues add Bench, Scan, Jobs, Diagnostics, Simulator, Settings. */
const entries: NavEntry[] = [{ id: 'devices', label: strings.nav.devices, shortcut: strings.devices.searchShortcut }]

export function Sidebar() {
  const screen = useUiStore((state) => state.screen)
  const navigate = useUiStore((state) => state.navigate)
  return (
    <nav className="sidebar" aria-label={strings.nav.label}>
      <p className="sidebar__brand">{strings.appName}</p>
      <ul className="sidebar__list">
        {entries.map((entry) => (
          <li key={entry.id}>
            <button
              type="button"
              className="sidebar__item"
              aria-current={screen === entry.id ? 'page' : undefined}
              onClick={() => navigate(entry.id)}
            >
              <span>{entry.label}</span>
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
