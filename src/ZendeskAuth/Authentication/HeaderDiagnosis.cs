using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ZendeskAuth.Connections;
using ZendeskAuth.Http;

namespace ZendeskAuth.Authentication;

/// <summary>
/// What Test-ZendeskAuthorizationHeader found in a header: how Zendesk will read it, each problem with its fix,
/// and, when the header was tried, what the server said. No property and no <see cref="ToString"/> holds the
/// secret: at most its length and, for a long token, its first 4 characters.
/// </summary>
public sealed class AuthorizationHeaderDiagnosis
{
    internal AuthorizationHeaderDiagnosis(string? scheme, AuthenticationType? authenticationType, string? email, int? secretLength, string? secretPreview, IEnumerable<HeaderFinding> findings)
    {
        Scheme = scheme;
        AuthenticationType = authenticationType;
        Email = email;
        SecretLength = secretLength;
        SecretPreview = secretPreview;
        Findings = findings.ToArray();
    }

    /// <summary>True when no finding is an error: Zendesk can read the header (and, when tried, accepted it).</summary>
    public bool IsValid => Findings.All(f => f.Severity != HeaderFindingSeverity.Error);

    /// <summary>Basic or Bearer as written (any case), another known scheme name, or null when there is none.</summary>
    public string? Scheme { get; }

    /// <summary>How Zendesk will read the header: Basic with email/token is ApiToken, other Basic is Password, Bearer is OAuth; null when it cannot.</summary>
    public AuthenticationType? AuthenticationType { get; }

    /// <summary>The email in a Basic header, when it is one.</summary>
    public string? Email { get; }

    /// <summary>The length of the password or token, as decoded.</summary>
    public int? SecretLength { get; }

    /// <summary>The token's first 4 characters and "…", only for a token of 20 characters or more; never for a password.</summary>
    public string? SecretPreview { get; }

    public HeaderFinding[] Findings { get; private set; }

    /// <summary>The HTTP status of GET /api/v2/users/me.json with this header; null unless it was tried.</summary>
    public int? ServerStatus { get; private set; }

    /// <summary>What the server said, in a sentence; null unless it was tried.</summary>
    public string? ServerMessage { get; private set; }

    internal void SetServerAnswer(int? status, string message, HeaderFinding? finding)
    {
        ServerStatus = status;
        ServerMessage = message;
        if (finding is not null)
        {
            Findings = Findings.Concat(new[] { finding }).ToArray();
        }
    }

    public override string ToString()
    {
        var who = Email is null ? "" : $" for {Email}";
        return IsValid
            ? $"Valid {AuthenticationType} header{who}"
            : $"Invalid header{who}: {string.Join(", ", Findings.Where(f => f.Severity == HeaderFindingSeverity.Error).Select(f => f.Code))}";
    }
}

/// <summary>
/// Reads an Authorization header value the way Zendesk will, and names each mistake people make building one by
/// hand. The rules: https://developer.zendesk.com/api-reference/introduction/security-and-auth/ (Basic
/// base64(UTF-8 "email/token:api_token") or "email:password"; Bearer access_token) and RFC 7617.
/// Nothing here ever writes the secret, the user part it cannot vouch for, or the base64 text into a message.
/// </summary>
internal sealed class HeaderDiagnosis
{
    /// <summary>Only a token this long gets a preview: 4 of 20+ random characters still leave 16+ unknown.</summary>
    internal const int PreviewMinimumLength = 20;
    internal const int PreviewLength = 4;

    private const string BuildIt = "ConvertTo-ZendeskAuthorizationHeader -Email you@example.com -ApiToken <token> builds it correctly.";

