using System.Management.Automation;
using ZendeskAuth.Emulator;

namespace ZendeskAuth.Tests;

/// <summary>
/// Issue 9, items 1–3: every paging shape of Zendesk's OpenAPI description is followed to its end, search's cap is
/// explained, and side-loaded records are never dropped silently.
/// </summary>
public class PagingFidelityTests : HostedTest
{
    public PagingFidelityTests(EmulatorFixture fixture) : base(fixture) => ConnectAsAdmin();

    private List<RecordedRequest> RequestsTo(string path) =>
        Emulator.Requests.Where(r => r.PathAndQuery.StartsWith(path, StringComparison.Ordinal)).ToList();

    [Fact]
    public void A_time_based_ticket_export_is_followed_past_page_1_to_end_of_stream()
    {
        Emulator.ClearRequests();
        var result = Shell.Run("Invoke-ZendeskRequest incremental/tickets.json -Query @{ start_time = 0; per_page = 100 } -Paginate | ForEach-Object { $_.id }");
        result.ThrowIfFailed();
        Assert.Equal(Enumerable.Range(1, 250).Select(i => (object)(long)i), result.Output.Select(o => o.BaseObject));
        // Three pages; the last still names a next_page, which is not followed once end_of_stream is true.
        Assert.Equal(3, RequestsTo("/api/v2/incremental/tickets.json").Count);
        Assert.DoesNotContain(Emulator.Requests, r => r.PathAndQuery.Contains("page%5Bsize%5D", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("incremental/users.json", "/api/v2/incremental/users.json", 2, 5)]
    [InlineData("incremental/organizations.json", "/api/v2/incremental/organizations.json", 7, 30)]
    [InlineData("incremental/users/cursor.json", "/api/v2/incremental/users/cursor.json", 2, 5)]
    public void Time_based_and_cursor_exports_of_users_and_organizations_reach_their_end(string path, string wirePath, int perPage, int expected)
    {
        Emulator.ClearRequests();
        Shell.Runspace.SessionStateProxy.SetVariable("ExportPath", path);
        Shell.Runspace.SessionStateProxy.SetVariable("PerPage", perPage);
        var result = Shell.Run("Invoke-ZendeskRequest $ExportPath -Query @{ start_time = 0; per_page = $PerPage } -Paginate | ForEach-Object { $_.id }");
        result.ThrowIfFailed();
        Assert.Equal(expected, result.Output.Select(o => o.BaseObject).Distinct().Count());
        Assert.Equal(expected, result.Output.Count);
        Assert.Equal((expected + perPage - 1) / perPage, RequestsTo(wirePath).Count);
    }

    [Fact]
    public void A_Talk_export_whose_last_next_page_is_itself_ends_there()
    {
        Emulator.ClearRequests();
        var result = Shell.Run("Invoke-ZendeskRequest channels/voice/stats/incremental/calls.json -Query @{ start_time = 0; per_page = 5 } -Paginate | ForEach-Object { $_.id }");
        result.ThrowIfFailed();
        Assert.Equal(12, result.Output.Count);
        // 12 calls, 5 a page: three pages, the third naming itself; the self link is not fetched again.
        Assert.Equal(3, RequestsTo("/api/v2/channels/voice/stats/incremental/calls.json").Count);
    }

    [Fact]
    public void Pages_read_ahead_still_give_each_record_once_in_order_and_each_page_once()
    {
        Emulator.ClearRequests();
        var result = Shell.Run("Invoke-ZendeskRequest 'tickets.json?page[size]=10' -Paginate | ForEach-Object { $_.id }");
        result.ThrowIfFailed();
        Assert.Equal(Enumerable.Range(1, 250).Select(i => (object)(long)i), result.Output.Select(o => o.BaseObject));
        Assert.Equal(25, RequestsTo("/api/v2/tickets.json").Count);
        Assert.Equal(25, RequestsTo("/api/v2/tickets.json").Select(r => r.PathAndQuery).Distinct().Count());
    }

    [Theory]
    // Like `| Select-Object -First 5` (not in the hosted engine): the pipeline stops within the first page.
    [InlineData("$ids = [Collections.Generic.List[object]]::new(); try { Invoke-ZendeskRequest 'tickets.json?page[size]=10' -Paginate | ForEach-Object { if ($ids.Count -ge 5) { throw 'enough' }; $ids.Add($_.id) } } catch { }; $ids", 5, 1)]
    [InlineData("Invoke-ZendeskRequest 'tickets.json?page[size]=10' -Paginate -First 25 | ForEach-Object { $_.id }", 25, 3)]
    [InlineData("Invoke-ZendeskRequest 'tickets.json?page[size]=10' -Paginate -Skip 5 -First 20 | ForEach-Object { $_.id }", 20, 3)]
    public void A_pipeline_that_wants_a_few_records_costs_only_the_pages_it_needs(string script, int records, int pages)
    {
        // A page is read ahead only from the second page on and never with -First: `| Select-Object -First 5`
        // stops within the first page, and a page fetched for nobody would count against the rate limit.
        Emulator.ClearRequests();
        var result = Shell.Run(script);
        result.ThrowIfFailed();
        Assert.Equal(records, result.Output.Count);
        Assert.Equal(pages, RequestsTo("/api/v2/tickets.json").Count);
    }

    [Fact]
    public void Encoded_cursor_links_are_sent_back_byte_for_byte()
    {
        Emulator.ClearRequests();
        var result = Shell.Run("@(Invoke-ZendeskRequest tickets.json -Paginate).Count");
        result.ThrowIfFailed();
        Assert.Equal(250, result.Output.Single().BaseObject);
        var next = RequestsTo("/api/v2/tickets.json").Skip(1).Select(r => r.PathAndQuery).ToList();
        Assert.Equal(2, next.Count);
        // Zendesk writes page%5Bafter%5D=eyJ…%3D%3D: the module must not decode and re-encode it.
        Assert.All(next, target => Assert.Matches(@"page%5Bafter%5D=eyJ[A-Za-z0-9%]+", target));
        Assert.All(next, target => Assert.DoesNotContain("[", target));
    }

    [Fact]
    public void Search_past_1000_results_says_what_happened_and_points_to_the_search_export()
    {
        Emulator.SearchResultCap = 100; // the emulator's 250 tickets: page 11 at 10 a page is past the cap
        try
        {
            var result = Shell.Run("@(Invoke-ZendeskRequest search.json -Query @{ query = 'type:ticket'; per_page = 10 } -Paginate).Count");
            Assert.Equal(100, result.Output.Single().BaseObject);
            var error = SingleError(result);
            Assert.Equal("ZendeskInvalidData,ZendeskAuth.Commands.InvokeZendeskRequestCommand", error.FullyQualifiedErrorId);
            Assert.Contains("1,000", error.ErrorDetails.RecommendedAction);
            Assert.Contains("search/export.json", error.ErrorDetails.RecommendedAction);
            Assert.DoesNotContain("body", error.Exception.Message);
        }
        finally
        {
            Emulator.SearchResultCap = 1000;
        }
    }

    [Fact]
    public void The_search_export_is_followed_to_its_end_with_its_links_as_written()
    {
        Emulator.ClearRequests();
        var result = Shell.Run("@(Invoke-ZendeskRequest search/export.json -Query @{ query = 'status:open priority:high'; 'filter[type]' = 'ticket'; 'page[size]' = 100 } -Paginate).Count");
        result.ThrowIfFailed();
        Assert.Equal(250, result.Output.Single().BaseObject);
        var next = RequestsTo("/api/v2/search/export.json").Skip(1).Select(r => r.PathAndQuery).ToList();
        Assert.Equal(2, next.Count);
        Assert.All(next, target => Assert.Contains("query=status%3Aopen+priority%3Ahigh", target));
    }

    [Fact]
    public void Side_loads_under_Paginate_are_named_in_a_warning_and_AsPage_keeps_them()
    {
        var records = Shell.Run("@(Invoke-ZendeskRequest tickets.json -Query @{ include = 'users' } -Paginate).Count");
        records.ThrowIfFailed();
        Assert.Equal(250, records.Output.Single().BaseObject);
        var warning = Assert.Single(records.Warnings);
        Assert.Contains("users", warning.Message);
        Assert.Contains("-AsPage", warning.Message);

        var pages = Shell.Run("Invoke-ZendeskRequest tickets.json -Query @{ include = 'users' } -Paginate -AsPage | ForEach-Object { '{0} {1}' -f $_.tickets.Count, $_.users.Count }");
        pages.ThrowIfFailed();
        Assert.Equal(new[] { "100 2", "100 2", "50 2" }, pages.Output.Select(o => o.ToString()));
        Assert.Empty(pages.Warnings);
    }

    [Fact]
    public void Side_loads_of_an_incremental_export_come_with_AsPage()
    {
        var result = Shell.Run("Invoke-ZendeskRequest incremental/tickets/cursor.json -Query @{ start_time = 0; include = 'users' } -Paginate -AsPage | ForEach-Object { $_.users.Count }");
        result.ThrowIfFailed();
        Assert.Equal(new object[] { 2 }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void AsPage_without_Paginate_is_refused()
    {
        var error = SingleError(Shell.Run("Invoke-ZendeskRequest tickets.json -AsPage"));
        Assert.Equal("InvalidParameterCombination,ZendeskAuth.Commands.InvokeZendeskRequestCommand", error.FullyQualifiedErrorId);
    }
}
