using ZendeskAuth.Emulator;

namespace ZendeskAuth.Tests;

public class PaginationTests : HostedTest
{
    public PaginationTests(EmulatorFixture fixture) : base(fixture) => ConnectAsAdmin();

    private int RequestsTo(string path) => Emulator.Requests.Count(r => r.PathAndQuery.StartsWith(path, StringComparison.Ordinal));

    [Fact]
    public void Cursor_pagination_streams_every_record_asking_for_pages_of_100()
    {
        Emulator.ClearRequests();
        var result = Shell.Run("Invoke-ZendeskRequest tickets.json -Paginate | ForEach-Object { $_.id }");
        result.ThrowIfFailed();
        Assert.Equal(Enumerable.Range(1, 250).Select(i => (object)(long)i), result.Output.Select(o => o.BaseObject));
        Assert.Equal(3, RequestsTo("/api/v2/tickets.json"));
        Assert.Contains("page%5Bsize%5D=100", Emulator.Requests.First().PathAndQuery);
    }

    [Fact]
    public void Offset_pagination_follows_next_page()
    {
        Emulator.ClearRequests();
        var result = Shell.Run("Invoke-ZendeskRequest tickets.json -Query @{ per_page = 100 } -Paginate | ForEach-Object { $_.id }");
        result.ThrowIfFailed();
        Assert.Equal(250, result.Output.Count);
        Assert.Equal(250L, result.Output.Last().BaseObject);
        Assert.Equal(3, RequestsTo("/api/v2/tickets.json"));
        Assert.DoesNotContain(Emulator.Requests, r => r.PathAndQuery.Contains("page%5Bsize%5D"));
    }

    [Fact]
    public void Incremental_export_follows_after_url_until_end_of_stream()
    {
        Emulator.ClearRequests();
        var result = Shell.Run("Invoke-ZendeskRequest 'incremental/tickets/cursor.json?start_time=0&per_page=100' -Paginate | ForEach-Object { $_.id }");
        result.ThrowIfFailed();
        Assert.Equal(250, result.Output.Select(o => o.BaseObject).Distinct().Count());
        Assert.True(RequestsTo("/api/v2/incremental/tickets/cursor.json") >= 3);
        Assert.DoesNotContain(Emulator.Requests, r => r.PathAndQuery.Contains("page%5Bsize%5D"));
    }

    [Fact]
    public void First_and_Skip_count_records_and_stop_the_requests()
    {
        Emulator.ClearRequests();
        var result = Shell.Run("Invoke-ZendeskRequest tickets.json -Paginate -Skip 10 -First 95 | ForEach-Object { $_.id }");
        result.ThrowIfFailed();
        Assert.Equal(Enumerable.Range(11, 95).Select(i => (object)(long)i), result.Output.Select(o => o.BaseObject));
        Assert.Equal(2, RequestsTo("/api/v2/tickets.json"));
    }

    [Fact]
    public void A_downstream_stop_makes_no_further_requests()
    {
        Emulator.ClearRequests();
        var result = Shell.Run("""
            $n = 0
            do { Invoke-ZendeskRequest tickets.json -Paginate | ForEach-Object { $n++; if ($n -ge 5) { break } } } while ($false)
            $n
            """);
        result.ThrowIfFailed();
        Assert.Equal(5, result.Output.Single().BaseObject);
        Assert.Equal(1, RequestsTo("/api/v2/tickets.json"));
    }

    [Fact]
    public void A_next_link_to_another_host_is_refused()
    {
        Emulator.ClearRequests();
        var result = Shell.Run("""
            $page = @{ records = @(1, 2); meta = @{ has_more = $true }; links = @{ next = 'https://elsewhere.example.com/api/v2/tickets.json?page[after]=x' } }
            Invoke-ZendeskRequest /api/v2/emulator/echo -Method Post -Body $page -Paginate
            """);
        Assert.Equal(new object[] { 1L, 2L }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Equal("ForeignHost,ZendeskAuth.Commands.InvokeZendeskRequestCommand", SingleError(result).FullyQualifiedErrorId);
        Assert.Single(Emulator.Requests);
    }

    [Fact]
    public void Offset_paging_past_10000_records_is_Zendesks_InvalidPaginationDepth()
    {
        var error = SingleError(Shell.Run("Invoke-ZendeskRequest tickets.json -Query @{ page = 101; per_page = 100 } -MaxRetries 0"));
        Assert.Equal("ZendeskBadRequest,ZendeskAuth.Commands.InvokeZendeskRequestCommand", error.FullyQualifiedErrorId);
        Assert.Contains("InvalidPaginationDepth", error.Exception.Message);
    }

    [Fact]
    public void Response_headers_and_status_code_variables_are_set()
    {
        var result = Shell.Run("""
            $null = Invoke-ZendeskRequest tickets.json -ResponseHeadersVariable h -StatusCodeVariable s
            $s; $h['Content-Type'][0]
            $null = Invoke-ZendeskRequest tickets/999999999.json -StatusCodeVariable s2 -ErrorAction SilentlyContinue
            $s2
            """);
        Assert.Equal(200, result.Output[0].BaseObject);
        Assert.StartsWith("application/json", (string)result.Output[1].BaseObject);
        Assert.Equal(404, result.Output[2].BaseObject);
    }

    [Fact]
    public void OutFile_streams_the_body_to_disk_and_InFile_uploads_a_file()
    {
        var folder = Directory.CreateTempSubdirectory("zendeskauth-").FullName;
        try
        {
            Shell.Runspace.SessionStateProxy.SetVariable("Folder", folder);
            var result = Shell.Run("""
                Invoke-ZendeskRequest tickets/5.json -OutFile ([IO.Path]::Combine($Folder, 'ticket.json'))
                [System.IO.File]::WriteAllText(([IO.Path]::Combine($Folder, 'upload.txt')), 'attachment bytes £')
                Invoke-ZendeskRequest /api/v2/emulator/echo -Method Post -InFile ([IO.Path]::Combine($Folder, 'upload.txt')) -ContentType 'text/plain; charset=utf-8' -Raw
                """);
            result.ThrowIfFailed();
            Assert.Equal("attachment bytes £", result.Output.Single().BaseObject);
            Assert.Contains("\"id\":5", File.ReadAllText(Path.Combine(folder, "ticket.json")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void First_without_Paginate_is_refused_before_sending()
    {
        Emulator.ClearRequests();
        var error = SingleError(Shell.Run("Invoke-ZendeskRequest tickets.json -First 5"));
        Assert.Equal("InvalidParameterCombination,ZendeskAuth.Commands.InvokeZendeskRequestCommand", error.FullyQualifiedErrorId);
        Assert.Empty(Emulator.Requests);
    }
}
