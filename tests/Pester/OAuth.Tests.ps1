#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# OAuth scenarios for users' machines (Windows PowerShell 5.1 and pwsh 7), against the emulator: the same as
# the hosted-engine tests OAuthTokenTests, OAuthConnectionTests and OAuthClientTests.

BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    . (Join-Path $PSScriptRoot 'TestEmulator.ps1')
    Import-Module (Get-TestModule -Root $root) -Force
    $script:emulator = Start-TestEmulator -Root $root
    $script:url = $emulator.Url
    $script:runbookId = 'zendeskauth_runbook'
    $script:cliId = 'zendeskauth_cli'

    function New-TestCredential([string] $UserName, [string] $Secret) {
        [pscredential]::new($UserName, (ConvertTo-SecureString $Secret -AsPlainText -Force))
    }

    # A scripted browser: follows the emulator's authorization redirect without a real browser.
    $script:browser = New-TestHttpClient

    function Get-AuthorizationCode([string] $Challenge, [string] $RedirectUri) {
        $signIn = "$url/oauth/authorizations/new?response_type=code&client_id=$cliId&redirect_uri=$([uri]::EscapeDataString($RedirectUri))&scope=read%20write&state=s&code_challenge=$Challenge&code_challenge_method=S256"
        $location = $browser.GetAsync($signIn).GetAwaiter().GetResult().Headers.Location
        [uri]::UnescapeDataString(($location.Query.TrimStart('?') -split '&' | Where-Object { $_ -like 'code=*' }).Substring(5))
    }

    function New-Pkce {
        $bytes = [byte[]]::new(48); [System.Security.Cryptography.RandomNumberGenerator]::Create().GetBytes($bytes)
        $verifier = [Convert]::ToBase64String($bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_')
        $hash = [System.Security.Cryptography.SHA256]::Create().ComputeHash([Text.Encoding]::ASCII.GetBytes($verifier))
        @{ Verifier = $verifier; Challenge = [Convert]::ToBase64String($hash).TrimEnd('=').Replace('+', '-').Replace('/', '_') }
    }

    Connect-Zendesk -Url $url -Email $emulator.AdminEmail -ApiToken $emulator.ApiToken -SkipCertificateCheck -WarningAction SilentlyContinue
}

AfterAll {
    Disconnect-Zendesk
    Stop-TestEmulator $emulator
}

Describe 'The test helper' {
    It 'asks for TLS 1.2 on its own HTTP client (Windows PowerShell 5.1 may default to TLS 1.0)' {
        (New-TestHttpClientHandler).SslProtocols | Should -Be ([System.Security.Authentication.SslProtocols]::Tls12)
    }
}

Describe 'OAuth clients' {
    It 'lists clients without secrets and filters by name' {
        (Get-ZendeskOAuthClient -Name 'ZendeskAuth R*').Identifier | Should -Be $runbookId
        Get-ZendeskOAuthClient | Where-Object { $null -ne $_.Secret } | Should -BeNullOrEmpty
    }

    It 'shows a new client''s secret once, as a SecureString' {
        $client = New-ZendeskOAuthClient -Name 'Pester' -Identifier "pester_$(Get-Random)" -Confirm:$false
        $client.Secret | Should -BeOfType [securestring]
        $client | Remove-ZendeskOAuthClient -Confirm:$false -WarningAction SilentlyContinue
    }
}

