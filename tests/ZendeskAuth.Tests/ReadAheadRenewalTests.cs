using ZendeskAuth.Emulator;

namespace ZendeskAuth.Tests;

/// <summary>
/// Issue 12 attack: -Paginate reads the next page ahead while a page's records are output. A refresh grant rotates
/// the refresh token; one started by a page nobody reads (the pipeline stopped) is a rotation the command never
/// reports, so -OnTokenRefreshed never hears of it and the stored refresh token no longer works.
/// </summary>
public class ReadAheadRenewalTests : HostedTest
{
    public ReadAheadRenewalTests(EmulatorFixture fixture) : base(fixture)
    {
        Shell.Runspace.SessionStateProxy.SetVariable("CliId", DemoCredentials.CliClientIdentifier);
    }

    [Fact]
    public void A_pipeline_that_stops_on_page_2_never_rotates_the_refresh_token_behind_OnTokenRefreshed()
    {
        SignedInToken();
        Shell.Run("$c = $Token | Connect-Zendesk -SkipCertificateCheck -PassThru -OnTokenRefreshed { $global:Stored = $args[0] }").ThrowIfFailed();
        Emulator.Account.OAuthTokenRequests.Reset();
        Emulator.ClearRequests();
        Shell.Runspace.SessionStateProxy.SetVariable("Emu", Emulator);
        // Page 2 is answered; the next tickets request (page 3, read ahead) finds the token refused (expired early).
        Shell.Runspace.SessionStateProxy.SetVariable("Pass", Fault.Latency(TimeSpan.Zero));
        Shell.Runspace.SessionStateProxy.SetVariable("Refuse", Fault.Text(401, "application/json", ZendeskErrors.InvalidToken));

        var result = Shell.Run("""
            $ids = [Collections.Generic.List[object]]::new()
            try {
                Invoke-ZendeskRequest 'tickets.json?page[size]=10' -Paginate | ForEach-Object {
                    if ($_.id -eq 10) { $Emu.Faults.Add('/api/v2/tickets.json', $Pass, 1); $Emu.Faults.Add('/api/v2/tickets.json', $Refuse, 1) }
                    if ($ids.Count -ge 15) {
                        # A slow consumer: by now the page read ahead has had every chance to be answered.
                        $waited = [Diagnostics.Stopwatch]::StartNew()
                        while ($Emu.Account.OAuthTokenRequests.RefreshGrants -eq 0 -and $waited.Elapsed.TotalSeconds -lt 3) { [Threading.Thread]::Sleep(20) }
                        throw 'enough'
                    }
                    $ids.Add($_.id)
                }
            } catch { }
            $ids.Count
            """);

        Assert.Null(result.Terminating);
        Assert.Equal(15, Assert.Single(result.Output).BaseObject);
        // Either nothing was rotated, or the command handed the new token to -OnTokenRefreshed.
        var stored = Shell.Run("$null -ne $global:Stored");
        Assert.True(Emulator.Account.OAuthTokenRequests.RefreshGrants == 0 || true.Equals(Assert.Single(stored.Output).BaseObject),
            $"{Emulator.Account.OAuthTokenRequests.RefreshGrants} refresh grant(s) sent, -OnTokenRefreshed not called");
    }

    [Fact]
    public void A_page_read_ahead_that_finds_the_token_refused_is_read_with_a_renewed_token_that_OnTokenRefreshed_gets()
    {
        SignedInToken();
        Shell.Run("$c = $Token | Connect-Zendesk -SkipCertificateCheck -PassThru -OnTokenRefreshed { $global:Stored = $args[0] }").ThrowIfFailed();
        Emulator.Account.OAuthTokenRequests.Reset();
        Shell.Runspace.SessionStateProxy.SetVariable("Emu", Emulator);
        Shell.Runspace.SessionStateProxy.SetVariable("Pass", Fault.Latency(TimeSpan.Zero));
        Shell.Runspace.SessionStateProxy.SetVariable("Refuse", Fault.Text(401, "application/json", ZendeskErrors.InvalidToken));

        // Page 3 is refused twice: read ahead (left unsent a second time), then read, renewed and sent once more.
        var result = Shell.Run("""
            Invoke-ZendeskRequest 'tickets.json?page[size]=10' -Paginate | ForEach-Object {
                if ($_.id -eq 10) { $Emu.Faults.Add('/api/v2/tickets.json', $Pass, 1); $Emu.Faults.Add('/api/v2/tickets.json', $Refuse, 2) }
                $_.id
            }
            $null -ne $global:Stored
            """);

        result.ThrowIfFailed();
        Assert.Equal(Enumerable.Range(1, 250).Select(i => (object)(long)i).Append(true), result.Output.Select(o => o.BaseObject));
        Assert.Equal(1, Emulator.Account.OAuthTokenRequests.RefreshGrants);
    }

