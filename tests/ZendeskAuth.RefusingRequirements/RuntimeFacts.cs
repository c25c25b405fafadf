using System;

namespace ZendeskAuth.Requirements
{
    /// <summary>Azure Automation's PowerShell 7.2 runtime, as the shipped RuntimeFacts.Current() would describe it.</summary>
    internal sealed class RuntimeFacts
    {
        public bool IsNetFramework { get; private set; }

        public Version PSVersion { get; private set; }

        public bool HasNetFramework472 { get; private set; }

        public string Framework { get; private set; }

        public static RuntimeFacts Current() => new RuntimeFacts
        {
            IsNetFramework = false,
            PSVersion = new Version(7, 2, 24),
            HasNetFramework472 = true,
            Framework = ".NET 6.0.36",
        };
    }
}
