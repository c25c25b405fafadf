using System.Security;
using System.Management.Automation;
using ZendeskAuth.Emulator;
using ZendeskAuth.Hosting;

// Starts the emulator, imports the module through its manifest into the real PowerShell engine, and runs
// examples/Quickstart.ps1 (or the script given as the first argument) against it, printing each step.
var script = args.Length > 0 ? Path.GetFullPath(args[0]) : Path.Combine(RepositoryPaths.Examples, "Quickstart.ps1");

await using var emulator = await ZendeskEmulator.StartAsync();
Console.WriteLine($"Zendesk emulator on {emulator.BaseUrl} (self-signed certificate)");
Console.WriteLine($"Module: {RepositoryPaths.ModuleManifest}");
Console.WriteLine($"Running {Path.GetRelativePath(RepositoryPaths.Root, script)} as {DemoCredentials.AdminEmail}/token");
Console.WriteLine();

using var shell = new HostedPowerShell(hostWriter: Console.Out);
var password = new SecureString();
foreach (var c in DemoCredentials.ApiToken)
{
    password.AppendChar(c);
}
shell.Runspace.SessionStateProxy.SetVariable("DemoCredential", new PSCredential($"{DemoCredentials.AdminEmail}/token", password));
shell.Runspace.SessionStateProxy.SetVariable("DemoUrl", emulator.BaseUrl.AbsoluteUri);

if (Console.IsOutputRedirected)
{
    shell.Run("$PSStyle.OutputRendering = 'PlainText'");
}
var result = shell.Run("& $args[0] -Url $DemoUrl -Credential $DemoCredential -SkipCertificateCheck | Out-Default", script);
foreach (var error in result.AllErrors)
{
    Console.Error.WriteLine($"ERROR {error.FullyQualifiedErrorId}: {error}");
}
return result.AllErrors.Any() ? 1 : 0;
