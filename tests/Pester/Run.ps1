<#
.SYNOPSIS
    Runs the Pester acceptance suite (tests/Pester/*.Tests.ps1) against the built module, as a user would.
.DESCRIPTION
    Works in Windows PowerShell 5.1 and pwsh 7. Each test file starts its own emulator and imports
    out/ZendeskAuth/ZendeskAuth.psd1 by its manifest, so build first (dotnet build, or ./build.ps1 -Task Build).

    Pester 5 comes from the NuGet package the tests/ZendeskAuth.Pester project restores
    (~/.nuget/packages/pester/<version>/tools), or from -PesterPath, or from the installed modules.

    Writes JUnit XML to -OutputPath and ends with one line, "Pester: N passed, N failed, N skipped",
    which .ci/run adds to the closing count. The exit code is the number of failed tests (0: all passed).
.EXAMPLE
    dotnet pwsh -NoProfile -File tests/Pester/Run.ps1
.EXAMPLE
    powershell.exe -NoProfile -ExecutionPolicy Bypass -File tests\Pester\Run.ps1 -OutputPath out\test-results\pester-5.1.xml
#>
[CmdletBinding(PositionalBinding = $false)]
param(
    # Test files or folders; by default every *.Tests.ps1 beside this script.
    [string[]] $Path = $PSScriptRoot,

    # The folder holding Pester.psd1.
    [string] $PesterPath,

    [string] $PesterVersion = '5.9.1',

    # The module the tests import: a manifest path or a name on $env:PSModulePath (the installed package). By
    # default the build's out/ZendeskAuth/ZendeskAuth.psd1.
    [string] $Module,

    [string] $OutputPath = (Join-Path $PSScriptRoot '../../out/test-results/pester.xml')
)

$ErrorActionPreference = 'Stop'

if (-not $PesterPath) {
    $packages = $env:NUGET_PACKAGES
    if (-not $packages) { $packages = Join-Path $HOME '.nuget/packages' }
    $candidate = Join-Path $packages "pester/$PesterVersion/tools"
    if (Test-Path (Join-Path $candidate 'Pester.psd1')) { $PesterPath = $candidate }
}
if ($PesterPath) {
    Import-Module (Join-Path $PesterPath 'Pester.psd1') -Force
}
else {
    $installed = Get-Module -ListAvailable Pester | Where-Object { $_.Version -ge [version]'5.0.0' } | Sort-Object Version -Descending | Select-Object -First 1
    if (-not $installed) {
        throw "Pester 5 not found: run 'dotnet restore tests/ZendeskAuth.Pester' (it downloads Pester $PesterVersion from NuGet) or pass -PesterPath."
    }
    Import-Module $installed -Force
}

if ($Module) { $env:ZENDESKAUTH_TEST_MODULE = $Module }

$outputFolder = Split-Path -Parent $OutputPath
if (-not (Test-Path $outputFolder)) { $null = New-Item -ItemType Directory -Path $outputFolder }

$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.PassThru = $true
$configuration.Run.Exit = $false
$configuration.Output.Verbosity = 'Detailed'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'JUnitXml'
$configuration.TestResult.OutputPath = $OutputPath

Write-Host "Pester $((Get-Module Pester).Version) in PowerShell $($PSVersionTable.PSVersion) ($($PSVersionTable.PSEdition)) on $([System.Runtime.InteropServices.RuntimeInformation]::FrameworkDescription)"
$result = Invoke-Pester -Configuration $configuration

# A file whose BeforeAll fails reports its tests as failed or not run; count a failed container as a failure so
# a broken file can never pass silently.
$failed = $result.FailedCount + @($result.Containers | Where-Object { $_.Result -eq 'Failed' -and $_.FailedCount -eq 0 }).Count
$skipped = $result.SkippedCount + $result.NotRunCount
Write-Host "Pester: $($result.PassedCount) passed, $failed failed, $skipped skipped"
exit $failed