    private static readonly Regex s_headerName = new(@"^\s*Authorization\s*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    // Zendesk's API tokens are 40 letters and digits (its documented example, and every token seen); OAuth access
    // tokens from /api/v2/oauth/tokens and the grant flow are 64 hexadecimal characters [seen].
    private static readonly Regex s_apiToken = new("^[A-Za-z0-9]{40}$", RegexOptions.CultureInvariant);
    private static readonly Regex s_oauthToken = new("^[0-9A-Fa-f]{64}$", RegexOptions.CultureInvariant);
    private static readonly Regex s_base64Core = new("^[A-Za-z0-9+/]*$", RegexOptions.CultureInvariant);
    private static readonly Regex s_percentEscape = new("%[0-9A-Fa-f]{2}", RegexOptions.CultureInvariant);
    // Scheme names people send by mistake; only these (and Basic/Bearer) are echoed, so a secret typed where the
    // scheme goes is never shown.
    private static readonly string[] s_knownSchemes = { "Token", "OAuth", "OAuth2", "ApiKey", "Api-Key", "Key", "JWT", "Digest", "Negotiate", "NTLM", "Bot", "Zendesk" };
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly Encoding s_latin1 = Encoding.GetEncoding(28591);

    private readonly List<HeaderFinding> _findings = new();
    private string? _scheme;
    private bool _notReadable;
    private AuthenticationType? _type;
    private string? _email;
    private string? _secret;
    private bool _secretIsToken;

    private HeaderDiagnosis()
    {
    }

    /// <summary>Diagnoses a header value, with or without the <c>Authorization:</c> name before it.</summary>
    public static AuthorizationHeaderDiagnosis Analyze(string header)
    {
        var diagnosis = new HeaderDiagnosis();
        diagnosis.Run(header);
        return diagnosis.Result();
    }

    /// <summary>
    /// The value to send when trying the header on a server: as given, less the header name and surrounding
    /// whitespace. Null when HTTP cannot carry it (a line break or a non-ASCII character).
    /// </summary>
    public static string? ValueToSend(string header)
    {
        var value = header.Trim();
        var name = s_headerName.Match(value);
        if (name.Success)
        {
            value = value.Substring(name.Length).Trim();
        }
        return value.Length == 0 || value.Any(c => c < 0x20 || c > 0x7E) ? null : value;
    }

    /// <summary>
    /// Records what <c>GET /api/v2/users/me.json</c> answered. Zendesk answers a wrong password with 200 and the
    /// anonymous user (<c>"id":null</c>), so a 200 alone proves nothing (ZENDESK_API_FACTS.md, "Errors").
    /// </summary>
    public static void ApplyServerAnswer(AuthorizationHeaderDiagnosis diagnosis, Uri url, int status, string reason, string body)
    {
        var said = $"{url.GetLeftPart(UriPartial.Authority)} answered {status.ToString(CultureInfo.InvariantCulture)} {reason}".TrimEnd();
        if (status is >= 200 and <= 299)
        {
            var user = ReadUser(body);
            if (user is null)
            {
                diagnosis.SetServerAnswer(status, $"{said} with the anonymous user: it did not accept the credential. This is how Zendesk answers a wrong email or password.",
                    Finding(HeaderFindingCode.ServerAnonymousUser, HeaderFindingSeverity.Error,
                        "The server answered with the anonymous user (no id), which is how Zendesk answers a Basic credential it does not accept.",
                        LikelyCauses(diagnosis.AuthenticationType)));
                return;
            }
            var role = user.Role is null ? "" : $", {user.Role}";
            diagnosis.SetServerAnswer(status, $"{said}: the header works, as {user.Email ?? user.Name ?? "(no email)"} (id {user.Id?.ToString(CultureInfo.InvariantCulture)}{role}).", null);
            return;
        }

        var (code, text) = ZendeskErrorBody.Parse(body);
        var error = (code, text) switch
        {
            (null, null) => "",
            (null, _) => $": {text}",
            (_, null) => $": {code}",
            _ => $": {code}: {text}",
        };
        var message = said + error;
        switch (status)
        {
            case 401:
                diagnosis.SetServerAnswer(status, message,
                    Finding(HeaderFindingCode.ServerRejected, HeaderFindingSeverity.Error, $"The server refused the credential (401{error}).", LikelyCauses(diagnosis.AuthenticationType)));
                break;
            case 403:
                diagnosis.SetServerAnswer(status, message,
                    Finding(HeaderFindingCode.ServerForbidden, HeaderFindingSeverity.Warning,
                        $"The server knows the credential but would not show the signed-in user (403{error}).",
                        "For an OAuth token, give it the read (or users:read) scope; otherwise check the user's role and that the user is verified."));
                break;
            case 404:
                diagnosis.SetServerAnswer(status, $"{message}. Check that the URL is the account's address, such as https://acme.zendesk.com.", null);
                break;
            default:
                diagnosis.SetServerAnswer(status, message, null);
                break;
        }
    }

    private void Run(string header)
    {
        var value = StripQuotes(header);
        value = StripHeaderName(value);
        value = StripQuotes(value);
        value = CheckLineBreakAround(value);
        if (value.Length == 0)
        {
            Add(HeaderFindingCode.EmptyHeader, HeaderFindingSeverity.Error,
                "The header is empty: there is no scheme and no credential.",
                "Give the header value, such as 'Basic <base64 of email/token:api_token>' or 'Bearer <OAuth access token>'. " + BuildIt);
            return;
        }

        var space = IndexOfWhitespace(value);
        if (space < 0)
        {
            DiagnoseWithoutScheme(value);
            return;
        }
        var scheme = value.Substring(0, space);
        var rest = CheckDuplicateScheme(value.Substring(space).Trim());
        DiagnoseScheme(scheme, rest);
    }

    private AuthorizationHeaderDiagnosis Result()
    {
        if (_notReadable)
        {
            // Zendesk reads only "Basic " and "Bearer " (https://developer.zendesk.com/api-reference/introduction/security-and-auth/);
            // anything else is as if no credential were sent.
            _type = null;
        }
        if (_findings.All(f => f.Severity != HeaderFindingSeverity.Error))
        {
            AddRetirementNotes();
        }
        var preview = _secret is not null && _secretIsToken && _secret.Length >= PreviewMinimumLength
            ? _secret.Substring(0, PreviewLength) + "…"
            : null;
        return new AuthorizationHeaderDiagnosis(_scheme, _type, _email, _secret?.Length, preview, _findings);
    }

    // ---- The header as a whole ----

    private string StripQuotes(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.Length >= 2 && (trimmed[0] == '"' || trimmed[0] == '\'') && trimmed[trimmed.Length - 1] == trimmed[0])
        {
            Add(HeaderFindingCode.Quoted, HeaderFindingSeverity.Warning,
                "The value is wrapped in quotes. If the quotes are sent, Zendesk sees no Basic or Bearer scheme and ignores the credential.",
                "Send the value without the quotes; they belong to the shell or the JSON around it, not to the header.");
            return trimmed.Substring(1, trimmed.Length - 2);
        }
        return value;
    }

