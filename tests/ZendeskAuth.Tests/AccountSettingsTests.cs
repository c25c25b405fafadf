using ZendeskAuth.Emulator;

namespace ZendeskAuth.Tests;

/// <summary>Admin Center settings and user states that make Zendesk refuse a credential (this class's emulator only).</summary>
public class AccountSettingsTests(EmulatorFixture fixture) : HostedTest(fixture)
{
    [Fact]
    public void Password_access_turned_off_refuses_a_correct_password()
    {
        Emulator.Account.PasswordAccessEnabled = false;
        try
        {
            var error = SingleError(Shell.Run("Connect-Zendesk -Url $Url -Credential (New-TestCredential $AdminEmail $AdminPassword) -SkipCertificateCheck -WarningAction SilentlyContinue"));
            Assert.Equal("AuthenticationFailed,ZendeskAuth.Commands.ConnectZendeskCommand", error.FullyQualifiedErrorId);
            Assert.Contains("password access is turned off", error.Exception.Message);
        }
        finally
        {
            Emulator.Account.PasswordAccessEnabled = true;
        }
    }

    [Fact]
    public void Token_access_turned_off_refuses_a_correct_API_token()
    {
        Emulator.Account.ApiTokenAccessEnabled = false;
        try
        {
            var error = SingleError(Shell.Run("Connect-Zendesk -Url $Url -Email $AdminEmail -ApiToken $ApiToken -SkipCertificateCheck -WarningAction SilentlyContinue"));
            Assert.Equal("AuthenticationFailed,ZendeskAuth.Commands.ConnectZendeskCommand", error.FullyQualifiedErrorId);
            Assert.Contains("token access is turned off", error.Exception.Message);
        }
        finally
        {
            Emulator.Account.ApiTokenAccessEnabled = true;
        }
    }

    [Fact]
    public void An_unverified_user_is_refused()
    {
        Shell.Runspace.SessionStateProxy.SetVariable("UnverifiedEmail", DemoCredentials.UnverifiedEmail);
        Shell.Runspace.SessionStateProxy.SetVariable("UnverifiedPassword", DemoCredentials.UnverifiedPassword);
        var error = SingleError(Shell.Run("Connect-Zendesk -Url $Url -Credential (New-TestCredential $UnverifiedEmail $UnverifiedPassword) -SkipCertificateCheck -WarningAction SilentlyContinue"));
        Assert.Equal("AuthenticationFailed,ZendeskAuth.Commands.ConnectZendeskCommand", error.FullyQualifiedErrorId);
        Assert.Contains("not verified", error.Exception.Message);
    }
}
