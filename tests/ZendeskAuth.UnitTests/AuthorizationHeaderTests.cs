using System.Text;
using ZendeskAuth.Authentication;

namespace ZendeskAuth.UnitTests;

public class AuthorizationHeaderTests
{
    [Fact]
    public void ApiToken_matches_Zendesks_documented_example()
    {
        // https://developer.zendesk.com/api-reference/introduction/security-and-auth/ ; what curl -u sends.
        var header = AuthorizationHeader.ForApiToken("jdoe@example.com", "6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv");
        Assert.Equal("Basic amRvZUBleGFtcGxlLmNvbS90b2tlbjo2d2lJQldiR2tCTW8xbVJETXVWd2t3MUVQc05rZVVqOTVQSXoyYWt2", header);
    }

    [Fact]
    public void Basic_matches_RFC_7617_UTF8_example()
    {
        Assert.Equal("Basic dGVzdDoxMjPCow==", AuthorizationHeader.Basic("test", "123£"));
    }

    [Theory]
    [InlineData("jdoe@example.com/token")]
    [InlineData("jdoe@example.com/TOKEN")]
    [InlineData("  jdoe@example.com/token ")]
    public void Email_already_ending_in_token_is_not_doubled(string email)
    {
        var header = AuthorizationHeader.ForApiToken(email, "6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv");
        Assert.Equal("jdoe@example.com/token:6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv", Decode(header));
    }

    [Fact]
    public void Whitespace_around_a_pasted_token_is_trimmed()
    {
        Assert.Equal("jdoe@example.com/token:abc", Decode(AuthorizationHeader.ForApiToken("jdoe@example.com", " \tabc\r\n")));
        Assert.Equal("Bearer abc", AuthorizationHeader.ForOAuth(" abc\n"));
    }

    [Fact]
    public void Password_with_colons_and_non_ASCII_is_UTF8_and_split_only_at_the_first_colon()
    {
        var header = AuthorizationHeader.ForPassword("zoë@example.com", "pä:ss:£");
        var bytes = Convert.FromBase64String(header.Substring("Basic ".Length));
        Assert.Equal(Encoding.UTF8.GetBytes("zoë@example.com:pä:ss:£"), bytes);
        Assert.NotEqual(0xEF, bytes[0]); // no BOM
        Assert.DoesNotContain((byte)'\n', bytes);
        Assert.False(bytes.Length > 1 && bytes[1] == 0, "UTF-16 would put a zero after each ASCII byte");
    }

    [Fact]
    public void Password_keeps_its_own_whitespace()
    {
        Assert.Equal("a@b.io: pw ", Decode(AuthorizationHeader.ForPassword("a@b.io", " pw ")));
    }

    [Fact]
    public void Credential_builds_the_header_for_its_kind_and_never_shows_the_secret()
    {
        using var secret = SecureStrings.FromPlainText("s3cr3t-value");
        using var token = ZendeskCredential.ApiToken("jdoe@example.com/token", secret);
        using var password = ZendeskCredential.Password("jdoe@example.com", secret);
        using var oauth = ZendeskCredential.OAuth(secret);

        Assert.Equal("jdoe@example.com/token:s3cr3t-value", Decode(token.GetAuthorization()));
        Assert.Equal("jdoe@example.com:s3cr3t-value", Decode(password.GetAuthorization()));
        Assert.Equal("Bearer s3cr3t-value", oauth.GetAuthorization());
        Assert.Equal("jdoe@example.com", token.Email);
        foreach (var credential in new[] { token, password, oauth })
        {
            Assert.DoesNotContain("s3cr3t", credential.ToString());
        }
    }

    [Fact]
    public void Disposed_credential_refuses_to_build_a_header()
    {
        using var secret = SecureStrings.FromPlainText("x");
        var credential = ZendeskCredential.OAuth(secret);
        credential.Dispose();
        Assert.Throws<ObjectDisposedException>(() => credential.GetAuthorization());
    }

    private static string Decode(string header) =>
        Encoding.UTF8.GetString(Convert.FromBase64String(header.Substring("Basic ".Length)));
}