    private string StripHeaderName(string value)
    {
        var count = 0;
        for (var match = s_headerName.Match(value); match.Success; match = s_headerName.Match(value))
        {
            value = value.Substring(match.Length);
            count++;
        }
        if (count > 0)
        {
            Add(HeaderFindingCode.HeaderNameIncluded, HeaderFindingSeverity.Information,
                "The text starts with the header's name, 'Authorization:'. That is right for curl -H and for an HTTP request's text, not for a header value field.",
                "In Postman's or Insomnia's header table, Invoke-RestMethod -Headers @{ Authorization = ... } or a tool's 'value' field, give only what follows 'Authorization:'.");
        }
        if (count > 1)
        {
            AddDuplicatePrefix("'Authorization:' appears more than once");
        }
        return value;
    }

    private string CheckLineBreakAround(string value)
    {
        var trimmed = value.Trim();
        // HTTP drops spaces and tabs around a field value (RFC 9110 section 5.5), but cannot carry a line break at all.
        if (trimmed.Length != value.Length && value.Any(c => c == '\r' || c == '\n'))
        {
            Add(HeaderFindingCode.LineBreakInHeader, HeaderFindingSeverity.Warning,
                "A line break comes before or after the value (read from a file, or copied with the end of the line). HTTP headers cannot carry line breaks: tools refuse the header or cut it.",
                "Remove the line break: in PowerShell (Get-Content file -Raw).Trim(); in a shell, $(cat file) drops it.");
        }
        return trimmed;
    }

    private string CheckDuplicateScheme(string rest)
    {
        var space = IndexOfWhitespace(rest);
        var first = space < 0 ? rest : rest.Substring(0, space);
        if (space > 0 && (IsScheme(first, "Basic") || IsScheme(first, "Bearer")))
        {
            AddDuplicatePrefix($"the scheme appears twice ('{Canonical(first)} {Canonical(first)} …')");
            return rest.Substring(space).Trim();
        }
        return rest;
    }

    private void AddDuplicatePrefix(string what) =>
        Add(HeaderFindingCode.DuplicatePrefix, HeaderFindingSeverity.Error,
            $"The header is prefixed twice: {what}. A tool that adds the prefix itself (Postman's Bearer Token or Basic Auth, Invoke-RestMethod -Authentication Bearer -Token) gives a value that already has it a second one.",
            "Give the tool only what it does not add: the bare token for a Bearer Token setting, the value after 'Authorization:' for a header field.");

    private void DiagnoseWithoutScheme(string value)
    {
        if (IsScheme(value, "Basic") || IsScheme(value, "Bearer"))
        {
            // "Bearer " with the token forgotten (the trailing space was trimmed with the rest).
            _scheme = value;
            DiagnoseKnownScheme(Canonical(value), "");
            return;
        }

        _notReadable = true;
        foreach (var scheme in new[] { "Basic", "Bearer" })
        {
            // "BasicamRv…": the space after the scheme was lost.
            if (value.Length > scheme.Length && value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                Add(HeaderFindingCode.MissingScheme, HeaderFindingSeverity.Error,
                    $"The value starts with '{scheme}' with no space after it, so Zendesk does not see the {scheme} scheme.",
                    $"Put one space after '{scheme}'.");
                _scheme = null;
                DiagnoseKnownScheme(scheme, value.Substring(scheme.Length));
                return;
            }
        }

        if (s_oauthToken.IsMatch(value))
        {
            AddMissingScheme("it looks like a bare OAuth access token (64 hexadecimal characters)", "Put 'Bearer ' before the token.");
            SetSecret(value, isToken: true);
        }
        else if (s_apiToken.IsMatch(value) && !LooksLikeEncodedCredentials(value))
        {
            AddMissingScheme("it looks like a bare API token (40 letters and digits), which is only part of a header", "An API token goes in 'Basic <base64 of email/token:api_token>'. " + BuildIt);
            SetSecret(value, isToken: true);
        }
        else if (value.IndexOf(':') >= 0)
        {
            AddMissingScheme("it looks like user:secret in plain text", "Encode it and put 'Basic ' before it. " + BuildIt);
            DiagnoseCredentials(value);
        }
        else if (LooksLikeEncodedCredentials(value))
        {
            AddMissingScheme("it is base64 of user:secret, with no 'Basic ' before it", "Put 'Basic ' before the value.");
            DiagnoseBasic(value);
        }
        else
        {
            AddMissingScheme("it is a single word that is neither a token nor base64 of user:secret", BuildIt);
        }
    }

