<#
.SYNOPSIS
    Builds, tests, packages and demonstrates ZendeskAuth.
.DESCRIPTION
    Build    dotnet build; lays out the importable module at out/ZendeskAuth/.
    Test     dotnet test: the xunit suites and the Pester suite (tests/Pester) in PowerShell 7.6, the local
             dotnet tool; on Windows, the Pester suite again in Windows PowerShell 5.1.
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
    # The README's test command: the xunit suites and, through tests/ZendeskAuth.Pester, the Pester suite in
    # PowerShell 7.6 (the dotnet tool), importing out/ZendeskAuth by its manifest.
    Invoke-Dotnet test (Join-Path $root 'ZendeskAuth.sln') -c $Configuration
    # On Windows the same Pester suite runs again in Windows PowerShell 5.1, with the Pester the test project
    # restored from NuGet.
    if ($PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows) {
        $powershell = Join-Path $env:SystemRoot 'System32/WindowsPowerShell/v1.0/powershell.exe'
        & $powershell -NoProfile -NonInteractive -ExecutionPolicy Bypass -File (Join-Path $root 'tests/Pester/Run.ps1') -OutputPath (Join-Path $root 'out/test-results/pester-5.1.xml')
        if ($LASTEXITCODE -ne 0) { throw "Pester in Windows PowerShell 5.1: $LASTEXITCODE test(s) failed." }
    }
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
