#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Get-, Set- and Test-ZendeskApiAccess for users' machines (Windows PowerShell 5.1 and pwsh 7), against the
# emulator: the same scenarios as the hosted-engine tests in ApiAccessTests. The scenarios run in order: the last
# one turns password and API token access off for the emulator's account.

BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    . (Join-Path $PSScriptRoot 'TestEmulator.ps1')
    Import-Module (Join-Path $root 'out/ZendeskAuth/ZendeskAuth.psd1') -Force
    $script:emulator = Start-TestEmulator -Root $root
    $script:url = $emulator.Url
    $script:runbookId = 'zendeskauth_runbook'
    $script:runbookSecret = '5e8b1c4f7a2d9e6b3c0f8a5d2e9b6c3f0a7d4e1b8c5f2a9d6e3b0c7f4a1d8e5b'
    # The emulator's seeded OAuth token never expires (DemoCredentials.OAuthAccessTokenId).
    $script:foreverTokenId = 15022151901588

    function New-TestCredential([string] $UserName, [string] $Secret) {
        New-Object System.Management.Automation.PSCredential($UserName, (ConvertTo-SecureString $Secret -AsPlainText -Force))
    }

    function Connect-WithApiToken {
        Connect-Zendesk -Url $url -Email $emulator.AdminEmail -ApiToken $emulator.ApiToken -SkipCertificateCheck -WarningAction SilentlyContinue
    }
}

AfterAll {
    Disconnect-Zendesk -ErrorAction SilentlyContinue
    Stop-TestEmulator $emulator
}

Describe 'Get-ZendeskApiAccess' {
    BeforeAll { Connect-WithApiToken }

    It 'shows the api settings as booleans' {
        $access = Get-ZendeskApiAccess
        $access.PasswordAccess | Should -BeTrue
        $access.ApiTokenAccess | Should -BeTrue
        $access.PasswordAccess | Should -BeOfType [bool]
        $access.ConnectionUses | Should -Be 'ApiToken'
        $access.Url.AbsoluteUri | Should -Be "$url/"
    }

    It 'tells an end user who may read the settings' {
        $endUser = Connect-Zendesk -Url $url -Credential (New-TestCredential 'enduser@example.com' 'EndUser-Passw0rd') -SkipCertificateCheck -PassThru -WarningAction SilentlyContinue
        $err = $null
        Get-ZendeskApiAccess -Connection $endUser -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'ZendeskForbidden,ZendeskAuth.Commands.GetZendeskApiAccessCommand'
        $err[0].Exception.Message | Should -Match 'agents and admins'
    }
}

Describe 'Test-ZendeskApiAccess on an account that allows passwords and API tokens' {
    BeforeAll { Connect-WithApiToken }

    It 'names 2027-04-30 and the move to OAuth for an API token connection' {
        $findings = @(Test-ZendeskApiAccess)
        $findings[0].Code | Should -Be 'Summary'
        $inUse = $findings | Where-Object Code -eq 'ApiTokenInUse'
        $inUse.Severity | Should -Be 'Warning'
        $inUse.Deadline | Should -Be ([datetime]'2027-04-30')
        $inUse.Message | Should -Match '2027-04-30'
        $inUse.Fix | Should -Match '-ClientCredential'
        ($findings | Where-Object Code -eq 'ApiTokenAccessOn').Severity | Should -Be 'Warning'
        ($findings | Where-Object Code -eq 'TokenNeverExpires').Message | Should -Match "$foreverTokenId"
    }

    It 'answers $false with -Quiet' {
        Test-ZendeskApiAccess -Quiet | Should -BeFalse
    }

    It 'shows no secret' {
        $text = (Test-ZendeskApiAccess | Format-List * | Out-String -Width 200)
        $text | Should -Not -Match ([regex]::Escape($emulator.ApiToken))
        $text | Should -Not -Match ([regex]::Escape($runbookSecret))
    }
}

Describe 'Set-ZendeskApiAccess' {
    BeforeAll { Connect-WithApiToken }

    It 'turns password access off and on' {
        (Set-ZendeskApiAccess -PasswordAccess $false -Confirm:$false -PassThru).PasswordAccess | Should -BeFalse
        (Get-ZendeskApiAccess).PasswordAccess | Should -BeFalse
        Set-ZendeskApiAccess -PasswordAccess $true -Confirm:$false -WarningAction SilentlyContinue
        (Get-ZendeskApiAccess).PasswordAccess | Should -BeTrue
    }

    It 'refuses to lock out the API token connection it runs on' {
        { Set-ZendeskApiAccess -ApiTokenAccess $false -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'WouldLockOut,ZendeskAuth.Commands.SetZendeskApiAccessCommand'
        (Get-ZendeskApiAccess).ApiTokenAccess | Should -BeTrue
    }

    It 'sends nothing with -WhatIf' {
        Set-ZendeskApiAccess -ApiTokenAccess $false -AllowLockout -WhatIf
        (Get-ZendeskApiAccess).ApiTokenAccess | Should -BeTrue
    }
}

Describe 'Test-ZendeskApiAccess on an OAuth-only account' {
    BeforeAll {
        Connect-Zendesk -Url $url -ClientCredential (New-TestCredential $runbookId $runbookSecret) -Scope read, write -SkipCertificateCheck -WarningAction SilentlyContinue
        Set-ZendeskApiAccess -PasswordAccess $false -ApiTokenAccess $false -Confirm:$false
        Revoke-ZendeskToken -Id $foreverTokenId -Confirm:$false
    }

    It 'finds nothing at Warning or worse when every token expires' {
        $findings = @(Test-ZendeskApiAccess)
        $findings | Select-Object -Skip 1 | Where-Object { $_.Severity -ne 'Information' } | Should -BeNullOrEmpty
        ($findings | Where-Object Code -eq 'OAuthInUse').Message | Should -Match 'client_credentials'
        Test-ZendeskApiAccess -Quiet | Should -BeTrue
    }

    It 'warns about a token that never expires' {
        $token = New-ZendeskOAuthToken -ClientId $runbookId -Scope read
        try {
            $finding = Test-ZendeskApiAccess | Where-Object Code -eq 'TokenNeverExpires'
            $finding.Severity | Should -Be 'Warning'
            $finding.Deadline | Should -Be ([datetime]'2027-04-01')
            $finding.Message | Should -Match "$($token.Id)"
        }
        finally {
            Revoke-ZendeskToken -Id $token.Id -Confirm:$false
        }
    }
}
