#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Errors by id and retries, as README's table and retry rules promise, against a scripted loopback server
# (TestStubServer.ps1) for the answers the emulator cannot be asked for from here (5xx, 429, resets, silence).

BeforeAll {
    $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
    . (Join-Path $PSScriptRoot 'TestEmulator.ps1')
    . (Join-Path $PSScriptRoot 'TestStubServer.ps1')
    Import-Module (Get-TestModule -Root $root) -Force

    # Connects to a fresh stub that answers users/me, then the given answers in order; returns the stub.
    function Connect-Stub([object[]] $Answers) {
        $stub = Start-TestStubServer -Answers (@(New-StubMeAnswer) + $Answers)
        $script:stubs += , $stub
        Connect-Zendesk -Url $stub.Url -OAuthToken 'stub-oauth-token-0123456789' -WarningAction SilentlyContinue
        $stub
    }
    $script:stubs = @()
    $script:invoke = 'ZendeskAuth.Commands.InvokeZendeskRequestCommand'
}

AfterAll {
    Disconnect-Zendesk
    foreach ($stub in $script:stubs) { Stop-TestStubServer $stub }
}

Describe 'Errors carry a stable id, a category and Zendesk''s own text' {
    It 'maps <Status> to <Id> (<Category>)' -TestCases @(
        @{ Status = 400; Id = 'ZendeskBadRequest'; Category = 'InvalidArgument'; Body = '{"error":"InvalidParameter","description":"per_page must be at most 100"}'; Text = 'per_page must be at most 100' }
        @{ Status = 401; Id = 'ZendeskUnauthorized'; Category = 'AuthenticationError'; Body = '{"error":"Couldn''t authenticate you"}'; Text = 'authenticate' }
        @{ Status = 403; Id = 'ZendeskForbidden'; Category = 'PermissionDenied'; Body = '{"error":"Forbidden","description":"You do not have access to this page."}'; Text = 'You do not have access' }
        @{ Status = 404; Id = 'ZendeskNotFound'; Category = 'ObjectNotFound'; Body = '{"error":"RecordNotFound","description":"Not found"}'; Text = 'Not found' }
        @{ Status = 422; Id = 'ZendeskInvalidData'; Category = 'InvalidData'; Body = '{"error":"RecordInvalid","description":"Record validation errors","details":{"subject":[{"description":"Subject: is too long"}]}}'; Text = 'Record validation errors' }
    ) {
        $stub = Connect-Stub @(New-StubAnswer -Status $Status -Body $Body)
        $caught = $null
        try { Invoke-ZendeskRequest tickets.json -Method Post -Body @{ ticket = @{ subject = 'x' } } -ErrorAction Stop } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -Be "$Id,$invoke"
        $caught.CategoryInfo.Category | Should -Be $Category
        $caught.ErrorDetails.Message + $caught.Exception.Message | Should -Match ([regex]::Escape($Text))
        $stub.Requests.Count | Should -Be 2
    }

    It 'maps a 5xx to ZendeskServerError and never retries a 500' {
        $stub = Connect-Stub @(New-StubAnswer -Status 500 -Body '{"error":"InternalError"}'; New-StubMeAnswer)
        { Invoke-ZendeskRequest tickets/1.json -ErrorAction Stop } | Should -Throw -ErrorId "ZendeskServerError,$invoke"
        $stub.Requests.Count | Should -Be 2
    }

    It 'maps a 429 past -MaxRetries to ZendeskRateLimited' {
        $stub = Connect-Stub @(New-StubAnswer -Status 429 -Headers @{ 'Retry-After' = '0' } -Body '{"error":"TooManyRequests"}')
        $caught = $null
        try { Invoke-ZendeskRequest tickets/1.json -MaxRetries 0 -ErrorAction Stop } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -Be "ZendeskRateLimited,$invoke"
        $caught.CategoryInfo.Category | Should -Be 'LimitsExceeded'
    }

    It 'says RequestTimeout (OperationTimeout) when -TimeoutSec passes' {
        $stub = Connect-Stub @(New-StubAnswer -Kind Stall)
        $caught = $null
        try { Invoke-ZendeskRequest tickets/1.json -TimeoutSec 1 -MaxRetries 0 -ErrorAction Stop } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -Be "RequestTimeout,$invoke"
        $caught.CategoryInfo.Category | Should -Be 'OperationTimeout'
    }

    It 'says ConnectionFailed (ConnectionError) when nothing listens' {
        $stub = Connect-Stub @()
        Stop-TestStubServer $stub
        $caught = $null
        try { Invoke-ZendeskRequest tickets/1.json -MaxRetries 0 -ErrorAction Stop } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -Be "ConnectionFailed,$invoke"
        $caught.CategoryInfo.Category | Should -Be 'ConnectionError'
    }

    It 'refuses http:// for a host that is not loopback, before sending anything' {
        { Connect-Zendesk -Url 'http://acme.zendesk.com' -OAuthToken 'x' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InsecureUrl,ZendeskAuth.Commands.ConnectZendeskCommand'
    }
}

Describe 'Rate limits' {
    It 'keeps the latest rate-limit figures on the connection' {
        $stub = Connect-Stub @(New-StubAnswer -Body '{"ticket":{"id":1}}' -Headers @{ 'X-Rate-Limit' = '700'; 'X-Rate-Limit-Remaining' = '650' })
        $null = Invoke-ZendeskRequest tickets/1.json
        $rate = (Get-ZendeskConnection).RateLimit
        $rate.Limit | Should -Be 700
        $rate.Remaining | Should -Be 650
    }
}

Describe 'Retries' {
    It 'waits out a 429''s Retry-After and sends again, for any method' {
        $stub = Connect-Stub @(
            New-StubAnswer -Status 429 -Headers @{ 'Retry-After' = '1' } -Body '{"error":"TooManyRequests"}'
            New-StubAnswer -Status 201 -Body '{"ticket":{"id":42}}'
        )
        (Invoke-ZendeskRequest tickets.json -Method Post -Body @{ ticket = @{ subject = 'x' } }).ticket.id | Should -Be 42
        $stub.Requests.Count | Should -Be 3
        $stub.Requests[1] | Should -Match '^POST /api/v2/tickets.json'
        $stub.Requests[2] | Should -Match '^POST /api/v2/tickets.json'
    }

    It 'retries a 503 with an HTTP-date Retry-After' {
        $date = [DateTime]::UtcNow.AddSeconds(1).ToString('r')
        $stub = Connect-Stub @(
            New-StubAnswer -Status 503 -Headers @{ 'Retry-After' = $date } -Body '{"error":"Unavailable"}'
            New-StubAnswer -Body '{"ticket":{"id":12}}'
        )
        (Invoke-ZendeskRequest tickets/12.json).ticket.id | Should -Be 12
        $stub.Requests.Count | Should -Be 3
    }

    It 'retries a GET after a 502 and after a connection reset' {
        $stub = Connect-Stub @(
            New-StubAnswer -Status 502 -Body '{"error":"BadGateway"}'
            New-StubAnswer -Kind Reset
            New-StubAnswer -Body '{"ticket":{"id":5}}'
        )
        (Invoke-ZendeskRequest tickets/5.json).ticket.id | Should -Be 5
        $stub.Requests.Count | Should -Be 4
    }

    It 'does not retry a POST after a 502 (Zendesk may have processed it)' {
        $stub = Connect-Stub @(New-StubAnswer -Status 502 -Body '{"error":"BadGateway"}'; New-StubAnswer -Status 201 -Body '{"ticket":{"id":1}}')
        { Invoke-ZendeskRequest tickets.json -Method Post -Body @{ ticket = @{ subject = 'x' } } -ErrorAction Stop } |
            Should -Throw -ErrorId "ZendeskServerError,$invoke"
        $stub.Requests.Count | Should -Be 2
    }

    It 'stops after -MaxRetries' {
        $stub = Connect-Stub @(
            New-StubAnswer -Status 503 -Headers @{ 'Retry-After' = '0' } -Body '{}'
            New-StubAnswer -Status 503 -Headers @{ 'Retry-After' = '0' } -Body '{}'
            New-StubAnswer -Body '{"ticket":{"id":1}}'
        )
        { Invoke-ZendeskRequest tickets/1.json -MaxRetries 1 -ErrorAction Stop } | Should -Throw -ErrorId "ZendeskServerError,$invoke"
        $stub.Requests.Count | Should -Be 3
    }
}
