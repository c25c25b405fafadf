using System.Diagnostics;
using System.Management.Automation;
using System.Text;

namespace ZendeskAuth.Tests;

/// <summary>
/// Issue 12 attack: requests a cmdlet waits for are sent and read on the pipeline thread itself (PowerShell 7).
/// Whatever thread reads the answer, Ctrl+C and -TimeoutSec must still end a request whose answer stalls.
/// </summary>
public class InlineSendAttackTests(EmulatorFixture fixture) : HostedTest(fixture)
{
    /// <summary>Headers and the first bytes of a body, then nothing: the connection stays open.</summary>
    private static HostileServer StallingBody(TaskCompletionSource started) => HostileServer.Start(async (request, stream, token) =>
    {
        if (request.Path.EndsWith("/users/me.json", StringComparison.Ordinal))
        {
            await stream.WriteAsync(HostileServer.Me(), token);
            return true;
        }
        await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 5000\r\n\r\n{\"ticket\":{\"id\":1,"), token);
        await stream.FlushAsync(token);
        started.TrySetResult();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(60), token);
        }
        catch (OperationCanceledException)
        {
        }
        return false;
    });

    [Fact]
    public async Task Ctrl_C_stops_a_request_whose_answer_stalls_after_its_headers()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = StallingBody(started);
        Shell.Runspace.SessionStateProxy.SetVariable("HostileUrl", server.Url);
        Shell.Run("Connect-Zendesk -Url $HostileUrl -OAuthToken $OAuthToken -WarningAction SilentlyContinue").ThrowIfFailed();

        using var shell = Shell.Create("Invoke-ZendeskRequest tickets/1.json -MaxRetries 0");
        var running = shell.BeginInvoke();
        await started.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await Task.Delay(200);

        var stopping = Stopwatch.StartNew();
        var stop = Task.Run(shell.Stop);
        var stopped = await Task.WhenAny(stop, Task.Delay(TimeSpan.FromSeconds(10))) == stop;
        Assert.True(stopped, "Ctrl+C did not stop the command");
        Assert.Throws<PipelineStoppedException>(() => shell.EndInvoke(running));
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(3), $"Stop took {stopping.Elapsed}");
    }

    [Fact]
    public async Task A_body_that_stalls_past_TimeoutSec_is_a_RequestTimeout()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = StallingBody(started);
        Shell.Runspace.SessionStateProxy.SetVariable("HostileUrl", server.Url);
        Shell.Run("Connect-Zendesk -Url $HostileUrl -OAuthToken $OAuthToken -WarningAction SilentlyContinue").ThrowIfFailed();

        var error = SingleError(Shell.Run("Invoke-ZendeskRequest tickets/1.json -TimeoutSec 1 -MaxRetries 0"));

        Assert.Equal("RequestTimeout,ZendeskAuth.Commands.InvokeZendeskRequestCommand", error.FullyQualifiedErrorId);
    }

    [Fact]
    public async Task The_GET_line_shows_while_the_answer_is_still_awaited()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = HostileServer.Start(async (request, stream, token) =>
        {
            if (request.Path.EndsWith("/tickets/1.json", StringComparison.Ordinal))
            {
                arrived.TrySetResult();
                await release.Task.WaitAsync(TimeSpan.FromSeconds(30), token);
                await stream.WriteAsync(HostileServer.Answer(200, "{\"ticket\":{\"id\":1}}"), token);
                return true;
            }
            await stream.WriteAsync(HostileServer.Me(), token);
            return true;
        });
        Shell.Runspace.SessionStateProxy.SetVariable("HostileUrl", server.Url);
        Shell.Run("Connect-Zendesk -Url $HostileUrl -OAuthToken $OAuthToken -WarningAction SilentlyContinue").ThrowIfFailed();

        using var shell = Shell.Create("(Invoke-ZendeskRequest tickets/1.json -Verbose).ticket.id");
        var running = shell.BeginInvoke();
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var shown = shell.Streams.Verbose.Select(v => v.Message).ToArray();
        release.TrySetResult();
        var output = await Task.Run(() => shell.EndInvoke(running));

        Assert.Contains($"GET {server.Url}/api/v2/tickets/1.json", shown);
        Assert.Equal(1L, Assert.Single(output).BaseObject);
    }

    [Theory]
    [InlineData("DebugPreference")]
    [InlineData("VerbosePreference")]
    public void A_preference_of_Stop_stops_with_its_own_error_not_a_failed_connection(string preference)
    {
        // The request's messages are written on the pipeline thread just before an inline send blocks.
        ConnectAsAdmin();
        var result = Shell.Run($"${preference} = 'Stop'; Invoke-ZendeskRequest users/me.json");
        var error = SingleError(result);
        Assert.True(error.FullyQualifiedErrorId.StartsWith("ActionPreferenceStop", StringComparison.Ordinal), error.FullyQualifiedErrorId + " " + error.Exception);
        Assert.DoesNotContain("Connection", error.FullyQualifiedErrorId);
    }

    [Fact]
    public async Task Properties_of_records_built_on_the_worker_are_read_and_set_by_name_in_scripts()
    {
        // Records are built off the pipeline thread with their properties added pre-validated: PowerShell's member
        // binders must still find names no script has used before, and assignments must stick.
        var records = string.Join(",", Enumerable.Range(1, 20).Select(i => $$"""{"id":{{i}},"qzxNeverSeenBefore":{{i * 10}},"Psobject":"p{{i}}"}"""));
        await using var server = HostileServer.Start(request => request.Path.EndsWith("/users/me.json", StringComparison.Ordinal)
            ? HostileServer.Me()
            : HostileServer.Answer(200, $$"""{"things":[{{records}}],"next_page":null,"count":20}"""));
        Shell.Runspace.SessionStateProxy.SetVariable("HostileUrl", server.Url);
        Shell.Run("Connect-Zendesk -Url $HostileUrl -OAuthToken $OAuthToken -WarningAction SilentlyContinue").ThrowIfFailed();

        var result = Shell.Run("""
            $all = @(Invoke-ZendeskRequest things.json -Paginate)
            $all[19].qzxNeverSeenBefore
            $all[3].qzxNeverSeenBefore = 7; $all[3].qzxNeverSeenBefore
            $sum = 0; $all | ForEach-Object { $sum += $_.qzxNeverSeenBefore }; $sum
            $all[0].'(Psobject)'; $all[0].psobject.Properties.Name -join ','
            """);

        result.ThrowIfFailed();
        Assert.Equal(new object[] { 200L, 7, 2067L, "p1", "id,qzxNeverSeenBefore,(Psobject)" }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_verbose_line_whose_pipeline_throws_ends_the_command_with_that_error_not_a_retried_failed_connection()
    {
        ConnectAsAdmin();
        Emulator.ClearRequests();

        var result = Shell.Run("Invoke-ZendeskRequest users/me.json -Verbose 4>&1 | ForEach-Object { if ($_ -is [Management.Automation.VerboseRecord]) { throw 'the logger failed' } }");

        var error = SingleError(result);
        Assert.Equal("the logger failed", error.Exception.Message);
        Assert.True(Emulator.Requests.Count(r => r.PathAndQuery == "/api/v2/users/me.json") <= 1, "the request was sent again");
    }
}
