using System.Management.Automation.Language;
using ZendeskAuth.Hosting;

namespace ZendeskAuth.Compatibility;

/// <summary>
/// Every .ps1, .psm1 and .psd1 in the repository must run in Windows PowerShell 5.1: no PowerShell 7 syntax, no
/// PowerShell 7 cmdlet or parameter unless guarded by a version check (an <c>if</c> on $PSVersionTable, or a
/// Pester <c>-Skip</c> on it), and no non-ASCII text without a UTF-8 BOM (5.1 reads such a file as ANSI).
/// A file that declares <c>#Requires -Version 7</c> or <c>-PSEdition Core</c> is exempt.
/// </summary>
public class ScriptCompatibilityTests
{
    // Cmdlets Windows PowerShell 5.1 does not have.
    private static readonly HashSet<string> s_sevenOnlyCommands = new(StringComparer.OrdinalIgnoreCase)
    {
        "Get-Error", "Join-String", "Test-Json", "ConvertFrom-Markdown", "Show-Markdown", "Get-MarkdownOption", "Set-MarkdownOption",
        "Get-Uptime", "Remove-Alias", "Remove-Service", "Get-ExperimentalFeature", "Enable-ExperimentalFeature",
        "Disable-ExperimentalFeature", "Start-ThreadJob", "Get-SecureRandom", "ConvertTo-CliXml", "ConvertFrom-CliXml",
        "Get-PSSubsystem", "Update-List",
    };

