using System;
using System.Management.Automation;

namespace ZendeskAuth.Requirements
{
    /// <summary>
    /// Refuses the PowerShells ZendeskAuth does not support, with one clear error, before the module's cmdlets
    /// are read. The manifest loads this assembly as a nested module, ahead of the root module's types (PowerShell
    /// loads ZendeskAuth.dll's file early, but reads its types only after the nested modules).
    /// <list type="bullet">
    /// <item>PowerShell 6.x and 7.0-7.3 (.NET Core 2.x-3.1, .NET 5-7; Azure Automation's 7.2 runtime) carry System.Text.Json
    /// 4.x-7.0 in-box. ZendeskAuth.dll references 8.0.0.0; .NET will not load an older in-box copy for it, so the
    /// import would succeed and the first JSON call would throw a FileLoadException. PowerShell 7.4 (.NET 8) is the
    /// first that serves it. The manifest can state a minimum PowerShell version, not a gap, hence this check.</item>
    /// <item>Windows PowerShell 5.1 reads DotNetFrameworkVersion = '4.7.2' but only enforces the versions it knows
    /// (up to 4.5). On .NET Framework 4.6.2 or 4.7.0 ZendeskAuth.dll's types fail to load (no 'netstandard'
    /// assembly there). HashSet&lt;T&gt;.TryGetValue is new in .NET Framework 4.7.2, so its presence tells the
    /// release without the registry (a test checks it against the 4.6.2 and 4.7.2 reference assemblies).</item>
    /// </list>
    /// The refusal is a terminating error with the id UnsupportedPowerShell (category NotInstalled) that names the
    /// PowerShell found and what to install; Import-Module stops and nothing of the module stays imported.
    /// Cheap on purpose, it runs on every import: two comparisons and, on .NET Framework only, one method look-up.
    /// </summary>
    public sealed class RequirementsCheck : IModuleAssemblyInitializer
    {
        /// <summary>The error id of the refusal.</summary>
        internal const string ErrorId = "UnsupportedPowerShell";

        /// <inheritdoc />
        public void OnImport()
        {
            var facts = RuntimeFacts.Current();
            var message = UnsupportedMessage(facts.IsNetFramework, facts.PSVersion, facts.HasNetFramework472, facts.Framework);
            if (message != null)
            {
                var error = new ErrorRecord(new PlatformNotSupportedException(message), ErrorId, ErrorCategory.NotInstalled, facts.PSVersion);
                throw new RuntimeException(message, error.Exception, error);
            }
        }

        /// <summary>
        /// Why this PowerShell cannot run ZendeskAuth, or null when it can. <paramref name="psVersion"/> is
        /// $PSVersionTable.PSVersion; <paramref name="framework"/> describes the runtime for the message.
        /// </summary>
        internal static string UnsupportedMessage(bool isNetFramework, Version psVersion, bool hasNetFramework472, string framework)
        {
            if (!isNetFramework && psVersion < new Version(7, 4))
            {
                return "ZendeskAuth needs PowerShell 7.4 or later, or Windows PowerShell 5.1; this is PowerShell "
                    + psVersion.ToString(2) + " on " + framework + ". "
                    + "PowerShell 7.0-7.3 carry an older System.Text.Json than the module needs. Install PowerShell 7.4 or later "
                    + "(https://aka.ms/powershell), or in Azure Automation choose the 7.4 runtime environment (or 5.1).";
            }
            if (isNetFramework && !hasNetFramework472)
            {
                return "ZendeskAuth needs .NET Framework 4.7.2 or later under Windows PowerShell 5.1; this is " + framework + ". "
                    + "Install .NET Framework 4.8 (https://dotnet.microsoft.com/download/dotnet-framework), or use PowerShell 7.4 or later.";
            }
            return null;
        }
    }
}
