using System;
using System.Collections;
using System.Management.Automation;
using System.Security;
using ZendeskAuth.Authentication;
using ZendeskAuth.Errors;
using ZendeskAuth.OAuth;

namespace ZendeskAuth.Commands;

/// <summary>
/// Lets a SecureString parameter also take a plain string (pasted from a vault or an environment variable),
/// converted at once so the plain text goes no further. Any other value is refused with a message that names its
/// type only: PowerShell's own conversion error would print the value, which here is a secret, into the error and
/// <c>$Error</c>.
/// </summary>
public sealed class SecureStringTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
        (inputData is PSObject wrapped ? wrapped.BaseObject : inputData) switch
        {
            null => null,
            SecureString secure => secure,
            string plain => SecureStrings.FromPlainText(plain),
            var other => throw new ArgumentTransformationMetadataException(
                $"Expected a SecureString or a string, got {SecretArgument.Describe(inputData!, other)}. {SecretArgument.NotShown} Pass the secret as a string in quotes or as a SecureString."),
        };
}

/// <summary>
/// For parameters that take a token object (ZendeskOAuthToken): a string, SecureString or number given instead is
/// most likely the access token itself, which PowerShell's conversion error would print (and, for pipeline input,
/// keep as the error's TargetObject). It becomes a placeholder holding only the value's type, which the cmdlet
/// refuses with NotATokenObject; other objects go on to PowerShell's own conversion.
/// </summary>
public sealed class TokenObjectTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return value is string or SecureString or IConvertible or IEnumerable and not IDictionary
            ? ZendeskOAuthToken.Misplaced(SecretArgument.Describe(inputData!, value!))
            : inputData;
    }

    /// <summary>The error for a placeholder made from a value that is not a token object; null for a real token.</summary>
    internal static ErrorRecord? Refusal(ZendeskOAuthToken? token) => token?.MisplacedType is { } type
        ? ErrorMapper.Create(
            $"-Token takes a token object from New-ZendeskOAuthToken or Get-ZendeskOAuthToken, not {type}. {SecretArgument.NotShown} For an access token as text, use Connect-Zendesk -OAuthToken.",
            ErrorIds.NotATokenObject, ErrorCategory.InvalidArgument, null)
        : null;
}

internal static class SecretArgument
{
    public const string NotShown = "The value is not shown, as it may be a secret.";

    public static string Describe(object input, object value) =>
        input is PSObject { TypeNames.Count: > 0 } wrapped && value is PSCustomObject ? $"a {wrapped.TypeNames[0]}" : $"a {value.GetType().Name}";
}
