using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ZendeskAuth.Hosting;

namespace ZendeskAuth.Benchmarks;

/// <summary>
/// The real pwsh, as users run it: the repository's local dotnet tool (.config/dotnet-tools.json, `dotnet tool restore`),
/// started as a child process (`dotnet …/tools/net10.0/any/unix/pwsh.dll -NoLogo -NoProfile -NonInteractive -File script`).
/// The tool's pwsh.dll is run directly rather than through `dotnet pwsh`, whose shim would add its own start-up to
/// every fresh process and needs the repository as the working folder. The tool's managed dlls are IL only; the
/// measures run on a ReadyToRun copy of it (<see cref="ReadyToRunPwsh"/>), as users run pwsh. `--pwsh PATH` chooses
/// another pwsh.dll.
/// </summary>
internal sealed class Pwsh
{
    internal Pwsh(string dll, string version, string name)
    {
        Dll = dll;
        Version = version;
        Name = name;
    }

    public string Dll { get; }

    public string Version { get; }

    /// <summary>Which pwsh: the local tool, its ReadyToRun copy, or the one given with --pwsh.</summary>
    public string Name { get; }

    /// <summary>Whether pwsh's System.Management.Automation.dll is ReadyToRun (precompiled), as release builds ship it.</summary>
    public bool ReadyToRun => ReadyToRunPwsh.IsReadyToRun(Path.Combine(Path.GetDirectoryName(Dll)!, "System.Management.Automation.dll"));

    /// <summary>The engine as the table prints it: ReadyToRun or IL only, read from the PE headers of the folder's dlls.</summary>
    public string Engine
    {
        get
        {
            var (readyToRun, managed) = ReadyToRunPwsh.Count(Path.GetDirectoryName(Dll)!);
            return $"{(ReadyToRun ? "ReadyToRun" : "IL only")} engine, {readyToRun} of {managed} managed dlls ReadyToRun";
        }
    }

    /// <summary>One line for the table's header: which pwsh, where, which engine.</summary>
    public string Describe() => $"{Name} pwsh {Version} ({Dll}; {Engine})";

    public static Pwsh Find(string? given)
    {
        if (given is not null)
        {
            return File.Exists(given) ? new Pwsh(Path.GetFullPath(given), "?", "--pwsh") : throw new FileNotFoundException($"--pwsh {given}: no such file.");
        }
        var manifest = Path.Combine(RepositoryPaths.Root, ".config", "dotnet-tools.json");
        using var json = JsonDocument.Parse(File.ReadAllText(manifest));
        var version = json.RootElement.GetProperty("tools").GetProperty("powershell").GetProperty("version").GetString()!;
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p
            ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var tools = Path.Combine(packages, "powershell", version, "tools");
        var flavour = OperatingSystem.IsWindows() ? "win" : "unix";
        var dll = Directory.Exists(tools)
            ? Directory.GetDirectories(tools, "net*").OrderDescending().Select(d => Path.Combine(d, "any", flavour, "pwsh.dll")).FirstOrDefault(File.Exists)
            : null;
        return dll is null
            ? throw new FileNotFoundException($"The local PowerShell tool {version} is not restored ({tools}): run `dotnet tool restore` in the repository.")
            : new Pwsh(dll, version, "local tool");
    }

    /// <summary>Runs a script file in a fresh pwsh and returns its standard output; a non-zero exit throws with both streams.</summary>
    public string RunFile(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo(Child.Dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in (string[])[Dll, "-NoLogo", "-NoProfile", "-NonInteractive", "-File", script, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }
        // No update check or telemetry at start-up (both would add work to every fresh process that users can switch off too).
        start.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
        start.Environment["POWERSHELL_UPDATECHECK"] = "Off";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start pwsh.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 || error.Result.Trim().Length > 0)
        {
            throw new InvalidOperationException($"pwsh -File {Path.GetFileName(script)} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output}\n{error.Result}");
        }
        return output;
    }

    /// <summary>Lines of `name<TAB>value` (the scripts' results), grouped by name in order of appearance.</summary>
    public static Dictionary<string, List<double>> Values(string output)
    {
        var values = new Dictionary<string, List<double>>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split('\t');
            if (parts.Length == 2 && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                (values.TryGetValue(parts[0], out var list) ? list : values[parts[0]] = []).Add(value);
            }
        }
        return values;
    }

    /// <summary>Writes a script to a temporary file (deleted with the benchmark's module snapshot folder).</summary>
    public static string Script(ModuleSnapshot module, string name, string text)
    {
        var path = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(module.Manifest))!, name);
        File.WriteAllText(path, text);
        return path;
    }
}
