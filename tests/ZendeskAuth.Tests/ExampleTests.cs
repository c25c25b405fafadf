using ZendeskAuth.Emulator;
using ZendeskAuth.Hosting;

namespace ZendeskAuth.Tests;

/// <summary>Every script in examples/ runs against the emulator here, so none can rot.</summary>
public class ExampleTests(EmulatorFixture fixture) : HostedTest(fixture)
{
    private static string Example(string name) => Path.Combine(RepositoryPaths.Examples, name);

    [Fact]
    public void Quickstart_runs_every_step()
    {
        var result = Shell.Run("""
            & $args[0] -Url $Url -Credential (New-TestCredential "$AdminEmail/token" $ApiToken) -SkipCertificateCheck
            """, Example("Quickstart.ps1"));
        result.ThrowIfFailed();
        var text = string.Join("\n", result.Output.Select(o => o.ToString()));
        Assert.Contains("John Doe <jdoe@example.com>, admin", text);
        Assert.Contains("Created ticket #", text);
        Assert.Contains("ZendeskNotFound,ZendeskAuth.Commands.InvokeZendeskRequestCommand (ObjectNotFound)", text);
        Assert.Contains("== Done", text);
        Assert.DoesNotContain(DemoCredentials.ApiToken, result.AllText());
    }

    [Fact]
    public void BulkExport_writes_every_ticket()
    {
        var file = Path.Combine(Path.GetTempPath(), $"zendeskauth-export-{Guid.NewGuid():N}.tsv");
        try
        {
            var result = Shell.Run("""
                & $args[0] -Url $Url -Credential (New-TestCredential "$AdminEmail/token" $ApiToken) -Path $args[1] -SkipCertificateCheck
                """, Example("BulkExport.ps1"), file);
            result.ThrowIfFailed();
            var summary = result.Output.Single();
            var tickets = (int)Property(summary, "Tickets")!;
            Assert.True(tickets >= 250, $"exported {tickets}");
            var lines = File.ReadAllLines(file);
            Assert.Equal("id\tstatus\tpriority\tupdated_at\tsubject", lines[0]);
            Assert.Equal(tickets, lines.Length - 1);
            Assert.Equal(tickets, lines.Skip(1).Select(l => l.Split('\t')[0]).Distinct().Count());
        }
        finally
        {
            File.Delete(file);
        }
    }
}
