using System.Collections;
using System.Text;
using ZendeskAuth.Authentication;

namespace ZendeskAuth.UnitTests;

/// <summary>
/// Each broken header is built the way people build it (the shell, PowerShell or Postman step is named), and
/// every diagnosis is checked to hold no secret anywhere a user could see it.
/// </summary>
public class HeaderDiagnosisTests
{
    private const string Email = "jdoe@example.com";
    // Zendesk's documented example token: https://developer.zendesk.com/api-reference/introduction/security-and-auth/
    private const string ApiToken = "6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv";
    private const string DocumentedHeader = "Basic amRvZUBleGFtcGxlLmNvbS90b2tlbjo2d2lJQldiR2tCTW8xbVJETXVWd2t3MUVQc05rZVVqOTVQSXoyYWt2";
    // SHA-256 of "test": the 64-hex shape of a Zendesk OAuth access token.
    private const string OAuthToken = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private const string Password = "Tr0ub4dor&3-horse";

    private static readonly string[] s_secrets = { ApiToken, OAuthToken, Password, "p?ss>>>word~~", "pässwörd-Zürich" };

    // ---- Valid headers ----

    [Fact]
    public void Zendesks_documented_header_is_a_valid_api_token_header()
    {
        var diagnosis = Diagnose(DocumentedHeader);

        Assert.True(diagnosis.IsValid);
        Assert.Equal(AuthenticationType.ApiToken, diagnosis.AuthenticationType);
        Assert.Equal("Basic", diagnosis.Scheme);
        Assert.Equal(Email, diagnosis.Email);
        Assert.Equal(40, diagnosis.SecretLength);
        Assert.Equal("6wiI…", diagnosis.SecretPreview);
        var note = Assert.Single(diagnosis.Findings);
        Assert.Equal(HeaderFindingCode.ApiTokenRetirement, note.Code);
        Assert.Equal(HeaderFindingSeverity.Information, note.Severity);
        Assert.Contains("2027-04-30", note.Message);
        Assert.Null(diagnosis.ServerStatus);
        Assert.Null(diagnosis.ServerMessage);
        Assert.Equal("Valid ApiToken header for jdoe@example.com", diagnosis.ToString());
    }

    [Fact]
    public void The_header_built_by_AuthorizationHeader_is_valid()
    {
        Assert.Equal(DocumentedHeader, AuthorizationHeader.ForApiToken(Email, ApiToken));
        Assert.True(Diagnose(AuthorizationHeader.ForApiToken(Email, ApiToken)).IsValid);
        Assert.True(Diagnose(AuthorizationHeader.ForOAuth(OAuthToken)).IsValid);
        Assert.True(Diagnose(AuthorizationHeader.ForPassword(Email, Password)).IsValid);
    }

    [Theory]
    [InlineData("Authorization: ")]
    [InlineData("authorization:")]
    [InlineData("  AUTHORIZATION \t:  ")]
    public void The_header_name_is_accepted_in_any_case_and_spacing_and_noted(string prefix)
    {
        var diagnosis = Diagnose(prefix + DocumentedHeader);

        Assert.True(diagnosis.IsValid);
        Assert.Equal(AuthenticationType.ApiToken, diagnosis.AuthenticationType);
        Assert.Equal(HeaderFindingSeverity.Information, Finding(diagnosis, HeaderFindingCode.HeaderNameIncluded).Severity);
    }

    [Fact]
    public void Password_header_is_valid_with_a_deprecation_note_and_no_preview()
    {
        var diagnosis = Diagnose(AuthorizationHeader.ForPassword(Email, Password));

        Assert.True(diagnosis.IsValid);
        Assert.Equal(AuthenticationType.Password, diagnosis.AuthenticationType);
        Assert.Equal(Email, diagnosis.Email);
        Assert.Equal(Password.Length, diagnosis.SecretLength);
        Assert.Null(diagnosis.SecretPreview); // never part of a password, however long
        Assert.Equal(HeaderFindingSeverity.Information, Finding(diagnosis, HeaderFindingCode.PasswordDeprecated).Severity);
    }

