using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using ZendeskAuth.Http;

namespace ZendeskAuth.UnitTests;

/// <summary>Answers read into memory: whole up to the limit, refused one byte past it, read inline or not alike.</summary>
public class ResponseBodyTests
{
    private static HttpResponseMessage Answer(byte[] body, bool declareLength, string? charset = "utf-8")
    {
        // A stream that hands out a few bytes a read, as a socket does.
        var content = new StreamContent(new TrickleStream(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = charset };
        if (declareLength)
        {
            content.Headers.ContentLength = body.Length;
        }
        else
        {
            content.Headers.ContentLength = null;
        }
        return new HttpResponseMessage { Content = content };
    }

    [Theory]
    [InlineData(0, true, false)]
    [InlineData(1, false, true)]
    [InlineData(1000, true, true)]
    [InlineData(1000, false, false)]
    [InlineData(70_000, false, true)]
    [InlineData(70_000, true, false)]
    public async Task A_body_up_to_the_limit_is_read_whole(int size, bool declareLength, bool inline)
    {
        var text = new string('é', size / 2) + new string('a', size % 2);
        using var answer = Answer(Encoding.UTF8.GetBytes(text), declareLength);
        var body = await ResponseBody.ReadAsync(answer, "GET", new Uri("https://acme.zendesk.com/api/v2/x.json"), limit: Encoding.UTF8.GetByteCount(text), inline: inline);
        Assert.Equal(text, body);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(false, true)]
    public async Task One_byte_past_the_limit_is_InvalidResponse(bool declareLength, bool inline)
    {
        using var answer = Answer(new byte[40_001], declareLength);
        await Assert.ThrowsAsync<ZendeskInvalidResponseException>(() =>
            ResponseBody.ReadAsync(answer, "GET", new Uri("https://acme.zendesk.com/api/v2/x.json"), limit: 40_000, inline: inline));
    }

    [Theory]
    [InlineData("UTF-8")]
    [InlineData(null)]
    [InlineData("no-such-charset")]
    public async Task UTF_8_whatever_the_charset_names_it(string? charset)
    {
        using var answer = Answer(Encoding.UTF8.GetBytes("{\"name\":\"Zoë\"}"), true, charset);
        Assert.Equal("{\"name\":\"Zoë\"}", await ResponseBody.ReadAsync(answer, "GET", new Uri("https://acme.zendesk.com/api/v2/x.json")));
    }

    private static ZendeskResponse Received(byte[] bytes, string? charset)
    {
        using var message = new HttpResponseMessage { Content = new ByteArrayContent(bytes) };
        return new ZendeskResponse(200, "OK", message.Headers, message.Content.Headers, "application/json", bytes, bytes.Length, charset, TimeSpan.Zero);
    }

    public static TheoryData<byte[], string?> Bodies => new()
    {
        { Encoding.UTF8.GetBytes("{\"name\":\"Zoë\"}"), "utf-8" },
        { Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("{\"name\":\"Zoë\"}")).ToArray(), null },
        { Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("{\"name\":\"Zoë\"}")).ToArray(), null },
        { Encoding.Latin1.GetBytes("{\"name\":\"Zoë\"}"), "iso-8859-1" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void JSON_is_read_the_same_from_the_bytes_as_from_the_text(byte[] bytes, string? charset)
    {
        using var document = Received(bytes, charset).ParseJson();
        Assert.Equal("Zoë", document.RootElement.GetProperty("name").GetString());
        Assert.Equal("{\"name\":\"Zoë\"}", Received(bytes, charset).Body);
    }

    [Fact]
    public void Bytes_that_are_not_UTF_8_are_read_as_the_text_reads_them()
    {
        // 0xC3 0x28 is no UTF-8: the text makes it U+FFFD, and so must the parsed JSON (System.Text.Json alone would fail).
        var bytes = new byte[] { (byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}' };
        using var document = Received(bytes, "utf-8").ParseJson();
        Assert.Equal("\uFFFD(", document.RootElement.GetProperty("a").GetString());
    }

    [Fact]
    public void An_empty_answer_is_empty_without_being_decoded()
    {
        Assert.True(Received(Array.Empty<byte>(), null).IsEmpty);
        Assert.False(Received(new[] { (byte)'1' }, null).IsEmpty);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_answer_that_claims_a_huge_Content_Length_but_sends_little_does_not_take_that_much_memory(bool inline)
    {
        // A hostile server (or a HEAD answer, or one cut short) declares 60 MB and sends a few bytes: the memory taken
        // follows the bytes that arrive, not the number the server wrote in a header.
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"ok\":true}")));
        content.Headers.ContentLength = 60L * 1024 * 1024;
        using var answer = new HttpResponseMessage { Content = content };
        var before = GC.GetAllocatedBytesForCurrentThread();

        var body = await ResponseBody.ReadAsync(answer, "GET", new Uri("https://acme.zendesk.com/api/v2/x.json"), inline: inline);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal("{\"ok\":true}", body);
        Assert.True(allocated < 4L * 1024 * 1024, $"reading a 12-byte answer took {allocated} bytes");
    }

    private sealed class TrickleStream : MemoryStream
    {
        public TrickleStream(byte[] bytes) : base(bytes) { }

        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 7_000));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, System.Threading.CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, 7_000), cancellationToken);
    }
}
