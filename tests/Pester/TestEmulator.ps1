# Starts and stops the project's Zendesk emulator (tests/ZendeskAuth.Emulator) for build.ps1 and the Pester
# suite. The emulator must be built first (build.ps1 -Task Build). Works in Windows PowerShell 5.1 and pwsh 7.

# What the Pester files import: $env:ZENDESKAUTH_TEST_MODULE (set by Run.ps1 -Module: a manifest path, or a name
# on $env:PSModulePath such as an installed package), else the build's out/ZendeskAuth/ZendeskAuth.psd1.
function Get-TestModule {
    param([Parameter(Mandatory)] [string] $Root)
    if ($env:ZENDESKAUTH_TEST_MODULE) { return $env:ZENDESKAUTH_TEST_MODULE }
    Join-Path $Root 'out/ZendeskAuth/ZendeskAuth.psd1'
}

function Start-TestEmulator {
    param(
        [Parameter(Mandatory)] [string] $Root,
        # Debug or Release; by default whichever was built last.
        [string] $Configuration,
        [int] $RateLimit = 0
    )
    $candidates = foreach ($name in 'Debug', 'Release') {
        if (-not $Configuration -or $Configuration -eq $name) {
            Get-Item (Join-Path $Root "tests/ZendeskAuth.Emulator/bin/$name/net10.0/ZendeskAuth.Emulator.dll") -ErrorAction SilentlyContinue
        }
    }
    $dll = $candidates | Sort-Object LastWriteTime -Descending | Select-Object -First 1
    if (-not $dll) {
        throw "The emulator is not built. Run ./build.ps1 -Task Build first."
    }
    $startInfo = New-Object System.Diagnostics.ProcessStartInfo
    $startInfo.FileName = 'dotnet'
    $startInfo.Arguments = "`"$($dll.FullName)`" --port 0 --rate-limit $RateLimit"
    $startInfo.UseShellExecute = $false
    $startInfo.RedirectStandardOutput = $true
    $process = [System.Diagnostics.Process]::Start($startInfo)

    # The emulator prints its URL and the demo credentials first, one per line.
    $emulator = [ordered]@{ Process = $process }
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while ($true) {
        $line = $process.StandardOutput.ReadLine()
        if ($null -eq $line -or [DateTime]::UtcNow -gt $deadline) {
            if (-not $process.HasExited) { $process.Kill() }
            throw 'The emulator did not start.'
        }
        switch -Regex ($line) {
            '^Zendesk API emulator listening on (\S+)' { $emulator.Url = $Matches[1].TrimEnd('/') }
            '^Admin e-mail: (.+)$' { $emulator.AdminEmail = $Matches[1] }
            '^Admin password: (.+)$' { $emulator.AdminPassword = $Matches[1] }
            '^API token: (.+)$' { $emulator.ApiToken = $Matches[1] }
            '^Agent e-mail: (.+)$' { $emulator.AgentEmail = $Matches[1] }
            '^Agent password: (.+)$' { $emulator.AgentPassword = $Matches[1] }
            '^Unverified user e-mail: (.+)$' { $emulator.UnverifiedEmail = $Matches[1] }
            '^Unverified user password: (.+)$' { $emulator.UnverifiedPassword = $Matches[1] }
            '^OAuth access token[^:]*: (.+)$' { $emulator.OAuthToken = $Matches[1] }
            '^OAuth confidential client: (\S+) / secret (\S+)$' { $emulator.RunbookClientId = $Matches[1]; $emulator.RunbookClientSecret = $Matches[2] }
            '^OAuth public client[^:]*: (\S+)$' { $emulator.CliClientId = $Matches[1] }
        }
        if ($line -match '^Press Ctrl\+C') { break }
    }
    [pscustomobject] $emulator
}

function Stop-TestEmulator {
    param([Parameter(Mandatory)] $Emulator)
    if (-not $Emulator.Process.HasExited) {
        $Emulator.Process.Kill()
        $Emulator.Process.WaitForExit(10000) | Out-Null
    }
}

# The suite's own HTTP client (a scripted browser for the OAuth sign-in page): asks for TLS 1.2 explicitly, since
# Windows PowerShell 5.1 can default to TLS 1.0; accepts the emulator's self-signed certificate; follows no redirect.
function New-TestHttpClientHandler {
    Add-Type -AssemblyName System.Net.Http
    $handler = New-Object System.Net.Http.HttpClientHandler
    $handler.SslProtocols = [System.Security.Authentication.SslProtocols]::Tls12
    $handler.AllowAutoRedirect = $false
    $handler.ServerCertificateCustomValidationCallback = [System.Net.Http.HttpClientHandler]::DangerousAcceptAnyServerCertificateValidator
    $handler
}

function New-TestHttpClient {
    New-Object System.Net.Http.HttpClient -ArgumentList (New-TestHttpClientHandler)
}