    [Fact]
    public void OAuth_header_is_valid()
    {
        var diagnosis = Diagnose("Bearer " + OAuthToken);

        Assert.True(diagnosis.IsValid);
        Assert.Equal(AuthenticationType.OAuth, diagnosis.AuthenticationType);
        Assert.Equal("Bearer", diagnosis.Scheme);
        Assert.Null(diagnosis.Email);
        Assert.Equal(64, diagnosis.SecretLength);
        Assert.Equal("9f86…", diagnosis.SecretPreview);
        Assert.Empty(diagnosis.Findings);
    }

    [Fact]
    public void Lowercase_scheme_is_valid_but_noted()
    {
        var diagnosis = Diagnose("basic " + DocumentedHeader.Substring("Basic ".Length));

        Assert.True(diagnosis.IsValid);
        Assert.Equal("basic", diagnosis.Scheme);
        Assert.Equal(HeaderFindingSeverity.Information, Finding(diagnosis, HeaderFindingCode.SchemeCase).Severity);
    }

    [Fact]
    public void Short_secret_gets_no_preview()
    {
        // A token cut short when copied: 12 characters, so 4 would give too much away.
        var diagnosis = Diagnose(Basic($"{Email}/token:{ApiToken.Substring(0, 12)}"));

        Assert.Equal(12, diagnosis.SecretLength);
        Assert.Null(diagnosis.SecretPreview);
        Assert.Equal(HeaderFindingSeverity.Warning, Finding(diagnosis, HeaderFindingCode.UnexpectedTokenFormat).Severity);
        Assert.True(diagnosis.IsValid);
    }

    // ---- The header as a whole ----

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Authorization:")]
    public void Empty_header(string header)
    {
        var diagnosis = Diagnose(header);
        Assert.False(diagnosis.IsValid);
        Assert.Null(diagnosis.AuthenticationType);
        Finding(diagnosis, HeaderFindingCode.EmptyHeader);
    }

    [Fact]
    public void Base64_without_a_scheme()
    {
        // The encoded text alone pasted into Postman's header value.
        var diagnosis = Diagnose(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Email}/token:{ApiToken}")));

        Assert.False(diagnosis.IsValid);
        Assert.Null(diagnosis.Scheme);
        Assert.Null(diagnosis.AuthenticationType);
        Assert.Contains("'Basic '", Finding(diagnosis, HeaderFindingCode.MissingScheme).Fix);
    }

    [Theory]
    [InlineData(OAuthToken, "Bearer")]
    [InlineData(ApiToken, "ConvertTo-ZendeskAuthorizationHeader")]
    public void Bare_token_without_a_scheme(string token, string fixMentions)
    {
        var diagnosis = Diagnose(token);

        Assert.False(diagnosis.IsValid);
        Assert.Contains(fixMentions, Finding(diagnosis, HeaderFindingCode.MissingScheme).Fix);
    }

    [Fact]
    public void Scheme_glued_to_the_value()
    {
        var diagnosis = Diagnose("Basic" + DocumentedHeader.Substring("Basic ".Length));

        Assert.False(diagnosis.IsValid);
        Assert.Null(diagnosis.AuthenticationType);
        Finding(diagnosis, HeaderFindingCode.MissingScheme);
    }

    [Fact]
    public void Token_scheme_is_unsupported()
    {
        // Other APIs' "Authorization: Token <token>".
        var diagnosis = Diagnose("Token " + ApiToken);

        Assert.False(diagnosis.IsValid);
        Assert.Equal("Token", diagnosis.Scheme);
        Assert.Null(diagnosis.AuthenticationType);
        Assert.Contains("email/token", Finding(diagnosis, HeaderFindingCode.UnsupportedScheme).Fix);
    }

    [Fact]
    public void Unknown_first_word_is_not_echoed_as_a_scheme()
    {
        // The password typed where the scheme goes.
        var diagnosis = Diagnose(Password + " " + Email);

        Assert.False(diagnosis.IsValid);
        Assert.Null(diagnosis.Scheme);
        Finding(diagnosis, HeaderFindingCode.UnsupportedScheme);
    }

