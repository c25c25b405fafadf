<#
.SYNOPSIS
    An Azure Automation runbook that keeps a rotating OAuth refresh token in an encrypted Automation variable.
.DESCRIPTION
    For a client that cannot use client credentials (a public client, or a user's own authorization). Zendesk
    rotates refresh tokens: each refresh spends the old one and returns a new one, so every new refresh token
    must be stored before the job ends, or the next job cannot run. The module calls -OnTokenRefreshed with the
    new token after each renewal; this runbook stores it there, and also stores the one it got at start-up.

    Set up once: an encrypted Automation variable (default 'ZendeskRefreshToken') holding a refresh token, for
    example from New-ZendeskOAuthToken -Interactive on your own machine.
.EXAMPLE
    ./AzureAutomationRefreshTokenRunbook.ps1 -Subdomain acme -ClientId zendeskauth_cli
#>
[CmdletBinding(DefaultParameterSetName = 'Subdomain')]
param(
    [Parameter(Mandatory, ParameterSetName = 'Subdomain')]
    [string] $Subdomain,

    [Parameter(Mandatory, ParameterSetName = 'Url')]
    [string] $Url,

    # The OAuth client's identifier.
    [Parameter(Mandatory)]
    [string] $ClientId,

    [string] $VariableName = 'ZendeskRefreshToken',

    [switch] $SkipCertificateCheck
)

$ErrorActionPreference = 'Stop'
$target = if ($Url) { @{ Url = $Url } } else { @{ Subdomain = $Subdomain } }

# Works in Windows PowerShell 5.1 and PowerShell 7: the opt-in way to read a SecureString's text.
function Save-RefreshToken($Token) {
    Set-AutomationVariable -Name $VariableName -Value ([Net.NetworkCredential]::new('', $Token.RefreshToken).Password)
}

# The stored refresh token is spent by this call: store the new one at once.
$token = New-ZendeskOAuthToken @target -RefreshToken (Get-AutomationVariable -Name $VariableName) -ClientId $ClientId -SkipCertificateCheck:$SkipCertificateCheck
Save-RefreshToken $token

$connection = $token | Connect-Zendesk -SkipCertificateCheck:$SkipCertificateCheck -PassThru -OnTokenRefreshed {
    param($renewed)
    Set-AutomationVariable -Name $VariableName -Value ([Net.NetworkCredential]::new('', $renewed.RefreshToken).Password)
}
try {
    $me = (Invoke-ZendeskRequest users/me.json -Connection $connection).user
    [pscustomobject]@{
        ConnectedAs = $me.email
        Role        = $me.role
        ExpiresAt   = $connection.TokenExpiresAt
    }
}
finally {
    Disconnect-Zendesk -Connection $connection
}
