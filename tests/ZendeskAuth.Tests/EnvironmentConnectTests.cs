using ZendeskAuth.Emulator;

namespace ZendeskAuth.Tests;

/// <summary>Environment variables are process-wide: these tests run alone.</summary>
[CollectionDefinition(nameof(EnvironmentConnectTests), DisableParallelization = true)]
public sealed class EnvironmentCollection;

[Collection(nameof(EnvironmentConnectTests))]
public class EnvironmentConnectTests(EmulatorFixture fixture) : HostedTest(fixture)
{
    private static readonly string[] Names = ["ZENDESK_SUBDOMAIN", "ZENDESK_URL", "ZENDESK_EMAIL", "ZENDESK_API_TOKEN", "ZENDESK_OAUTH_TOKEN"];

    [Fact]
    public void Connects_from_Zendesk_CLI_variables()
    {
        WithVariables(new() { ["ZENDESK_URL"] = Fixture.Url, ["ZENDESK_EMAIL"] = DemoCredentials.AdminEmail, ["ZENDESK_API_TOKEN"] = " " + DemoCredentials.ApiToken + "\n" }, () =>
        {
            var result = Shell.Run("Connect-Zendesk -SkipCertificateCheck -PassThru -WarningAction SilentlyContinue");
            result.ThrowIfFailed();
            Assert.Equal("ApiToken", Property(result.Output[0], "AuthenticationType")!.ToString());
            Assert.Equal(DemoCredentials.AdminUserId, Property(result.Output[0], "UserId"));
        });
    }

    [Fact]
    public void OAuth_variable_wins_over_api_token()
    {
        WithVariables(new() { ["ZENDESK_URL"] = Fixture.Url, ["ZENDESK_OAUTH_TOKEN"] = DemoCredentials.OAuthAccessToken, ["ZENDESK_EMAIL"] = DemoCredentials.AdminEmail, ["ZENDESK_API_TOKEN"] = "ignored" }, () =>
        {
            var result = Shell.Run("Connect-Zendesk -SkipCertificateCheck -PassThru");
            result.ThrowIfFailed();
            Assert.Equal("OAuth", Property(result.Output[0], "AuthenticationType")!.ToString());
        });
    }

    [Fact]
    public void Missing_variables_give_a_clear_error_naming_them()
    {
        WithVariables(new() { ["ZENDESK_URL"] = Fixture.Url, ["ZENDESK_EMAIL"] = DemoCredentials.AdminEmail }, () =>
        {
            Emulator.ClearRequests();
            var error = SingleError(Shell.Run("Connect-Zendesk -SkipCertificateCheck"));
            Assert.Equal("MissingEnvironmentVariable,ZendeskAuth.Commands.ConnectZendeskCommand", error.FullyQualifiedErrorId);
            Assert.Contains("ZENDESK_API_TOKEN", error.Exception.Message);
            Assert.Empty(Emulator.Requests);
        });
        WithVariables(new(), () =>
        {
            var error = SingleError(Shell.Run("Connect-Zendesk -OAuthToken x"));
            Assert.Contains("ZENDESK_SUBDOMAIN", error.Exception.Message);
        });
    }

    private static void WithVariables(Dictionary<string, string> values, Action test)
    {
        var saved = Names.ToDictionary(n => n, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var name in Names)
            {
                Environment.SetEnvironmentVariable(name, values.GetValueOrDefault(name));
            }
            test();
        }
        finally
        {
            foreach (var (name, value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
