using ZendeskAuth.Emulator;

namespace ZendeskAuth.Tests;

/// <summary>
/// Issue 9, items 4 and 7: uploads carry the file's own type and raw bytes; an attachment downloads through
/// Zendesk's redirect to its file host without the credential; a body never rides on a GET.
/// </summary>
public sealed class FileFidelityTests : HostedTest, IDisposable
{
    // The first bytes of a PNG file, then every byte value: nothing may be re-encoded on the way.
    private static readonly byte[] s_png = [137, 80, 78, 71, 13, 10, 26, 10, .. Enumerable.Range(0, 256).Select(i => (byte)i)];
    private readonly string _folder = Directory.CreateTempSubdirectory("zendeskauth-files-").FullName;

    public FileFidelityTests(EmulatorFixture fixture) : base(fixture)
    {
        ConnectAsAdmin();
        File.WriteAllBytes(Path.Combine(_folder, "pic.png"), s_png);
        Shell.Runspace.SessionStateProxy.SetVariable("Folder", _folder);
    }

    private RecordedRequest LastUpload() => Emulator.Requests.Last(r => r.Method == "POST" && r.PathAndQuery.StartsWith("/api/v2/uploads.json", StringComparison.Ordinal));

    [Fact]
    public void InFile_is_sent_with_the_type_of_the_file_and_its_exact_bytes()
    {
        var result = Shell.Run("(Invoke-ZendeskRequest 'uploads.json?filename=pic.png' -Method Post -InFile ([IO.Path]::Combine($Folder, 'pic.png'))).upload.attachment.content_type");
        result.ThrowIfFailed();
        var upload = LastUpload();
        Assert.Equal("image/png", upload.Headers["Content-Type"]);
        Assert.Equal(s_png, upload.RawBody);
        Assert.Equal("image/png", result.Output.Single().ToString());
    }

    [Fact]
    public void InFile_of_an_unknown_type_is_refused_rather_than_labelled_JSON()
    {
        File.WriteAllBytes(Path.Combine(_folder, "data.zzq"), s_png);
        Emulator.ClearRequests();
        var error = SingleError(Shell.Run("Invoke-ZendeskRequest 'uploads.json?filename=data.zzq' -Method Post -InFile ([IO.Path]::Combine($Folder, 'data.zzq'))"));
        Assert.Equal("UnknownContentType,ZendeskAuth.Commands.InvokeZendeskRequestCommand", error.FullyQualifiedErrorId);
        Assert.Contains("-ContentType", error.Exception.Message);
        Assert.Empty(Emulator.Requests);
    }

    [Fact]
    public void A_byte_array_body_is_sent_as_raw_bytes_not_as_a_JSON_array()
    {
        var result = Shell.Run("Invoke-ZendeskRequest 'uploads.json?filename=pic.png' -Method Post -Body ([IO.File]::ReadAllBytes(([IO.Path]::Combine($Folder, 'pic.png')))) -ContentType image/png | Out-Null");
        result.ThrowIfFailed();
        var upload = LastUpload();
        Assert.Equal(s_png, upload.RawBody);
        Assert.Equal("image/png", upload.Headers["Content-Type"]);
    }

    [Fact]
    public void An_array_of_bytes_from_the_pipeline_is_sent_as_raw_bytes()
    {
        var result = Shell.Run("""
            $bytes = @([IO.File]::ReadAllBytes(([IO.Path]::Combine($Folder, 'pic.png'))) | ForEach-Object { $_ })
            $bytes.GetType().Name
            Invoke-ZendeskRequest 'uploads.json?filename=pic.png' -Method Post -Body $bytes -ContentType image/png | Out-Null
            """);
        result.ThrowIfFailed();
        Assert.Equal("Object[]", result.Output.Single().ToString());
        Assert.Equal(s_png, LastUpload().RawBody);
    }

    [Fact]
    public void A_stream_body_is_sent_as_raw_bytes_as_octet_stream_when_no_type_is_given()
    {
        var result = Shell.Run("""
            $stream = [IO.MemoryStream]::new([IO.File]::ReadAllBytes(([IO.Path]::Combine($Folder, 'pic.png'))))
            Invoke-ZendeskRequest 'uploads.json?filename=pic.bin' -Method Post -Body $stream | Out-Null
            """);
        result.ThrowIfFailed();
        var upload = LastUpload();
        Assert.Equal(s_png, upload.RawBody);
        Assert.Equal("application/octet-stream", upload.Headers["Content-Type"]);
    }