    [Fact]
    public async Task Verbose_lines_piped_on_with_4_to_1_to_a_command_on_the_same_connection_do_not_hang_a_renewal()
    {
        // A runbook that logs verbose lines through the pipeline (4>&1) and calls Zendesk from the same
        // ForEach-Object: the renewal's own verbose line must not run that call while the renewal holds its lock.
        SignedInToken();
        Shell.Run("$c = $Token | Connect-Zendesk -SkipCertificateCheck -PassThru").ThrowIfFailed();
        Emulator.Clock.Advance(TimeSpan.FromMinutes(31));

        using var shell = Shell.Create("""
            Invoke-ZendeskRequest users/me.json -Verbose 4>&1 | ForEach-Object {
                if ($_ -is [Management.Automation.VerboseRecord]) {
                    if ($_.Message -like 'Renewing*') { 'checked ' + (Invoke-ZendeskRequest users/me.json).user.id }
                } else { 'me ' + $_.user.id }
            }
            """);
        var running = shell.BeginInvoke();
        var finished = await Task.Run(() => running.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(20)));
        if (!finished)
        {
            shell.Stop();
        }
        Assert.True(finished, "the command hung");
        var output = shell.EndInvoke(running).Select(o => o.BaseObject).ToArray();
        Assert.Equal(new object[] { $"checked {DemoCredentials.AdminUserId}", $"me {DemoCredentials.AdminUserId}" }, output);
    }

    [Fact]
    public async Task Ctrl_C_while_records_are_output_and_the_next_page_stalls_stops_at_once_and_the_next_command_works()
    {
        ConnectAsAdmin();
        Shell.Runspace.SessionStateProxy.SetVariable("Emu", Emulator);
        Shell.Runspace.SessionStateProxy.SetVariable("Pass", Fault.Latency(TimeSpan.Zero));
        Shell.Runspace.SessionStateProxy.SetVariable("Hang", Fault.Stall());
        var seen = new System.Collections.Concurrent.ConcurrentQueue<object>();
        Shell.Runspace.SessionStateProxy.SetVariable("Seen", seen);

        // Page 3 (read ahead while page 2 is output) never answers; the user presses Ctrl+C during page 2.
        using var shell = Shell.Create("""
            Invoke-ZendeskRequest 'tickets.json?page[size]=10' -Paginate | ForEach-Object {
                if ($_.id -eq 10) { $Emu.Faults.Add('/api/v2/tickets.json', $Pass, 1); $Emu.Faults.Add('/api/v2/tickets.json', $Hang, 1) }
                $Seen.Enqueue($_.id)
                if ($_.id -eq 15) { while ($true) { [Threading.Thread]::Sleep(20) } }
                $_.id
            }
            """);
        var running = shell.BeginInvoke();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (seen.Count < 15 && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(20);
        }
        Assert.Equal(15, seen.Count);

        var stop = Task.Run(shell.Stop);
        Assert.True(await Task.WhenAny(stop, Task.Delay(TimeSpan.FromSeconds(10))) == stop, "Ctrl+C did not stop the command");
        Assert.Equal(System.Management.Automation.PSInvocationState.Stopped, shell.InvocationStateInfo.State);

        var next = Shell.Run("(Invoke-ZendeskRequest users/me.json).user.id");
        next.ThrowIfFailed();
        Assert.Equal(DemoCredentials.AdminUserId, Assert.Single(next.Output).BaseObject);
    }
}
