<#
.SYNOPSIS
  Creates the Autopilot Bench app registration in a customer tenant (docs/tenant-setup.md).

.DESCRIPTION
  A public client ("Mobile and desktop applications", redirect http://localhost, public client flows
  allowed) with the delegated Microsoft Graph permissions Autopilot Bench needs (least privilege).
  With -GrantAdminConsent it also grants tenant-wide admin consent (Global Administrator or
  Privileged Role Administrator). Prints the tenant ID and application (client) ID for Settings.
  Requires the Microsoft Graph PowerShell SDK: Install-Module Microsoft.Graph.Applications -Scope CurrentUser

.EXAMPLE
  ./scripts/create-app-registration.ps1 -TenantId contoso.onmicrosoft.com -GrantAdminConsent
#>
[CmdletBinding()]
param(
  [Parameter(Mandatory = $true)][string]$TenantId,
  [string]$DisplayName = 'Autopilot Bench',
  [switch]$ReadOnly,
  [switch]$GrantAdminConsent
)
$ErrorActionPreference = 'Stop'

# Least-privileged delegated permissions per feature (docs/reference/identity.md §permissions).
$permissions = @(
  'DeviceManagementServiceConfig.Read.All',
  'DeviceManagementManagedDevices.Read.All',
  'User.ReadBasic.All',
  'Device.Read.All',
  'Group.Read.All',
  'User.Read',
  'DeviceManagementApps.Read.All'
)
if (-not $ReadOnly) {
  $permissions += 'DeviceManagementServiceConfig.ReadWrite.All', 'DeviceManagementManagedDevices.ReadWrite.All'
}

$scopes = @('Application.ReadWrite.All')
if ($GrantAdminConsent) { $scopes += 'DelegatedPermissionGrant.ReadWrite.All' }
Connect-MgGraph -TenantId $TenantId -Scopes $scopes -NoWelcome

$graphAppId = '00000003-0000-0000-c000-000000000000'
$graph = Get-MgServicePrincipal -Filter "appId eq '$graphAppId'"
$access = foreach ($name in $permissions) {
  $scope = $graph.Oauth2PermissionScopes | Where-Object { $_.Value -eq $name }
  if (-not $scope) { throw "Microsoft Graph has no delegated permission $name in this tenant." }
  @{ Id = $scope.Id; Type = 'Scope' }
}

$app = New-MgApplication -DisplayName $DisplayName -SignInAudience 'AzureADMyOrg' `
  -PublicClient @{ RedirectUris = @('http://localhost') } `
  -IsFallbackPublicClient `
  -RequiredResourceAccess @(@{ ResourceAppId = $graphAppId; ResourceAccess = $access })
$sp = New-MgServicePrincipal -AppId $app.AppId

if ($GrantAdminConsent) {
  New-MgOauth2PermissionGrant -ClientId $sp.Id -ConsentType 'AllPrincipals' -ResourceId $graph.Id -Scope ($permissions -join ' ') | Out-Null
  Write-Host 'Admin consent granted.'
} else {
  Write-Host 'Now grant admin consent: Entra admin center > App registrations >' $DisplayName '> API permissions > Grant admin consent.'
}

$tenant = (Get-MgContext).TenantId
Write-Host ''
Write-Host "Tenant ID:                $tenant"
Write-Host "Application (client) ID:  $($app.AppId)"
Write-Host 'Enter both in Autopilot Bench > Settings > Add a customer tenant.'