    [Fact]
    public void An_attachment_downloads_through_the_redirect_to_the_file_host_without_the_credential()
    {
        var upload = Shell.Run("(Invoke-ZendeskRequest 'uploads.json?filename=pic.png' -Method Post -InFile ([IO.Path]::Combine($Folder, 'pic.png'))).upload.attachment.content_url");
        upload.ThrowIfFailed();
        Shell.Runspace.SessionStateProxy.SetVariable("ContentUrl", upload.Output.Single().ToString());
        Emulator.ClearRequests();

        var result = Shell.Run("Invoke-ZendeskRequest $ContentUrl -OutFile ([IO.Path]::Combine($Folder, 'copy.png')) -Headers @{ 'X-On-Behalf-Of' = 'customer@example.com' }");
        result.ThrowIfFailed();
        Assert.Equal(s_png, File.ReadAllBytes(Path.Combine(_folder, "copy.png")));

        // The account's content_url got the credential; the file host on another origin got none of it.
        var account = Assert.Single(Emulator.Requests);
        Assert.StartsWith("/attachments/token/", account.PathAndQuery, StringComparison.Ordinal);
        Assert.True(account.Headers.ContainsKey("Authorization"));
        var fileHost = Assert.Single(Emulator.FileHostRequests);
        Assert.StartsWith("/attachment/", fileHost.PathAndQuery, StringComparison.Ordinal);
        Assert.False(fileHost.Headers.ContainsKey("Authorization"), "the Authorization header reached the file host");
        Assert.False(fileHost.Headers.ContainsKey("X-On-Behalf-Of"), "a caller's header reached the file host");
        Assert.DoesNotContain(DemoCredentials.ApiToken, string.Join("\n", fileHost.Headers.Values));
    }

    [Fact]
    public void An_attachment_downloads_to_output_through_the_redirect_too()
    {
        var result = Shell.Run("""
            $upload = Invoke-ZendeskRequest 'uploads.json?filename=note.txt' -Method Post -Body ([Text.Encoding]::UTF8.GetBytes('hello file host')) -ContentType text/plain
            Invoke-ZendeskRequest $upload.upload.attachment.content_url
            """);
        result.ThrowIfFailed();
        Assert.Equal("hello file host", result.Output.Single().ToString());
    }

    [Fact]
    public void An_API_call_redirected_to_another_host_is_an_error_naming_where_and_nothing_goes_there()
    {
        Emulator.Faults.Add("/api/v2/tickets/5.json", Fault.Text(302, ZendeskErrors.HtmlContentType, ZendeskErrors.RedirectBody("x"),
            new Dictionary<string, string> { ["Location"] = Emulator.FileHostUrl + "access/login?token=abc" }), times: 1);
        Emulator.ClearRequests();
        var error = SingleError(Shell.Run("Invoke-ZendeskRequest tickets/5.json"));
        Assert.Equal("ZendeskHttpError,ZendeskAuth.Commands.InvokeZendeskRequestCommand", error.FullyQualifiedErrorId);
        Assert.Contains("redirected to " + Emulator.FileHostUrl + "access/login", error.ErrorDetails.RecommendedAction);
        Assert.DoesNotContain("token=abc", error.ErrorDetails.RecommendedAction);
        Assert.Empty(Emulator.FileHostRequests);
    }

    [Fact]
    public void A_redirect_on_the_connected_host_is_followed_with_the_credential()
    {
        Emulator.Faults.Add("/api/v2/tickets/5.json", Fault.Text(301, ZendeskErrors.HtmlContentType, "", new Dictionary<string, string> { ["Location"] = "/api/v2/tickets/6.json" }), times: 1);
        Emulator.ClearRequests();
        var result = Shell.Run("(Invoke-ZendeskRequest tickets/5.json).ticket.id");
        result.ThrowIfFailed();
        Assert.Equal(6L, result.Output.Single().BaseObject);
        Assert.All(Emulator.Requests, r => Assert.True(r.Headers.ContainsKey("Authorization")));
        Assert.Equal(2, Emulator.Requests.Count);
    }

    [Fact]
    public void A_body_with_GET_is_refused_and_nothing_is_sent()
    {
        Emulator.ClearRequests();
        var error = SingleError(Shell.Run("Invoke-ZendeskRequest tickets.json -Body @{ ticket = @{ subject = 'Help'; comment = @{ body = 'Hi' } } }"));
        Assert.Equal("InvalidParameterCombination,ZendeskAuth.Commands.InvokeZendeskRequestCommand", error.FullyQualifiedErrorId);
        Assert.Contains("-Method Post", error.Exception.Message);
        Assert.Empty(Emulator.Requests);
    }

    public new void Dispose()
    {
        base.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
