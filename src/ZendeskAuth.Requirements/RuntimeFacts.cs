using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace ZendeskAuth.Requirements
{
    /// <summary>What the requirements check needs to know about the PowerShell importing the module.</summary>
    internal sealed class RuntimeFacts
    {
        public bool IsNetFramework { get; private set; }

        /// <summary>$PSVersionTable.PSVersion.</summary>
        public Version PSVersion { get; private set; }

        /// <summary>Whether this .NET Framework is 4.7.2 or later (always true on .NET Core, where it does not apply).</summary>
        public bool HasNetFramework472 { get; private set; }

        /// <summary>The runtime, for the message: ".NET 6.0.36", ".NET Framework older than 4.7.2 (CLR 4.0.30319.42000)".</summary>
        public string Framework { get; private set; }

        public static RuntimeFacts Current()
        {
            // .NET Framework's core library is mscorlib; .NET Core's is System.Private.CoreLib (mscorlib only forwards there).
            var isNetFramework = typeof(object).Assembly.GetName().Name == "mscorlib";
            // The importing runspace's version is $PSVersionTable.PSVersion; the engine assembly's version has the same
            // major and minor (7.6.0.500 for 7.6.9), for a caller without a default runspace.
            var psVersion = Runspace.DefaultRunspace?.Version ?? typeof(PSObject).Assembly.GetName().Version;
            var hasNetFramework472 = !isNetFramework || HasHashSetTryGetValue();
            return new RuntimeFacts
            {
                IsNetFramework = isNetFramework,
                PSVersion = psVersion,
                HasNetFramework472 = hasNetFramework472,
                Framework = isNetFramework ? ".NET Framework older than 4.7.2 (CLR " + Environment.Version + ")" : ".NET " + Environment.Version,
            };
        }

        // HashSet<T>.TryGetValue is new in .NET Framework 4.7.2; looked up by name because the net462 reference
        // assemblies lack it. A method of its own, called only on .NET Framework, so PowerShell 7 never loads the
        // System.Core facade for it.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static bool HasHashSetTryGetValue() => typeof(HashSet<int>).GetMethod("TryGetValue") != null;
    }
}