    // Parameters Windows PowerShell 5.1's versions of these cmdlets do not have.
    private static readonly Dictionary<string, string[]> s_sevenOnlyParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ConvertFrom-SecureString"] = ["AsPlainText"],
        ["ConvertFrom-Json"] = ["AsHashtable", "Depth", "NoEnumerate", "DateKind"],
        ["ConvertTo-Json"] = ["AsArray", "EscapeHandling"],
        ["Invoke-RestMethod"] = ["SkipCertificateCheck", "Authentication", "Token", "AllowUnencryptedAuthentication", "ResponseHeadersVariable", "StatusCodeVariable", "SslProtocol", "SkipHttpErrorCheck", "SkipHeaderValidation", "Form", "MaximumRetryCount", "RetryIntervalSec", "Resume", "NoProxy", "CustomMethod", "HttpVersion", "FollowRelLink", "MaximumFollowRelLink", "ConnectionTimeoutSeconds", "OperationTimeoutSeconds", "PreserveHttpMethodOnRedirect", "PreserveAuthorizationOnRedirect", "UnixSocket"],
        ["Invoke-WebRequest"] = ["SkipCertificateCheck", "Authentication", "Token", "AllowUnencryptedAuthentication", "SslProtocol", "SkipHttpErrorCheck", "SkipHeaderValidation", "Form", "MaximumRetryCount", "RetryIntervalSec", "Resume", "NoProxy", "CustomMethod", "HttpVersion", "ConnectionTimeoutSeconds", "OperationTimeoutSeconds", "PreserveHttpMethodOnRedirect", "PreserveAuthorizationOnRedirect", "UnixSocket"],
        ["Get-Content"] = ["AsByteStream"],
        ["Set-Content"] = ["AsByteStream"],
        ["Add-Content"] = ["AsByteStream"],
        ["ForEach-Object"] = ["Parallel", "ThrottleLimit", "AsJob", "TimeoutSeconds", "UseNewRunspace"],
        ["Get-Date"] = ["AsUTC", "UnixTimeSeconds"],
        ["Split-Path"] = ["Extension", "LeafBase"],
        ["Join-Path"] = ["AdditionalChildPath"],
        ["Get-Random"] = ["Shuffle"],
        ["Sort-Object"] = ["Top", "Bottom", "Stable"],
        ["Start-Job"] = ["WorkingDirectory"],
        ["Select-String"] = ["Raw", "NoEmphasis"],
        ["Get-ChildItem"] = ["FollowSymlink"],
    };

    private static readonly HashSet<string> s_foreachAliases = new(StringComparer.OrdinalIgnoreCase) { "ForEach-Object", "%", "foreach" };

    private static readonly string[] s_sevenOnlyEncodings = ["utf8NoBOM", "utf8BOM", "ansi"];

    public static TheoryData<string> Scripts() => Files(".ps1", ".psm1", ".psd1");

    /// <summary>Format and type files: not scripts, but 5.1 reads them too, so the same encoding rule holds.</summary>
    public static TheoryData<string> PowerShellXml() => Files(".ps1xml");

    private static TheoryData<string> Files(params string[] extensions)
    {
        var data = new TheoryData<string>();
        var skip = new[] { "bin", "obj", "out", ".git", "TestResults", "BenchmarkDotNet.Artifacts" };
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.Root, "*", SearchOption.AllDirectories)
                     .Where(f => extensions.Contains(Path.GetExtension(f)))
                     .Select(f => Path.GetRelativePath(RepositoryPaths.Root, f))
                     .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => skip.Contains(part)))
                     .Order(StringComparer.Ordinal))
        {
            data.Add(file);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Runs_in_Windows_PowerShell_5_1(string relativePath)
    {
        var problems = Problems(Path.Combine(RepositoryPaths.Root, relativePath));
        Assert.True(problems.Count == 0, $"{relativePath}:\n{string.Join("\n", problems)}");
    }

    [Theory]
    [MemberData(nameof(PowerShellXml))]
    public void Is_ASCII_or_has_a_UTF8_BOM(string relativePath)
    {
        var problems = EncodingProblems(File.ReadAllBytes(Path.Combine(RepositoryPaths.Root, relativePath)));
        Assert.True(problems.Count == 0, $"{relativePath}:\n{string.Join("\n", problems)}");
    }

    [Fact]
    public void The_check_covers_the_module_the_suite_and_the_examples()
    {
        var scripts = Scripts().Select((object[] row) => (string)row[0]).ToList();
        Assert.Contains("build.ps1", scripts);
        Assert.Contains("ZendeskAuth.psd1", scripts);
        Assert.Contains(Path.Combine("tests", "Pester", "Run.ps1"), scripts);
        Assert.Contains(scripts, s => s.StartsWith("examples", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("$a = $b ? 1 : 2", "ternary")]
    [InlineData("$a = $b ?? 1", "??")]
    [InlineData("$a ??= 1", "??=")]
    [InlineData("Get-Item x && Get-Item y", "&&")]
    [InlineData("Get-Item x || throw 'no'", "&&")]
    [InlineData("${a}?.Name", "?.")]
    [InlineData("${a}?[0]", "?.")]
    [InlineData("Start-Sleep 1 &", "background")]
    [InlineData("function f { process { } clean { } }", "clean")]
    [InlineData("1..2 | ForEach-Object -Parallel { $_ }", "-Parallel")]
    [InlineData("1..2 | % -Parallel { $_ }", "-Parallel")]
    [InlineData("$s | ConvertFrom-SecureString -AsPlainText", "-AsPlainText")]
    [InlineData("Invoke-RestMethod https://x -SkipCertificateCheck", "-SkipCertificateCheck")]
    [InlineData("'{}' | ConvertFrom-Json -AsHashtable", "-AsHashtable")]
    [InlineData("Get-Content x -AsByteStream", "-AsByteStream")]
    [InlineData("Set-Content x -Value y -Encoding utf8NoBOM", "utf8NoBOM")]
    [InlineData("Get-Error", "Get-Error")]
    [InlineData("'a', 'b' | Join-String", "Join-String")]
    [InlineData("It 'x' { 1..2 | ForEach-Object -Parallel { $_ } }", "-Parallel")]
    [InlineData("if ($IsWindows) { 1..2 | ForEach-Object -Parallel { $_ } }", "-Parallel")]
    [InlineData("$t = \"caf\u00e9\"", "non-ASCII")]
    public void Finds_what_Windows_PowerShell_5_1_lacks(string script, string expected)
    {
        var file = Path.Combine(Path.GetTempPath(), $"zendeskauth-compat-{Guid.NewGuid():N}.ps1");
        try
        {
            File.WriteAllText(file, script); // UTF-8 without a BOM
            Assert.Contains(Problems(file), p => p.Contains(expected, StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("It 'x' -Skip:($PSVersionTable.PSVersion.Major -lt 7) { 1..2 | ForEach-Object -Parallel { $_ } }")]
    [InlineData("if ($PSVersionTable.PSVersion.Major -ge 7) { $s | ConvertFrom-SecureString -AsPlainText }")]
    [InlineData("if ($PSVersionTable.PSEdition -eq 'Core') { Invoke-RestMethod https://x -SkipCertificateCheck } else { Invoke-RestMethod https://x }")]
    [InlineData("#Requires -Version 7.4\n$a = $b ?? 1")]
    [InlineData("$a = [Net.NetworkCredential]::new('', $s).Password; $b = [ordered]@{ a = 1 }; $c = @($a) -join ','")]
    public void Accepts_guarded_and_5_1_code(string script)
    {
        var file = Path.Combine(Path.GetTempPath(), $"zendeskauth-compat-{Guid.NewGuid():N}.ps1");
        try
        {
            File.WriteAllText(file, script);
            Assert.Empty(Problems(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Non_ASCII_text_is_fine_with_a_UTF8_BOM()
    {
        var file = Path.Combine(Path.GetTempPath(), $"zendeskauth-compat-{Guid.NewGuid():N}.ps1");
        try
        {
            File.WriteAllText(file, "$t = \"caf\u00e9\"", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            Assert.Empty(Problems(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Non-ASCII text in a file without a UTF-8 BOM, which Windows PowerShell 5.1 reads as ANSI.</summary>
    private static List<string> EncodingProblems(byte[] bytes)
    {
        var problems = new List<string>();
        var hasBom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
        if (!hasBom)
        {
            var line = 1;
            foreach (var b in bytes)
            {
                if (b == (byte)'\n')
                {
                    line++;
                }
                else if (b > 0x7F)
                {
                    problems.Add($"line {line}: non-ASCII text in a file without a UTF-8 BOM (Windows PowerShell 5.1 reads it as ANSI): save it as UTF-8 with BOM or use ASCII");
                    break;
                }
            }
        }
        return problems;
    }

    internal static List<string> Problems(string path)
    {
        var problems = EncodingProblems(File.ReadAllBytes(path));

        var ast = Parser.ParseFile(path, out _, out var errors);
        foreach (var error in errors)
        {
            problems.Add($"line {error.Extent.StartLineNumber}: does not parse: {error.Message}");
        }
        if (ast.ScriptRequirements is { } requirements &&
            (requirements.RequiredPSVersion?.Major >= 6 || (requirements.RequiredPSEditions?.Count > 0 && !requirements.RequiredPSEditions.Contains("Desktop", StringComparer.OrdinalIgnoreCase))))
        {
            return problems; // declared PowerShell 7 only
        }

        void Add(Ast node, string what) => problems.Add($"line {node.Extent.StartLineNumber}: {what}: {node.Extent.Text.Split('\n')[0].Trim()}");

        foreach (var node in ast.FindAll(_ => true, searchNestedScriptBlocks: true))
        {
            switch (node)
            {
                case TernaryExpressionAst:
                    Add(node, "the ternary operator ?: is PowerShell 7 only");
                    break;
                case BinaryExpressionAst { Operator: TokenKind.QuestionQuestion }:
                    Add(node, "?? is PowerShell 7 only");
                    break;
                case AssignmentStatementAst { Operator: TokenKind.QuestionQuestionEquals }:
                    Add(node, "??= is PowerShell 7 only");
                    break;
                case PipelineChainAst:
                    Add(node, "&& and || between pipelines are PowerShell 7 only");
                    break;
                case MemberExpressionAst { NullConditional: true }:
                case IndexExpressionAst { NullConditional: true }:
                    Add(node, "?. and ?[] are PowerShell 7 only");
                    break;
                case PipelineAst { Background: true }:
                    Add(node, "the background operator & is PowerShell 7 only");
                    break;
                case ScriptBlockAst { CleanBlock: not null }:
                    Add(node, "the clean block is PowerShell 7.3 only");
                    break;
                case CommandAst command when !IsGuarded(command):
                    CheckCommand(command, Add);
                    break;
            }
        }
        return problems;
    }

    private static void CheckCommand(CommandAst command, Action<Ast, string> add)
    {
        var name = command.GetCommandName();
        if (name is null)
        {
            return;
        }
        if (s_sevenOnlyCommands.Contains(name))
        {
            add(command, $"{name} is not in Windows PowerShell 5.1");
        }
        var canonical = s_foreachAliases.Contains(name) ? "ForEach-Object" : name;
        var elements = command.CommandElements;
        for (var i = 1; i < elements.Count; i++)
        {
            if (elements[i] is CommandParameterAst parameter)
            {
                if (s_sevenOnlyParameters.TryGetValue(canonical, out var parameters) &&
                    parameters.FirstOrDefault(p => p.StartsWith(parameter.ParameterName, StringComparison.OrdinalIgnoreCase) && parameter.ParameterName.Length >= Math.Min(p.Length, 4)) is { } match)
                {
                    add(command, $"{canonical} -{match} is not in Windows PowerShell 5.1");
                }
                var value = parameter.Argument ?? (i + 1 < elements.Count ? elements[i + 1] : null);
                if (parameter.ParameterName.Equals("Encoding", StringComparison.OrdinalIgnoreCase) &&
                    value is StringConstantExpressionAst encoding && s_sevenOnlyEncodings.Contains(encoding.Value, StringComparer.OrdinalIgnoreCase))
                {
                    add(command, $"-Encoding {encoding.Value} is not in Windows PowerShell 5.1");
                }
            }
        }
    }

    // Guarded: inside an if/elseif whose condition asks $PSVersionTable (the PSVersion or PSEdition), or inside a
    // Pester block whose -Skip asks it.
    private static bool IsGuarded(Ast node)
    {
        for (var child = node; child.Parent is { } parent; child = parent)
        {
            if (parent is IfStatementAst statement)
            {
                foreach (var clause in statement.Clauses)
                {
                    if (clause.Item2 == child && AsksVersion(clause.Item1))
                    {
                        return true;
                    }
                }
                // The else branch of a version check is the 5.1 path: not a guard for 7-only code.
            }
            if (parent is CommandAst { CommandElements.Count: > 0 } block && block.GetCommandName() is "It" or "Context" or "Describe")
            {
                var elements = block.CommandElements;
                for (var i = 1; i < elements.Count; i++)
                {
                    if (elements[i] is CommandParameterAst { ParameterName: var p } skip && p.Equals("Skip", StringComparison.OrdinalIgnoreCase) &&
                        skip.Argument is { } argument && AsksVersion(argument))
                    {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static bool AsksVersion(Ast condition) =>
        condition.Extent.Text.Contains("PSVersionTable", StringComparison.OrdinalIgnoreCase) ||
        condition.Extent.Text.Contains("$PSEdition", StringComparison.OrdinalIgnoreCase);
}
