<#
.SYNOPSIS
    ZendeskAuth in five steps: connect, look at the connection, call the API, handle an error, disconnect.
.DESCRIPTION
    Runs against any Zendesk account, or against the project's emulator (build.ps1 -Task Demo, or
    dotnet run --project tests/ZendeskAuth.Demo). Uses only core cmdlets, so it also runs in a minimal host.
.EXAMPLE
    ./examples/Quickstart.ps1 -Subdomain acme -Credential (Get-Credential -UserName 'jdoe@example.com/token')
#>
[CmdletBinding(DefaultParameterSetName = 'Subdomain')]
param(
    [Parameter(Mandatory, ParameterSetName = 'Subdomain')]
    [string] $Subdomain,

    [Parameter(Mandatory, ParameterSetName = 'Url')]
    [string] $Url,

    # User name 'email/token' with the API token as password, or 'email' with the password.
    [Parameter(Mandatory)]
    [pscredential] $Credential,

    # Only for a local emulator with a self-signed certificate.
    [switch] $SkipCertificateCheck
)

$ErrorActionPreference = 'Stop'
$target = if ($Url) { @{ Url = $Url } } else { @{ Subdomain = $Subdomain } }

'== 1. Connect (the credential is checked with GET /api/v2/users/me.json)'
$connection = Connect-Zendesk @target -Credential $Credential -SkipCertificateCheck:$SkipCertificateCheck -PassThru -WarningAction SilentlyContinue
$connection

'== 2. Who am I?'
$me = (Invoke-ZendeskRequest users/me.json).user
"{0} <{1}>, {2}, id {3}" -f $me.name, $me.email, $me.role, $me.id

'== 3. The first tickets (cursor pagination, 3 a page)'
$page = Invoke-ZendeskRequest tickets.json -Query @{ 'page[size]' = 3 }
$page.tickets | ForEach-Object { "#{0} [{1}] {2}" -f $_.id, $_.status, $_.subject }
"More pages: $($page.meta.has_more)"

'== 4. Create a ticket (the body is a hashtable, serialized at any depth)'
$body = @{ ticket = @{ subject = 'Printer on fire'; comment = @{ body = 'Smoke is coming out of the printer.' }; tags = @('quickstart') } }
$created = (Invoke-ZendeskRequest tickets.json -Method Post -Body $body).ticket
"Created ticket #{0}: {1}" -f $created.id, $created.subject

'== 5. Errors are ErrorRecords with a stable id'
try {
    Invoke-ZendeskRequest tickets/999999999.json
}
catch {
    "{0} ({1}): {2}" -f $_.FullyQualifiedErrorId, $_.CategoryInfo.Category, $_.Exception.Message
}

'== 6. Rate limit seen on the last response'
"Rate limit: {0}" -f $connection.RateLimit

Disconnect-Zendesk
'== Done: disconnected, the credential is forgotten.'