Describe 'New-ZendeskOAuthToken' {
    It 'creates a token through the tokens API' {
        $token = New-ZendeskOAuthToken -ClientId $runbookId -Scope read
        $token.AccessToken | Should -BeOfType [securestring]
        $token.Id | Should -BeGreaterThan 0
    }

    It 'refuses an unknown scope before any call' {
        { New-ZendeskOAuthToken -ClientId $runbookId -Scope tickets:delete -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidScope,ZendeskAuth.Commands.NewZendeskOAuthTokenCommand'
    }

    It 'gets a token with client credentials' {
        $token = New-ZendeskOAuthToken -ClientCredential (New-TestCredential $runbookId $emulator.RunbookClientSecret) -Scope read -Url $url -SkipCertificateCheck
        $token.Scopes | Should -Be @('read')
    }

    It 'exchanges a code with PKCE, refreshes with rotation, and refuses the spent refresh token and a reused code' {
        $pkce = New-Pkce
        $code = Get-AuthorizationCode $pkce.Challenge 'http://127.0.0.1:4720/callback'
        $first = New-ZendeskOAuthToken -AuthorizationCode $code -ClientId $cliId -RedirectUri 'http://127.0.0.1:4720/callback' -CodeVerifier $pkce.Verifier
        $first.RefreshToken | Should -BeOfType [securestring]
        { New-ZendeskOAuthToken -AuthorizationCode $code -ClientId $cliId -RedirectUri 'http://127.0.0.1:4720/callback' -CodeVerifier $pkce.Verifier -ErrorAction Stop } |
            Should -Throw -ErrorId 'OAuthInvalidGrant,ZendeskAuth.Commands.NewZendeskOAuthTokenCommand'
        $second = New-ZendeskOAuthToken -RefreshToken $first.RefreshToken -ClientId $cliId
        $second.RefreshToken | Should -Not -BeNullOrEmpty
        { New-ZendeskOAuthToken -RefreshToken $first.RefreshToken -ClientId $cliId -ErrorAction Stop } |
            Should -Throw -ErrorId 'OAuthInvalidGrant,ZendeskAuth.Commands.NewZendeskOAuthTokenCommand'
    }
}

Describe 'Interactive sign-in' {
    # The suite runs unattended (pwsh -NonInteractive, as CI and runbooks do), where nobody can sign in: the
    # cmdlet must fail at once with the alternatives, not wait out -TimeoutSec. The browser flow itself (PKCE,
    # state, the loopback listener) is driven by the hosted xunit tests, whose host is interactive.
    It 'fails at once in a non-interactive session, naming the unattended alternatives' {
        $timer = [Diagnostics.Stopwatch]::StartNew()
        $thrown = $null
        try {
            New-ZendeskOAuthToken -Interactive -NoBrowser -Url $url -SkipCertificateCheck -ClientId $cliId -RedirectUri 'http://127.0.0.1:0/callback' -Scope read -TimeoutSec 60 -ErrorAction Stop
        }
        catch { $thrown = $_ }
        $timer.Stop()
        $thrown.FullyQualifiedErrorId | Should -Be 'InteractiveSignInUnavailable,ZendeskAuth.Commands.NewZendeskOAuthTokenCommand'
        $thrown.Exception.Message | Should -Match 'ClientCredential'
        $timer.Elapsed.TotalSeconds | Should -BeLessThan 30
    }
}

Describe 'Connecting with OAuth' {
    It 'connects with client credentials that renew themselves' {
        $connection = Connect-Zendesk -Url $url -ClientCredential (New-TestCredential $runbookId $emulator.RunbookClientSecret) -Scope read -SkipCertificateCheck -PassThru
        $connection.RenewsWith | Should -Be 'client_credentials'
        (Invoke-ZendeskRequest users/me.json -Connection $connection).user.role | Should -Be 'admin'
    }

    It 'shows the current token''s scopes' {
        $connection = Connect-Zendesk -Url $url -OAuthToken $emulator.OAuthToken -SkipCertificateCheck -PassThru
        (Get-ZendeskOAuthToken -Current -Connection $connection).Scopes | Should -Contain 'read'
    }

    It 'revokes a token and checks it is gone' {
        Connect-Zendesk -Url $url -Email $emulator.AdminEmail -ApiToken $emulator.ApiToken -SkipCertificateCheck -WarningAction SilentlyContinue
        $token = New-ZendeskOAuthToken -ClientId $runbookId -Scope read
        $token | Revoke-ZendeskToken -Confirm:$false
        { Get-ZendeskOAuthToken -Id $token.Id -ErrorAction Stop } | Should -Throw -ErrorId 'ZendeskNotFound,ZendeskAuth.Commands.GetZendeskOAuthTokenCommand'
    }
}
