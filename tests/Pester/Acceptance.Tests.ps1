#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# What README promises a PowerShell user about files, the header tools, runspaces and secrets, against the
# emulator. Windows PowerShell 5.1 and pwsh 7; 7-only scenarios are skipped on 5.1 with the reason in their name.

BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    . (Join-Path $PSScriptRoot 'TestEmulator.ps1')
    Import-Module (Get-TestModule -Root $root) -Force
    $script:emulator = Start-TestEmulator -Root $root
    $script:url = $emulator.Url
    $script:manifest = (Get-Module ZendeskAuth).Path

    function New-TestCredential([string] $UserName, [string] $Secret) {
        New-Object System.Management.Automation.PSCredential -ArgumentList $UserName, (ConvertTo-SecureString $Secret -AsPlainText -Force)
    }
    function ConvertTo-Basic([string] $UserSecret) {
        [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($UserSecret))
    }
    function Connect-AsAdmin {
        Connect-Zendesk -Url $url -Email $emulator.AdminEmail -ApiToken $emulator.ApiToken -SkipCertificateCheck -WarningAction SilentlyContinue
    }
    $script:temp = Join-Path ([IO.Path]::GetTempPath()) ("zendeskauth-pester-" + [Guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $temp
}

AfterAll {
    Disconnect-Zendesk
    Stop-TestEmulator $emulator
    Remove-Item -Recurse -Force $temp -ErrorAction SilentlyContinue
}

Describe 'Files, raw bodies, status and headers' {
    BeforeAll { Connect-AsAdmin }

    It 'uploads a file byte for byte with -InFile and -ContentType, and streams the answer to -OutFile' {
        $in = Join-Path $temp 'in.bin'
        $out = Join-Path $temp 'out.bin'
        $bytes = [byte[]](0..255) + [byte[]](255..0)
        [IO.File]::WriteAllBytes($in, $bytes)
        $result = Invoke-ZendeskRequest /api/v2/emulator/echo -Method Post -InFile $in -ContentType 'application/octet-stream' -OutFile $out
        $result | Should -BeNullOrEmpty
        [Convert]::ToBase64String([IO.File]::ReadAllBytes($out)) | Should -Be ([Convert]::ToBase64String($bytes))
    }

    It 'gives the body text with -Raw' {
        $raw = Invoke-ZendeskRequest /api/v2/emulator/echo -Method Post -Body '{"a":[1,2]}' -Raw
        $raw | Should -BeOfType [string]
        ($raw -replace '\s', '') | Should -Be '{"a":[1,2]}'
    }

    It 'fills -StatusCodeVariable and -ResponseHeadersVariable as Invoke-RestMethod does' {
        $null = Invoke-ZendeskRequest users/me.json -StatusCodeVariable status -ResponseHeadersVariable headers
        $status | Should -Be 200
        $headers.Keys | Should -Contain 'Content-Type'
    }

    It 'returns JSON integers as Int64 and dates as strings' {
        $ticket = (Invoke-ZendeskRequest tickets/1.json).ticket
        $ticket.id | Should -BeOfType [long]
        $ticket.created_at | Should -BeOfType [string]
    }

    It 'outputs nothing for a 204' {
        $created = Invoke-ZendeskRequest tickets.json -Method Post -Body @{ ticket = @{ subject = 'to delete'; comment = @{ body = 'x' } } }
        Invoke-ZendeskRequest "tickets/$($created.ticket.id).json" -Method Delete | Should -BeNullOrEmpty
    }
}

Describe 'The header tools' {
    It 'builds the exact API-token header, as a SecureString unless -AsPlainText' {
        (ConvertTo-ZendeskAuthorizationHeader -Email $emulator.AdminEmail -ApiToken $emulator.ApiToken -WarningAction SilentlyContinue) | Should -BeOfType [securestring]
        ConvertTo-ZendeskAuthorizationHeader -Email $emulator.AdminEmail -ApiToken $emulator.ApiToken -AsPlainText -WarningAction SilentlyContinue |
            Should -BeExactly ('Basic ' + (ConvertTo-Basic "$($emulator.AdminEmail)/token:$($emulator.ApiToken)"))
    }

    It 'builds a password header from a credential and a Bearer header from an OAuth token' {
        ConvertTo-ZendeskAuthorizationHeader (New-TestCredential $emulator.AgentEmail $emulator.AgentPassword) -AsPlainText -WarningAction SilentlyContinue |
            Should -BeExactly ('Basic ' + (ConvertTo-Basic "$($emulator.AgentEmail):$($emulator.AgentPassword)"))
        ConvertTo-ZendeskAuthorizationHeader -OAuthToken $emulator.OAuthToken -AsPlainText | Should -BeExactly "Bearer $($emulator.OAuthToken)"
    }

    It 'finds <Code> in a hand-built header' -TestCases @(
        @{ Code = 'ExtraColon'; Text = { "$($emulator.AdminEmail)/token::$($emulator.ApiToken)" } }
        @{ Code = 'MissingTokenSuffix'; Text = { "$($emulator.AdminEmail):$($emulator.ApiToken)" } }
        @{ Code = 'TrailingNewline'; Text = { "$($emulator.AdminEmail)/token:$($emulator.ApiToken)`n" } }
    ) {
        $diagnosis = Test-ZendeskAuthorizationHeader ('Basic ' + (ConvertTo-Basic (& $Text)))
        $diagnosis.IsValid | Should -BeFalse
        $diagnosis.Findings.Code | Should -Contain $Code
        ($diagnosis | Format-List * | Out-String) + $diagnosis.ToString() | Should -Not -Match ([regex]::Escape($emulator.ApiToken))
    }

    It 'passes the header it builds itself and can try it on the account' {
        $header = ConvertTo-ZendeskAuthorizationHeader -Email $emulator.AdminEmail -ApiToken $emulator.ApiToken -WarningAction SilentlyContinue
        $diagnosis = Test-ZendeskAuthorizationHeader $header -Url $url -SkipCertificateCheck -WarningAction SilentlyContinue
        $diagnosis.IsValid | Should -BeTrue
        $diagnosis.ServerStatus | Should -Be 200
    }
}

Describe 'Runspaces' {
    BeforeAll { Connect-AsAdmin }

    It 'keeps the connection out of a runspace pool, and hands it over with -Connection' {
        $connection = Get-ZendeskConnection
        $pool = [runspacefactory]::CreateRunspacePool(1, 2)
        $pool.Open()
        try {
            $shells = foreach ($i in 1..2) {
                $shell = [powershell]::Create()
                $shell.RunspacePool = $pool
                $null = $shell.AddScript({
                        param($manifest, $connection)
                        Import-Module $manifest
                        [bool](Get-ZendeskConnection)
                        (Invoke-ZendeskRequest users/me.json -Connection $connection).user.role
                    }).AddArgument($manifest).AddArgument($connection)
                @{ Shell = $shell; Handle = $shell.BeginInvoke() }
            }
            foreach ($s in $shells) {
                $output = $s.Shell.EndInvoke($s.Handle)
                $s.Shell.Streams.Error | Should -BeNullOrEmpty
                $output[0] | Should -BeFalse
                $output[1] | Should -Be 'admin'
                $s.Shell.Dispose()
            }
        }
        finally { $pool.Dispose() }
        (Get-ZendeskConnection).Role | Should -Be 'admin'
    }

    It 'is not overwritten by a connection made in another runspace' {
        $other = [powershell]::Create()
        try {
            $null = $other.AddScript({
                    param($manifest, $url, $email, $password)
                    Import-Module $manifest
                    Connect-Zendesk -Url $url -Credential (New-Object pscredential -ArgumentList $email, (ConvertTo-SecureString $password -AsPlainText -Force)) -SkipCertificateCheck -WarningAction SilentlyContinue
                    (Get-ZendeskConnection).Role
                }).AddArgument($manifest).AddArgument($url).AddArgument($emulator.AgentEmail).AddArgument($emulator.AgentPassword)
            $other.Invoke() | Should -Be 'agent'
        }
        finally { $other.Dispose() }
        (Get-ZendeskConnection).Role | Should -Be 'admin'
    }

    It 'ForEach-Object -Parallel workers see no connection but can use one passed with $using: (7 only: -Parallel)' -Skip:($PSVersionTable.PSVersion.Major -lt 7) {
        $connection = Get-ZendeskConnection
        $roles = 1..3 | ForEach-Object -Parallel {
            Import-Module $using:manifest
            if (Get-ZendeskConnection) { 'leaked' } else { (Invoke-ZendeskRequest users/me.json -Connection $using:connection).user.role }
        }
        $roles | Should -Be @('admin', 'admin', 'admin')
    }
}

Describe 'No secret in any stream or in $Error' {
    It 'shows none of <Kind>''s secrets in output, errors, warnings, verbose, debug, information, formatting or $Error' -TestCases @(
        @{ Kind = 'an API token'; Secrets = { $emulator.ApiToken, (ConvertTo-Basic "$($emulator.AdminEmail)/token:$($emulator.ApiToken)") }
            Connect = { Connect-Zendesk -Url $url -Email $emulator.AdminEmail -ApiToken $emulator.ApiToken -SkipCertificateCheck -PassThru } }
        @{ Kind = 'a password'; Secrets = { $emulator.AdminPassword, (ConvertTo-Basic "$($emulator.AdminEmail):$($emulator.AdminPassword)") }
            Connect = { Connect-Zendesk -Url $url -Credential (New-TestCredential $emulator.AdminEmail $emulator.AdminPassword) -SkipCertificateCheck -PassThru } }
        @{ Kind = 'an OAuth token'; Secrets = { , $emulator.OAuthToken }
            Connect = { Connect-Zendesk -Url $url -OAuthToken $emulator.OAuthToken -SkipCertificateCheck -PassThru } }
    ) {
        $Error.Clear()
        $secrets = & $Secrets
        $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $InformationPreference = 'Continue'; $WarningPreference = 'Continue'
        $all = & {
            $connection = & $Connect
            $connection
            $connection.ToString()
            $connection | Format-List * | Out-String
            $connection | Format-Table * | Out-String
            Get-ZendeskConnection | Format-List * | Out-String
            Invoke-ZendeskRequest users/me.json
            Invoke-ZendeskRequest tickets/999999999.json -ErrorAction SilentlyContinue
            Invoke-ZendeskRequest tickets.json -Method Post -Body @{ ticket = @{ subject = 'no comment' } } -ErrorAction SilentlyContinue
            # A refused credential is a terminating error: caught here, it stays in $Error.
            try { Connect-Zendesk -Url $url -Credential (New-TestCredential $emulator.AdminEmail 'wrong password') -SkipCertificateCheck } catch { $_ }
        } *>&1 | Out-String
        $VerbosePreference = 'SilentlyContinue'; $DebugPreference = 'SilentlyContinue'; $InformationPreference = 'SilentlyContinue'
        $all | Should -Match 'GET'       # verbose and debug really were captured
        $errors = $Error | ForEach-Object { $_.ToString(); $_.ErrorDetails.Message; $_.Exception.ToString(); $_.InvocationInfo.Line; $_.TargetObject | Out-String; $_ | Format-List * -Force | Out-String } | Out-String
        $Error.Count | Should -BeGreaterThan 1
        foreach ($secret in $secrets) {
            $all | Should -Not -Match ([regex]::Escape($secret))
            $errors | Should -Not -Match ([regex]::Escape($secret))
        }
    }
}

Describe 'Disconnect-Zendesk' {
    It 'forgets the connection' {
        Connect-AsAdmin
        Disconnect-Zendesk
        Get-ZendeskConnection -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        { Invoke-ZendeskRequest users/me.json -ErrorAction Stop } | Should -Throw
    }
}