    private void AddMissingScheme(string what, string fix) =>
        Add(HeaderFindingCode.MissingScheme, HeaderFindingSeverity.Error,
            $"The value has no scheme: {what}. Zendesk reads only 'Basic <base64>' and 'Bearer <token>' and ignores anything else.",
            fix);

    private void DiagnoseScheme(string scheme, string rest)
    {
        var name = scheme.TrimEnd(':');
        if (IsScheme(name, "Basic") || IsScheme(name, "Bearer"))
        {
            _scheme = name;
            var canonical = Canonical(name);
            if (name.Length != scheme.Length)
            {
                // "Basic: amRv…" is read as the unknown scheme "Basic:".
                _notReadable = true;
                Add(HeaderFindingCode.UnsupportedScheme, HeaderFindingSeverity.Error,
                    $"A colon follows the scheme ('{name}:'), so Zendesk reads an unknown scheme and ignores the credential.",
                    $"Remove the colon: '{canonical} <value>'. The only colon in the line belongs after the header's name, 'Authorization:'.");
            }
            else if (!string.Equals(name, canonical, StringComparison.Ordinal))
            {
                // RFC 7235 section 2.1: scheme names are case-insensitive. Zendesk accepts either [unconfirmed].
                Add(HeaderFindingCode.SchemeCase, HeaderFindingSeverity.Information,
                    $"The scheme is written '{name}'. Scheme names are case-insensitive (RFC 7235), but a proxy or tool that compares them exactly may not see it.",
                    $"Write it '{canonical}'.");
            }
            DiagnoseKnownScheme(canonical, rest);
            return;
        }

        // Zendesk reads only Basic and Bearer: https://developer.zendesk.com/api-reference/introduction/security-and-auth/
        _notReadable = true;
        var known = s_knownSchemes.FirstOrDefault(s => s.Equals(name, StringComparison.OrdinalIgnoreCase));
        _scheme = known is null ? null : scheme;
        var what = known is null ? $"an unknown word of {scheme.Length} characters" : $"'{scheme}'";
        var compact = RemoveWhitespace(rest);
        string fix;
        if (s_oauthToken.IsMatch(compact))
        {
            fix = "This looks like an OAuth access token: send 'Bearer <token>'.";
            SetSecret(compact, isToken: true);
        }
        else if (s_apiToken.IsMatch(compact))
        {
            fix = "This looks like an API token: send 'Basic <base64 of email/token:api_token>'. " + BuildIt;
            SetSecret(compact, isToken: true);
        }
        else
        {
            fix = "Send 'Basic <base64 of email/token:api_token>' or 'Bearer <OAuth access token>'. " + BuildIt;
        }
        Add(HeaderFindingCode.UnsupportedScheme, HeaderFindingSeverity.Error,
            $"The scheme is {what}. Zendesk reads only Basic (email with API token or password) and Bearer (OAuth access token), and ignores anything else.",
            fix);
    }

    private void DiagnoseKnownScheme(string scheme, string rest)
    {
        rest = rest.Trim();
        if (rest.Length == 0)
        {
            Add(HeaderFindingCode.EmptySecret, HeaderFindingSeverity.Error,
                $"Nothing follows '{scheme}': the credential is missing.",
                scheme == "Basic" ? "Put the base64 of email/token:api_token after 'Basic '. " + BuildIt : "Put the OAuth access token after 'Bearer '.");
            _type = scheme == "Basic" ? null : AuthenticationType.OAuth;
            return;
        }
        if (scheme == "Basic")
        {
            DiagnoseBasic(rest);
        }
        else
        {
            DiagnoseBearer(rest);
        }
    }

    // ---- Basic: the base64 text ----

    private void DiagnoseBasic(string rest)
    {
        // ':' and '@' are not in base64's alphabet: the credentials were pasted without encoding them.
        if (rest.IndexOf(':') >= 0 || rest.IndexOf('@') >= 0)
        {
            Add(HeaderFindingCode.NotEncoded, HeaderFindingSeverity.Error,
                "The value after Basic is user:secret in plain text. Basic needs it base64-encoded (RFC 7617).",
                "Encode the UTF-8 bytes of email/token:api_token in base64. " + BuildIt);
            DiagnoseCredentials(rest);
            return;
        }

        var compact = CheckWhitespaceInBase64(rest);
        if (s_oauthToken.IsMatch(compact))
        {
            Add(HeaderFindingCode.OAuthTokenAsBasic, HeaderFindingSeverity.Error,
                "Basic is followed by what looks like an OAuth access token (64 hexadecimal characters), not base64 of email:secret.",
                "Send an OAuth access token as 'Bearer <token>'.");
            SetSecret(compact, isToken: true);
            return;
        }
        if (s_apiToken.IsMatch(compact) && !LooksLikeEncodedCredentials(compact))
        {
            Add(HeaderFindingCode.ApiTokenWithoutEmail, HeaderFindingSeverity.Error,
                "Basic is followed by what looks like a bare API token (40 letters and digits). Zendesk needs the email, '/token:' and the token, base64-encoded.",
                BuildIt);
            SetSecret(compact, isToken: true);
            return;
        }

        var bytes = DecodeBase64(compact);
        if (bytes is not null)
        {
            DiagnoseCredentials(DecodeText(bytes));
        }
    }

