using System.Globalization;
using System.Runtime.InteropServices;

namespace ZendeskAuth.Emulator;

/// <summary>
/// dotnet run --project tests/ZendeskAuth.Emulator [-- --http] [--port N] [--tickets N] [--rate-limit N] [--rate-limit-window SECONDS] [--endpoint-limit-window SECONDS]
/// Starts the emulator, prints its URL and the demo credentials, runs until Ctrl+C.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        EmulatorOptions options;
        try
        {
            options = ParseArguments(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            await Console.Error.WriteLineAsync(e.Message);
            await Console.Error.WriteLineAsync("Usage: ZendeskAuth.Emulator [--http] [--port N] [--tickets N] [--rate-limit N] [--rate-limit-window SECONDS] [--endpoint-limit-window SECONDS]");
            return 2;
        }

        await using var emulator = await ZendeskEmulator.StartAsync(options);

        Console.WriteLine($"Zendesk API emulator listening on {emulator.BaseUrl}");
        Console.WriteLine($"File host (attachments' content_url redirects here): {emulator.FileHostUrl}");
        if (options.UseHttps)
            Console.WriteLine("The TLS certificate is self-signed: use -SkipCertificateCheck (or accept any certificate) in clients.");
        Console.WriteLine($"Tickets: {options.TicketCount}; rate limit: {(options.RateLimitPerMinute == 0 ? "unlimited" : options.RateLimitWindow == TimeSpan.FromMinutes(1) ? $"{options.RateLimitPerMinute}/minute" : $"{options.RateLimitPerMinute} per {options.RateLimitWindow.TotalSeconds} s (shortened window)")}");
        Console.WriteLine($"Admin e-mail: {DemoCredentials.AdminEmail}");
        Console.WriteLine($"Admin password: {DemoCredentials.AdminPassword}");
        Console.WriteLine($"API token: {DemoCredentials.ApiToken}");
        Console.WriteLine($"OAuth access token (admin, read write): {DemoCredentials.OAuthAccessToken}");
        Console.WriteLine($"OAuth confidential client: {DemoCredentials.RunbookClientIdentifier} / secret {DemoCredentials.RunbookClientSecret}");
        Console.WriteLine($"OAuth public client (PKCE, loopback redirect): {DemoCredentials.CliClientIdentifier}");
        Console.WriteLine($"Agent e-mail: {DemoCredentials.AgentEmail}");
        Console.WriteLine($"Agent password: {DemoCredentials.AgentPassword}");
        Console.WriteLine($"Non-ASCII agent e-mail: {DemoCredentials.NonAsciiAgentEmail}");
        Console.WriteLine($"Non-ASCII agent password: {DemoCredentials.NonAsciiAgentPassword}");
        Console.WriteLine($"Unverified user e-mail: {DemoCredentials.UnverifiedEmail}");
        Console.WriteLine($"Unverified user password: {DemoCredentials.UnverifiedPassword}");
        Console.WriteLine($"End user e-mail: {DemoCredentials.EndUserEmail}");
        Console.WriteLine($"End user password: {DemoCredentials.EndUserPassword}");
        Console.WriteLine("Press Ctrl+C to stop.");

        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stopped.TrySetResult();
        };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stopped.TrySetResult();
        });
        await stopped.Task;
        Console.WriteLine("Stopping.");
        return 0;
    }

    private static EmulatorOptions ParseArguments(string[] args)
    {
        var options = new EmulatorOptions();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--http":
                    options.UseHttps = false;
                    break;
                case "--port":
                    options.Port = int.Parse(Value(args, ref i), CultureInfo.InvariantCulture);
                    break;
                case "--tickets":
                    options.TicketCount = int.Parse(Value(args, ref i), CultureInfo.InvariantCulture);
                    break;
                case "--rate-limit":
                    options.RateLimitPerMinute = int.Parse(Value(args, ref i), CultureInfo.InvariantCulture);
                    break;
                case "--rate-limit-window":
                    // Benchmarks only: the account's N requests per SECONDS instead of per minute (headers unchanged in shape).
                    options.RateLimitWindow = TimeSpan.FromSeconds(int.Parse(Value(args, ref i), CultureInfo.InvariantCulture));
                    break;
                case "--endpoint-limit-window":
                    options.EndpointLimitWindow = TimeSpan.FromSeconds(int.Parse(Value(args, ref i), CultureInfo.InvariantCulture));
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }
        options.Validate();
        return options;
    }

    private static string Value(string[] args, ref int i) =>
        ++i < args.Length ? args[i] : throw new ArgumentException($"'{args[i - 1]}' needs a value.");
}
