# Loaded by the manifest (NestedModules) before ZendeskAuth.dll, so an unsupported PowerShell refuses the import
# with one clear error instead of failing later and obscurely. Nothing here is exported.
#
# - PowerShell 7.0-7.3 (.NET Core 3.1, 5, 6, 7; Azure Automation's 7.2 runtime) carry System.Text.Json 6.0/7.0
#   in-box. ZendeskAuth.dll references 8.0.0.0; .NET will not load an older in-box copy for it, so the import
#   would succeed and the first JSON call would throw a FileLoadException. PowerShell 7.4 (.NET 8) is the first
#   that serves it. The manifest can state a minimum PowerShell version, not a gap, hence this check.
# - Windows PowerShell 5.1 reads DotNetFrameworkVersion = '4.7.2' but only enforces the versions it knows (up to
#   4.5). On .NET Framework 4.6.2 or 4.7.0 the dll then fails to load with a missing 'netstandard' assembly.
#   HashSet<T>.TryGetValue is new in .NET Framework 4.7.2, so its presence tells the release without the
#   registry (a test checks it against the 4.6.2 and 4.7.2 reference assemblies).
#
# Cheap on purpose (it runs on every import): on PowerShell 7 only the version is compared; the type lookups
# (HashSet[int], RuntimeInformation), which scan the loaded assemblies, run only where they decide something
# (Windows PowerShell) or when there is a message to write.

function Get-UnsupportedRuntimeMessage {
    param(
        [Parameter(Mandatory)] [string] $Edition,
        [Parameter(Mandatory)] [version] $PSVersion,
        [bool] $HasNetFramework472,
        [string] $Framework
    )
    if ($Edition -eq 'Core' -and $PSVersion -lt [version]'7.4') {
        if (-not $Framework) { $Framework = Get-FrameworkDescription }
        return ("ZendeskAuth needs PowerShell 7.4 or later, or Windows PowerShell 5.1; this is PowerShell $PSVersion on $Framework. " +
            "PowerShell 7.0-7.3 carry an older System.Text.Json than the module needs. Install PowerShell 7.4 or later " +
            "(https://aka.ms/powershell), or in Azure Automation choose the 7.4 runtime environment (or 5.1).")
    }
    if ($Edition -ne 'Core' -and -not $HasNetFramework472) {
        if (-not $Framework) { $Framework = Get-FrameworkDescription }
        return ("ZendeskAuth needs .NET Framework 4.7.2 or later under Windows PowerShell 5.1; this is $Framework. " +
            "Install .NET Framework 4.8 (https://dotnet.microsoft.com/download/dotnet-framework), or use PowerShell 7.4 or later.")
    }
}

function Get-FrameworkDescription {
    # RuntimeInformation is in-box only from .NET Framework 4.7.1: on 4.6.2 the type literal itself would fail.
    $runtimeInformation = 'System.Runtime.InteropServices.RuntimeInformation' -as [type]
    if ($runtimeInformation) { $runtimeInformation::FrameworkDescription } else { ".NET Framework older than 4.7.1 (CLR $([Environment]::Version))" }
}

$message = Get-UnsupportedRuntimeMessage -Edition $PSVersionTable.PSEdition `
    -PSVersion ([version]::new($PSVersionTable.PSVersion.Major, $PSVersionTable.PSVersion.Minor)) `
    -HasNetFramework472 ($PSVersionTable.PSEdition -eq 'Core' -or $null -ne [System.Collections.Generic.HashSet[int]].GetMethod('TryGetValue'))
if ($message) {
    throw [System.Management.Automation.ErrorRecord]::new(
        [System.PlatformNotSupportedException]::new($message), 'UnsupportedPowerShell', 'NotInstalled', $PSVersionTable.PSVersion)
}

Export-ModuleMember
