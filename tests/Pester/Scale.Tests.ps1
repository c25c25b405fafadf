#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Paging, retries, concurrency and the header doctor on users' machines, against the emulator: the same as the
# hosted-engine tests PaginationTests, RetryTests and HeaderDoctorTests.

BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    . (Join-Path $PSScriptRoot 'TestEmulator.ps1')
    Import-Module (Get-TestModule -Root $root) -Force
    $script:emulator = Start-TestEmulator -Root $root
    Connect-Zendesk -Url $emulator.Url -OAuthToken $emulator.OAuthToken -SkipCertificateCheck
}

AfterAll {
    Disconnect-Zendesk
    Stop-TestEmulator $emulator
}

Describe 'Invoke-ZendeskRequest -Paginate' {
    It 'streams every record of a cursor-paged list' {
        (Invoke-ZendeskRequest tickets.json -Paginate | Measure-Object).Count | Should -Be 250
    }

    It 'follows offset pages' {
        (Invoke-ZendeskRequest tickets.json -Query @{ per_page = 100 } -Paginate | Measure-Object).Count | Should -Be 250
    }

    It 'follows an incremental export to its end' {
        (Invoke-ZendeskRequest 'incremental/tickets/cursor.json?start_time=0&per_page=100' -Paginate | Measure-Object).Count | Should -BeGreaterOrEqual 250
    }

    It 'stops with -First and with a downstream Select-Object -First' {
        (Invoke-ZendeskRequest tickets.json -Paginate -First 5 | Measure-Object).Count | Should -Be 5
        (Invoke-ZendeskRequest tickets.json -Paginate | Select-Object -First 3 | Measure-Object).Count | Should -Be 3
    }

    It 'stops in a later page while the next one is read ahead, and the connection goes on working' {
        # From page 2 the next page is requested while the records are output: Select-Object stops it unread.
        $ids = Invoke-ZendeskRequest 'tickets.json?page[size]=10' -Paginate -Verbose 4>$null | Select-Object -First 15 | ForEach-Object { $_.id }
        $ids | Should -Be (1..15)
        $ErrorActionPreference = 'Stop'
        (Invoke-ZendeskRequest 'tickets.json?page[size]=10' -Paginate | Select-Object -First 25 | Measure-Object).Count | Should -Be 25
        (Invoke-ZendeskRequest tickets/1.json).ticket.id | Should -Be 1
    }
}

Describe 'Paging rules' {
    It 'counts -Skip and -First in records across pages' {
        $ids = Invoke-ZendeskRequest tickets.json -Query @{ 'page[size]' = 10 } -Paginate -Skip 15 -First 10 | ForEach-Object { $_.id }
        $ids.Count | Should -Be 10
        $all = Invoke-ZendeskRequest tickets.json -Query @{ 'page[size]' = 10 } -Paginate -First 25 | ForEach-Object { $_.id }
        $ids | Should -Be ($all | Select-Object -Skip 15)
    }

    It 'outputs the records it has, then refuses a next-page link to another host' {
        $page = @{ records = @(1, 2); meta = @{ has_more = $true }; links = @{ next = 'https://elsewhere.example.com/api/v2/tickets.json?page[after]=x' } }
        $records = Invoke-ZendeskRequest /api/v2/emulator/echo -Method Post -Body $page -Paginate -ErrorVariable failures -ErrorAction SilentlyContinue
        $records | Should -Be @(1, 2)
        $failures[0].FullyQualifiedErrorId | Should -Be 'ForeignHost,ZendeskAuth.Commands.InvokeZendeskRequestCommand'
    }
}

Describe 'Concurrency' {
    It 'keeps the input order under -ThrottleLimit' {
        $ids = 1..20 | ForEach-Object { "tickets/$_.json" } | Invoke-ZendeskRequest -ThrottleLimit 8 | ForEach-Object { $_.ticket.id }
        $ids | Should -Be (1..20)
    }
}

Describe 'The header doctor' {
    It 'finds a UTF-16 header and never shows the secret' {
        $header = 'Basic ' + [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes("$($emulator.AdminEmail)/token:$($emulator.ApiToken)"))
        $diagnosis = Test-ZendeskAuthorizationHeader $header
        $diagnosis.IsValid | Should -BeFalse
        $diagnosis.Findings.Code | Should -Contain 'Utf16Encoding'
        ($diagnosis | Out-String) | Should -Not -Match $emulator.ApiToken
    }

    It 'finds a trailing newline from printf | base64' {
        $header = 'Basic ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("$($emulator.AdminEmail)/token:$($emulator.ApiToken)`n"))
        (Test-ZendeskAuthorizationHeader $header).Findings.Code | Should -Contain 'TrailingNewline'
    }
}
