#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# The acceptance suite for users' machines (Windows PowerShell 5.1 and pwsh 7): the same scenarios as the
# hosted-engine xunit tests, against the emulator. `dotnet test` runs the suite (tests/ZendeskAuth.Pester), or after
# a build: dotnet pwsh -NoProfile -File tests/Pester/Run.ps1

BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    . (Join-Path $PSScriptRoot 'TestEmulator.ps1')
    Import-Module (Get-TestModule -Root $root) -Force
    $script:emulator = Start-TestEmulator -Root $root
    $script:url = $emulator.Url

    function New-TestCredential([string] $UserName, [string] $Secret) {
        [pscredential]::new($UserName, (ConvertTo-SecureString $Secret -AsPlainText -Force))
    }
    function Connect-AsAdmin {
        Connect-Zendesk -Url $url -Email $emulator.AdminEmail -ApiToken $emulator.ApiToken -SkipCertificateCheck -WarningAction SilentlyContinue
    }
}

AfterAll {
    Disconnect-Zendesk
    Stop-TestEmulator $emulator
}

Describe 'Connect-Zendesk' {
    It 'connects with an API token and warns of its retirement' {
        $connection = Connect-Zendesk -Url $url -Email $emulator.AdminEmail -ApiToken $emulator.ApiToken -SkipCertificateCheck -PassThru -WarningVariable warnings -WarningAction SilentlyContinue
        $connection.AuthenticationType | Should -Be 'ApiToken'
        $connection.Role | Should -Be 'admin'
        $connection.UserId | Should -BeOfType [long]
        ($warnings -join ' ') | Should -Match '2027-04-30'
    }

    It 'treats a credential user name ending in /token as an API token' {
        $connection = Connect-Zendesk -Url $url -Credential (New-TestCredential "$($emulator.AdminEmail)/token" $emulator.ApiToken) -SkipCertificateCheck -PassThru -WarningAction SilentlyContinue
        $connection.AuthenticationType | Should -Be 'ApiToken'
    }

    It 'connects with a password and warns of its deprecation' {
        $connection = Connect-Zendesk -Url $url -Credential (New-TestCredential $emulator.AdminEmail $emulator.AdminPassword) -SkipCertificateCheck -PassThru -WarningVariable warnings -WarningAction SilentlyContinue
        $connection.AuthenticationType | Should -Be 'Password'
        ($warnings -join ' ') | Should -Match 'deprecated'
    }

    It 'connects with an OAuth token' {
        $connection = Connect-Zendesk -Url $url -OAuthToken $emulator.OAuthToken -SkipCertificateCheck -PassThru
        $connection.AuthenticationType | Should -Be 'OAuth'
    }

    It 'refuses a wrong password even though Zendesk answers 200' {
        { Connect-Zendesk -Url $url -Credential (New-TestCredential $emulator.AdminEmail 'wrong') -SkipCertificateCheck -ErrorAction Stop } |
            Should -Throw -ErrorId 'AuthenticationFailed,ZendeskAuth.Commands.ConnectZendeskCommand'
    }

    It 'reads the Zendesk CLI environment variables' {
        $saved = $env:ZENDESK_URL, $env:ZENDESK_EMAIL, $env:ZENDESK_API_TOKEN, $env:ZENDESK_OAUTH_TOKEN
        try {
            $env:ZENDESK_URL = $url; $env:ZENDESK_EMAIL = $emulator.AdminEmail; $env:ZENDESK_API_TOKEN = $emulator.ApiToken; $env:ZENDESK_OAUTH_TOKEN = $null
            (Connect-Zendesk -SkipCertificateCheck -PassThru -WarningAction SilentlyContinue).AuthenticationType | Should -Be 'ApiToken'
        }
        finally {
            $env:ZENDESK_URL, $env:ZENDESK_EMAIL, $env:ZENDESK_API_TOKEN, $env:ZENDESK_OAUTH_TOKEN = $saved
        }
    }

    It 'prefers ZENDESK_OAUTH_TOKEN, and names the variables missing' {
        $saved = $env:ZENDESK_URL, $env:ZENDESK_EMAIL, $env:ZENDESK_API_TOKEN, $env:ZENDESK_OAUTH_TOKEN
        try {
            $env:ZENDESK_URL = $url; $env:ZENDESK_EMAIL = $emulator.AdminEmail; $env:ZENDESK_API_TOKEN = 'ignored'; $env:ZENDESK_OAUTH_TOKEN = $emulator.OAuthToken
            (Connect-Zendesk -SkipCertificateCheck -PassThru -WarningAction SilentlyContinue).AuthenticationType | Should -Be 'OAuth'
            $env:ZENDESK_API_TOKEN = $null; $env:ZENDESK_OAUTH_TOKEN = $null
            $caught = $null
            try { Connect-Zendesk -SkipCertificateCheck -ErrorAction Stop } catch { $caught = $_ }
            $caught.FullyQualifiedErrorId | Should -Be 'MissingEnvironmentVariable,ZendeskAuth.Commands.ConnectZendeskCommand'
            $caught.Exception.Message | Should -Match 'ZENDESK_API_TOKEN'
        }
        finally {
            $env:ZENDESK_URL, $env:ZENDESK_EMAIL, $env:ZENDESK_API_TOKEN, $env:ZENDESK_OAUTH_TOKEN = $saved
        }
    }

    It 'connects with a token object from the pipeline' {
        Connect-AsAdmin
        $token = New-ZendeskOAuthToken -ClientId $emulator.RunbookClientId -Scope read
        ($token | Connect-Zendesk -Url $url -SkipCertificateCheck -PassThru -WarningAction SilentlyContinue).AuthenticationType | Should -Be 'OAuth'
        (Get-ZendeskOAuthToken -Current).Scopes | Should -Be @('read')
    }

    It 'refuses an unverified user and names the likely causes' {
        $caught = $null
        try { Connect-Zendesk -Url $url -Credential (New-TestCredential $emulator.UnverifiedEmail $emulator.UnverifiedPassword) -SkipCertificateCheck -WarningAction SilentlyContinue -ErrorAction Stop } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -Be 'AuthenticationFailed,ZendeskAuth.Commands.ConnectZendeskCommand'
        $caught.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $caught.Exception.Message | Should -Match 'verif'
    }

    It 'keeps two connections side by side' {
        $admin = Connect-Zendesk -Url $url -Email $emulator.AdminEmail -ApiToken $emulator.ApiToken -SkipCertificateCheck -PassThru -WarningAction SilentlyContinue
        $agent = Connect-Zendesk -Url $url -Credential (New-TestCredential $emulator.AgentEmail $emulator.AgentPassword) -SkipCertificateCheck -PassThru -WarningAction SilentlyContinue
        (Invoke-ZendeskRequest users/me.json -Connection $admin).user.role | Should -Be 'admin'
        (Invoke-ZendeskRequest users/me.json -Connection $agent).user.role | Should -Be 'agent'
    }

    It 'keeps each runspace''s connection to itself' -Skip:($PSVersionTable.PSVersion.Major -lt 7) {
        Connect-AsAdmin
        $manifest = (Get-Module ZendeskAuth).Path
        $seen = 1..2 | ForEach-Object -Parallel { Import-Module $using:manifest; [bool](Get-ZendeskConnection) }
        $seen | Should -Be @($false, $false)
        (Get-ZendeskConnection).Role | Should -Be 'admin'
    }
}

