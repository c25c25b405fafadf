using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security;
using System.Text;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ZendeskAuth.Authentication;
using ZendeskAuth.Http;
using ZendeskAuth.Json;

namespace ZendeskAuth.UnitTests;

/// <summary>
/// WireText, the one check where a value becomes request-head text, and the credential and URL checks built on
/// it. The properties run whatever strings FsCheck makes (CR, LF, NUL, controls, Unicode look-alikes, colons,
/// spaces) through the request builder and onto a loopback socket: either the documented exception, or bytes with
/// no CR, LF or NUL outside the line ends and exactly one request.
/// </summary>
public class WireTextTests
{
    private const string Smuggle = "c@example.com\r\nContent-Length: 0\r\n\r\nDELETE /api/v2/users/42.json HTTP/1.1\r\nHost: 127.0.0.1\r\nX: x";
    private static readonly Regex s_headerLine = new(@"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+: [\t\x20-\x7E]*$");

    private static readonly char[] s_alphabet =
        "aZ09-_.:;, \t\r\n\0\u0001\u007f\u0085\u00e9\u212a\u2028\ufeff/=\"'!#~|".ToCharArray();

    private static Arbitrary<string> HostileStrings() =>
        Gen.Frequency(
                (4, Gen.Elements(s_alphabet)),
                (1, ArbMap.Default.GeneratorFor<char>()))
            .ArrayOf()
            .Select(chars => new string(chars))
            .ToArbitrary();

    private static Arbitrary<string> HeaderNames() =>
        Gen.OneOf(
                HostileStrings().Generator,
                Gen.Elements("X-On-Behalf-Of", "x-custom", "X Bad", "Content-Length", "transfer-encoding", "HOST", "Authorization", "Connection", "Content-Type", "X:Y", "", "X\r\nY"))
            .ToArbitrary();

    [Property(MaxTest = 1000)]
    public Property Any_header_is_either_refused_or_built_with_no_line_break_or_NUL() =>
        Prop.ForAll(HeaderNames(), HostileStrings(), (name, value) =>
        {
            var request = new ZendeskRequest(HttpMethod.Get, new Uri("https://acme.zendesk.com/api/v2/users/me.json"));
            request.Headers.Add(new KeyValuePair<string, string>(name, value));
            var valid = WireText.IsToken(name) && !WireText.IsReserved(name) && value.All(c => c is >= ' ' and <= '~' or '\t');
            try
            {
                using var message = RequestPipeline.BuildMessage(request, "Bearer abc");
                var all = message.Headers.Concat(message.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>());
                return valid && all.All(h => WireText.IsToken(h.Key) && h.Value.All(v => v.IndexOfAny(['\r', '\n', '\0']) < 0));
            }
            catch (UnsafeWireTextException e)
            {
                // Refused exactly when invalid, with a documented id, never echoing the value.
                return !valid
                    && e.ErrorId is ErrorIds.InvalidHeaderName or ErrorIds.InvalidHeaderValue or ErrorIds.ProtectedHeader
                    && (e.ErrorId != ErrorIds.InvalidHeaderValue || value.Length < 8 || name.Contains(value, StringComparison.Ordinal) || !e.Message.Contains(value, StringComparison.Ordinal));
            }
        });

