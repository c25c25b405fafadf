using System.IO.Compression;
using System.Management.Automation;
using System.Net.Sockets;
using System.Text;

namespace ZendeskAuth.Tests;

/// <summary>
/// Issue 8, items 4 to 8: whatever a server or a proxy answers, every input ends as one output or one error with a
/// stable id that names it; paging ends; files are written whole or not at all; a stalled body is a timeout.
/// Each test runs against <see cref="HostileServer"/>, which answers byte for byte what the test scripts.
/// </summary>
public class HostileAnswerTests : HostedTest
{
    private const string Invoke = "ZendeskAuth.Commands.InvokeZendeskRequestCommand";

    public HostileAnswerTests(EmulatorFixture fixture) : base(fixture)
    {
    }

    /// <summary>A server that answers users/me as Zendesk does and everything else with <paramref name="answer"/>; the shell is connected to it.</summary>
    private HostileServer Connect(Func<HostileRequest, byte[]> answer) => Connect((request, stream, token) => Write(stream, answer(request), token));

    private HostileServer Connect(HostileServer.Responder respond)
    {
        var server = HostileServer.Start(async (request, stream, token) =>
            request.Path == "/api/v2/users/me.json" ? await Write(stream, HostileServer.Me(), token) : await respond(request, stream, token));
        Shell.Runspace.SessionStateProxy.SetVariable("HostileUrl", server.Url);
        Shell.Run("Connect-Zendesk -Url $HostileUrl -OAuthToken $OAuthToken -WarningAction SilentlyContinue").ThrowIfFailed();
        return server;
    }

    private static async Task<bool> Write(Stream stream, byte[] bytes, CancellationToken token)
    {
        await stream.WriteAsync(bytes, token);
        return true;
    }

    private static int Sent(HostileServer server, string path) => server.Requests.Count(r => r.Path == path);