    [Fact]
    public void Colon_after_the_scheme()
    {
        var diagnosis = Diagnose("Basic: " + DocumentedHeader.Substring("Basic ".Length));

        Assert.False(diagnosis.IsValid);
        Assert.Null(diagnosis.AuthenticationType);
        Finding(diagnosis, HeaderFindingCode.UnsupportedScheme);
    }

    [Theory]
    [InlineData("Bearer Bearer " + OAuthToken)] // Postman's Bearer Token auth given "Bearer <token>"
    [InlineData("Authorization: Authorization: Bearer " + OAuthToken)] // a header field given the whole line
    [InlineData("Basic Basic amRvZUBleGFtcGxlLmNvbS90b2tlbjo2d2lJQldiR2tCTW8xbVJETXVWd2t3MUVQc05rZVVqOTVQSXoyYWt2")]
    public void Prefix_given_twice(string header)
    {
        var diagnosis = Diagnose(header);

        Assert.False(diagnosis.IsValid);
        Finding(diagnosis, HeaderFindingCode.DuplicatePrefix);
        Assert.NotNull(diagnosis.AuthenticationType); // the rest is still read
    }

    [Fact]
    public void Quoted_value()
    {
        // Copied from a JSON file or a shell line: "Basic amRv…".
        var diagnosis = Diagnose("\"" + DocumentedHeader + "\"");

        Assert.Equal(HeaderFindingSeverity.Warning, Finding(diagnosis, HeaderFindingCode.Quoted).Severity);
        Assert.Equal(AuthenticationType.ApiToken, diagnosis.AuthenticationType);
    }

    [Fact]
    public void Line_break_after_the_value()
    {
        // (Get-Content header.txt -Raw) keeps the file's last line break.
        var diagnosis = Diagnose(DocumentedHeader + "\r\n");

        Assert.Equal(HeaderFindingSeverity.Warning, Finding(diagnosis, HeaderFindingCode.LineBreakInHeader).Severity);
        Assert.Equal(AuthenticationType.ApiToken, diagnosis.AuthenticationType);
    }

    // ---- Basic: the base64 text ----

    [Fact]
    public void Credentials_not_encoded()
    {
        // curl -H "Authorization: Basic $email/token:$token", forgetting base64.
        var diagnosis = Diagnose($"Authorization: Basic {Email}/token:{ApiToken}");

        Assert.False(diagnosis.IsValid);
        Finding(diagnosis, HeaderFindingCode.NotEncoded);
        Assert.Equal(Email, diagnosis.Email);
    }

    [Fact]
    public void Invalid_base64_cut_short()
    {
        // The copy lost its last 3 characters: 81 base64 characters cannot be whole.
        var diagnosis = Diagnose(DocumentedHeader.Substring(0, DocumentedHeader.Length - 3));

        Assert.False(diagnosis.IsValid);
        Finding(diagnosis, HeaderFindingCode.InvalidBase64);
    }

    [Fact]
    public void Invalid_base64_characters()
    {
        var diagnosis = Diagnose("Basic amRv*ZUBleGFt!GxlLmNvbQ==");

        Assert.False(diagnosis.IsValid);
        Finding(diagnosis, HeaderFindingCode.InvalidBase64);
    }

    [Fact]
    public void Missing_padding()
    {
        var text = $"{Email}:{Password}";
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        Assert.EndsWith("=", encoded); // the case needs padding to be a test at all

        var diagnosis = Diagnose("Basic " + encoded.TrimEnd('='));

        Assert.Equal(HeaderFindingSeverity.Warning, Finding(diagnosis, HeaderFindingCode.BadPadding).Severity);
        Assert.Equal(AuthenticationType.Password, diagnosis.AuthenticationType);
        Assert.Equal(Email, diagnosis.Email);
    }

    [Fact]
    public void Base64url_alphabet()
    {
        // A JWT library's base64url encoder: '-' and '_', no padding.
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Email}:p?ss>>>word~~"));
        Assert.True(encoded.IndexOfAny(new[] { '+', '/' }) >= 0);

        var diagnosis = Diagnose("Basic " + encoded.Replace('+', '-').Replace('/', '_').TrimEnd('='));

