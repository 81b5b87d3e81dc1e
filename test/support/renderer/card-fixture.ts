import type { DeviceCard, DeviceDetails } from '@shared/card-schemas'

/** A device card as the core would send it: an Assigned Surface with a user, ready, overridable per part. */
export function cardFixture(overrides: { device?: Partial<DeviceDetails> } & Partial<Omit<DeviceCard, 'device'>> = {}): DeviceCard {
  const { device, ...rest } = overrides
  return {
    device: {
      id: 'id-5cg1',
      serialNumber: '5CG1',
      manufacturer: 'Microsoft Corporation',
      model: 'Surface Laptop 5',
      groupTag: 'BENCH-A',
      purchaseOrder: 'PO-77',
      profileStatus: 'assigned',
      profileId: 'p1',
      profileName: 'Contoso pre-provisioning',
      profileAssignedAt: '2025-03-05T12:00:00.000Z',
      userPrincipalName: 'ann@contoso.com',
      addressableUserName: 'Ann',
      displayName: 'CTS-5CG1',
      enrollmentState: 'notContacted',
      userlessEnrollmentStatus: 'unknown',
      remediationState: 'unknown',
      managedDeviceId: 'md-1',
      entraDeviceId: 'entra-1',
      intuneDevice: { found: true, name: 'CTS-5CG1', checkedAt: '2025-03-05T13:05:00.000Z' },
      entraDevice: { found: true, name: 'CTS-5CG1', checkedAt: '2025-03-05T13:05:00.000Z' },
      lastContactedAt: null,
      syncedAt: '2025-03-05T13:05:00.000Z',
      pending: [],
      ...device,
    },
    readiness: {
      verdict: 'ready',
      items: [
        {
          id: 'profile-assigned',
          status: 'ok',
          title: 'Profile assigned',
          reason: 'Assigned on 5 Mar.',
          fix: null,
          citation: { section: '§3.1', pages: ['pre-provision-requirements'] },
        },
      ],
      counts: { ok: 1, warn: 0, fail: 0, unknown: 0 },
      summary: 'Every check passed.',
      badge: { level: 'ready', next: 'Press Provision (Next) on the device, then P here.', ruleId: null, title: null },
    },
    explanation: {
      groups: [],
      candidates: [],
      // As the steps say: the profile comes through the tag's group (a card's explanation never contradicts itself).
      winner: { profileId: 'p1', profileName: 'Contoso pre-provisioning', via: 'group', groupId: 'g-a', groupName: 'Bench A devices' },
      certain: true,
      steps: [
        { kind: 'tag', label: 'Group tag BENCH-A' },
        { kind: 'group', label: 'Dynamic group Bench A devices' },
        { kind: 'profile', label: 'Profile Contoso pre-provisioning' },
      ],
      chain: 'BENCH-A → Bench A devices → Contoso pre-provisioning',
      notes: ['Membership evaluated from the cached rule.'],
      citation: { section: '§1.3', pages: ['profiles'] },
    },
    jobId: null,
    manifest: null,
    namePreview: null,
    ...rest,
  }
}

/** The same device with no deployment profile assigned: its readiness is not-ready, so P asks first. */
export function notReadyCardFixture(): DeviceCard {
  return cardFixture({
    readiness: {
      verdict: 'not-ready',
      items: [
        {
          id: 'profile-assigned',
          status: 'fail',
          title: 'No deployment profile assigned',
          reason: 'Not assigned.',
          fix: 'Wait for the profile assignment.',
          citation: { section: '§3.1', pages: ['pre-provision-requirements'] },
        },
      ],
      counts: { ok: 0, warn: 0, fail: 1, unknown: 0 },
      summary: 'Not ready.',
      badge: { level: 'not-ready', next: 'Wait for the profile assignment.', ruleId: 'profile-assigned', title: 'No deployment profile assigned' },
    },
  })
}

/**
 * What a card's explanation is worked out from: BENCH-A's dynamic group gets 'Contoso pre-provisioning',
 * BENCH-B's gets 'Contoso kiosk'; no profile is assigned to All Devices, so any other tag brings none.
 */
export const benchExplanationInput: NonNullable<DeviceCard['explanationInput']> = {
  device: { groupTag: 'BENCH-A', purchaseOrderId: 'PO-77', isAutopilotDevice: true },
  groups: [
    { id: 'g-a', displayName: 'Bench A devices', membershipRule: '(device.devicePhysicalIDs -any (_ -eq "[OrderID]:BENCH-A"))' },
    { id: 'g-b', displayName: 'Bench B devices', membershipRule: '(device.devicePhysicalIDs -any (_ -eq "[OrderID]:BENCH-B"))' },
  ],
  assignments: [
    { profileId: 'p1', target: { type: 'group', groupId: 'g-a' } },
    { profileId: 'p2', target: { type: 'group', groupId: 'g-b' } },
  ],
  profiles: [
    { id: 'p1', displayName: 'Contoso pre-provisioning', createdDateTime: '2024-01-01T00:00:00.000Z' },
    { id: 'p2', displayName: 'Contoso kiosk', createdDateTime: '2024-02-01T00:00:00.000Z' },
  ],
}
