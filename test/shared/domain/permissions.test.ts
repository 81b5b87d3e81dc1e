import { describe, expect, it } from 'vitest'
import { FEATURE_NEEDS, FEATURES, featureAccess, grantedPermissions, isFeatureAvailable, REQUIRED_PERMISSIONS } from '@shared/domain/permissions'

const GRAPH = 'https://graph.microsoft.com'

describe('the permission map', () => {
  it('asks for the least-privileged delegated permission the Graph docs name per feature', () => {
    expect(FEATURE_NEEDS['autopilot-read'].permission).toBe('DeviceManagementServiceConfig.Read.All')
    expect(FEATURE_NEEDS['autopilot-write'].permission).toBe('DeviceManagementServiceConfig.ReadWrite.All')
    expect(FEATURE_NEEDS['managed-devices-read'].permission).toBe('DeviceManagementManagedDevices.Read.All')
    expect(FEATURE_NEEDS['managed-devices-delete'].permission).toBe('DeviceManagementManagedDevices.ReadWrite.All')
    expect(FEATURE_NEEDS['users-search'].permission).toBe('User.ReadBasic.All')
    expect(FEATURE_NEEDS['entra-devices-read'].permission).toBe('Device.Read.All')
    expect(FEATURE_NEEDS['groups-read'].permission).toBe('Group.Read.All')
    expect(FEATURE_NEEDS['organization-read'].permission).toBe('User.Read')
    expect(FEATURE_NEEDS['app-names-read'].permission).toBe('DeviceManagementApps.Read.All')
  })

  it('lists each required permission once', () => {
    expect(new Set(REQUIRED_PERMISSIONS).size).toBe(REQUIRED_PERMISSIONS.length)
    expect([...REQUIRED_PERMISSIONS].sort()).toEqual(
      [
        'Device.Read.All',
        'DeviceManagementApps.Read.All',
        'DeviceManagementManagedDevices.Read.All',
        'DeviceManagementManagedDevices.ReadWrite.All',
        'DeviceManagementServiceConfig.Read.All',
        'DeviceManagementServiceConfig.ReadWrite.All',
        'Group.Read.All',
        'User.Read',
        'User.ReadBasic.All',
      ].sort(),
    )
  })

  it('never accepts a lower permission for a write', () => {
    for (const feature of FEATURES) {
      const need = FEATURE_NEEDS[feature]
      for (const name of [need.permission, ...need.alsoAccepted]) if (need.writes && feature !== 'unblock-device') expect(name, feature).toMatch(/ReadWrite/)
    }
  })
})

describe('grantedPermissions', () => {
  it('cuts the Graph resource prefix, drops OpenID scopes and duplicates', () => {
    expect(
      grantedPermissions(
        ['https://graph.microsoft.com/DeviceManagementServiceConfig.Read.All', 'User.Read', 'openid', 'profile', 'offline_access', 'user.read', 'email'],
        GRAPH,
      ),
    ).toEqual(['DeviceManagementServiceConfig.Read.All', 'User.Read'])
  })

  it('splits a space-separated scope string and ignores other resources and .default', () => {
    expect(grantedPermissions(['Group.Read.All Device.Read.All', 'https://other.example/Thing.Read', `${GRAPH}/.default`], GRAPH)).toEqual([
      'Group.Read.All',
      'Device.Read.All',
    ])
  })
})

describe('featureAccess', () => {
  it('a read-only tenant keeps lookup and scanning, and disables writes naming the permission and the consent', () => {
    const access = featureAccess({ granted: ['DeviceManagementServiceConfig.Read.All', 'User.Read', 'User.ReadBasic.All'] })
    expect(isFeatureAvailable(access, 'autopilot-read')).toBe(true)
    expect(isFeatureAvailable(access, 'users-search')).toBe(true)
    const write = access.find((row) => row.feature === 'autopilot-write')!
    expect(write.available).toBe(false)
    expect(write.reason).toContain('DeviceManagementServiceConfig.ReadWrite.All')
    expect(write.reason).toContain('Grant admin consent')
  })

  it('a higher-privileged permission satisfies the lower one, case-insensitively', () => {
    const access = featureAccess({ granted: ['devicemanagementserviceconfig.readwrite.all', 'Directory.Read.All'] })
    expect(isFeatureAvailable(access, 'autopilot-read')).toBe(true)
    expect(isFeatureAvailable(access, 'autopilot-write')).toBe(true)
    expect(isFeatureAvailable(access, 'groups-read')).toBe(true)
    expect(isFeatureAvailable(access, 'managed-devices-read')).toBe(false)
  })

  it('a feature Graph refused for the role is disabled with the role, not a permission', () => {
    const access = featureAccess({ granted: ['DeviceManagementServiceConfig.ReadWrite.All'], roleRefused: ['autopilot-write'] })
    const write = access.find((row) => row.feature === 'autopilot-write')!
    expect(write.available).toBe(false)
    expect(write.reason).toContain('Policy and Profile Manager')
    expect(write.reason).toContain('Intune Administrator is an Entra role')
  })

  it('no scopes: nothing available, every row says why', () => {
    const access = featureAccess({ granted: [] })
    expect(access.every((row) => !row.available && row.reason)).toBe(true)
  })
})