    private string CheckWhitespaceInBase64(string rest)
    {
        var compact = RemoveWhitespace(rest);
        if (compact.Length != rest.Length)
        {
            var lineBreak = rest.IndexOf('\n') >= 0 || rest.IndexOf('\r') >= 0;
            Add(HeaderFindingCode.WhitespaceInBase64, HeaderFindingSeverity.Error,
                lineBreak
                    ? "The base64 text is broken across lines. GNU base64 wraps its output every 76 characters, and a copy from a terminal or an e-mail keeps the breaks."
                    : "The base64 text has spaces inside it.",
                "Encode without wrapping (base64 -w0 on Linux; [Convert]::ToBase64String in PowerShell), or remove the line breaks and spaces.");
        }
        return compact;
    }

    private byte[]? DecodeBase64(string text)
    {
        if (text.IndexOf('-') >= 0 || text.IndexOf('_') >= 0)
        {
            Add(HeaderFindingCode.Base64Url, HeaderFindingSeverity.Error,
                "The value uses the URL-safe base64 alphabet ('-' and '_'). Basic uses standard base64 ('+' and '/').",
                "Encode with standard base64 ([Convert]::ToBase64String, base64), not base64url.");
            text = text.Replace('-', '+').Replace('_', '/');
        }

        var core = text.TrimEnd('=');
        if (!s_base64Core.IsMatch(core) || core.Length % 4 == 1)
        {
            Add(HeaderFindingCode.InvalidBase64, HeaderFindingSeverity.Error,
                "The value after Basic is not base64: it has characters outside the base64 alphabet, or it was cut short.",
                "Copy the whole value again, or rebuild it. " + BuildIt);
            return null;
        }

        var expected = (4 - core.Length % 4) % 4;
        var found = text.Length - core.Length;
        if (found != expected)
        {
            // RFC 7617 uses RFC 4648 base64, whose padding is required; strict decoders (and proxies) refuse the
            // value. Zendesk's own Ruby decoder may be lenient [unconfirmed], hence a warning.
            Add(HeaderFindingCode.BadPadding, HeaderFindingSeverity.Warning,
                found < expected
                    ? $"The base64 text lacks its '=' padding: {expected} expected at the end, {found} found. Strict decoders refuse it; part of the copy may be missing."
                    : $"The base64 text has too many '=' at the end: {expected} expected, {found} found.",
                "Keep exactly the '=' signs the encoder wrote; they are part of the value.");
        }
        return Convert.FromBase64String(core + new string('=', expected));
    }

    private string DecodeText(byte[] bytes)
    {
        var start = 0;
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            Add(HeaderFindingCode.Utf8Bom, HeaderFindingSeverity.Error,
                "The encoded bytes start with a UTF-8 byte order mark (EF BB BF), so the user name Zendesk reads starts with an invisible character.",
                "Encode the string's own bytes: [Text.Encoding]::UTF8.GetBytes($text) with no GetPreamble(), not the bytes of a file saved as 'UTF-8 with BOM' (Windows PowerShell's Out-File -Encoding UTF8).");
            start = 3;
        }

        if (IsUtf16(bytes, start, out var utf16Start))
        {
            Add(HeaderFindingCode.Utf16Encoding, HeaderFindingSeverity.Error,
                "The encoded bytes are UTF-16 (a zero byte after each ASCII character): [Text.Encoding]::Unicode was used. Zendesk reads UTF-8, so the zero bytes become part of the email and the secret.",
                "Use [Text.Encoding]::UTF8.GetBytes(...) instead of [Text.Encoding]::Unicode.GetBytes(...).");
            return Encoding.Unicode.GetString(bytes, utf16Start, bytes.Length - utf16Start);
        }

