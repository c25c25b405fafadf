@{
    RootModule           = 'ZendeskAuth.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5d3f0c2e-8b7a-4d61-9f3e-2a6c1b9e4f70'
    Author               = 'ZendeskAuth contributors'
    CompanyName          = 'ZendeskAuth'
    Copyright            = '(c) ZendeskAuth contributors. MIT License.'
    Description          = 'Authenticate to the Zendesk API (password, API token, OAuth) and call it safely: correct UTF-8 headers, per-runspace connections, typed errors, no secret ever shown.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = 'Desktop', 'Core'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = 'ZendeskAuth.format.ps1xml'
    # Refuses PowerShell 7.0-7.3 and .NET Framework older than 4.7.2 with one clear error before the cmdlets load
    # (a tiny net462 assembly: it loads where ZendeskAuth.dll cannot, and costs PowerShell 7 almost nothing).
    NestedModules        = 'ZendeskAuth.Requirements.dll'
    CmdletsToExport      = @(
        'Connect-Zendesk'
        'ConvertTo-ZendeskAuthorizationHeader'
        'Disconnect-Zendesk'
        'Get-ZendeskApiAccess'
        'Get-ZendeskConnection'
        'Get-ZendeskOAuthClient'
        'Get-ZendeskOAuthToken'
        'Invoke-ZendeskRequest'
        'New-ZendeskOAuthClient'
        'New-ZendeskOAuthToken'
        'Remove-ZendeskOAuthClient'
        'Reset-ZendeskOAuthClientSecret'
        'Revoke-ZendeskToken'
        'Set-ZendeskApiAccess'
        'Test-ZendeskApiAccess'
        'Test-ZendeskAuthorizationHeader'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = 'Zendesk', 'OAuth', 'API', 'Authentication', 'PSEdition_Desktop', 'PSEdition_Core'
            ProjectUri   = 'https://github.com/zendeskauth/ZendeskAuth'
            LicenseUri   = 'https://github.com/zendeskauth/ZendeskAuth/blob/main/LICENSE'
            ReleaseNotes = 'See CHANGELOG.md.'
        }
    }
}
