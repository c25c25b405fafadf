#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# The acceptance suite for users' machines (Windows PowerShell 5.1 and pwsh 7): the same scenarios as the
# hosted-engine xunit tests, against the emulator. Run through ./build.ps1 -Task Test, or:
#   ./build.ps1 -Task Build; Invoke-Pester ./tests/Pester

BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    . (Join-Path $PSScriptRoot 'TestEmulator.ps1')
    Import-Module (Join-Path $root 'out/ZendeskAuth/ZendeskAuth.psd1') -Force
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

    It 'never shows a secret in any stream' {
        $all = & {
            Connect-Zendesk -Url $url -Email $emulator.AdminEmail -ApiToken $emulator.ApiToken -SkipCertificateCheck -PassThru -Verbose
            Invoke-ZendeskRequest users/me.json -Verbose
            Invoke-ZendeskRequest tickets/999999999.json -ErrorAction SilentlyContinue
            $Error | ForEach-Object { $_.ToString(); $_.ErrorDetails.Message; $_.Exception.ToString() }
        } *>&1 | Out-String
        $all | Should -Not -Match ([regex]::Escape($emulator.ApiToken))
        $all | Should -Not -Match ([regex]::Escape('amRvZUBleGFtcGxlLmNvbS90b2tlbjo2d2lJQldiR2tCTW8xbVJETXVWd2t3MUVQc05rZVVqOTVQSXoyYWt2'))
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
