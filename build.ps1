<#
.SYNOPSIS
    Builds, tests, packages and demonstrates ZendeskAuth.
.DESCRIPTION
    Build    dotnet build; lays out the importable module at out/ZendeskAuth/.
    Test     dotnet test (unit tests and the hosted-engine tests against the emulator), then the Pester
             suite in tests/Pester when Pester 5 is installed.
    Package  a clean out/package/ZendeskAuth/<version>/ for Publish-Module, checked with
             Test-ModuleManifest, and out/package/ZendeskAuth.zip for Azure Automation (the project's
             Package target: dotnet build src/ZendeskAuth -t:Package -c Release).
    Demo     starts the emulator, imports the module and runs examples/Quickstart.ps1 against it.
.EXAMPLE
    ./build.ps1 -Task Build, Test
.EXAMPLE
    ./build.ps1 -Task Package -Configuration Release
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Demo')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Debug'
)

$ErrorActionPreference = 'Stop'
$root = $PSScriptRoot
$moduleOut = Join-Path $root 'out/ZendeskAuth'
. (Join-Path $root 'tests/Pester/TestEmulator.ps1')

function Invoke-Dotnet {
    param([Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments -join ' ') failed with exit code $LASTEXITCODE." }
}

function Invoke-Build {
    Invoke-Dotnet build (Join-Path $root 'ZendeskAuth.sln') -c $Configuration
}

function Invoke-Test {
    Invoke-Dotnet test (Join-Path $root 'ZendeskAuth.sln') -c $Configuration
    $pester = Get-Module -ListAvailable Pester | Where-Object Version -GE '5.0.0' | Sort-Object Version -Descending | Select-Object -First 1
    if (-not $pester) {
        Write-Warning 'Pester 5 is not installed: skipping tests/Pester (Install-Module Pester -MinimumVersion 5.0).'
        return
    }
    Import-Module $pester
    $configuration = New-PesterConfiguration
    $configuration.Run.Path = Join-Path $root 'tests/Pester'
    $configuration.Run.Exit = $false
    $configuration.Run.PassThru = $true
    $configuration.Output.Verbosity = 'Detailed'
    $result = Invoke-Pester -Configuration $configuration
    if ($result.FailedCount -gt 0) { throw "$($result.FailedCount) Pester test(s) failed." }
}

function Invoke-Package {
    # The layout and the zip are made by the project's Package target, which the tests exercise too.
    Invoke-Dotnet build (Join-Path $root 'src/ZendeskAuth/ZendeskAuth.csproj') -c Release -t:Package
    $version = (Import-PowerShellDataFile (Join-Path $root 'ZendeskAuth.psd1')).ModuleVersion
    $manifest = Test-ModuleManifest -Path (Join-Path $root "out/package/ZendeskAuth/$version/ZendeskAuth.psd1")
    Write-Host "Packaged ZendeskAuth $($manifest.Version): out/package/ZendeskAuth/$version/ and out/package/ZendeskAuth.zip"
}

function Invoke-Demo {
    Invoke-Build
    $emulator = Start-TestEmulator -Root $root -Configuration $Configuration
    try {
        Import-Module (Join-Path $moduleOut 'ZendeskAuth.psd1') -Force
        $credential = [pscredential]::new("$($emulator.AdminEmail)/token", (ConvertTo-SecureString $emulator.ApiToken -AsPlainText -Force))
        & (Join-Path $root 'examples/Quickstart.ps1') -Url $emulator.Url -Credential $credential -SkipCertificateCheck
    }
    finally {
        Stop-TestEmulator $emulator
    }
}

foreach ($name in $Task) {
    Write-Host "== $name"
    & "Invoke-$name"
}