    [Property(MaxTest = 150)]
    public Property On_the_socket_a_header_value_or_content_type_never_adds_a_line_or_a_request() =>
        Prop.ForAll(HostileStrings(), HostileStrings(), (value, contentType) =>
        {
            using var server = new RawServer();
            var request = new ZendeskRequest(HttpMethod.Post, new Uri(server.Url + "api/v2/users/me.json"))
            {
                Body = "{}"u8.ToArray(),
                ContentType = contentType,
                MaxRetries = 0,
                Timeout = TimeSpan.FromSeconds(10),
            };
            request.Headers.Add(new KeyValuePair<string, string>("X-On-Behalf-Of", value));
            try
            {
                RequestPipeline.SendAsync(HttpTransport.Checked, null, request, "Bearer abc", NullRequestLog.Instance, CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (UnsafeWireTextException)
            {
                return server.Received.IsEmpty;
            }
            var head = server.WaitForHead();
            var lines = head.Split("\r\n");
            return server.Received.Count == 1
                && head.IndexOf('\0') < 0
                && lines[0] == "POST /api/v2/users/me.json HTTP/1.1"
                && lines.Skip(1).All(line => s_headerLine.IsMatch(line))
                && lines.Count(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) == 1;
        });

    [Property(MaxTest = 1000)]
    public Property Any_path_is_either_refused_or_resolved_to_a_request_line_of_visible_ASCII() =>
        Prop.ForAll(HostileStrings(), path =>
        {
            Uri uri;
            try
            {
                uri = ZendeskUrl.Resolve(new Uri("https://acme.zendesk.com/"), "users/" + path);
            }
            catch (Exception e) when (e is ArgumentException or ForeignHostException or UriFormatException)
            {
                return true;
            }
            try
            {
                using var message = RequestPipeline.BuildMessage(new ZendeskRequest(HttpMethod.Get, uri), null);
                return uri.PathAndQuery.All(c => c is > ' ' and <= '~') && uri.Host == "acme.zendesk.com";
            }
            catch (UnsafeWireTextException e)
            {
                return e.ErrorId == ErrorIds.InvalidPath;
            }
        });

    [Property(MaxTest = 1000)]
    public Property Any_subdomain_is_either_refused_or_exactly_its_ASCII_lowercase() =>
        Prop.ForAll(HostileStrings(), subdomain =>
        {
            try
            {
                var host = ZendeskUrl.FromSubdomain(subdomain).Host;
                var label = host.Substring(0, host.Length - ".zendesk.com".Length);
                return label.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-')
                    && string.Equals(label, subdomain.Trim(), StringComparison.OrdinalIgnoreCase)
                    && subdomain.Trim().All(c => c < 128);
            }
            catch (ArgumentException)
            {
                return true;
            }
        });

    private static Arbitrary<(string Secret, string Template, string ContentType, bool Basic)> EchoedSecrets() =>
        (from secret in Gen.Elements("abcdefghijklmnopqrstuvwxyzABCDEF0123456789-_.~+/".ToCharArray()).ArrayOf().Where(a => a.Length >= 6 && a.Length <= 48).Select(a => new string(a))
         from template in Gen.Elements(
             "{\"error\":\"invalid_token\",\"description\":\"token {0} refused\"}",
             "{\"errors\":[{\"title\":\"x\",\"detail\":\"you sent {0}\"}],\"echo\":{\"h\":\"{0}\"}}",
             "<html><body><pre>Authorization: {0}</pre></body></html>",
             "denied for {0}",
             "client_id=x&note={0}&more=1",
             "{0}")
         from contentType in Gen.Elements("application/json", "text/html", "text/plain", "application/x-www-form-urlencoded", "")
         from basic in ArbMap.Default.GeneratorFor<bool>()
         select (secret, template, contentType, basic)).ToArbitrary();

    [Property(MaxTest = 1000)]
    public Property A_body_echoing_the_request_credential_never_shows_it() =>
        Prop.ForAll(EchoedSecrets(), sample =>
        {
            var authorization = sample.Basic ? AuthorizationHeader.ForApiToken("admin@example.com", sample.Secret) : AuthorizationHeader.ForOAuth(sample.Secret);
            var credential = authorization.Substring(authorization.IndexOf(' ') + 1);
            var secrets = SecretRedactor.SecretsOf(authorization, null);
            return new[] { sample.Secret, authorization, credential }.All(echo =>
            {
                var body = sample.Template.Replace("{0}", sample.ContentType == "application/x-www-form-urlencoded" ? Uri.EscapeDataString(echo) : echo);
                var shown = SecretRedactor.Body(body, sample.ContentType, secrets);
                return !shown.Contains(sample.Secret, StringComparison.Ordinal) && !shown.Contains(credential, StringComparison.Ordinal);
            });
        });

    [Theory]
    [InlineData("X-On-Behalf-Of", Smuggle, "InvalidHeaderValue")]
    [InlineData("X-Custom", "a\0b", "InvalidHeaderValue")]
    [InlineData("X-Custom", "a\u0085b", "InvalidHeaderValue")]
    [InlineData("X-Custom", "caf\u00e9", "InvalidHeaderValue")]
    [InlineData("X Bad", "v", "InvalidHeaderName")]
    [InlineData("X-Bad:", "v", "InvalidHeaderName")]
    [InlineData("X-Bad\r\nDELETE", "v", "InvalidHeaderName")]
    [InlineData("", "v", "InvalidHeaderName")]
    [InlineData("Content-Length", "0", "ProtectedHeader")]
    [InlineData("Transfer-Encoding", "chunked", "ProtectedHeader")]
    [InlineData("host", "evil.example.com", "ProtectedHeader")]
    [InlineData("Authorization", "Bearer x", "ProtectedHeader")]
    [InlineData("Connection", "close", "ProtectedHeader")]
    [InlineData("Proxy-Authorization", "Basic x", "ProtectedHeader")]
    public void Unsafe_headers_are_refused_with_a_stable_id(string name, string value, string id)
    {
        var error = Assert.Throws<UnsafeWireTextException>(() => WireText.CheckHeader(name, value));
        Assert.Equal(id, error.ErrorId);
        Assert.DoesNotContain("DELETE /api", error.Message);
        Assert.DoesNotContain("\r", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("X-On-Behalf-Of", "jdoe@example.com")]
    [InlineData("Content-Type", "application/json; charset=utf-8")]
    [InlineData("X-Tab", "a\tb c")]
    [InlineData("x~!#$%&'*+-.^_`|", "")]
    public void Ordinary_headers_pass(string name, string value) => WireText.CheckHeader(name, value);

    [Theory]
    [InlineData("zq9\r\nen")]
    [InlineData("zq9\0en")]
    [InlineData("zq9 en")]
    [InlineData("zq9\u212aen")]
    [InlineData("zq9" + Smuggle)]
    public void An_access_token_that_is_not_one_word_of_ASCII_is_refused_without_showing_it(string token)
    {
        var error = Assert.Throws<UnsafeWireTextException>(() => AuthorizationHeader.ForOAuth(token));
        Assert.Equal(ErrorIds.InvalidSecret, error.ErrorId);
        Assert.DoesNotContain("zq9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pasted_line_break_around_a_token_is_still_dropped()
    {
        Assert.Equal("Bearer abc123", AuthorizationHeader.ForOAuth("abc123\r\n"));
        Assert.Equal(AuthorizationHeader.ForApiToken("a@example.com", "tok"), AuthorizationHeader.ForApiToken("a@example.com", " tok\n"));
    }

    [Theory]
    [InlineData("pass\r\nword")]
    [InlineData("pass\0word")]
    [InlineData("pass\u0007word")]
    public void A_password_or_API_token_with_a_control_character_is_refused(string secret)
    {
        Assert.Equal(ErrorIds.InvalidSecret, Assert.Throws<UnsafeWireTextException>(() => AuthorizationHeader.ForPassword("a@example.com", secret)).ErrorId);
        Assert.Equal(ErrorIds.InvalidSecret, Assert.Throws<UnsafeWireTextException>(() => AuthorizationHeader.ForApiToken("a@example.com", secret)).ErrorId);
    }

    [Theory]
    [InlineData("a\0b@example.com")]
    [InlineData("ab@exa\0mple.com")]
    [InlineData("ab@example.com\0")]
    [InlineData("a\rb@example.com")]
    [InlineData("a\u2028b@example.com")]
    [InlineData("a\u200bb@example.com")]
    [InlineData(Smuggle)]
    public void An_email_with_a_control_or_invisible_character_is_refused(string email)
    {
        var error = Assert.Throws<CredentialInputException>(() => CredentialInput.CheckedEmail(email));
        Assert.Equal(ErrorIds.InvalidEmail, error.ErrorId);
        Assert.DoesNotContain("\0", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", error.Message, StringComparison.Ordinal);
        // And the header builder refuses it on its own, whoever calls it.
        Assert.Equal(ErrorIds.InvalidEmail, Assert.Throws<UnsafeWireTextException>(() => AuthorizationHeader.ForApiToken(email, "token")).ErrorId);
    }

    [Fact]
    public void A_credential_refuses_an_unsafe_secret_when_it_is_made()
    {
        using var bad = SecureStrings.FromPlainText(Smuggle);
        Assert.Throws<UnsafeWireTextException>(() => ZendeskCredential.OAuth(bad));
        Assert.Throws<UnsafeWireTextException>(() => ZendeskCredential.Password("a\0b@example.com", bad));
    }

    [Fact]
    public void The_request_builder_refuses_an_unsafe_Authorization_or_Content_Type()
    {
        var request = new ZendeskRequest(HttpMethod.Post, new Uri("https://acme.zendesk.com/api/v2/tickets.json")) { Body = "{}"u8.ToArray() };
        Assert.Equal(ErrorIds.InvalidSecret, Assert.Throws<UnsafeWireTextException>(() => RequestPipeline.BuildMessage(request, "Bearer a\r\nX: y")).ErrorId);
        request.ContentType = "application/json\r\nX-Smuggled: 1";
        Assert.Equal(ErrorIds.InvalidHeaderValue, Assert.Throws<UnsafeWireTextException>(() => RequestPipeline.BuildMessage(request, "Bearer abc")).ErrorId);
    }

    [Theory]
    [InlineData("\u212aelvin")]
    [InlineData("acm\u0131")]
    [InlineData("\u0130nc")]
    [InlineData("acme\0")]
    [InlineData("ac\u00e9")]
    [InlineData("xn--kel\r\nvin")]
    public void A_subdomain_outside_ASCII_is_refused(string subdomain)
    {
        var error = Assert.Throws<ArgumentException>(() => ZendeskUrl.FromSubdomain(subdomain));
        Assert.Contains("ASCII", error.Message);
        Assert.DoesNotContain("\0", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://\u212aelvin.zendesk.com")]
    [InlineData("https://acme.zendesk.com\r\n")]
    [InlineData("https://ac me.zendesk.com")]
    [InlineData("https://%4Belvin.zendesk.com")]
    [InlineData("https://acme.zendesk.com\0")]
    [InlineData("https://xn--kelvin-\u212a.com")]
    public void A_url_whose_host_is_not_plain_ASCII_is_refused(string url) =>
        Assert.Throws<ArgumentException>(() => ZendeskUrl.FromUrl(url.Replace("\r\n", "\r\nX")));

    [Fact]
    public void An_IDN_host_in_its_xn_form_is_accepted() =>
        Assert.Equal("https://xn--mnchen-3ya.example/", ZendeskUrl.FromUrl("https://xn--mnchen-3ya.example").AbsoluteUri);

    [Fact]
    public void Secret_query_values_are_masked_in_urls()
    {
        var shown = SecretRedactor.Url(new Uri("https://acme.zendesk.com/api/v2/users/me.json?access_token=s3cr3t&page%5Bsize%5D=100&api_token=t0k&code=c0de&per_page=5"));
        Assert.Equal("https://acme.zendesk.com/api/v2/users/me.json?access_token=[REDACTED]&page%5Bsize%5D=100&api_token=[REDACTED]&code=[REDACTED]&per_page=5", shown);
    }

    [Theory]
    [InlineData("Cookie", "_zendesk_session=abc")]
    [InlineData("Set-Cookie", "_zendesk_session=abc; path=/")]
    [InlineData("Proxy-Authorization", "Basic abc")]
    [InlineData("X-Api-Key", "abc")]
    [InlineData("X-Session-Id", "abc")]
    [InlineData("X-Auth-Whatever", "abc")]
    [InlineData("X-Client-Secret", "abc")]
    public void Debug_masks_every_header_that_names_a_credential(string name, string value) =>
        Assert.DoesNotContain("abc", SecretRedactor.Header(name, value));

    [Fact]
    public void An_error_body_echoing_the_request_secrets_is_masked_by_value_and_by_name()
    {
        var basic = AuthorizationHeader.ForApiToken("admin@example.com", "ApiTok3nValue");
        var secrets = SecretRedactor.SecretsOf(basic, Encoding.UTF8.GetBytes("""{"client_secret":"ClientS3cret","grant_type":"refresh_token","refresh_token":"Refr3shTok"}"""));
        var echoed = $"<html>you sent {basic} and ApiTok3nValue, client ClientS3cret, refresh Refr3shTok ({Uri.EscapeDataString("ClientS3cret")})</html>";
        var shown = SecretRedactor.Body(echoed, "text/html", secrets);
        foreach (var secret in new[] { "ApiTok3nValue", "ClientS3cret", "Refr3shTok", basic.Substring(6) })
        {
            Assert.DoesNotContain(secret, shown);
        }
        Assert.Contains("<html>you sent [REDACTED] and [REDACTED]", shown);

        var json = SecretRedactor.Body("""{"error":"invalid_client","description":"bad secret ClientS3cret","errors":[{"code":"RecordNotFound"}]}""", "application/json", secrets);
        Assert.Contains("\"code\":\"RecordNotFound\"", json);
        Assert.Contains("invalid_client", json);
        Assert.DoesNotContain("ClientS3cret", json);
    }

    /// <summary>A one-shot loopback server: answers 200 and closes each connection, keeping each request's head.</summary>
    private sealed class RawServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();

        public RawServer()
        {
            _listener.Start();
            _ = Task.Run(AcceptAsync);
        }

        public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";

        public ConcurrentQueue<string> Received { get; } = new();

        public string WaitForHead()
        {
            for (var i = 0; i < 500 && Received.IsEmpty; i++)
            {
                Thread.Sleep(10);
            }
            return Received.TryPeek(out var head) ? head : "";
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception)
                {
                    return;
                }
                using (client)
                {
                    var stream = client.GetStream();
                    var bytes = new List<byte>();
                    var buffer = new byte[4096];
                    int end;
                    while ((end = Encoding.Latin1.GetString(bytes.ToArray()).IndexOf("\r\n\r\n", StringComparison.Ordinal)) < 0)
                    {
                        var read = await stream.ReadAsync(buffer, _stop.Token);
                        if (read == 0)
                        {
                            break;
                        }
                        bytes.AddRange(buffer.AsSpan(0, read).ToArray());
                    }
                    await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), _stop.Token);
                    Received.Enqueue(end < 0 ? Encoding.Latin1.GetString(bytes.ToArray()) : Encoding.Latin1.GetString(bytes.ToArray(), 0, end));
                }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }
    }
}