        Assert.False(diagnosis.IsValid);
        Finding(diagnosis, HeaderFindingCode.Base64Url);
        Assert.Equal(Email, diagnosis.Email);
    }

    [Fact]
    public void Base64_wrapped_by_GNU_base64()
    {
        // printf '%s\n' "$email/token:$token" | base64 — GNU base64 wraps at 76 columns; the terminal copy keeps
        // the break, and the encoded text also ends with the newline printf added.
        var diagnosis = Diagnose("Basic " + GnuBase64($"{Email}/token:{ApiToken}\n"));

        Assert.False(diagnosis.IsValid);
        Finding(diagnosis, HeaderFindingCode.WhitespaceInBase64);
        Finding(diagnosis, HeaderFindingCode.TrailingNewline);
        Assert.Equal(AuthenticationType.ApiToken, diagnosis.AuthenticationType);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Utf16_bytes(bool withByteOrderMark)
    {
        // [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes("$email/token:$token"))
        var bytes = Encoding.Unicode.GetBytes($"{Email}/token:{ApiToken}");
        if (withByteOrderMark)
        {
            bytes = Encoding.Unicode.GetPreamble().Concat(bytes).ToArray();
        }

        var diagnosis = Diagnose("Basic " + Convert.ToBase64String(bytes));

        Assert.False(diagnosis.IsValid);
        Assert.Contains("[Text.Encoding]::Unicode", Finding(diagnosis, HeaderFindingCode.Utf16Encoding).Message);
        Assert.Equal(AuthenticationType.ApiToken, diagnosis.AuthenticationType);
        Assert.Equal(Email, diagnosis.Email);
    }

    [Fact]
    public void Utf8_byte_order_mark()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes($"{Email}/token:{ApiToken}")).ToArray();

        var diagnosis = Diagnose("Basic " + Convert.ToBase64String(bytes));

        Assert.False(diagnosis.IsValid);
        Finding(diagnosis, HeaderFindingCode.Utf8Bom);
        Assert.Equal(Email, diagnosis.Email);
    }

    [Fact]
    public void Latin1_bytes()
    {
        // Windows PowerShell's [Text.Encoding]::Default (Windows-1252) on a password with umlauts.
        var diagnosis = Diagnose("Basic " + Convert.ToBase64String(Encoding.Latin1.GetBytes($"{Email}:pässwörd-Zürich")));

        Assert.False(diagnosis.IsValid);
        Finding(diagnosis, HeaderFindingCode.NotUtf8);
        Assert.Equal(AuthenticationType.Password, diagnosis.AuthenticationType);
    }

    // ---- Basic: the decoded text ----

    [Theory]
    [InlineData("\n")]   // printf '%s\n' … | base64, echo … | base64
    [InlineData("\r\n")] // a here-string or a file saved on Windows
    public void Line_break_inside_the_encoded_text(string newline)
    {
        var diagnosis = Diagnose(Basic($"{Email}/token:{ApiToken}{newline}"));

        Assert.False(diagnosis.IsValid);
        Finding(diagnosis, HeaderFindingCode.TrailingNewline);
        Assert.Equal(40, diagnosis.SecretLength);
    }

    [Fact]
    public void Double_colon_from_Postman()
    {
        // Postman's Basic Auth: Username "jdoe@example.com/token:" and Password the token; Postman adds ':'.
        var diagnosis = Diagnose(Basic($"{Email}/token:" + ":" + ApiToken));

        Assert.False(diagnosis.IsValid);
        Assert.Equal(HeaderFindingSeverity.Error, Finding(diagnosis, HeaderFindingCode.ExtraColon).Severity);
        Assert.Equal(40, diagnosis.SecretLength);
    }

    [Fact]
    public void Trailing_colon_from_Postman()
    {
        // Postman's Basic Auth: Username "jdoe@example.com/token:<token>", Password left empty.
        var diagnosis = Diagnose(Basic($"{Email}/token:{ApiToken}" + ":" + ""));

        Assert.False(diagnosis.IsValid);
        Finding(diagnosis, HeaderFindingCode.ExtraColon);
    }

    [Fact]
    public void Empty_secret()
    {
        // Postman's Basic Auth: Username "jdoe@example.com/token", the Password field forgotten.
        var diagnosis = Diagnose(Basic($"{Email}/token" + ":" + ""));

        Assert.False(diagnosis.IsValid);
        Finding(diagnosis, HeaderFindingCode.EmptySecret);
        Assert.Equal(0, diagnosis.SecretLength);
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Basic ")]
    public void Scheme_with_nothing_after_it(string header)
    {
        var diagnosis = Diagnose(header);

        Assert.False(diagnosis.IsValid);
        Finding(diagnosis, HeaderFindingCode.EmptySecret);
    }

    [Fact]
    public void Missing_colon()
    {
        var diagnosis = Diagnose(Basic($"{Email}/token{ApiToken}"));

        Assert.False(diagnosis.IsValid);
        Finding(diagnosis, HeaderFindingCode.MissingColon);
    }

    [Fact]
    public void Url_encoded_user_name()
    {
        // Taken from https://jdoe%40example.com%2Ftoken:…@acme.zendesk.com by a tool that does not unescape it.
        var diagnosis = Diagnose(Basic(Uri.EscapeDataString($"{Email}/token") + ":" + ApiToken));

        Assert.False(diagnosis.IsValid);
        Finding(diagnosis, HeaderFindingCode.UrlEncoded);
        Assert.Equal(AuthenticationType.ApiToken, diagnosis.AuthenticationType);
        Assert.Equal(Email, diagnosis.Email);
    }

    [Fact]
    public void Token_suffix_doubled()
    {
        // $user = 'jdoe@example.com/token' (from a credential), then "$user/token:$token".
        var user = $"{Email}/token";
        var diagnosis = Diagnose(Basic($"{user}/token:{ApiToken}"));

        Assert.False(diagnosis.IsValid);
        Finding(diagnosis, HeaderFindingCode.TokenSuffixDoubled);
        Assert.Equal(Email, diagnosis.Email);
    }

    [Fact]
    public void Api_token_without_token_suffix()
    {
        // "$email:$token": the API token sent as if it were a password.
        var diagnosis = Diagnose(Basic($"{Email}:{ApiToken}"));

        Assert.False(diagnosis.IsValid);
        Finding(diagnosis, HeaderFindingCode.MissingTokenSuffix);
        Assert.Equal(AuthenticationType.Password, diagnosis.AuthenticationType); // how Zendesk reads it
        Assert.Equal("6wiI…", diagnosis.SecretPreview);
    }

    [Theory]
    [InlineData("jdoe")]             // the agent's name instead of the email
    [InlineData("jdoe@example")]     // no domain
    [InlineData("")]                 // ":token"
    public void User_name_that_is_not_an_email(string user)
    {
        var diagnosis = Diagnose(Basic($"{user}/token:{ApiToken}"));

        Assert.False(diagnosis.IsValid);
        var finding = Finding(diagnosis, HeaderFindingCode.NotAnEmail);
        Assert.Null(diagnosis.Email);
        if (user.Length > 0)
        {
            Assert.DoesNotContain(user, finding.Message);
        }
    }

    [Fact]
    public void Whitespace_around_the_email()
    {
        // $email read with a trailing space from a CSV file.
        var email = Email + " ";
        var diagnosis = Diagnose(Basic($"{email}/token:{ApiToken}"));

        Assert.False(diagnosis.IsValid);
        Finding(diagnosis, HeaderFindingCode.WhitespaceInEmail);
        Assert.Equal(Email, diagnosis.Email);
    }

    [Fact]
    public void Whitespace_around_the_api_token()
    {
        // The token copied from Admin Center with a trailing space.
        var diagnosis = Diagnose(Basic($"{Email}/token: {ApiToken} "));

        Assert.False(diagnosis.IsValid);
        Assert.Equal(HeaderFindingSeverity.Error, Finding(diagnosis, HeaderFindingCode.WhitespaceInSecret).Severity);
        Assert.Equal(40, diagnosis.SecretLength);
    }

    [Fact]
    public void Whitespace_around_a_password_is_a_warning()
    {
        var diagnosis = Diagnose(Basic($"{Email}:{Password} "));

        Assert.True(diagnosis.IsValid);
        Assert.Equal(HeaderFindingSeverity.Warning, Finding(diagnosis, HeaderFindingCode.WhitespaceInSecret).Severity);
    }

    // ---- One kind of credential sent as another ----

    [Theory]
    [InlineData("pasted after Basic")]
    [InlineData("encoded alone")]
    public void Api_token_without_email(string how)
    {
        var header = how == "pasted after Basic" ? "Basic " + ApiToken : Basic(ApiToken);

        var diagnosis = Diagnose(header);

        Assert.False(diagnosis.IsValid);
        Finding(diagnosis, HeaderFindingCode.ApiTokenWithoutEmail);
    }

    [Fact]
    public void Api_token_as_bearer()
    {
        var diagnosis = Diagnose("Bearer " + ApiToken);

        Assert.False(diagnosis.IsValid);
        Assert.Equal(AuthenticationType.OAuth, diagnosis.AuthenticationType); // how Zendesk reads it
        Assert.Contains("Basic", Finding(diagnosis, HeaderFindingCode.ApiTokenAsBearer).Fix);
    }

    [Fact]
    public void Encoded_api_token_credentials_as_bearer()
    {
        // The right base64 text after the wrong scheme.
        var diagnosis = Diagnose("Bearer " + DocumentedHeader.Substring("Basic ".Length));

        Assert.False(diagnosis.IsValid);
        Finding(diagnosis, HeaderFindingCode.ApiTokenAsBearer);
        Assert.Equal(40, diagnosis.SecretLength);
    }

    [Fact]
    public void Encoded_password_credentials_as_bearer()
    {
        var diagnosis = Diagnose("Bearer " + AuthorizationHeader.ForPassword(Email, Password).Substring("Basic ".Length));

        Assert.False(diagnosis.IsValid);
        Finding(diagnosis, HeaderFindingCode.BasicCredentialsAsBearer);
        Assert.Null(diagnosis.SecretPreview);
    }

    [Theory]
    [InlineData("pasted after Basic")]
    [InlineData("encoded alone")]
    [InlineData("encoded as email/token:oauth")]
    public void OAuth_token_as_basic(string how)
    {
        var header = how switch
        {
            "pasted after Basic" => "Basic " + OAuthToken,
            "encoded alone" => Basic(OAuthToken),
            _ => Basic($"{Email}/token:{OAuthToken}"),
        };

        var diagnosis = Diagnose(header);

        Assert.False(diagnosis.IsValid);
        Assert.Contains("Bearer", Finding(diagnosis, HeaderFindingCode.OAuthTokenAsBasic).Fix);
    }

    [Fact]
    public void Bearer_token_broken_across_lines()
    {
        var diagnosis = Diagnose("Bearer " + OAuthToken.Substring(0, 32) + "\n" + OAuthToken.Substring(32));

        Assert.False(diagnosis.IsValid);
        Finding(diagnosis, HeaderFindingCode.WhitespaceInSecret);
        Assert.Equal(64, diagnosis.SecretLength);
    }

    // ---- What the server said ----

    private static readonly Uri s_account = new("https://acme.zendesk.com/");

    [Fact]
    public void Server_answering_the_anonymous_user_makes_the_header_invalid()
    {
        var diagnosis = Diagnose(AuthorizationHeader.ForPassword(Email, Password));

        HeaderDiagnosis.ApplyServerAnswer(diagnosis, s_account, 200, "OK", "{\"user\":{\"id\":null,\"name\":\"Anonymous user\",\"email\":\"invalid@example.com\",\"role\":\"end-user\"}}");

        Assert.False(diagnosis.IsValid);
        Assert.Equal(200, diagnosis.ServerStatus);
        Assert.Contains("anonymous user", diagnosis.ServerMessage);
        Finding(diagnosis, HeaderFindingCode.ServerAnonymousUser);
        AssertNoSecret(diagnosis, DocumentedHeader);
    }

    [Fact]
    public void Server_accepting_the_header_names_the_user()
    {
        var diagnosis = Diagnose(DocumentedHeader);

        HeaderDiagnosis.ApplyServerAnswer(diagnosis, s_account, 200, "OK", "{\"user\":{\"id\":42,\"name\":\"Jane Doe\",\"email\":\"jdoe@example.com\",\"role\":\"admin\"}}");

        Assert.True(diagnosis.IsValid);
        Assert.Equal(200, diagnosis.ServerStatus);
        Assert.Contains("jdoe@example.com (id 42, admin)", diagnosis.ServerMessage);
    }

    [Fact]
    public void Server_refusing_the_header_gives_Zendesks_error_text()
    {
        var diagnosis = Diagnose(DocumentedHeader);

        HeaderDiagnosis.ApplyServerAnswer(diagnosis, s_account, 401, "Unauthorized", "{\"error\":\"Couldn't authenticate you\"}");

        Assert.False(diagnosis.IsValid);
        Assert.Equal(401, diagnosis.ServerStatus);
        Assert.Contains("Couldn't authenticate you", diagnosis.ServerMessage);
        Assert.Contains("2027-04-30", Finding(diagnosis, HeaderFindingCode.ServerRejected).Fix);
    }

    [Fact]
    public void Server_forbidding_the_user_is_a_warning()
    {
        var diagnosis = Diagnose("Bearer " + OAuthToken);

        HeaderDiagnosis.ApplyServerAnswer(diagnosis, s_account, 403, "Forbidden", "{\"error\":\"Forbidden\",\"description\":\"You are missing the following required scopes: read\"}");

        Assert.True(diagnosis.IsValid);
        Assert.Contains("required scopes: read", diagnosis.ServerMessage);
        Assert.Equal(HeaderFindingSeverity.Warning, Finding(diagnosis, HeaderFindingCode.ServerForbidden).Severity);
    }

    [Theory]
    [InlineData("Authorization: Basic abc=", "Basic abc=")]
    [InlineData("  bearer xyz \r\n", "bearer xyz")]
    [InlineData("Basic abc\n=", null)]
    [InlineData("Authorization:", null)]
    [InlineData("Basic pässwörd", null)]
    public void Value_to_send_is_the_header_as_given_less_its_name(string header, string? expected)
    {
        Assert.Equal(expected, HeaderDiagnosis.ValueToSend(header));
    }

    // ---- Helpers ----

    /// <summary>Diagnoses a header and checks the diagnosis shows no secret and not the header's encoded part.</summary>
    private static AuthorizationHeaderDiagnosis Diagnose(string header)
    {
        var diagnosis = HeaderDiagnosis.Analyze(header);
        AssertNoSecret(diagnosis, header);
        return diagnosis;
    }

    private static void AssertNoSecret(AuthorizationHeaderDiagnosis diagnosis, string header)
    {
        var shown = new List<string> { diagnosis.ToString() };
        shown.AddRange(Texts(diagnosis));
        foreach (var finding in diagnosis.Findings)
        {
            shown.Add(finding.ToString());
            shown.AddRange(Texts(finding));
        }

        var encoded = header.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        foreach (var text in shown)
        {
            foreach (var secret in s_secrets)
            {
                Assert.DoesNotContain(secret, text);
                Assert.DoesNotContain(secret.Substring(0, 8), text); // nor a telling part of it
            }
            if (encoded.Length >= 12 && !encoded.EndsWith(':'))
            {
                Assert.DoesNotContain(encoded.Trim('"'), text);
            }
        }
    }

    /// <summary>The text of every public property, as Format-List would show it.</summary>
    private static IEnumerable<string> Texts(object value) =>
        value.GetType().GetProperties()
            .Select(p => p.GetValue(value))
            .Where(v => v is not null && v is not IEnumerable || v is string)
            .Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "");

    private static HeaderFinding Finding(AuthorizationHeaderDiagnosis diagnosis, string code)
    {
        var finding = diagnosis.Findings.FirstOrDefault(f => f.Code == code);
        Assert.True(finding is not null, $"No {code} finding; found: {string.Join(", ", diagnosis.Findings.Select(f => f.Code))}");
        return finding!;
    }

    private static string Basic(string text) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>What GNU coreutils' base64 prints: lines of 76 characters, each ending in a newline.</summary>
    private static string GnuBase64(string text)
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        var lines = Enumerable.Range(0, (encoded.Length + 75) / 76).Select(i => encoded.Substring(i * 76, Math.Min(76, encoded.Length - i * 76)));
        return string.Join("\n", lines) + "\n";
    }
}
