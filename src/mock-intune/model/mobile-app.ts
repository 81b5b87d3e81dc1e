/**
 * mobileApp (Intune apps, `deviceAppManagement/mobileApps`): the demo tenant's app catalogue, so the
 * app can show names instead of the app ids the Enrollment Status Page tracks
 * (docs/reference/graph-api.md §C1). Fixed across seeds (mock choice): the same apps in every demo
 * tenant keep the sample diagnostics and the ESP's selectedMobileAppIds readable as names. The Win32
 * ids are the ones the sample registry dumps in the tests track (Win32App_<id>_1).
 */
export interface MobileApp {
  '@odata.type': string
  id: string
  displayName: string
  description: string
  publisher: string
  createdDateTime: string
  lastModifiedDateTime: string
  isAssigned: boolean
}

const app = (type: string, id: string, displayName: string, publisher: string, created: string): MobileApp => ({
  '@odata.type': `#microsoft.graph.${type}`,
  id,
  displayName,
  description: '',
  publisher,
  createdDateTime: created,
  lastModifiedDateTime: created,
  isAssigned: true,
})

export const DEMO_MOBILE_APPS: readonly MobileApp[] = [
  app('win32LobApp', 'aaaaaaaa-0000-4000-8000-000000000001', 'Contoso VPN Client', 'Contoso IT', '2023-01-10T09:00:00Z'),
  app('win32LobApp', 'aaaaaaaa-0000-4000-8000-000000000002', 'Bench Imaging Agent', 'Contoso IT', '2023-02-14T09:00:00Z'),
  app('win32LobApp', 'aaaaaaaa-0000-4000-8000-000000000003', 'Line-of-business Printer Drivers', 'Contoso IT', '2023-03-01T09:00:00Z'),
  app('win32LobApp', 'aaaaaaaa-0000-4000-8000-000000000004', '7-Zip', 'Igor Pavlov', '2023-03-20T09:00:00Z'),
  app('win32LobApp', 'aaaaaaaa-0000-4000-8000-000000000005', 'Google Chrome', 'Google LLC', '2023-04-02T09:00:00Z'),
  app('officeSuiteApp', 'bbbbbbbb-0000-4000-8000-000000000001', 'Microsoft 365 Apps for enterprise', 'Microsoft', '2022-11-01T09:00:00Z'),
  app('winGetApp', 'bbbbbbbb-0000-4000-8000-000000000002', 'Company Portal', 'Microsoft Corporation', '2022-11-01T09:05:00Z'),
  app('windowsMobileMSI', 'bbbbbbbb-0000-4000-8000-000000000003', 'Contoso Asset Tag Agent', 'Contoso IT', '2022-12-05T09:00:00Z'),
  app('winGetApp', 'bbbbbbbb-0000-4000-8000-000000000004', 'Microsoft Teams', 'Microsoft Corporation', '2023-05-15T09:00:00Z'),
  app('win32LobApp', 'bbbbbbbb-0000-4000-8000-000000000005', 'Zoom Workplace', 'Zoom Video Communications', '2023-06-01T09:00:00Z'),
  app('windowsWebApp', 'bbbbbbbb-0000-4000-8000-000000000006', 'Service Desk Portal', 'Contoso IT', '2023-06-20T09:00:00Z'),
  app('win32LobApp', 'bbbbbbbb-0000-4000-8000-000000000007', 'Adobe Acrobat Reader', 'Adobe', '2023-07-03T09:00:00Z'),
]

/** The apps the "ESP - Autopilot devices" page blocks on (selectedMobileAppIds). */
export const DEMO_ESP_BLOCKING_APP_IDS: readonly string[] = DEMO_MOBILE_APPS.filter((a) => a.id.startsWith('aaaaaaaa-')).map((a) => a.id)
