using ZendeskAuth.Authentication;
using ZendeskAuth.Http;
using ZendeskAuth.OAuth;

namespace ZendeskAuth.UnitTests;

public class CredentialRenewalTests
{
    private sealed class FakeRenewal(TimeSpan delay) : IOAuthRenewal
    {
        private int _calls;

        public int Calls => _calls;
        public string GrantType => "refresh_token";
        public string ClientId => "client";

        public async Task<OAuthGrantResult> RenewAsync(IRequestLog log, CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref _calls);
            await Task.Delay(delay, cancellationToken);
            return new OAuthGrantResult($"access-{call}", $"refresh-{call}", ["read"], 1800, null);
        }

        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task A_token_about_to_expire_is_renewed_before_it_is_sent()
    {
        var now = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        var renewal = new FakeRenewal(TimeSpan.Zero);
        using var secret = SecureStrings.FromPlainText("access-0");
        using var credential = ZendeskCredential.OAuth(secret, now.AddSeconds(30), renewal, () => now);

        var (header, _) = await credential.GetAuthorizationAsync(NullRequestLog.Instance, CancellationToken.None);

        Assert.Equal("Bearer access-1", header);
        Assert.Equal(1, renewal.Calls);
        Assert.Equal(now.AddSeconds(1800), credential.ExpiresAt);
        Assert.True(credential.TryTakeRenewal(out var renewed));
        Assert.Equal("refresh-1", renewed.RefreshToken);
    }

    [Fact]
    public async Task A_token_with_time_left_is_sent_as_it_is()
    {
        var now = DateTimeOffset.UtcNow;
        var renewal = new FakeRenewal(TimeSpan.Zero);
        using var secret = SecureStrings.FromPlainText("access-0");
        using var credential = ZendeskCredential.OAuth(secret, now.AddMinutes(10), renewal, () => now);

        Assert.Equal("Bearer access-0", (await credential.GetAuthorizationAsync(NullRequestLog.Instance, CancellationToken.None)).Header);
        Assert.Equal(0, renewal.Calls);
    }

    [Fact]
    public async Task Many_requests_refused_at_once_renew_exactly_once()
    {
        var renewal = new FakeRenewal(TimeSpan.FromMilliseconds(100));
        using var secret = SecureStrings.FromPlainText("access-0");
        using var credential = ZendeskCredential.OAuth(secret, null, renewal);
        var (_, generation) = await credential.GetAuthorizationAsync(NullRequestLog.Instance, CancellationToken.None);

        var headers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => credential.RenewAsync(generation, NullRequestLog.Instance, CancellationToken.None))));

        Assert.Equal(1, renewal.Calls);
        Assert.All(headers, h => Assert.Equal("Bearer access-1", h.Header));
    }

    [Fact]
    public async Task A_page_read_ahead_with_a_token_about_to_expire_is_left_unsent_and_renews_nothing()
    {
        // A renewal rotates the refresh token; a page read ahead may never be read, so it leaves the renewal to the
        // request the pipeline waits for.
        var now = DateTimeOffset.UtcNow;
        var renewal = new FakeRenewal(TimeSpan.Zero);
        using var secret = SecureStrings.FromPlainText("access-0");
        var credential = ZendeskCredential.OAuth(secret, now.AddSeconds(30), renewal, () => now);
        var connection = new ZendeskAuth.Connections.ZendeskConnection(new Uri("https://acme.zendesk.com"), credential, skipCertificateCheck: false);
        var request = new ZendeskRequest(System.Net.Http.HttpMethod.Get, new Uri("https://acme.zendesk.com/api/v2/tickets.json?page[after]=x")) { ReadAhead = true };

        await Assert.ThrowsAsync<RenewalDeferredException>(() => RequestPipeline.SendAsync(connection, request, NullRequestLog.Instance, CancellationToken.None));

        Assert.Equal(0, renewal.Calls);
        Assert.False(credential.TryTakeRenewal(out _));
        Assert.Equal("Bearer access-0", credential.GetAuthorization());
    }
}
