<#
.SYNOPSIS
    An Azure Automation runbook that connects with OAuth client credentials and reports unsolved tickets.
.DESCRIPTION
    The unattended path that replaces API tokens (they stop working on 2027-04-30). Store the OAuth client as an
    Automation credential: user name = the client's identifier, password = its secret (see
    MigrateApiTokenToOAuth.ps1). The module asks for a new access token whenever the current one expires, so a
    long job never fails on expiry. Uses only core cmdlets.
.EXAMPLE
    # In the runbook (runtime 5.1, or 7.4 or later, with the ZendeskAuth module imported into the Automation account):
    ./AzureAutomationRunbook.ps1 -Subdomain acme -CredentialName 'Zendesk OAuth client'
#>
[CmdletBinding(DefaultParameterSetName = 'Subdomain')]
param(
    [Parameter(Mandatory, ParameterSetName = 'Subdomain')]
    [string] $Subdomain,

    [Parameter(Mandatory, ParameterSetName = 'Url')]
    [string] $Url,

    # The Automation credential holding the OAuth client's identifier and secret.
    [string] $CredentialName = 'Zendesk OAuth client',

    # The client credential itself, to run the runbook outside Azure Automation.
    [pscredential] $ClientCredential,

    [string[]] $Scope = @('read'),

    [switch] $SkipCertificateCheck
)

$ErrorActionPreference = 'Stop'
if (-not $ClientCredential) {
    $ClientCredential = Get-AutomationPSCredential -Name $CredentialName
}
$target = if ($Url) { @{ Url = $Url } } else { @{ Subdomain = $Subdomain } }
$connection = Connect-Zendesk @target -ClientCredential $ClientCredential -Scope $Scope -SkipCertificateCheck:$SkipCertificateCheck -PassThru -WarningAction SilentlyContinue

try {
    $byStatus = @{}
    $unsolved = 0
    Invoke-ZendeskRequest tickets.json -Paginate -Connection $connection |
        Where-Object { $_.status -ne 'solved' -and $_.status -ne 'closed' } |
        ForEach-Object { $byStatus[$_.status] = 1 + $byStatus[$_.status]; $unsolved++ }

    [pscustomobject]@{
        Account     = $connection.Url.AbsoluteUri
        ConnectedAs = $connection.Email
        Unsolved    = $unsolved
        ByStatus    = $byStatus
        RateLimit   = $connection.RateLimit.ToString()
    }
}
finally {
    Disconnect-Zendesk -Connection $connection
}
