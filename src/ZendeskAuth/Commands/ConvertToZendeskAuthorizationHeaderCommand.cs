using System.Management.Automation;
using System.Security;
using ZendeskAuth.Authentication;
using ZendeskAuth.Errors;
using ZendeskAuth.Http;

namespace ZendeskAuth.Commands;

/// <summary>
/// Builds the exact <c>Authorization</c> header value Zendesk expects, for Postman, curl or any other tool:
/// <c>Basic base64(UTF-8 "email/token:api_token")</c>, <c>Basic base64(UTF-8 "email:password")</c>, or
/// <c>Bearer access_token</c> (https://developer.zendesk.com/api-reference/introduction/security-and-auth/).
/// </summary>
/// <remarks>
/// The output is the value only, such as <c>Basic amRv…</c>, without the <c>Authorization: </c> name: that is
/// what a header table (Postman, Insomnia), <c>Invoke-RestMethod -Headers @{ Authorization = $value }</c> and
/// <c>curl -H "Authorization: $value"</c> each want. It holds the secret, so it is a SecureString unless
/// -AsPlainText is given. Problems the header would have (an OAuth token given as an API token, a deprecated
/// password) are written as warnings. A value that cannot go into an HTTP header (a line break, NUL or other
/// control character in the email, token or password) is a terminating error (InvalidEmail or InvalidSecret).
/// </remarks>
[Cmdlet(VerbsData.ConvertTo, "ZendeskAuthorizationHeader", DefaultParameterSetName = CredentialSet)]
[OutputType(typeof(SecureString), typeof(string))]
public sealed class ConvertToZendeskAuthorizationHeaderCommand : ZendeskCmdlet
{
    private const string ApiTokenSet = "ApiToken";
    private const string CredentialSet = "Credential";
    private const string OAuthTokenSet = "OAuthToken";

    /// <summary>The email of the user whose API token is given (a trailing /token is accepted).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ApiTokenSet)]
    [ValidateNotNullOrEmpty]
    public string? Email { get; set; }

    /// <summary>The API token. A plain string is accepted and converted to a SecureString at once.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ApiTokenSet)]
    [SecureStringTransformation]
    [ValidateNotNull]
    public SecureString? ApiToken { get; set; }

    /// <summary>User name email (password) or email/token (API token), with the password or token.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = CredentialSet)]
    [Credential]
    [ValidateNotNull]
    public PSCredential? Credential { get; set; }

    /// <summary>An OAuth access token, sent as Bearer.</summary>
    [Parameter(Mandatory = true, ParameterSetName = OAuthTokenSet)]
    [SecureStringTransformation]
    [ValidateNotNull]
    public SecureString? OAuthToken { get; set; }

    /// <summary>Output the header as a plain string instead of a SecureString. It holds the secret: do not log it.</summary>
    [Parameter]
    public SwitchParameter AsPlainText { get; set; }

    protected override void EndProcessing()
    {
        var header = BuildHeader();
        foreach (var finding in HeaderDiagnosis.Analyze(header).Findings)
        {
            WriteWarning($"{finding.Message} {finding.Fix}");
        }
        WriteObject(AsPlainText ? header : SecureStrings.FromPlainText(header));
    }

    private string BuildHeader()
    {
        try
        {
            using var credential = ParameterSetName switch
            {
                ApiTokenSet => CredentialInput.FromApiToken(Email!, ApiToken!),
                OAuthTokenSet => CredentialInput.FromOAuthToken(OAuthToken!),
                _ => CredentialInput.FromCredential(Credential!),
            };
            return credential.GetAuthorization();
        }
        catch (CredentialInputException e)
        {
            ThrowTerminatingError(e.ToErrorRecord());
            throw;
        }
        catch (UnsafeWireTextException e)
        {
            // A line break, NUL or other control character in the email, token or password: refused, not warned
            // about, since the header would carry it into any tool it is pasted into.
            ThrowTerminatingError(ErrorMapper.ToErrorRecord(e, null));
            throw;
        }
    }
}
