namespace ZendeskAuth.Authentication;

/// <summary>How much a <see cref="HeaderFinding"/> matters.</summary>
public enum HeaderFindingSeverity
{
    /// <summary>Zendesk will not accept the header as it is.</summary>
    Error,
    /// <summary>The header may be refused, or works only by luck.</summary>
    Warning,
    /// <summary>The header works; something to know about it.</summary>
    Information,
}

/// <summary>
/// One problem (or note) Test-ZendeskAuthorizationHeader found in a header, with what to do about it.
/// <see cref="Code"/> is stable, so scripts may match on it. No finding ever holds the secret.
/// </summary>
public sealed class HeaderFinding
{
    internal HeaderFinding(string code, HeaderFindingSeverity severity, string message, string fix)
    {
        Code = code;
        Severity = severity;
        Message = message;
        Fix = fix;
    }

    /// <summary>A stable PascalCase name, such as Utf16Encoding or MissingTokenSuffix.</summary>
    public string Code { get; }

    public HeaderFindingSeverity Severity { get; }

    /// <summary>What is wrong, and usually how it got that way.</summary>
    public string Message { get; }

    /// <summary>What to do about it.</summary>
    public string Fix { get; }

    public override string ToString() => $"{Severity} {Code}: {Message}";
}

/// <summary>The finding codes: stable, so scripts may match on them. Never rename one.</summary>
public static class HeaderFindingCode
{
    // The header as a whole.
    public const string EmptyHeader = nameof(EmptyHeader);
    public const string HeaderNameIncluded = nameof(HeaderNameIncluded);
    public const string DuplicatePrefix = nameof(DuplicatePrefix);
    public const string Quoted = nameof(Quoted);
    public const string LineBreakInHeader = nameof(LineBreakInHeader);
    public const string MissingScheme = nameof(MissingScheme);
    public const string UnsupportedScheme = nameof(UnsupportedScheme);
    public const string SchemeCase = nameof(SchemeCase);

    // The base64 text after Basic.
    public const string NotEncoded = nameof(NotEncoded);
    public const string WhitespaceInBase64 = nameof(WhitespaceInBase64);
    public const string Base64Url = nameof(Base64Url);
    public const string BadPadding = nameof(BadPadding);
    public const string InvalidBase64 = nameof(InvalidBase64);
    public const string Utf8Bom = nameof(Utf8Bom);
    public const string Utf16Encoding = nameof(Utf16Encoding);
    public const string NotUtf8 = nameof(NotUtf8);

    // The decoded user:secret.
    public const string TrailingNewline = nameof(TrailingNewline);
    public const string MissingColon = nameof(MissingColon);
    public const string ExtraColon = nameof(ExtraColon);
    public const string EmptySecret = nameof(EmptySecret);
    public const string UrlEncoded = nameof(UrlEncoded);
    public const string TokenSuffixDoubled = nameof(TokenSuffixDoubled);
    public const string MissingTokenSuffix = nameof(MissingTokenSuffix);
    public const string NotAnEmail = nameof(NotAnEmail);
    public const string WhitespaceInEmail = nameof(WhitespaceInEmail);
    public const string WhitespaceInSecret = nameof(WhitespaceInSecret);
    public const string UnexpectedTokenFormat = nameof(UnexpectedTokenFormat);

    // A credential of one kind sent as another.
    public const string ApiTokenWithoutEmail = nameof(ApiTokenWithoutEmail);
    public const string ApiTokenAsBearer = nameof(ApiTokenAsBearer);
    public const string BasicCredentialsAsBearer = nameof(BasicCredentialsAsBearer);
    public const string OAuthTokenAsBasic = nameof(OAuthTokenAsBasic);

    // Notes on a valid header.
    public const string PasswordDeprecated = nameof(PasswordDeprecated);
    public const string ApiTokenRetirement = nameof(ApiTokenRetirement);

    // What the server said, when the header was tried.
    public const string ServerRejected = nameof(ServerRejected);
    public const string ServerAnonymousUser = nameof(ServerAnonymousUser);
    public const string ServerForbidden = nameof(ServerForbidden);
}
