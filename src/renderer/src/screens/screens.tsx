import type { ComponentType } from 'react'
import type { ScreenId } from '../stores/ui-store'
import { DevicesScreen } from './devices-screen'
import { ChangesScreen } from './changes-screen'
import { ScanScreen } from './scan-screen'
import { SimulatorScreen } from './simulator-screen'
import { DeviceCardScreen } from './device-card-screen'
import { BenchScreen } from './bench-screen'
import { JobsScreen } from './jobs-screen'
import { DiagnosticsScreen } from './diagnostics-screen'
import { RegisterScreen } from './register-screen'
import { SettingsScreen } from './settings-screen'

/** Screen id → component. Adding a screen: a ScreenId, an entry here and one in the sidebar. */
export const screens: Record<ScreenId, ComponentType> = {
  devices: DevicesScreen,
  changes: ChangesScreen,
  scan: ScanScreen,
  simulator: SimulatorScreen,
  device: DeviceCardScreen,
  bench: BenchScreen,
  jobs: JobsScreen,
  diagnostics: DiagnosticsScreen,
  register: RegisterScreen,
  settings: SettingsScreen,
}
