using System.Net;
using System.Security.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace ZendeskAuth.Emulator;

/// <summary>
/// The second loopback host: Zendesk's file host (zdusercontent.com), where an attachment's content_url redirects.
/// GET /attachment/{id}/{name}?token={file token} serves the bytes with their type; no credential is needed, and
/// every request is recorded in <see cref="ZendeskEmulator.FileHostRequests"/> so a test can tell whether a
/// credential (Authorization, X-On-Behalf-Of, a cookie) reached it.
/// </summary>
internal static class FileHost
{
    public static async Task<WebApplication> StartAsync(ZendeskEmulator emulator, bool useHttps, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrelCore();
        if (useHttps)
            builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                if (useHttps)
                    listen.UseHttps(https =>
                    {
                        https.ServerCertificate = SelfSignedCertificate.Get();
                        https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
                    });
            });
        });
        var app = builder.Build();
        app.Run(http => HandleAsync(emulator, http));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return app;
    }

    private static async Task HandleAsync(ZendeskEmulator emulator, HttpContext http)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in http.Request.Headers)
            headers[name] = string.Join(", ", values.ToArray());
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path + http.Request.QueryString;
        emulator.RecordFileHostRequest(new RecordedRequest(http.Request.Method, target, headers, ""));

        var segments = (http.Request.Path.Value ?? "").Trim('/').Split('/');
        if (HttpMethods.IsGet(http.Request.Method) && segments.Length == 3 && segments[0] == "attachment"
            && long.TryParse(segments[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            && emulator.Attachments.Find(id) is { } attachment && attachment.FileToken == http.Request.Query["token"].ToString())
        {
            http.Response.StatusCode = 200;
            http.Response.ContentType = attachment.ContentType;
            http.Response.ContentLength = attachment.Bytes.Length;
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"{attachment.FileName}\"";
            await http.Response.Body.WriteAsync(attachment.Bytes, http.RequestAborted).ConfigureAwait(false);
            return;
        }
        // [guess] at the file host's not-found page.
        http.Response.StatusCode = 404;
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync("<html><body><h1>Not Found</h1></body></html>", http.RequestAborted).ConfigureAwait(false);
    }
}
