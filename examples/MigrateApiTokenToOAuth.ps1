<#
.SYNOPSIS
    Moves an unattended script from an API token to OAuth client credentials.
.DESCRIPTION
    Zendesk stops accepting API tokens on 2027-04-30. This script, run once by an admin:
      1. connects with the API token the script uses today;
      2. creates a confidential OAuth client for the script;
      3. proves the client credentials work;
      4. outputs them as a PSCredential (user name = client identifier, password = secret) to store, for
         example as an Azure Automation credential, in place of the API token.
    Then change the script from  Connect-Zendesk -Credential $apiToken
    to  Connect-Zendesk -ClientCredential $clientCredential -Scope read, write  and revoke the API token in Admin
    Center. Uses only core cmdlets.
.EXAMPLE
    $new = ./MigrateApiTokenToOAuth.ps1 -Subdomain acme -ApiTokenCredential (Get-Credential -UserName 'admin@acme.com/token') -ClientIdentifier nightly_export
    New-AzAutomationCredential -ResourceGroupName rg -AutomationAccountName aa -Name 'Zendesk OAuth client' -Value $new.ClientCredential
#>
[CmdletBinding(DefaultParameterSetName = 'Subdomain')]
param(
    [Parameter(Mandatory, ParameterSetName = 'Subdomain')]
    [string] $Subdomain,

    [Parameter(Mandatory, ParameterSetName = 'Url')]
    [string] $Url,

    # The API token in use today: user name 'email/token', password the token. The user must be an admin.
    [Parameter(Mandatory)]
    [pscredential] $ApiTokenCredential,

    # The new client's identifier (its OAuth client_id), unique in the account.
    [Parameter(Mandatory)]
    [string] $ClientIdentifier,

    [string] $ClientName = "Unattended script ($ClientIdentifier)",

    [string[]] $Scope = @('read', 'write'),

    [switch] $SkipCertificateCheck
)

$ErrorActionPreference = 'Stop'
$target = if ($Url) { @{ Url = $Url } } else { @{ Subdomain = $Subdomain } }

'== 1. Connect with the API token in use today'
$old = Connect-Zendesk @target -Credential $ApiTokenCredential -SkipCertificateCheck:$SkipCertificateCheck -PassThru -WarningAction SilentlyContinue
"Connected as $($old.Email) ($($old.Role))"

'== 2. Create a confidential OAuth client for the script'
$client = New-ZendeskOAuthClient -Connection $old -Name $ClientName -Identifier $ClientIdentifier -Kind confidential -Description 'Replaces an API token (Zendesk retires them on 2027-04-30).' -Confirm:$false
"Created client $($client.Identifier) (id $($client.Id))"
$clientCredential = [pscredential]::new($client.Identifier, $client.Secret)

'== 3. Prove the client credentials work'
$new = Connect-Zendesk @target -ClientCredential $clientCredential -Scope $Scope -SkipCertificateCheck:$SkipCertificateCheck -PassThru
"Client credentials connect as $($new.Email); token renews with $($new.RenewsWith)"
Disconnect-Zendesk -Connection $new
Disconnect-Zendesk -Connection $old

'== 4. Store this credential in place of the API token, then revoke the token in Admin Center'
[pscustomobject]@{
    ClientNumericId  = $client.Id
    Identifier       = $client.Identifier
    Scope            = $Scope -join ' '
    ClientCredential = $clientCredential
}