    // ---- Retry-After -----------------------------------------------------------------------------------------

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e12")]
    [InlineData("-5")]
    [InlineData("99999999999999999999999")]
    [InlineData("soon")]
    [InlineData("Wed, 21 Oct 9999 07:28:00 GMT")]
    public async Task A_hostile_Retry_After_never_throws_and_never_waits_past_the_request_budget(string retryAfter)
    {
        await using var server = Connect(_ => HostileServer.Answer(429, "Number of allowed API requests per minute exceeded", "text/plain", "Retry-After: " + retryAfter));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = Shell.Run("Invoke-ZendeskRequest things.json -MaxRetries 1 -TimeoutSec 2");
        var error = SingleError(result);
        Assert.Equal("ZendeskRateLimited," + Invoke, error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.LimitsExceeded, error.CategoryInfo.Category);
        Assert.Empty(result.Output);
        Assert.InRange(Sent(server, "/api/v2/things.json"), 1, 2);

        // -MaxRetries 0: nothing is retried, nothing waits.
        var once = SingleError(Shell.Run("Invoke-ZendeskRequest once.json -MaxRetries 0"));
        Assert.Equal("ZendeskRateLimited," + Invoke, once.FullyQualifiedErrorId);
        Assert.Equal(1, Sent(server, "/api/v2/once.json"));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"waited {watch.Elapsed}");
    }

    [Fact]
    public async Task A_Retry_After_longer_than_TimeoutSec_fails_at_once_with_Zendesks_figure()
    {
        await using var server = Connect(_ => HostileServer.Answer(429, "{}", headers: "Retry-After: 60"));
        var error = SingleError(Shell.Run("Invoke-ZendeskRequest things.json -MaxRetries 3 -TimeoutSec 5"));
        Assert.Equal("ZendeskRateLimited," + Invoke, error.FullyQualifiedErrorId);
        Assert.Contains("60 s", error.ErrorDetails.RecommendedAction);
        Assert.Equal(1, Sent(server, "/api/v2/things.json"));
    }

    // ---- users/me, OAuth and list answers that are not Zendesk's ------------------------------------------------

    [Theory]
    [InlineData("[]", "application/json")]
    [InlineData("null", "application/json")]
    [InlineData("{}", "application/json")]
    [InlineData("""{"user":null}""", "application/json")]
    [InlineData("""{"user":[]}""", "application/json")]
    [InlineData("""{"user":{"id":1.5}}""", "application/json")]
    [InlineData("""{"user":{"id":"1"}}""", "application/json")]
    [InlineData("""{"user":{"id":-3}}""", "application/json")]
    [InlineData("""{"user":{"id":1e400}}""", "application/json")]
    [InlineData("<html><body>Sign in to the proxy</body></html>", "text/html")]
    [InlineData("", "application/json")]
    public async Task A_users_me_answer_that_is_not_a_user_is_a_clear_InvalidResponse(string body, string contentType)
    {
        await using var server = HostileServer.Start(_ => HostileServer.Answer(200, body, contentType));
        Shell.Runspace.SessionStateProxy.SetVariable("HostileUrl", server.Url);
        var result = Shell.Run("Connect-Zendesk -Url $HostileUrl -OAuthToken $OAuthToken");
        var error = SingleError(result);
        Assert.Equal("InvalidResponse,ZendeskAuth.Commands.ConnectZendeskCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidResult, error.CategoryInfo.Category);
        Assert.Empty(Shell.Run("Get-ZendeskConnection | Where-Object Url -like \"$HostileUrl*\"").Output);
    }

    [Theory]
    [InlineData("<html>Bad gateway</html>", "text/html")]
    [InlineData("[]", "application/json")]
    [InlineData("{}", "application/json")]
    [InlineData("""{"access_token":null}""", "application/json")]
    [InlineData("""{"token":{"access_token":"x"}}""", "application/json")]
    public async Task An_OAuth_grant_answer_without_a_token_is_a_clear_InvalidResponse(string body, string contentType)
    {
        await using var server = HostileServer.Start(_ => HostileServer.Answer(200, body, contentType));
        Shell.Runspace.SessionStateProxy.SetVariable("HostileUrl", server.Url);
        var error = SingleError(Shell.Run("New-ZendeskOAuthToken -Url $HostileUrl -RefreshToken 'r' -ClientId cli"));
        Assert.Equal("InvalidResponse,ZendeskAuth.Commands.NewZendeskOAuthTokenCommand", error.FullyQualifiedErrorId);

        var connect = SingleError(Shell.Run("Connect-Zendesk -Url $HostileUrl -ClientCredential (New-TestCredential runbook secret)"));
        Assert.Equal("InvalidResponse,ZendeskAuth.Commands.ConnectZendeskCommand", connect.FullyQualifiedErrorId);
    }

    [Theory]
    [InlineData("<html>Bad gateway</html>", "text/html")]
    [InlineData("[]", "application/json")]
    [InlineData("""{"token":null,"client":"x","tokens":{},"clients":null}""", "application/json")]
    public async Task Token_and_client_cmdlets_report_an_answer_without_their_object_as_InvalidResponse(string body, string contentType)
    {
        await using var server = Connect(_ => HostileServer.Answer(200, body, contentType));
        var cases = new Dictionary<string, string>
        {
            ["Get-ZendeskOAuthToken -Id 5"] = "GetZendeskOAuthTokenCommand",
            ["Get-ZendeskOAuthToken"] = "GetZendeskOAuthTokenCommand",
            ["Get-ZendeskOAuthClient -Id 5"] = "GetZendeskOAuthClientCommand",
            ["Get-ZendeskOAuthClient"] = "GetZendeskOAuthClientCommand",
            ["New-ZendeskOAuthClient -Name n -Identifier i -RedirectUri https://example.com/cb -Confirm:$false"] = "NewZendeskOAuthClientCommand",
            ["Remove-ZendeskOAuthClient -Id 5 -Confirm:$false"] = "RemoveZendeskOAuthClientCommand",
            ["Revoke-ZendeskToken -Id 5 -Confirm:$false"] = "RevokeZendeskTokenCommand",
            ["Reset-ZendeskOAuthClientSecret -Id 5 -Confirm:$false"] = "ResetZendeskOAuthClientSecretCommand",
        };
        foreach (var (script, command) in cases)
        {
            var error = SingleError(Shell.Run(script));
            Assert.True(error.FullyQualifiedErrorId == $"InvalidResponse,ZendeskAuth.Commands.{command}", $"{script}: {error.FullyQualifiedErrorId}: {error}");
        }
    }

    // ---- Paging --------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("https://")]
    [InlineData("http://[::1")]
    [InlineData("https://:0/x")]
    [InlineData("//")]
    public async Task A_malformed_next_link_is_an_InvalidResponse_naming_the_page(string next)
    {
        await using var server = Connect(_ => HostileServer.Answer(200, $$"""{"things":[{"id":1}],"next_page":{{System.Text.Json.JsonSerializer.Serialize(next)}}}"""));
        var result = Shell.Run("Invoke-ZendeskRequest things.json -Paginate");
        Assert.Equal(1L, Assert.Single(result.Output).Properties["id"].Value);
        var error = SingleError(result);
        Assert.True(error.FullyQualifiedErrorId is "InvalidResponse," + Invoke or "ForeignHost," + Invoke, error.FullyQualifiedErrorId);
        Assert.Contains("/api/v2/things.json", error.TargetObject?.ToString());
    }

    [Theory]
    [InlineData("next_page")]
    [InlineData("links")]
    [InlineData("after_url")]
    public async Task A_next_link_to_itself_ends_paging_with_a_warning(string style)
    {
        await using var server = Connect(request => HostileServer.Answer(200, Page(style, request.Target, $"{ServerBase(request)}{request.Target}", 1)));
        var result = Shell.Run("Invoke-ZendeskRequest things.json -Paginate");
        result.ThrowIfFailed();
        Assert.Single(result.Output);
        Assert.Contains(result.Warnings, w => w.Message.StartsWith("PagingLoop", StringComparison.Ordinal));
        Assert.Equal(1, Sent(server, "/api/v2/things.json"));
    }

    [Fact]
    public async Task A_self_link_on_a_page_that_says_end_of_stream_ends_quietly()
    {
        await using var server = Connect(request => HostileServer.Answer(200,
            $$"""{"calls":[{"id":7}],"count":1,"end_of_stream":true,"next_page":"{{ServerBase(request)}}{{request.Target}}"}"""));
        var result = Shell.Run("Invoke-ZendeskRequest channels/voice/stats/incremental/calls.json?start_time=1 -Paginate");
        result.ThrowIfFailed();
        Assert.Empty(result.Warnings);
        Assert.Single(result.Output);
    }

    [Theory]
    [InlineData("next_page", 2)]
    [InlineData("links", 3)]
    [InlineData("after_url", 5)]
    public async Task A_cycle_of_next_links_ends_with_a_PagingLoop_error_and_each_record_once(string style, int length)
    {
        // Page n links to page n+1, and the last back to page 1.
        await using var server = Connect(request =>
        {
            var n = request.Target.Contains("page=") ? int.Parse(request.Target.Split("page=")[1].Split('&')[0]) : 1;
            var next = $"{ServerBase(request)}/api/v2/things.json?page={(n % length) + 1}";
            return HostileServer.Answer(200, Page(style, request.Target, next, n));
        });
        var result = Shell.Run("Invoke-ZendeskRequest 'things.json?page=1' -Paginate");
        Assert.Equal(Enumerable.Range(1, length).Select(i => (long)i), result.Output.Select(o => (long)o.Properties["id"].Value));
        var error = SingleError(result);
        Assert.Equal("PagingLoop," + Invoke, error.FullyQualifiedErrorId);
        Assert.Equal(length, Sent(server, "/api/v2/things.json"));
    }

    [Theory]
    [InlineData("{\"things\":[{\"id\":3")]
    [InlineData("")]
    [InlineData("<html><title>Bad gateway</title></html>")]
    public async Task A_page_read_ahead_that_is_not_JSON_ends_paging_after_the_records_before_it(string third)
    {
        // Page 3 is requested while page 2's records are output; it is still judged after them, once.
        await using var server = Connect(request =>
        {
            var n = request.Target.Contains("page=") ? int.Parse(request.Target.Split("page=")[1].Split('&')[0]) : 1;
            return HostileServer.Answer(200, n == 3 ? third : $$"""{"things":[{"id":{{n}}}],"next_page":"{{ServerBase(request)}}/api/v2/things.json?page={{n + 1}}"}""");
        });
        var result = Shell.Run("Invoke-ZendeskRequest 'things.json?page=1' -Paginate");
        Assert.Equal(new[] { 1L, 2L }, result.Output.Select(o => (long)o.Properties["id"].Value));
        Assert.Equal("InvalidResponse," + Invoke, SingleError(result).FullyQualifiedErrorId);
        Assert.Equal(3, Sent(server, "/api/v2/things.json"));
    }

    [Fact]
    public async Task Test_ZendeskApiAccess_ends_when_the_clients_list_goes_round_in_a_circle()
    {
        // Settings as Zendesk writes them; the clients list links back to itself forever; tokens are one page.
        await using var server = Connect(request => request.Path switch
        {
            "/api/v2/account/settings.json" => HostileServer.Answer(200, """{"settings":{"api":{"api_password_access":"false","api_token_access":"false"}}}"""),
            "/api/v2/oauth/clients.json" => HostileServer.Answer(200, $$"""{"clients":[{"id":1,"identifier":"a","name":"A"}],"next_page":"{{ServerBase(request)}}/api/v2/oauth/clients.json?page=2"}"""),
            "/api/v2/oauth/tokens/current.json" => HostileServer.Answer(200, """{"token":{"id":9,"client_id":1,"scopes":["read"],"expires_at":"2030-01-01T00:00:00Z"}}"""),
            _ => HostileServer.Answer(200, """{"tokens":[],"next_page":null}"""),
        });
        var result = Shell.Run("Test-ZendeskApiAccess -Quiet");
        Assert.Equal(false, Assert.Single(result.Output).BaseObject);
        Assert.Equal("InvalidResponse,ZendeskAuth.Commands.TestZendeskApiAccessCommand", SingleError(result).FullyQualifiedErrorId);
        Assert.Equal(2, Sent(server, "/api/v2/oauth/clients.json"));
    }

    private static string ServerBase(HostileRequest request) => "http://" + request.Header("Host");

    private static string Page(string style, string target, string next, int id)
    {
        var records = "{\"things\":[{\"id\":" + id + "}],";
        return style switch
        {
            "links" => records + "\"meta\":{\"has_more\":true},\"links\":{\"next\":\"" + next + "\"}}",
            "after_url" => records + "\"end_of_stream\":false,\"after_url\":\"" + next + "\"}",
            _ => records + "\"next_page\":\"" + next + "\"}",
        };
    }

    // ---- Bodies the module receives or sends ------------------------------------------------------------------------

    [Fact]
    public async Task A_record_holding_a_lone_surrogate_is_output_with_a_replacement_character()
    {
        await using var server = Connect(_ => HostileServer.Answer(200, """{"things":[{"name":"a\ud800b","\udc00":"\udfff\ud83d\ude00"}]}"""));
        var result = Shell.Run("Invoke-ZendeskRequest things.json -Paginate; Invoke-ZendeskRequest things.json");
        result.ThrowIfFailed();
        Assert.Equal(2, result.Output.Count);
        var paged = result.Output[0];
        var whole = (PSObject)((object[])Property(result.Output[1], "things")!)[0]!;
        foreach (var record in new[] { paged, whole })
        {
            Assert.Equal("a\uFFFDb", record.Properties["name"].Value);
            Assert.Equal("\uFFFD\U0001F600", record.Properties["\uFFFD"].Value);
        }
    }

    [Theory]
    [InlineData("([Diagnostics.Process]::GetCurrentProcess())")]
    [InlineData("$(($h = @{ a = 1 }); $h.self = $h; $h)")]
    [InlineData("$(($l = [Collections.ArrayList]::new()); $null = $l.Add($l); , $l)")]
    [InlineData("([IO.DirectoryInfo]$PWD.Path)")]
    [InlineData("@{ n = [double]::NaN }")]
    public async Task A_body_that_cannot_be_JSON_is_InvalidBody_and_nothing_is_sent(string body)
    {
        await using var server = Connect(_ => HostileServer.Answer(200, "{}"));
        var result = Shell.Run($"Invoke-ZendeskRequest things.json -Method Post -Body {body}");
        var error = SingleError(result);
        Assert.True("InvalidBody," + Invoke == error.FullyQualifiedErrorId, $"{error.FullyQualifiedErrorId}: {error}");
        Assert.Equal(0, Sent(server, "/api/v2/things.json"));
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nBad Name: x\r\nContent-Length: 2\r\n\r\n{}")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 7\r\n\r\n{}")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: -1\r\n\r\n{}")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 99999999999999999999\r\n\r\n{}")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Type: ;;;\r\nContent-Length: 2\r\n\r\n{}")]
    [InlineData("HTTP/1.1 2000 OK\r\nContent-Length: 2\r\n\r\n{}")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")]
    [InlineData("garbage\r\n\r\n")]
    public async Task Garbled_headers_from_the_server_end_as_one_clear_error_or_answer(string raw)
    {
        await using var server = Connect((_, stream, token) => WriteAndClose(stream, Encoding.Latin1.GetBytes(raw), token));
        var result = Shell.Run("'a.json', 'b.json' | Invoke-ZendeskRequest -MaxRetries 0 -TimeoutSec 5");
        Assert.Null(result.Terminating);
        Assert.Equal(2, result.Output.Count + result.Errors.Count);
        foreach (var error in result.Errors)
        {
            Assert.Contains(error.FullyQualifiedErrorId, new[] { "ConnectionFailed," + Invoke, "InvalidResponse," + Invoke });
            Assert.Contains(error.TargetObject as string, new[] { "a.json", "b.json" });
        }
    }

    private static async Task<bool> WriteAndClose(Stream stream, byte[] bytes, CancellationToken token)
    {
        await stream.WriteAsync(bytes, token);
        return false;
    }

    [Fact]
    public async Task With_ThrottleLimit_every_input_ends_as_one_output_or_one_error_naming_it()
    {
        await using var server = Connect(async (request, stream, token) =>
        {
            var name = request.Path.Split('/').Last();
            byte[] answer = name switch
            {
                "ok.json" => HostileServer.Answer(201, """{"ok":true}"""),
                "html.json" => HostileServer.Answer(200, "<html/>", "application/json"),
                "gone.json" => HostileServer.Answer(404, """{"error":"RecordNotFound"}"""),
                "surrogate.json" => HostileServer.Answer(200, """{"x":"\ud800"}"""),
                "badlength.json" => Encoding.Latin1.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 9\r\n\r\n{}"),
                "short.json" => Encoding.Latin1.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"a\":"),
                _ => HostileServer.Answer(500, "{}"),
            };
            await stream.WriteAsync(answer, token);
            return false;
        });
        var inputs = new[] { "ok.json", "html.json", "gone.json", "surrogate.json", "badlength.json", "short.json", "boom.json", "ok.json" };
        Shell.Runspace.SessionStateProxy.SetVariable("Inputs", inputs);
        var result = Shell.Run("$Inputs | Invoke-ZendeskRequest -Method Post -ThrottleLimit 4 -MaxRetries 0 -TimeoutSec 5");
        Assert.Null(result.Terminating);
        Assert.Equal(inputs.Length, result.Output.Count + result.Errors.Count);
        // The two ok.json and surrogate.json answer; every other input is named by exactly one error (.NET may
        // read the duplicate Content-Length as an answer: then it is one output).
        var named = result.Errors.Select(e => e.TargetObject as string ?? "?").Order().ToArray();
        Assert.True(named.SequenceEqual(["badlength.json", "boom.json", "gone.json", "html.json", "short.json"]) || named.SequenceEqual(["boom.json", "gone.json", "html.json", "short.json"]), string.Join(", ", named));
        Assert.All(result.Errors, e => Assert.EndsWith("," + Invoke, e.FullyQualifiedErrorId));
    }

    // ---- Large answers ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_huge_gzip_answer_is_refused_in_memory_and_streamed_whole_to_OutFile()
    {
        // 80 MB of JSON that compresses to a few hundred KB.
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            var start = Encoding.ASCII.GetBytes("{\"pad\":\"");
            gzip.Write(start);
            var spaces = Encoding.ASCII.GetBytes(new string('a', 1 << 20));
            for (var i = 0; i < 80; i++)
            {
                gzip.Write(spaces);
            }
            gzip.Write(Encoding.ASCII.GetBytes("\"}"));
        }
        var body = compressed.ToArray();
        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: {body.Length}\r\n\r\n");
        await using var server = Connect(_ => head.Concat(body).ToArray());

        var error = SingleError(Shell.Run("Invoke-ZendeskRequest export.json -MaxRetries 0"));
        Assert.Equal("InvalidResponse," + Invoke, error.FullyQualifiedErrorId);
        Assert.Contains("-OutFile", error.Exception.Message);

        var folder = Directory.CreateTempSubdirectory("zd-huge-");
        try
        {
            var file = Path.Combine(folder.FullName, "export.json");
            Shell.Run("Invoke-ZendeskRequest export.json -OutFile $args[0]", file).ThrowIfFailed();
            Assert.Equal(80L * (1 << 20) + 10, new FileInfo(file).Length);
            Assert.Single(folder.GetFiles());
        }
        finally
        {
            folder.Delete(true);
        }
    }

    // ---- -OutFile ----------------------------------------------------------------------------------------------------

    [Fact]
    public async Task OutFile_in_a_missing_folder_is_a_local_error_and_nothing_is_sent()
    {
        await using var server = Connect(_ => HostileServer.Answer(201, "{}"));
        var missing = Path.Combine(Path.GetTempPath(), "zd-missing-" + Guid.NewGuid().ToString("N"), "out.json");
        var error = SingleError(Shell.Run("Invoke-ZendeskRequest things.json -Method Post -OutFile $args[0]", missing));
        Assert.Equal("OutFileNotWritable," + Invoke, error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Contains("local error", error.Exception.Message);
        Assert.Equal(0, Sent(server, "/api/v2/things.json"));
        Assert.False(Directory.Exists(Path.GetDirectoryName(missing)));

        var folder = Directory.CreateTempSubdirectory("zd-dir-");
        try
        {
            var isFolder = SingleError(Shell.Run("Invoke-ZendeskRequest things.json -OutFile $args[0]", folder.FullName));
            Assert.Equal("OutFileNotWritable," + Invoke, isFolder.FullyQualifiedErrorId);
            Assert.Equal(0, Sent(server, "/api/v2/things.json"));
        }
        finally
        {
            folder.Delete(true);
        }
    }

    [Theory]
    [InlineData("reset")]
    [InlineData("stall")]
    public async Task OutFile_never_keeps_a_partial_body_nor_replaces_a_good_file(string how)
    {
        await using var server = Connect(async (request, stream, token) =>
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 100000\r\n\r\npartial-bytes"), token);
            await stream.FlushAsync(token);
            if (how == "stall")
            {
                await Task.Delay(TimeSpan.FromSeconds(5), token);
            }
            return false;
        });
        var folder = Directory.CreateTempSubdirectory("zd-partial-");
        try
        {
            var file = Path.Combine(folder.FullName, "attachment.bin");
            File.WriteAllText(file, "the good file");
            var error = SingleError(Shell.Run("Invoke-ZendeskRequest attachment.bin -OutFile $args[0] -TimeoutSec 1 -MaxRetries 1", file));
            if (how == "stall")
            {
                Assert.Equal("RequestTimeout," + Invoke, error.FullyQualifiedErrorId);
                Assert.Equal(ErrorCategory.OperationTimeout, error.CategoryInfo.Category);
            }
            else
            {
                Assert.Equal("ConnectionFailed," + Invoke, error.FullyQualifiedErrorId);
            }
            // A GET is retried once as what it is.
            Assert.Equal(2, Sent(server, "/api/v2/attachment.bin"));
            Assert.Equal("the good file", File.ReadAllText(file));
            Assert.Single(folder.GetFiles());

            File.Delete(file);
            SingleError(Shell.Run("Invoke-ZendeskRequest attachment.bin -OutFile $args[0] -TimeoutSec 1 -MaxRetries 0", file));
            Assert.Empty(folder.GetFiles());
        }
        finally
        {
            folder.Delete(true);
        }
    }

    [Fact]
    public async Task A_body_that_stalls_past_TimeoutSec_is_a_RequestTimeout_retried_as_one()
    {
        await using var server = Connect(async (request, stream, token) =>
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{\"a\":"), token);
            await stream.FlushAsync(token);
            await Task.Delay(TimeSpan.FromSeconds(5), token);
            return false;
        });
        var get = SingleError(Shell.Run("Invoke-ZendeskRequest slow.json -TimeoutSec 1 -MaxRetries 1"));
        Assert.Equal("RequestTimeout," + Invoke, get.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.OperationTimeout, get.CategoryInfo.Category);
        Assert.Equal(2, Sent(server, "/api/v2/slow.json"));

        // A POST that timed out may have been processed: not retried.
        var post = SingleError(Shell.Run("Invoke-ZendeskRequest slowpost.json -Method Post -TimeoutSec 1 -MaxRetries 3"));
        Assert.Equal("RequestTimeout," + Invoke, post.FullyQualifiedErrorId);
        Assert.Equal(1, Sent(server, "/api/v2/slowpost.json"));
    }

    // ---- The loopback sign-in listener ---------------------------------------------------------------------------

    [Fact]
    public async Task The_sign_in_listener_is_not_blocked_by_an_idle_connection_nor_ended_by_garbage()
    {
        Shell.Runspace.SessionStateProxy.SetVariable("CliId", ZendeskAuth.Emulator.DemoCredentials.CliClientIdentifier);
        Shell.Run("Connect-Zendesk -Url $Url -OAuthToken $OAuthToken -SkipCertificateCheck -WarningAction SilentlyContinue").ThrowIfFailed();
        using var shell = Shell.Create("New-ZendeskOAuthToken -Interactive -NoBrowser -ClientId $CliId -RedirectUri 'http://127.0.0.1:0/callback' -Scope read -TimeoutSec 30");
        var running = shell.BeginInvoke();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        string? url = null;
        while (url is null)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), "no sign-in URL was printed");
            url = shell.Streams.Information.Select(i => ScriptedBrowser.FindUrl(i.MessageData?.ToString() ?? "")).FirstOrDefault(u => u.Length > 0);
            Thread.Sleep(20);
        }
        var redirectUri = new Uri(ScriptedBrowser.Query(new Uri(url), "redirect_uri"));

        // An idle connection that never sends, and one that sends garbage and goes away.
        using var idle = new TcpClient();
        idle.Connect("127.0.0.1", redirectUri.Port);
        using (var garbage = new TcpClient())
        {
            garbage.Connect("127.0.0.1", redirectUri.Port);
            garbage.GetStream().Write(Encoding.ASCII.GetBytes("\x16\x03\x01 not http at all\r\n\r\n"));
        }

        var redirect = await ScriptedBrowser.AuthorizeAsync(url);
        Assert.Equal(System.Net.HttpStatusCode.OK, await ScriptedBrowser.FollowAsync(redirect));
        Assert.True(running.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(20)));
        var result = Hosting.HostedPowerShell.Finish(shell, running);
        result.ThrowIfFailed();
        Assert.NotNull(Property(result.Output.Single(), "AccessToken"));
    }
}
