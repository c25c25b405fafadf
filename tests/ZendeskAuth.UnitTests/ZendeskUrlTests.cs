using System.Collections;
using System.Collections.Specialized;
using ZendeskAuth.Http;

namespace ZendeskAuth.UnitTests;

public class ZendeskUrlTests
{
    private static readonly Uri Base = new("https://acme.zendesk.com/");

    [Theory]
    [InlineData("acme", "https://acme.zendesk.com/")]
    [InlineData(" ACME ", "https://acme.zendesk.com/")]
    [InlineData("my-company2", "https://my-company2.zendesk.com/")]
    public void Subdomain_becomes_the_zendesk_url(string subdomain, string expected) =>
        Assert.Equal(expected, ZendeskUrl.FromSubdomain(subdomain).AbsoluteUri);

    [Theory]
    [InlineData("acme.zendesk.com")]
    [InlineData("https://acme.zendesk.com")]
    [InlineData("-acme")]
    [InlineData("ac me")]
    public void Subdomain_that_is_not_one_is_refused_with_advice(string subdomain)
    {
        var error = Assert.Throws<ArgumentException>(() => ZendeskUrl.FromSubdomain(subdomain));
        Assert.Contains("-Url", error.Message);
    }

    [Theory]
    [InlineData("https://acme.zendesk.com", "https://acme.zendesk.com/")]
    [InlineData("https://acme.zendesk.com/api/v2/", "https://acme.zendesk.com/")]
    [InlineData("https://support.example.com:8443", "https://support.example.com:8443/")]
    [InlineData("http://127.0.0.1:5000", "http://127.0.0.1:5000/")]
    [InlineData("http://localhost:5000/", "http://localhost:5000/")]
    [InlineData("http://[::1]:5000", "http://[::1]:5000/")]
    public void Url_is_normalised(string url, string expected) => Assert.Equal(expected, ZendeskUrl.FromUrl(url).AbsoluteUri);

    [Theory]
    [InlineData("http://acme.zendesk.com")]
    [InlineData("http://10.0.0.5:8080")]
    public void Plain_http_is_refused_except_for_loopback(string url) =>
        Assert.Throws<InsecureUrlException>(() => ZendeskUrl.FromUrl(url));

    [Theory]
    [InlineData("acme.zendesk.com")]
    [InlineData("ftp://acme.zendesk.com")]
    [InlineData("https://acme.zendesk.com/agent/tickets")]
    [InlineData("https://me:pw@acme.zendesk.com")]
    [InlineData("https://evil.example.com#@acme.zendesk.com")]
    [InlineData("https://evil.example.com?@acme.zendesk.com")]
    [InlineData("https://evil.example.com/?.acme.zendesk.com")]
    [InlineData("https://acme.zendesk.com#")]
    public void Bad_urls_are_refused(string url) => Assert.Throws<ArgumentException>(() => ZendeskUrl.FromUrl(url));

    [Theory]
    [InlineData("/api/v2/users/me.json")]
    [InlineData("api/v2/users/me.json")]
    [InlineData("users/me.json")]
    [InlineData("https://acme.zendesk.com/api/v2/users/me.json")]
    [InlineData("HTTPS://ACME.zendesk.com/api/v2/users/me.json")]
    public void Every_path_form_resolves_to_the_same_url(string path) =>
        Assert.Equal("https://acme.zendesk.com/api/v2/users/me.json", ZendeskUrl.Resolve(Base, path).AbsoluteUri);

    [Theory]
    [InlineData("https://evil.example.com/api/v2/users/me.json")]
    [InlineData("https://acme.zendesk.com.evil.com/api/v2/users/me.json")]
    [InlineData("http://acme.zendesk.com/api/v2/users/me.json")]
    [InlineData("https://acme.zendesk.com:444/api/v2/users/me.json")]
    public void Another_host_is_refused(string url) => Assert.Throws<ForeignHostException>(() => ZendeskUrl.Resolve(Base, url));

    [Fact]
    public void Query_is_encoded_and_merged_with_lists_comma_separated()
    {
        var query = new OrderedDictionary { ["page[size]"] = 100, ["ids"] = new[] { 1L, 2L, 3L }, ["q"] = "type:ticket status<solved", ["flag"] = true };
        var uri = ZendeskUrl.Resolve(Base, "search.json?sort=asc", query);
        Assert.Equal("https://acme.zendesk.com/api/v2/search.json?sort=asc&page%5Bsize%5D=100&ids=1%2C2%2C3&q=type%3Aticket%20status%3Csolved&flag=true", uri.AbsoluteUri);
    }

    [Fact]
    public void Empty_path_is_refused() => Assert.Throws<ArgumentException>(() => ZendeskUrl.Resolve(Base, "  ", new Hashtable()));
}
