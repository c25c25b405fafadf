using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Xml.Linq;

namespace ZendeskAuth.Pester;

/// <summary>
/// Runs tests/Pester/Run.ps1 once, in the real PowerShell 7.6 (`dotnet pwsh`, the local tool), and keeps its
/// JUnit XML. The module is imported there by its manifest from out/ZendeskAuth, as a user imports it.
/// </summary>
public sealed class PesterRun
{
    public static string Root { get; } = FindRoot();

    public string Output { get; }
    public int ExitCode { get; }
    public XDocument? Results { get; }
    public string Summary { get; }

    public PesterRun()
    {
        var resultsFolder = Path.Combine(Root, "out", "test-results");
        Directory.CreateDirectory(resultsFolder);
        var xml = Path.Combine(resultsFolder, "pester.xml");
        File.Delete(xml);

        var log = new StringBuilder();
        var restore = Run(log, "tool", "restore");
        if (restore != 0)
        {
            Output = log.ToString();
            ExitCode = restore;
            Summary = "Pester: did not run (dotnet tool restore failed)";
            return;
        }
        var pesterPath = typeof(PesterRun).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PesterPath").Value!;
        ExitCode = Run(log, "pwsh", "-NoProfile", "-NonInteractive", "-File", Path.Combine(Root, "tests", "Pester", "Run.ps1"),
            "-PesterPath", pesterPath, "-OutputPath", xml);
        Output = log.ToString();
        Results = File.Exists(xml) ? XDocument.Load(xml) : null;
        Summary = Output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith("Pester: ", StringComparison.Ordinal))
                  ?? $"Pester: did not finish (exit code {ExitCode})";
        // `dotnet test` hides passing tests' output; the project prints this file after the run (and .ci/run adds it up).
        File.WriteAllText(Path.Combine(resultsFolder, "pester-summary.txt"),
            $"{Summary} (tests/Pester in PowerShell 7.6 via dotnet pwsh; JUnit XML: out/test-results/pester.xml)\n");
    }

    private static int Run(StringBuilder log, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["NO_COLOR"] = "1";
        log.AppendLine($"> dotnet {string.Join(' ', arguments)}");
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // Far above the suite's usual half a minute: only a hung emulator or module gets here.
        if (!process.WaitForExit(TimeSpan.FromMinutes(8)))
        {
            process.Kill(entireProcessTree: true);
            log.AppendLine("(killed after 8 minutes)");
            return -1;
        }
        process.WaitForExit();
        return process.ExitCode;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ZendeskAuth.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No ZendeskAuth.sln above {AppContext.BaseDirectory}.");
    }
}

/// <summary>One xunit case per Pester file: it fails with that file's failed tests and their messages.</summary>
public class PesterSuiteTests : IClassFixture<PesterRun>
{
    private readonly PesterRun _run;

    public PesterSuiteTests(PesterRun run) => _run = run;

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(PesterRun.Root, "tests", "Pester"), "*.Tests.ps1").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_test_in_the_file_passes(string file)
    {
        Assert.True(_run.Results is not null, $"No Pester results ({_run.Summary}).\n{_run.Output}");
        // Pester's JUnit XML: one <testsuite> per file, named by its path; a <testcase> holds <failure>/<skipped>.
        var suite = _run.Results!.Descendants("testsuite").SingleOrDefault(s => ((string?)s.Attribute("name") ?? "").EndsWith(file, StringComparison.Ordinal));
        Assert.True(suite is not null, $"{file} did not run ({_run.Summary}).\n{_run.Output}");
        var cases = suite!.Elements("testcase").ToList();
        var failures = cases.Where(c => c.Element("failure") is not null || c.Element("error") is not null)
            .Select(c => $"{c.Attribute("name")?.Value}: {(c.Element("failure") ?? c.Element("error"))!.Attribute("message")?.Value}\n{(c.Element("failure") ?? c.Element("error"))!.Value}")
            .ToList();
        var suiteFailed = (int?)suite.Attribute("failures") + (int?)suite.Attribute("errors") ?? 0;
        Assert.True(failures.Count == 0 && suiteFailed == 0 && cases.Count > 0,
            $"{file}: {failures.Count} of {cases.Count} Pester tests failed ({_run.Summary}):\n{string.Join("\n", failures)}");
    }

    [Fact]
    public void The_run_reports_no_failure()
    {
        Assert.True(_run.ExitCode == 0, $"Run.ps1 exited with {_run.ExitCode} ({_run.Summary}).\n{_run.Output}");
    }
}