        try
        {
            return s_strictUtf8.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException)
        {
            Add(HeaderFindingCode.NotUtf8, HeaderFindingSeverity.Error,
                "The encoded bytes are not UTF-8: a legacy code page (Latin-1, Windows-1252, or [Text.Encoding]::Default in Windows PowerShell) encoded a non-ASCII character.",
                "Encode with UTF-8: [Text.Encoding]::UTF8.GetBytes(...). Zendesk reads the bytes as UTF-8 (RFC 7617 section 2.1).");
            return s_latin1.GetString(bytes, start, bytes.Length - start);
        }
    }

    /// <summary>UTF-16LE: a BOM FF FE, or zero in at least half of the high bytes (ASCII text has a zero in every one).</summary>
    private static bool IsUtf16(byte[] bytes, int start, out int textStart)
    {
        var bom = bytes.Length - start >= 2 && bytes[start] == 0xFF && bytes[start + 1] == 0xFE;
        textStart = bom ? start + 2 : start;
        var length = bytes.Length - textStart;
        if (length < 2 || length % 2 != 0)
        {
            return false;
        }
        var zeros = 0;
        for (var i = textStart + 1; i < bytes.Length; i += 2)
        {
            if (bytes[i] == 0)
            {
                zeros++;
            }
        }
        return bom || zeros * 2 >= length / 2;
    }

    // ---- Basic: the decoded user:secret ----

    private void DiagnoseCredentials(string text)
    {
        text = CheckTrailingNewline(text);
        var colon = text.IndexOf(':');
        if (colon < 0)
        {
            DiagnoseNoColon(text.Trim());
            return;
        }

        var user = CheckUrlEncoded(text.Substring(0, colon));
        user = CheckEmailWhitespace(user);
        var isApiToken = SplitTokenSuffix(user, out var email);
        email = CheckEmailWhitespace(email);
        CheckEmail(email);

        var secret = CheckExtraColon(text.Substring(colon + 1), isApiToken);
        secret = CheckSecretWhitespace(secret, isApiToken);
        if (secret.Length == 0)
        {
            Add(HeaderFindingCode.EmptySecret, HeaderFindingSeverity.Error,
                isApiToken ? "Nothing follows 'email/token:': the API token is missing." : "Nothing follows the colon: the password is missing.",
                isApiToken ? "Put the API token after 'email/token:'. " + BuildIt : "Put the password after 'email:', or better, use an OAuth token.");
        }
        else
        {
            CheckSecretShape(secret, isApiToken);
        }

        _type = isApiToken ? AuthenticationType.ApiToken : AuthenticationType.Password;
        SetSecret(secret, isToken: isApiToken || s_apiToken.IsMatch(secret) || s_oauthToken.IsMatch(secret));
    }

    private string CheckTrailingNewline(string text)
    {
        var trimmed = text.TrimEnd('\r', '\n');
        if (trimmed.Length != text.Length)
        {
            var crlf = text.EndsWith("\r\n", StringComparison.Ordinal);
            Add(HeaderFindingCode.TrailingNewline, HeaderFindingSeverity.Error,
                crlf
                    ? "The encoded text ends with a Windows line break (CR LF), read from a file or typed into a here-string, so the secret Zendesk reads ends with it."
                    : "The encoded text ends with a line break: echo, or printf '%s\\n' ... | base64, adds one before encoding, so the secret Zendesk reads ends with it.",
                "Encode without the line break: printf '%s' \"$email/token:$token\" | base64 -w0 (or echo -n); in PowerShell, .TrimEnd() the text before encoding it.");
        }
        return trimmed;
    }

    private void DiagnoseNoColon(string text)
    {
        if (s_oauthToken.IsMatch(text))
        {
            Add(HeaderFindingCode.OAuthTokenAsBasic, HeaderFindingSeverity.Error,
                "The base64 text holds only an OAuth access token (64 hexadecimal characters), with no user name: an OAuth token was sent as Basic.",
                "Send the token itself, not base64-encoded, as 'Bearer <token>'.");
            SetSecret(text, isToken: true);
        }
        else if (s_apiToken.IsMatch(text))
        {
            Add(HeaderFindingCode.ApiTokenWithoutEmail, HeaderFindingSeverity.Error,
                "The base64 text holds only an API token, with no email and '/token:' before it.",
                "Encode email/token:api_token, not the token alone. " + BuildIt);
            SetSecret(text, isToken: true);
        }
        else
        {
            Add(HeaderFindingCode.MissingColon, HeaderFindingSeverity.Error,
                $"The decoded text ({text.Length.ToString(CultureInfo.InvariantCulture)} characters) has no colon, so Zendesk cannot tell the user name from the secret.",
                "Encode email/token:api_token (or email:password), with a colon between user name and secret. " + BuildIt);
        }
    }

    private string CheckUrlEncoded(string user)
    {
        if (!s_percentEscape.IsMatch(user))
        {
            return user;
        }
        Add(HeaderFindingCode.UrlEncoded, HeaderFindingSeverity.Error,
            "The user name is still URL-encoded ('%2F' for '/', '%40' for '@'), as copied from a URL or a form. Zendesk compares it as written, so 'email%2Ftoken' is not 'email/token'.",
            "Write the email and '/token' plainly, such as jdoe@example.com/token, before encoding.");
        try
        {
            return Uri.UnescapeDataString(user);
        }
        catch (UriFormatException)
        {
            return user;
        }
    }

    private string CheckEmailWhitespace(string email)
    {
        var trimmed = email.Trim();
        if (trimmed.Length != email.Length)
        {
            Add(HeaderFindingCode.WhitespaceInEmail, HeaderFindingSeverity.Error,
                "The user name has a space, tab or line break before or after the email (or before '/token'), which Zendesk keeps as part of it.",
                "Trim the email before encoding, such as \"$($email.Trim())/token:$token\".");
        }
        return trimmed;
    }

    /// <summary>True when the user name ends in /token; <paramref name="email"/> is what comes before it.</summary>
    private bool SplitTokenSuffix(string user, out string email)
    {
        const string suffix = "/token";
        var count = 0;
        email = user;
        while (email.TrimEnd().EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            var trimmed = email.TrimEnd();
            email = trimmed.Substring(0, trimmed.Length - suffix.Length);
            count++;
        }
        if (count > 1)
        {
            Add(HeaderFindingCode.TokenSuffixDoubled, HeaderFindingSeverity.Error,
                $"The user name ends in '/token' {count.ToString(CultureInfo.InvariantCulture)} times: '/token' was added to an email that already had it.",
                "Write '/token' once: jdoe@example.com/token. Connect-Zendesk and ConvertTo-ZendeskAuthorizationHeader take the email with or without it.");
        }
        return count > 0;
    }

    private void CheckEmail(string email)
    {
        if (CredentialInput.EmailPattern.IsMatch(email))
        {
            _email = email;
            return;
        }
        // The user part is not echoed: when it is not an email, it may well be a secret typed in the wrong place.
        var why = email.Length == 0 ? "it is empty"
            : email.IndexOf('@') < 0 ? "it has no '@'"
            : email.Any(char.IsWhiteSpace) ? "it has whitespace inside"
            : email.IndexOf('/') >= 0 ? "it has a '/' other than the '/token' suffix"
            : "it is not shaped like name@domain.tld";
        Add(HeaderFindingCode.NotAnEmail, HeaderFindingSeverity.Error,
            $"The user name before the colon is not an email address: {why}. Zendesk's user name is the email of a verified user, followed by '/token' for an API token.",
            "Use email/token:api_token, such as jdoe@example.com/token:<api token>. " + BuildIt);
    }

    private string CheckExtraColon(string secret, bool isApiToken)
    {
        var trimmed = secret.Trim(':');
        if (trimmed.Length == secret.Length)
        {
            return secret;
        }
        // A password may really start or end with a colon; an API token never does.
        var sure = isApiToken || s_apiToken.IsMatch(trimmed);
        var leading = secret.StartsWith(":", StringComparison.Ordinal);
        Add(HeaderFindingCode.ExtraColon, sure ? HeaderFindingSeverity.Error : HeaderFindingSeverity.Warning,
            (leading
                ? "Two colons separate the user name from the secret ('email/token::…'): Postman's Basic Auth adds the colon itself, so a Username typed as 'email/token:' gets a second one."
                : "The secret ends with a colon: the token was typed into the Username field with the colon, and Postman's Basic Auth added another before the empty Password.")
            + (sure ? "" : " This is only right if the password really starts or ends with a colon."),
            "In Postman's Basic Auth, put email/token (no colon) in Username and only the token in Password; or build the header with ConvertTo-ZendeskAuthorizationHeader.");
        return sure ? trimmed : secret;
    }

    private string CheckSecretWhitespace(string secret, bool isApiToken)
    {
        var surrounding = secret.Trim().Length != secret.Length;
        var compact = RemoveWhitespace(secret);
        if (isApiToken || s_apiToken.IsMatch(compact))
        {
            if (compact.Length != secret.Length)
            {
                Add(HeaderFindingCode.WhitespaceInSecret, HeaderFindingSeverity.Error,
                    "The API token has a space, tab or line break before, after or inside it; Zendesk's tokens are letters and digits only.",
                    "Copy the token again without the whitespace, or trim it ($token.Trim()) before encoding.");
            }
            return compact;
        }
        if (surrounding)
        {
            // ForPassword keeps a password's whitespace, so this is only a warning.
            Add(HeaderFindingCode.WhitespaceInSecret, HeaderFindingSeverity.Warning,
                "The password starts or ends with whitespace. Zendesk compares it exactly, so this works only if the password really has it.",
                "Check the password was not pasted with surrounding spaces or a line break.");
        }
        return secret;
    }

    private void CheckSecretShape(string secret, bool isApiToken)
    {
        if (s_oauthToken.IsMatch(secret))
        {
            Add(HeaderFindingCode.OAuthTokenAsBasic, HeaderFindingSeverity.Error,
                "The secret looks like an OAuth access token (64 hexadecimal characters), which Zendesk does not take in Basic.",
                "Send an OAuth access token as 'Bearer <token>', with no email and no base64.");
        }
        else if (isApiToken && !s_apiToken.IsMatch(secret))
        {
            Add(HeaderFindingCode.UnexpectedTokenFormat, HeaderFindingSeverity.Warning,
                $"The API token is {secret.Length.ToString(CultureInfo.InvariantCulture)} characters; Zendesk's API tokens are 40 letters and digits. It may be cut short, or be another kind of secret.",
                "Copy the token again from Admin Center > Apps and integrations > APIs > Zendesk API (a token is shown only when it is made: make a new one if it is lost).");
        }
        else if (!isApiToken && s_apiToken.IsMatch(secret))
        {
            Add(HeaderFindingCode.MissingTokenSuffix, HeaderFindingSeverity.Error,
                "The secret looks like an API token (40 letters and digits), but the user name does not end in '/token', so Zendesk checks it as a password and refuses it.",
                "Add '/token' after the email: jdoe@example.com/token:<api token>. " + BuildIt);
        }
    }

    // ---- Bearer ----

    private void DiagnoseBearer(string rest)
    {
        _type = AuthenticationType.OAuth;
        var token = RemoveWhitespace(rest);
        if (token.Length != rest.Length)
        {
            Add(HeaderFindingCode.WhitespaceInSecret, HeaderFindingSeverity.Error,
                "The Bearer token has a space or line break inside it, so Zendesk reads only part of it.",
                "Copy the token again as one unbroken line.");
        }

        if (s_apiToken.IsMatch(token))
        {
            Add(HeaderFindingCode.ApiTokenAsBearer, HeaderFindingSeverity.Error,
                "The Bearer token looks like an API token (40 letters and digits). Zendesk reads a Bearer token as an OAuth access token, so it refuses an API token there.",
                "Send an API token as 'Basic <base64 of email/token:api_token>'. " + BuildIt);
            SetSecret(token, isToken: true);
            return;
        }

        if (!s_oauthToken.IsMatch(token) && TryDecodeCredentials(token, out var user, out var secret))
        {
            var apiToken = AuthorizationHeader.HasTokenSuffix(user) || s_apiToken.IsMatch(secret.Trim());
            if (apiToken)
            {
                Add(HeaderFindingCode.ApiTokenAsBearer, HeaderFindingSeverity.Error,
                    "The Bearer value is base64 of email/token:api_token. That text belongs after 'Basic', not 'Bearer'.",
                    "Replace 'Bearer' with 'Basic'.");
            }
            else
            {
                Add(HeaderFindingCode.BasicCredentialsAsBearer, HeaderFindingSeverity.Error,
                    "The Bearer value is base64 of user:password. That text belongs after 'Basic', not 'Bearer'.",
                    "Replace 'Bearer' with 'Basic', or better, get an OAuth access token.");
            }
            SetSecret(secret, isToken: apiToken);
            return;
        }
        SetSecret(token, isToken: true);
    }

    // ---- Notes and helpers ----

    private void AddRetirementNotes()
    {
        // Dates from Zendesk's announcements, cited in ZendeskRetirement.
        if (_type == AuthenticationType.Password)
        {
            Add(HeaderFindingCode.PasswordDeprecated, HeaderFindingSeverity.Information,
                $"Password authentication is deprecated: it is off for accounts created since {ZendeskRetirement.Text(ZendeskRetirement.PasswordAccessOffForNewAccounts)}, is being phased out from {ZendeskRetirement.Text(ZendeskRetirement.PasswordAccessPhaseOut)}, and fails for SSO and two-factor users.",
                "Move to OAuth (Bearer): see Get-Help about_ZendeskAuth.");
        }
        else if (_type == AuthenticationType.ApiToken)
        {
            Add(HeaderFindingCode.ApiTokenRetirement, HeaderFindingSeverity.Information,
                $"Zendesk is retiring API tokens: none can be created from {ZendeskRetirement.Text(ZendeskRetirement.ApiTokenCreationEnds)}, and all stop working on {ZendeskRetirement.Text(ZendeskRetirement.ApiTokensStopWorking)}.",
                "Move to OAuth (for unattended scripts, the client credentials grant): see Get-Help about_ZendeskAuth.");
        }
    }

    /// <summary>Whether <paramref name="text"/> decodes, as clean base64 and UTF-8, to user:secret. Adds no finding.</summary>
    private static bool LooksLikeEncodedCredentials(string text) => TryDecodeCredentials(text, out _, out _);

    private static bool TryDecodeCredentials(string text, out string user, out string secret)
    {
        user = secret = "";
        try
        {
            var decoded = s_strictUtf8.GetString(Convert.FromBase64String(text));
            var colon = decoded.IndexOf(':');
            if (colon <= 0)
            {
                return false;
            }
            user = decoded.Substring(0, colon);
            secret = decoded.Substring(colon + 1);
            return true;
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            return false;
        }
    }

    private static HeaderFinding Finding(string code, HeaderFindingSeverity severity, string message, string fix) => new(code, severity, message, fix);

    /// <summary>Each code once: the first finding of a kind is the one that explains it.</summary>
    private void Add(string code, HeaderFindingSeverity severity, string message, string fix)
    {
        if (_findings.All(f => f.Code != code))
        {
            _findings.Add(Finding(code, severity, message, fix));
        }
    }

    private void SetSecret(string secret, bool isToken)
    {
        _secret = secret;
        _secretIsToken = isToken;
    }

    private static string LikelyCauses(AuthenticationType? type) =>
        type is { } known
            ? "Likely causes: " + ConnectionCheck.LikelyCauses(known)
            : "Zendesk could not read the header: fix the errors above first.";

    private static bool IsScheme(string word, string scheme) => word.Equals(scheme, StringComparison.OrdinalIgnoreCase);

    private static string Canonical(string scheme) => IsScheme(scheme, "Basic") ? "Basic" : "Bearer";

    private static int IndexOfWhitespace(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                return i;
            }
        }
        return -1;
    }

    private static string RemoveWhitespace(string text) =>
        text.Any(char.IsWhiteSpace) ? new string(text.Where(c => !char.IsWhiteSpace(c)).ToArray()) : text;

    private static ZendeskUser? ReadUser(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("user", out var user)
                || user.ValueKind != JsonValueKind.Object
                || !user.TryGetProperty("id", out var id)
                || id.ValueKind != JsonValueKind.Number)
            {
                return null;
            }
            return new ZendeskUser(id.GetInt64(), Text(user, "email"), Text(user, "name"), Text(user, "role"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