Describe 'Invoke-ZendeskRequest' {
    BeforeAll { Connect-AsAdmin }

    It 'accepts every path form' {
        foreach ($path in '/api/v2/users/me.json', 'api/v2/users/me.json', 'users/me.json', "$url/api/v2/users/me.json") {
            (Invoke-ZendeskRequest $path).user.email | Should -Be $emulator.AdminEmail
        }
    }

    It 'refuses another host' {
        { Invoke-ZendeskRequest 'https://elsewhere.example.com/api/v2/users/me.json' -ErrorAction Stop } |
            Should -Throw -ErrorId 'ForeignHost,ZendeskAuth.Commands.InvokeZendeskRequestCommand'
    }

    It 'round-trips a body of depth 10' {
        $body = @{ value = 'leaf' }
        foreach ($i in 1..10) { $body = @{ level = $i; child = $body } }
        $node = Invoke-ZendeskRequest /api/v2/emulator/echo -Method Post -Body $body
        $levels = 0
        while ($node.child) { $levels++; $node = $node.child }
        $levels | Should -Be 10
        $node.value | Should -Be 'leaf'
    }

    It 'maps <Status> to <Id>' -TestCases @(
        @{ Status = 404; Id = 'ZendeskNotFound'; Path = 'tickets/999999999.json'; Method = 'Get'; Body = $null }
        @{ Status = 422; Id = 'ZendeskInvalidData'; Path = 'tickets.json'; Method = 'Post'; Body = @{ ticket = @{ subject = 'no comment' } } }
    ) {
        { Invoke-ZendeskRequest $Path -Method $Method -Body $Body -ErrorAction Stop } |
            Should -Throw -ErrorId "$Id,ZendeskAuth.Commands.InvokeZendeskRequestCommand"
    }

    It 'keeps the input order under -ThrottleLimit and makes one failure a non-terminating error' {
        $paths = 'tickets/1.json', 'tickets/999999999.json', 'tickets/3.json'
        $ids = $paths | Invoke-ZendeskRequest -ThrottleLimit 3 -ErrorVariable failures -ErrorAction SilentlyContinue | ForEach-Object { $_.ticket.id }
        $ids | Should -Be @(1, 3)
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'ZendeskNotFound,ZendeskAuth.Commands.InvokeZendeskRequestCommand'
    }

    It 'never shows a secret in any stream' {
        $all = & {
            Connect-Zendesk -Url $url -Email $emulator.AdminEmail -ApiToken $emulator.ApiToken -SkipCertificateCheck -PassThru -Verbose
            Invoke-ZendeskRequest users/me.json -Verbose
            Invoke-ZendeskRequest tickets/999999999.json -ErrorAction SilentlyContinue
            $Error | ForEach-Object { $_.ToString(); $_.ErrorDetails.Message; $_.Exception.ToString() }
        } *>&1 | Out-String
        $all | Should -Not -Match ([regex]::Escape($emulator.ApiToken))
        $basic = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("$($emulator.AdminEmail)/token:$($emulator.ApiToken)"))
        $all | Should -Not -Match ([regex]::Escape($basic))
    }
}

