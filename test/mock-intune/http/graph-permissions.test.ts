import { describe, expect, it } from 'vitest'
import { requirementFor } from '@mock-intune/http/graph-permissions'

const split = (path: string) => path.split('/').filter((s) => s !== '')

describe('the permission table (docs/mock-intune.md › What Graph checks)', () => {
  it.each([
    [
      'GET',
      'deviceManagement/windowsAutopilotDeviceIdentities',
      ['DeviceManagementServiceConfig.Read.All', 'DeviceManagementServiceConfig.ReadWrite.All'],
      true,
      false,
    ],
    ['POST', 'deviceManagement/windowsAutopilotDeviceIdentities/x/updateDeviceProperties', ['DeviceManagementServiceConfig.ReadWrite.All'], true, true],
    [
      'POST',
      'deviceManagement/windowsAutopilotDeviceIdentities/x/allowNextEnrollment',
      ['DeviceManagementServiceConfig.Read.All', 'DeviceManagementServiceConfig.ReadWrite.All'],
      true,
      true,
    ],
    ['DELETE', 'deviceManagement/windowsAutopilotDeviceIdentities/x', ['DeviceManagementServiceConfig.ReadWrite.All'], true, true],
    ['POST', 'deviceManagement/importedWindowsAutopilotDeviceIdentities/import', ['DeviceManagementServiceConfig.ReadWrite.All'], true, true],
    [
      'GET',
      'deviceManagement/windowsAutopilotDeploymentProfiles',
      ['DeviceManagementServiceConfig.Read.All', 'DeviceManagementServiceConfig.ReadWrite.All'],
      true,
      false,
    ],
    ['GET', 'deviceManagement/managedDevices', ['DeviceManagementManagedDevices.Read.All', 'DeviceManagementManagedDevices.ReadWrite.All'], true, false],
    ['DELETE', 'deviceManagement/managedDevices/x', ['DeviceManagementManagedDevices.ReadWrite.All'], true, true],
    ['GET', 'deviceAppManagement/mobileApps', ['DeviceManagementApps.Read.All', 'DeviceManagementApps.ReadWrite.All'], true, false],
    ['GET', 'users', ['User.ReadBasic.All', 'User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'], false, false],
    ['GET', 'groups/x/members', ['Group.Read.All', 'Group.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'], false, false],
    ['POST', 'groups', ['Group.ReadWrite.All'], false, true],
    ['GET', 'devices', ['Device.Read.All', 'Directory.Read.All', 'Directory.ReadWrite.All'], false, false],
    ['GET', 'organization', ['User.Read'], false, false],
  ] as const)('%s %s', (method, path, anyOf, intune, write) => {
    expect(requirementFor(method, split(path))).toEqual({ anyOf, intune, write })
  })

  it('has nothing to say about paths the mock does not serve (the router answers 404)', () => {
    expect(requirementFor('GET', split('applications'))).toBeUndefined()
  })
})
