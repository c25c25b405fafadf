<#
.SYNOPSIS
    Exports every ticket of an account to a tab-separated file, streaming page by page.
.DESCRIPTION
    Uses the incremental ticket export (cursor based, no 10,000-record limit), so memory stays flat however
    many tickets there are. Each record is written as it arrives; 429s are waited out by the module.
    Uses only core cmdlets, so it also runs in a minimal host.
.EXAMPLE
    ./examples/BulkExport.ps1 -Subdomain acme -Credential (Get-Credential -UserName 'jdoe@example.com/token') -Path ./tickets.tsv
#>
[CmdletBinding(DefaultParameterSetName = 'Subdomain')]
param(
    [Parameter(Mandatory, ParameterSetName = 'Subdomain')]
    [string] $Subdomain,

    [Parameter(Mandatory, ParameterSetName = 'Url')]
    [string] $Url,

    [Parameter(Mandatory)]
    [pscredential] $Credential,

    [Parameter(Mandatory)]
    [string] $Path,

    # Export tickets changed since then (default: all of them).
    [datetime] $Since = [datetime]'1970-01-01',

    [switch] $SkipCertificateCheck
)

$ErrorActionPreference = 'Stop'
$target = if ($Url) { @{ Url = $Url } } else { @{ Subdomain = $Subdomain } }
$connection = Connect-Zendesk @target -Credential $Credential -SkipCertificateCheck:$SkipCertificateCheck -PassThru -WarningAction SilentlyContinue

$start = [DateTimeOffset]::new($Since.ToUniversalTime()).ToUnixTimeSeconds()
$file = [System.IO.Path]::GetFullPath($Path)
$writer = [System.IO.StreamWriter]::new($file, $false, [System.Text.UTF8Encoding]::new($false))
$byStatus = @{}
$count = 0
try {
    $writer.WriteLine("id`tstatus`tpriority`tupdated_at`tsubject")
    Invoke-ZendeskRequest "incremental/tickets/cursor.json?start_time=$start" -Paginate -Connection $connection |
        ForEach-Object {
            $writer.WriteLine(("{0}`t{1}`t{2}`t{3}`t{4}" -f $_.id, $_.status, $_.priority, $_.updated_at, ($_.subject -replace '[\t\r\n]', ' ')))
            $byStatus[$_.status] = 1 + $byStatus[$_.status]
            $count++
        }
}
finally {
    $writer.Dispose()
    Disconnect-Zendesk -Connection $connection
}

[pscustomobject]@{
    Tickets  = $count
    Path     = $file
    ByStatus = $byStatus
}
