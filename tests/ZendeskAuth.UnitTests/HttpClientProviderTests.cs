using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using ZendeskAuth.Http;

namespace ZendeskAuth.UnitTests;

/// <summary>Which proxy a request takes, and who decides whether a certificate is good.</summary>
public class HttpClientProviderTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5000/api/v2/users/me.json")]
    [InlineData("http://127.42.0.7/")]
    [InlineData("https://[::1]:8443/")]
    [InlineData("http://localhost:8080/")]
    [InlineData("https://LOCALHOST/")]
    public void The_environment_proxy_never_carries_loopback_traffic(string url)
    {
        var proxy = HttpClientProvider.ProxyFor(HttpTransport.Checked, new WebProxy("http://proxy.example.com:8080"));
        Assert.True(proxy.IsBypassed(new Uri(url)));
    }

    [Fact]
    public void The_environment_proxy_carries_other_hosts_and_a_given_proxy_carries_every_host()
    {
        var environment = HttpClientProvider.ProxyFor(HttpTransport.Checked, new WebProxy("http://proxy.example.com:8080"));
        Assert.False(environment.IsBypassed(new Uri("https://acme.zendesk.com/")));
        Assert.Equal(new Uri("http://proxy.example.com:8080/"), environment.GetProxy(new Uri("https://acme.zendesk.com/")));

        var given = HttpClientProvider.ProxyFor(HttpTransport.Create(false, new Uri("http://corp-proxy:3128"), null, false), new WebProxy("http://proxy.example.com:8080"));
        Assert.False(given.IsBypassed(new Uri("http://127.0.0.1:5000/")));
        Assert.Equal(new Uri("http://corp-proxy:3128/"), given.GetProxy(new Uri("https://acme.zendesk.com/")));
    }

    [Fact]
    public void Proxy_credentials_go_on_the_modules_proxy_object_never_on_the_process_wide_one()
    {
        var shared = new WebProxy("http://proxy.example.com:8080");
        var credential = new NetworkCredential("jdoe", "pw");
        var proxy = HttpClientProvider.ProxyFor(HttpTransport.Create(false, null, credential, false), shared);
        Assert.Same(credential, proxy.Credentials);
        Assert.Null(shared.Credentials);
        Assert.Same(CredentialCache.DefaultCredentials, HttpClientProvider.ProxyFor(HttpTransport.Create(false, null, null, true), shared).Credentials);
    }

    [Fact]
    public async Task A_loopback_request_goes_straight_to_the_server_while_another_host_goes_to_the_environment_proxy()
    {
        using var target = OneAnswerServer.Start();
        using var proxy = OneAnswerServer.Start();
        using var client = new HttpClient(HttpClientProvider.CreateHandler(HttpTransport.Checked, new WebProxy(proxy.Url)));

        using (await client.GetAsync($"{target.Url}/api/v2/users/me.json"))
        {
        }
        using (await client.GetAsync("http://zendesk.test/api/v2/users/me.json"))
        {
        }

        Assert.Equal(new[] { "GET /api/v2/users/me.json HTTP/1.1" }, target.RequestLines);
        Assert.Equal(new[] { "GET http://zendesk.test/api/v2/users/me.json HTTP/1.1" }, proxy.RequestLines);
    }

    [Fact]
    public void The_checked_client_decides_on_certificates_itself_and_refuses_any_chain_error()
    {
        // On .NET Framework a handler without its own callback defers to ServicePointManager's process-wide one.
        var callback = HttpClientProvider.CreateHandler(HttpTransport.Checked, null).ServerCertificateCustomValidationCallback;
        Assert.NotNull(callback);
        using var message = new HttpRequestMessage(HttpMethod.Get, "https://acme.zendesk.com/");
        Assert.True(callback!(message, null, null, SslPolicyErrors.None));
        Assert.False(callback(message, null, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(callback(message, null, null, SslPolicyErrors.RemoteCertificateNameMismatch));
        Assert.False(callback(message, null, null, SslPolicyErrors.RemoteCertificateNotAvailable));

        var skipping = HttpClientProvider.CreateHandler(HttpTransport.Unchecked, null).ServerCertificateCustomValidationCallback;
        Assert.True(skipping!(message, null, null, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void Transports_with_the_same_settings_share_a_client_and_the_key_holds_no_secret()
    {
        var a = HttpTransport.Create(false, new Uri("http://corp-proxy:3128"), new NetworkCredential("jdoe", "s3cret-pw"), false);
        var b = HttpTransport.Create(false, new Uri("http://corp-proxy:3128"), new NetworkCredential("jdoe", "s3cret-pw"), false);
        var c = HttpTransport.Create(false, new Uri("http://corp-proxy:3128"), new NetworkCredential("jdoe", "other-pw"), false);
        Assert.Same(HttpClientProvider.Get(a), HttpClientProvider.Get(b));
        Assert.NotSame(HttpClientProvider.Get(a), HttpClientProvider.Get(c));
        Assert.NotSame(HttpClientProvider.Get(a), HttpClientProvider.Get(HttpTransport.Checked));
        Assert.Same(HttpClientProvider.Get(false), HttpClientProvider.Get(HttpTransport.Checked));
        Assert.DoesNotContain("s3cret-pw", a.Key, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", a.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Answers every request on loopback with 200 and keeps each request line.</summary>
    private sealed class OneAnswerServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<string> _lines = new();

        private OneAnswerServer()
        {
            _listener.Start();
            _ = Task.Run(AcceptAsync);
        }

        public static OneAnswerServer Start() => new();

        public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

        public string[] RequestLines
        {
            get
            {
                lock (_lines)
                {
                    return _lines.ToArray();
                }
            }
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    using var client = await _listener.AcceptTcpClientAsync();
                    var stream = client.GetStream();
                    var head = new StringBuilder();
                    var one = new byte[1];
                    while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one) == 1)
                    {
                        head.Append((char)one[0]);
                    }
                    lock (_lines)
                    {
                        _lines.Add(head.ToString().Split("\r\n")[0]);
                    }
                    await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"));
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
            {
            }
        }

        public void Dispose() => _listener.Stop();
    }
}

public class NonInteractiveDetectionTests
{
    [Theory]
    [InlineData(true, "pwsh", "-NonInteractive", "-File", "job.ps1")]
    [InlineData(true, "pwsh", "-noni", "-c", "Connect-Zendesk")]
    [InlineData(true, "powershell.exe", "/NonInteractive", "-Command", "x")]
    [InlineData(true, "pwsh", "-NoProfile", "--noninteractive")]
    [InlineData(false, "pwsh", "-NoProfile", "-NoLogo")]
    [InlineData(false, "pwsh", "-File", "job.ps1", "-NonInteractive")]
    [InlineData(false, "pwsh", "-no")]
    [InlineData(false, "pwsh")]
    public void The_NonInteractive_switch_is_found_as_pwsh_reads_it(bool expected, params string[] arguments) =>
        Assert.Equal(expected, ZendeskAuth.Commands.ZendeskCmdlet.StartedNonInteractive(arguments));
}
