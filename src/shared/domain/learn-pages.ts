/**
 * The public Microsoft Learn pages the app cites, in one table: id → page title and URL.
 *
 * Every citation shown to a technician names one of these pages (never a file of this repository).
 * Titles are the page headings as published; each page was confirmed in the public source of the
 * Autopilot docs (GitHub MicrosoftDocs/memdocs, `autopilot/<path>.md|yml` → learn.microsoft.com/autopilot/<path>).
 * A `#fragment` is used only where the heading it points to was confirmed in that source.
 * The same table, with the source file of each page, is in docs/reference/README.md.
 * Ids are stable: add new ones, never rename or reuse one.
 */
export interface LearnPage {
  title: string
  url: string
}

const LEARN = 'https://learn.microsoft.com/autopilot'

export const LEARN_PAGES = {
  'pre-provision': { title: 'Windows Autopilot for pre-provisioned deployment', url: `${LEARN}/pre-provision` },
  'pre-provision-requirements': { title: 'Windows Autopilot for pre-provisioned deployment — Requirements', url: `${LEARN}/pre-provision#requirements` },
  'pre-provision-preparation': { title: 'Windows Autopilot for pre-provisioned deployment — Preparation', url: `${LEARN}/pre-provision#preparation` },
  'pre-provision-technician-flow': {
    title: 'Windows Autopilot for pre-provisioned deployment — Technician flow',
    url: `${LEARN}/pre-provision#technician-flow`,
  },
  'pre-provision-user-flow': { title: 'Windows Autopilot for pre-provisioned deployment — User flow', url: `${LEARN}/pre-provision#user-flow` },
  'pp-technician-flow': {
    title: 'Pre-provision Microsoft Entra join: Technician flow',
    url: `${LEARN}/tutorial/pre-provisioning/azure-ad-join-technician-flow`,
  },
  'pp-technician-flow-tips': {
    title: 'Pre-provision Microsoft Entra join: Technician flow — Technician flow tips',
    url: `${LEARN}/tutorial/pre-provisioning/azure-ad-join-technician-flow#technician-flow-tips`,
  },
  'pp-user-flow-tips': {
    title: 'Pre-provision Microsoft Entra join: User flow — User-flow tips',
    url: `${LEARN}/tutorial/pre-provisioning/azure-ad-join-user-flow#user-flow-tips`,
  },
  profiles: { title: 'Configure Autopilot profiles', url: `${LEARN}/profiles` },
  'profiles-create': {
    title: 'Configure Autopilot profiles — Create an Autopilot deployment profile',
    url: `${LEARN}/profiles#create-an-autopilot-deployment-profile`,
  },
  'profiles-priority': { title: 'Configure Autopilot profiles — Autopilot profile priority', url: `${LEARN}/profiles#autopilot-profile-priority` },
  'ud-profile-verify': {
    title:
      'User-driven Microsoft Entra join: Create and assign user-driven Microsoft Entra join Autopilot profile — Verify device has an Autopilot profile assigned to it',
    url: `${LEARN}/tutorial/user-driven/azure-ad-join-autopilot-profile#verify-device-has-an-autopilot-profile-assigned-to-it`,
  },
  'ud-esp': {
    title: 'User-driven Microsoft Entra join: Configure and assign the Enrollment Status Page (ESP)',
    url: `${LEARN}/tutorial/user-driven/azure-ad-join-esp`,
  },
  'ud-assign-user': {
    title: 'User-driven Microsoft Entra join: Assign Autopilot device to a user (optional)',
    url: `${LEARN}/tutorial/user-driven/azure-ad-join-assign-device-to-user`,
  },
  'hybrid-profile': {
    title: 'User-driven Microsoft Entra hybrid join: Create and assign user-driven Microsoft Entra hybrid join Autopilot profile',
    url: `${LEARN}/tutorial/user-driven/hybrid-azure-ad-join-autopilot-profile`,
  },
  'hybrid-domain-join': {
    title: 'User-driven Microsoft Entra hybrid join: Create and assign a domain join profile',
    url: `${LEARN}/tutorial/user-driven/hybrid-azure-ad-join-domain-join-profile`,
  },
  'manual-registration': { title: 'Manually register devices with Windows Autopilot', url: `${LEARN}/add-devices` },
  'manual-registration-edit': {
    title: 'Manually register devices with Windows Autopilot — Edit Autopilot device attributes',
    url: `${LEARN}/add-devices#edit-autopilot-device-attributes`,
  },
  'device-groups': { title: 'Create device groups for Windows Autopilot', url: `${LEARN}/enrollment-autopilot` },
  'device-groups-assign-user': {
    title: 'Create device groups for Windows Autopilot — Assign a user to a specific Autopilot device',
    url: `${LEARN}/enrollment-autopilot#assign-a-user-to-a-specific-autopilot-device`,
  },
  'known-issues': { title: 'Windows Autopilot - known issues', url: `${LEARN}/known-issues` },
  'known-issues-0x81039001': {
    title: 'Windows Autopilot - known issues — TPM attestation failure with error code 0x81039001',
    url: `${LEARN}/known-issues#tpm-attestation-failure-with-error-code-0x81039001`,
  },
  'known-issues-reset-button': {
    title: 'Windows Autopilot - known issues — Reset button causes pre-provisioning to fail on retry',
    url: `${LEARN}/known-issues#reset-button-causes-pre-provisioning-to-fail-on-retry`,
  },
  faq: { title: 'Windows Autopilot FAQ', url: `${LEARN}/faq` },
  'troubleshooting-faq': { title: 'Windows Autopilot troubleshooting FAQ', url: `${LEARN}/troubleshooting-faq` },
  'troubleshooting-faq-profile-download': {
    title: 'Windows Autopilot troubleshooting FAQ — How are Windows Autopilot device profiles downloaded?',
    url: `${LEARN}/troubleshooting-faq#how-are-windows-autopilot-device-profiles-downloaded-`,
  },
  'troubleshooting-faq-import-enrollment': {
    title: 'Windows Autopilot troubleshooting FAQ — Troubleshooting Windows Autopilot device import and enrollment',
    url: `${LEARN}/troubleshooting-faq#troubleshooting-windows-autopilot-device-import-and-enrollment`,
  },
  'whats-new': { title: "Windows Autopilot: What's new", url: `${LEARN}/whats-new` },
  'whats-new-unblock': {
    title: "Windows Autopilot: What's new — Unblock fix pending state for self-deploying and pre-provisioning mode for disabled OEMs",
    url: `${LEARN}/whats-new#unblock-fix-pending-state-for-self-deploying-and-pre-provisioning-mode-for-disabled-oems`,
  },
  'whats-new-win32-timeout': {
    title: "Windows Autopilot: What's new — Win32 app configurable installation time impacts the Enrollment Status Page",
    url: `${LEARN}/whats-new#win32-app-configurable-installation-time-impacts-the-enrollment-status-page`,
  },
  'registration-overview': { title: 'Windows Autopilot registration overview', url: `${LEARN}/registration-overview` },
  'motherboard-replacement': { title: 'Windows Autopilot motherboard replacement scenario guidance', url: `${LEARN}/autopilot-motherboard-replacement` },
  'device-guidelines': { title: 'Windows Autopilot device guidelines', url: `${LEARN}/autopilot-device-guidelines` },
  'self-deploying': { title: 'Windows Autopilot self-deploying mode', url: `${LEARN}/self-deploying` },
  'autopilot-reset': { title: 'Windows Autopilot Reset', url: `${LEARN}/windows-autopilot-reset` },
  scenarios: { title: 'Windows Autopilot scenarios', url: `${LEARN}/tutorial/autopilot-scenarios` },
  'device-prep-requirements': { title: 'Windows Autopilot device preparation requirements', url: `${LEARN}/device-preparation/requirements` },
  // Signing in to a customer tenant (docs/reference/identity.md §registration, §permissions, §errors, §clouds):
  // Microsoft Entra and Graph pages, titles and URLs as that file cites them.
  'entra-register-app': {
    title: 'Register an application with the Microsoft identity platform',
    url: 'https://learn.microsoft.com/entra/identity-platform/quickstart-register-app',
  },
  'entra-desktop-app-registration': {
    title: 'Desktop app that calls web APIs: App registration',
    url: 'https://learn.microsoft.com/entra/identity-platform/scenario-desktop-app-registration',
  },
  'entra-admin-consent': {
    title: 'Grant tenant-wide admin consent to an application',
    url: 'https://learn.microsoft.com/entra/identity/enterprise-apps/grant-admin-consent',
  },
  'entra-error-codes': {
    title: 'Microsoft Entra authentication and authorization error codes',
    url: 'https://learn.microsoft.com/entra/identity-platform/reference-error-codes',
  },
  'entra-block-auth-flows': {
    title: 'Block authentication flows with Conditional Access policy',
    url: 'https://learn.microsoft.com/entra/identity/conditional-access/policy-block-authentication-flows',
  },
  'graph-permissions': { title: 'Microsoft Graph permissions reference', url: 'https://learn.microsoft.com/graph/permissions-reference' },
  'graph-errors': { title: 'Microsoft Graph error responses and resource types', url: 'https://learn.microsoft.com/graph/errors' },
  'graph-national-clouds': { title: 'National cloud deployments', url: 'https://learn.microsoft.com/graph/deployments' },
} as const satisfies Record<string, LearnPage>

export type LearnPageId = keyof typeof LEARN_PAGES

export const LEARN_PAGE_IDS = Object.keys(LEARN_PAGES) as LearnPageId[]

export const isLearnPageId = (id: unknown): id is LearnPageId => typeof id === 'string' && Object.hasOwn(LEARN_PAGES, id)

/** The page for an id, or null for an id that is not in the table (e.g. from an old archive). */
export const learnPage = (id: string): LearnPage | null => (isLearnPageId(id) ? LEARN_PAGES[id] : null)
