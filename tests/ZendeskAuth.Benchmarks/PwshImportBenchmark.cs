namespace ZendeskAuth.Benchmarks;

/// <summary>
/// 1. `Import-Module` as the first command of a fresh real pwsh: each run is a new process whose script starts a
/// Stopwatch, imports, stops it, then checks the import (the module's commands are there). The same is done for an
/// empty manifest (what any import costs: the engine's first module load), and, to see where the module's share goes,
/// for ZendeskAuth.dll alone, the manifest without the nested requirements module, and without the format file.
/// Every variant runs in each engine given (the ReadyToRun pwsh users run, and the IL-only local tool for context), all
/// round-robin in one run (one of each per round, the order rotated each round); the figures are medians.
/// </summary>
internal static class PwshImportBenchmark
{
    public sealed record Result(IReadOnlyList<(Pwsh Engine, string Name, IReadOnlyList<double> Ms)> Variants)
    {
        public IReadOnlyList<double> Of(Pwsh engine, string name) => Variants.First(v => v.Engine == engine && v.Name == name).Ms;
    }

    public const string Module = "ZendeskAuth.psd1 (as shipped)";
    public const string Empty = "an empty manifest";
    public const string ModuleAfterCompare = "ZendeskAuth.psd1 (as shipped), after a first culture-aware string comparison";
    public const string EmptyAfterCompare = "an empty manifest, after a first culture-aware string comparison";

    private const string ImportScript = """
        param([string] $Path, [int] $ExpectCommands, [string] $CompareFirst)
        # The process's first culture-aware string comparison loads the culture's ICU collation (about 10 ms, once);
        # PowerShell's own matching of CmdletsToExport is one. Tested for truth only: -eq here would do it for every variant.
        if ($CompareFirst) { $null = 'a' -eq 'B' }
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        Import-Module -Name $Path -ErrorAction Stop
        $ms = $clock.Elapsed.TotalMilliseconds
        $name = [System.IO.Path]::GetFileNameWithoutExtension($Path)
        $commands = @(Get-Command -Module $name).Count
        if ($commands -lt $ExpectCommands) { throw "$Path imported $commands commands, not $ExpectCommands." }
        [Console]::Out.WriteLine("import_ms`t" + $ms.ToString('R', [cultureinfo]::InvariantCulture))
        """;

    public static Result Run(IReadOnlyList<Pwsh> engines, ModuleSnapshot module, int rounds)
    {
        var folder = Path.GetDirectoryName(module.Manifest)!;
        var manifestText = File.ReadAllText(module.Manifest);
        string Variant(string file, string text)
        {
            var path = Path.Combine(folder, file);
            File.WriteAllText(path, text);
            return path;
        }
        var commands = manifestText.Split('\n').Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s*'\w+-Zendesk\w*'\s*$"));
        var empty = Variant("Empty.psd1", "@{ ModuleVersion = '1.0.0'; GUID = 'd6b5f0a4-0c43-4d8e-9a53-3b8f3c1f0a11' }");
        var variants = new List<(string Name, string Path, int Commands, bool CompareFirst)>
        {
            (Empty, empty, 0, false),
            (Module, module.Manifest, commands, false),
            (EmptyAfterCompare, empty, 0, true),
            (ModuleAfterCompare, module.Manifest, commands, true),
            ("ZendeskAuth.dll alone (no manifest, no format file, no nested module)", Path.Combine(folder, "ZendeskAuth.dll"), commands, false),
        };
        if (Has(manifestText, "NestedModules"))
        {
            variants.Add(("the manifest without NestedModules", Variant("ZendeskAuthNoNested.psd1", Without(manifestText, "NestedModules")), commands, false));
        }
        variants.Add(("the manifest without FormatsToProcess", Variant("ZendeskAuthNoFormat.psd1", Without(manifestText, "FormatsToProcess")), commands, false));
        var script = Pwsh.Script(module, "import.ps1", ImportScript);
        var runs = engines.SelectMany(engine => variants.Select(variant => (Engine: engine, Variant: variant))).ToArray();
        var ms = runs.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var k = 0; k < runs.Length; k++)
            {
                var i = (k + round) % runs.Length;
                var (engine, (name, path, expect, compareFirst)) = runs[i];
                // The variants that are not named ZendeskAuth import under their own file name.
                var output = engine.RunFile(script, path, expect.ToString(System.Globalization.CultureInfo.InvariantCulture), compareFirst ? "yes" : "");
                ms[i].Add(Pwsh.Values(output)["import_ms"].Single());
            }
            Progress.Say($"import, round {round + 1}/{rounds}: " + string.Join("; ", runs.Select((r, i) => $"#{i} {Stats.F(ms[i][^1])} ms")));
        }
        return new Result(runs.Select((r, i) => (r.Engine, r.Variant.Name, (IReadOnlyList<double>)ms[i])).ToList());
    }

    private static bool Has(string manifest, string key) =>
        manifest.Split('\n').Any(l => l.TrimStart().StartsWith(key, StringComparison.Ordinal));

    private static string Without(string manifest, string key) =>
        string.Join('\n', manifest.Split('\n').Select(l => l.TrimStart().StartsWith(key, StringComparison.Ordinal) ? "# " + l : l));
}
