using System.Management.Automation;
using ZendeskAuth.Emulator;
using ZendeskAuth.Hosting;

namespace ZendeskAuth.Tests;

/// <summary>
/// A test that runs scripts in the real PowerShell engine with ZendeskAuth imported through its manifest,
/// against the emulator. Secrets reach scripts as variables, never inlined into script text.
/// </summary>
public abstract class HostedTest : IClassFixture<EmulatorFixture>, IDisposable
{
    protected HostedTest(EmulatorFixture fixture)
    {
        Fixture = fixture;
        Shell = new HostedPowerShell();
        Shell.Runspace.SessionStateProxy.SetVariable("Url", fixture.Url);
        Shell.Runspace.SessionStateProxy.SetVariable("AdminEmail", DemoCredentials.AdminEmail);
        Shell.Runspace.SessionStateProxy.SetVariable("ApiToken", DemoCredentials.ApiToken);
        Shell.Runspace.SessionStateProxy.SetVariable("AdminPassword", DemoCredentials.AdminPassword);
        Shell.Runspace.SessionStateProxy.SetVariable("OAuthToken", DemoCredentials.OAuthAccessToken);
        Shell.Run("""
            function New-TestCredential([string] $UserName, [string] $Secret) {
                $secure = [securestring]::new()
                foreach ($c in $Secret.ToCharArray()) { $secure.AppendChar($c) }
                [pscredential]::new($UserName, $secure)
            }
            """).ThrowIfFailed();
    }

    protected EmulatorFixture Fixture { get; }

    protected ZendeskEmulator Emulator => Fixture.Emulator;

    protected HostedPowerShell Shell { get; }

    /// <summary>Connects the test's runspace as the admin with the API token.</summary>
    protected void ConnectAsAdmin() =>
        Shell.Run("Connect-Zendesk -Url $Url -Email $AdminEmail -ApiToken $ApiToken -SkipCertificateCheck -WarningAction SilentlyContinue").ThrowIfFailed();

    /// <summary>
    /// Signs in as the CLI client through the emulator's authorization endpoint (PKCE, a scripted browser) and keeps
    /// the resulting token object, with its refresh token, in $Token.
    /// </summary>
    protected void SignedInToken()
    {
        var (verifier, challenge) = ScriptedBrowser.Pkce();
        var redirect = ScriptedBrowser.AuthorizeAsync(
            $"{Fixture.Url}/oauth/authorizations/new?response_type=code&client_id={DemoCredentials.CliClientIdentifier}&redirect_uri={Uri.EscapeDataString("http://127.0.0.1:4712/callback")}&scope=read%20write&state=s&code_challenge={challenge}&code_challenge_method=S256").GetAwaiter().GetResult();
        Shell.Run("""
            $Token = New-ZendeskOAuthToken -Url $Url -SkipCertificateCheck -AuthorizationCode $args[0] -ClientId $args[2] -RedirectUri 'http://127.0.0.1:4712/callback' -CodeVerifier $args[1] -ExpiresIn 1800
            """, ScriptedBrowser.Query(redirect, "code"), verifier, DemoCredentials.CliClientIdentifier).ThrowIfFailed();
    }

    protected static ErrorRecord SingleError(ScriptResult result)
    {
        var errors = result.AllErrors.ToList();
        Assert.True(errors.Count == 1, $"Expected one error, got {errors.Count}: {string.Join(" | ", errors.Select(e => e.FullyQualifiedErrorId + " " + e))}");
        return errors[0];
    }

    protected static object? Property(object? value, string name) => ((PSObject)value!).Properties[name]?.Value;

    public void Dispose()
    {
        Shell.Dispose();
        GC.SuppressFinalize(this);
    }
}
