using System.Globalization;

namespace ZendeskAuth.Tests;

/// <summary>
/// Issue 8, item 5, more inputs of the same kind: a next link that names the same page in another spelling (a
/// fragment, which is never sent, or a changing one; the host in capitals; the default port written out) is the
/// same page, so paging ends there and each record is output once.
/// </summary>
public class PagingLinkVariantTests(EmulatorFixture fixture) : HostedTest(fixture)
{
    [Theory]
    [InlineData("{base}{target}#again")]
    [InlineData("{base}{target}#{n}")]
    [InlineData("{BASE}{target}#{n}")]
    [InlineData("{base}{target}#")]
    public async Task A_next_link_to_the_same_page_in_another_spelling_ends_paging(string link)
    {
        var calls = 0;
        await using var server = HostileServer.Start(request =>
        {
            if (request.Path == "/api/v2/users/me.json")
            {
                return HostileServer.Me();
            }
            var n = Interlocked.Increment(ref calls);
            var serverBase = "http://" + request.Header("Host");
            var next = link.Replace("{base}", serverBase).Replace("{BASE}", serverBase.ToUpperInvariant())
                .Replace("{target}", request.Target).Replace("{n}", n.ToString(CultureInfo.InvariantCulture));
            return HostileServer.Answer(200, "{\"things\":[{\"id\":1}],\"next_page\":\"" + next + "\"}");
        });
        Shell.Runspace.SessionStateProxy.SetVariable("HostileUrl", server.Url);
        Shell.Run("Connect-Zendesk -Url $HostileUrl -OAuthToken $OAuthToken -WarningAction SilentlyContinue").ThrowIfFailed();

        var result = Shell.Run("Invoke-ZendeskRequest things.json -Paginate -First 50");

        Assert.Empty(result.AllErrors);
        Assert.Single(result.Output);
        Assert.Contains(result.Warnings, w => w.Message.StartsWith("PagingLoop", StringComparison.Ordinal));
        Assert.Equal(1, server.Requests.Count(r => r.Path == "/api/v2/things.json"));
    }
}
