#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Every script in examples/ runs against the emulator, in whichever PowerShell runs the suite (Windows PowerShell
# 5.1 in the Windows workflow), so none can rot. Azure Automation's cmdlets are stood in for by functions over a
# hashtable, as a runbook calls them.

BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    . (Join-Path $PSScriptRoot 'TestEmulator.ps1')
    Import-Module (Get-TestModule -Root $root) -Force
    $script:emulator = Start-TestEmulator -Root $root
    $script:url = $emulator.Url
    $script:examples = Join-Path $root 'examples'

    function New-TestCredential([string] $UserName, [string] $Secret) {
        New-Object System.Management.Automation.PSCredential -ArgumentList $UserName, (ConvertTo-SecureString $Secret -AsPlainText -Force)
    }

    $global:AutomationAssets = @{}
    function global:Get-AutomationPSCredential([string] $Name) { $global:AutomationAssets[$Name] }
    function global:Get-AutomationVariable([string] $Name) { $global:AutomationAssets[$Name] }
    function global:Set-AutomationVariable([string] $Name, $Value) { $global:AutomationAssets[$Name] = $Value }
}

AfterAll {
    Disconnect-Zendesk
    Stop-TestEmulator $emulator
    Remove-Item Function:\Get-AutomationPSCredential, Function:\Get-AutomationVariable, Function:\Set-AutomationVariable -ErrorAction SilentlyContinue
    Remove-Variable -Scope Global AutomationAssets -ErrorAction SilentlyContinue
}

Describe 'examples/' {
    It 'Quickstart.ps1 connects with an API token and shows the account' {
        $output = & (Join-Path $examples 'Quickstart.ps1') -Url $url -Credential (New-TestCredential "$($emulator.AdminEmail)/token" $emulator.ApiToken) -SkipCertificateCheck -WarningAction SilentlyContinue 6>&1 | Out-String
        $output | Should -Match ([regex]::Escape($emulator.AdminEmail))
        $output | Should -Not -Match ([regex]::Escape($emulator.ApiToken))
    }

    It 'BulkExport.ps1 writes every ticket once to a TSV file' {
        $file = Join-Path ([IO.Path]::GetTempPath()) ("zendeskauth-export-" + [Guid]::NewGuid().ToString('N') + '.tsv')
        try {
            & (Join-Path $examples 'BulkExport.ps1') -Url $url -Credential (New-TestCredential "$($emulator.AdminEmail)/token" $emulator.ApiToken) -Path $file -SkipCertificateCheck -WarningAction SilentlyContinue | Out-Null
            $lines = Get-Content $file
            $lines[0] | Should -Be "id`tstatus`tpriority`tupdated_at`tsubject"
            $ids = $lines | Select-Object -Skip 1 | ForEach-Object { ($_ -split "`t")[0] }
            $ids.Count | Should -BeGreaterOrEqual 250
            ($ids | Sort-Object -Unique).Count | Should -Be $ids.Count
        }
        finally { Remove-Item $file -ErrorAction SilentlyContinue }
    }

    It 'AzureAutomationRunbook.ps1 connects with the Automation credential''s client credentials' {
        $global:AutomationAssets['Zendesk OAuth client'] = New-TestCredential $emulator.RunbookClientId $emulator.RunbookClientSecret
        $report = & (Join-Path $examples 'AzureAutomationRunbook.ps1') -Url $url -SkipCertificateCheck -WarningAction SilentlyContinue
        $report.ConnectedAs | Should -Be $emulator.AdminEmail
        $report.Unsolved | Should -BeGreaterThan 0
    }

    It 'AzureAutomationRefreshTokenRunbook.ps1 stores every rotated refresh token' {
        $browser = New-TestHttpClient
        $verifier = 'pester-verifier-' + [Guid]::NewGuid().ToString('N') + [Guid]::NewGuid().ToString('N')
        $hash = [System.Security.Cryptography.SHA256]::Create().ComputeHash([Text.Encoding]::ASCII.GetBytes($verifier))
        $challenge = [Convert]::ToBase64String($hash).TrimEnd('=').Replace('+', '-').Replace('/', '_')
        $redirectUri = 'http://127.0.0.1:4713/callback'
        $signIn = "$url/oauth/authorizations/new?response_type=code&client_id=$($emulator.CliClientId)&redirect_uri=$([uri]::EscapeDataString($redirectUri))&scope=read&state=s&code_challenge=$challenge&code_challenge_method=S256"
        $location = $browser.GetAsync($signIn).GetAwaiter().GetResult().Headers.Location
        $code = [uri]::UnescapeDataString((($location.Query.TrimStart('?') -split '&') | Where-Object { $_ -like 'code=*' }).Substring(5))
        $first = New-ZendeskOAuthToken -Url $url -SkipCertificateCheck -AuthorizationCode $code -ClientId $emulator.CliClientId -RedirectUri $redirectUri -CodeVerifier $verifier
        Set-AutomationVariable -Name ZendeskRefreshToken -Value (New-Object System.Net.NetworkCredential -ArgumentList '', $first.RefreshToken).Password
        $stored = Get-AutomationVariable -Name ZendeskRefreshToken
        foreach ($run in 1, 2) {
            $output = & (Join-Path $examples 'AzureAutomationRefreshTokenRunbook.ps1') -Url $url -ClientId $emulator.CliClientId -SkipCertificateCheck *>&1
            ($output | Where-Object { $_.ConnectedAs }).ConnectedAs | Should -Be $emulator.AdminEmail
            $rotated = Get-AutomationVariable -Name ZendeskRefreshToken
            $rotated | Should -Not -Be $stored
            ($output | Out-String) | Should -Not -Match ([regex]::Escape($rotated))
            $stored = $rotated
        }
    }

    It 'MigrateApiTokenToOAuth.ps1 outputs client credentials that connect' {
        $moved = & (Join-Path $examples 'MigrateApiTokenToOAuth.ps1') -Url $url -ApiTokenCredential (New-TestCredential "$($emulator.AdminEmail)/token" $emulator.ApiToken) -ClientIdentifier "pester_migration_$(Get-Random)" -SkipCertificateCheck -WarningAction SilentlyContinue |
            Select-Object -Last 1
        $moved.ClientCredential | Should -BeOfType [pscredential]
        (Connect-Zendesk -Url $url -ClientCredential $moved.ClientCredential -Scope read -SkipCertificateCheck -PassThru -WarningAction SilentlyContinue).AuthenticationType | Should -Be 'OAuth'
    }
}