Describe 'Help and completion' {
    It 'has full help with examples for every command, and about_ZendeskAuth' {
        foreach ($command in Get-Command -Module ZendeskAuth) {
            $help = Get-Help $command.Name -Full
            $help.Synopsis | Should -Not -BeNullOrEmpty -Because $command.Name
            @($help.Examples.Example).Count | Should -BeGreaterThan 0 -Because $command.Name
        }
        (Get-Help about_ZendeskAuth | Out-String) | Should -Match 'OAuth'
    }

    It 'completes scopes' {
        $line = 'New-ZendeskOAuthToken -ClientId 1 -Scope tickets:'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('tickets:read', 'tickets:write')
    }
}

Describe 'Paging, files and errors as Zendesk serves them' {
    BeforeAll { Connect-AsAdmin }

    It 'follows a time-based incremental export to end_of_stream' {
        $ids = Invoke-ZendeskRequest incremental/tickets.json -Query @{ start_time = 0; per_page = 100 } -Paginate | ForEach-Object id
        $ids.Count | Should -Be 250
        ($ids | Select-Object -Unique).Count | Should -Be 250
    }

    It 'warns of side-loads under -Paginate and keeps them with -AsPage' {
        $tickets = Invoke-ZendeskRequest tickets.json -Query @{ include = 'users' } -Paginate -WarningVariable warnings -WarningAction SilentlyContinue
        $tickets.Count | Should -Be 250
        ($warnings -join ' ') | Should -Match 'users'
        $pages = @(Invoke-ZendeskRequest tickets.json -Query @{ include = 'users' } -Paginate -AsPage)
        $pages.Count | Should -Be 3
        $pages[0].users.Count | Should -BeGreaterThan 0
    }

    It 'refuses a body on a GET' {
        { Invoke-ZendeskRequest tickets.json -Body @{ ticket = @{ subject = 'x' } } -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidParameterCombination,ZendeskAuth.Commands.InvokeZendeskRequestCommand'
    }

    It 'uploads bytes with their own type and downloads them through the file host' {
        $file = Join-Path ([IO.Path]::GetTempPath()) "zendeskauth-$([guid]::NewGuid()).png"
        $copy = "$file.copy"
        try {
            [IO.File]::WriteAllBytes($file, [byte[]](137, 80, 78, 71, 13, 10, 26, 10, 0, 255))
            $upload = Invoke-ZendeskRequest 'uploads.json?filename=pic.png' -Method Post -InFile $file
            $upload.upload.attachment.content_type | Should -Be 'image/png'
            Invoke-ZendeskRequest $upload.upload.attachment.content_url -OutFile $copy
            [IO.File]::ReadAllBytes($copy) | Should -Be ([IO.File]::ReadAllBytes($file))
        }
        finally {
            Remove-Item $file, $copy -ErrorAction SilentlyContinue
        }
    }
}
