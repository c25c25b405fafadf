using System;
using System.Globalization;
using System.Management.Automation;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using ZendeskAuth.Authentication;
using ZendeskAuth.Connections;
using ZendeskAuth.Errors;
using ZendeskAuth.Http;
using ZendeskAuth.Json;

namespace ZendeskAuth.Commands;

/// <summary>
/// Diagnoses an <c>Authorization</c> header value built elsewhere (Postman, curl, a script) and says what is wrong
/// with it and how to fix it, without ever showing the secret. With -Connection or -Url it also sends the header,
/// and only it, to <c>GET /api/v2/users/me.json</c> and reports what the server said.
/// </summary>
/// <remarks>
/// The connection given to -Connection lends only its URL (and certificate setting): its own credential is never
/// sent. Without -Connection or -Url nothing goes over the network, not even to the current connection.
/// </remarks>
[Cmdlet(VerbsDiagnostic.Test, "ZendeskAuthorizationHeader", DefaultParameterSetName = HeaderSet)]
[OutputType(typeof(AuthorizationHeaderDiagnosis))]
public sealed class TestZendeskAuthorizationHeaderCommand : ZendeskCmdlet
{
    private const string HeaderSet = "Header";
    private const string UrlSet = "Url";
    private const string ConnectionSet = "Connection";

    private Uri? _target;
    private HttpTransport _transport = HttpTransport.Checked;

    /// <summary>
    /// The header value, with or without "Authorization:" before it, as a string or a SecureString (such as the
    /// output of ConvertTo-ZendeskAuthorizationHeader).
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [SecureStringTransformation]
    [ValidateNotNull]
    public SecureString? Header { get; set; }

    /// <summary>The account's base URL to try the header on, such as https://acme.zendesk.com. http:// only for loopback hosts.</summary>
    [Parameter(Mandatory = true, ParameterSetName = UrlSet)]
    [ValidateNotNullOrEmpty]
    public string? Url { get; set; }

    /// <summary>A connection whose account (its URL only, never its credential) the header is tried on.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ConnectionSet)]
    [ValidateNotNull]
    public ZendeskConnection? Connection { get; set; }

    /// <summary>Do not check the server's certificate: only for a local emulator with a self-signed certificate.</summary>
    [Parameter(ParameterSetName = UrlSet)]
    public SwitchParameter SkipCertificateCheck { get; set; }

    /// <summary>Seconds to wait for the server's answer; 0 waits without limit.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int TimeoutSec { get; set; } = 100;

    protected override void BeginProcessing()
    {
        if (Connection is not null)
        {
            // Only the URL: the connection's credential stays out of this test.
            _target = Connection.Url;
            _transport = Connection.Transport;
        }
        else if (Url is not null)
        {
            try
            {
                _target = ZendeskUrl.FromUrl(Url);
            }
            catch (Exception e) when (e is ArgumentException or InsecureUrlException)
            {
                ThrowTerminatingError(ErrorMapper.ToErrorRecord(e, Url, ErrorIds.InvalidUrl));
            }
            _transport = HttpTransport.For(SkipCertificateCheck);
            if (SkipCertificateCheck)
            {
                WriteWarning("-SkipCertificateCheck: the server's certificate is not checked, so anyone on the network path could read the header. Use it only for a local emulator.");
            }
        }
    }

    protected override void ProcessRecord()
    {
        var header = SecureStrings.ToPlainText(Header!);
        var diagnosis = HeaderDiagnosis.Analyze(header);
        if (_target is not null)
        {
            TryOnServer(diagnosis, header, _target);
        }
        WriteObject(diagnosis);
    }

    private void TryOnServer(AuthorizationHeaderDiagnosis diagnosis, string header, Uri target)
    {
        var value = HeaderDiagnosis.ValueToSend(header);
        if (value is null)
        {
            diagnosis.SetServerAnswer(null, "Not sent: the header is empty, or holds a line break or a non-ASCII character, which HTTP cannot carry.", null);
            return;
        }

        HeaderTrial.Answer answer;
        try
        {
            answer = Await((log, token) => HeaderTrial.SendAsync(target, value, _transport, TimeoutSec == 0 ? null : TimeSpan.FromSeconds(TimeoutSec), log, token));
        }
        catch (Exception e) when (e is not PipelineStoppedException)
        {
            WriteError(ErrorMapper.ToErrorRecord(e, target));
            diagnosis.SetServerAnswer(null, $"No answer: {e.Message}", null);
            return;
        }
        HeaderDiagnosis.ApplyServerAnswer(diagnosis, target, answer.Status, answer.Reason, answer.Body);
    }
}

/// <summary>
/// Sends <c>GET /api/v2/users/me.json</c> with a given Authorization value instead of a connection's credential.
/// Mirrors <see cref="RequestPipeline"/>'s timeout and error handling, but returns any status instead of throwing,
/// and touches no connection's rate-limit state.
/// </summary>
internal static class HeaderTrial
{
    internal readonly struct Answer
    {
        public Answer(int status, string reason, string body)
        {
            Status = status;
            Reason = reason;
            Body = body;
        }

        public int Status { get; }

        public string Reason { get; }

        public string Body { get; }
    }

    /// <summary>GET users/me with the header under test instead of any connection's credential.</summary>
    public static async Task<Answer> SendAsync(Uri baseUrl, string authorization, HttpTransport transport, TimeSpan? timeout, IRequestLog log, CancellationToken cancellationToken)
    {
        if (authorization.IndexOfAny(new[] { '\r', '\n' }) >= 0)
        {
            throw new ArgumentException("The header cannot be sent: it holds a line break, which HTTP does not allow in a header.");
        }
        var request = new ZendeskRequest(HttpMethod.Get, ZendeskUrl.Resolve(baseUrl, ConnectionCheck.MePath)) { Timeout = timeout };
        try
        {
            var response = await RequestPipeline.SendAsync(transport, null, request, authorization, log, cancellationToken).ConfigureAwait(false);
            return new Answer(response.StatusCode, response.ReasonPhrase, response.Body);
        }
        catch (ZendeskApiException e)
        {
            return new Answer(e.StatusCode, e.ReasonPhrase, e.Body);
        }
    }
}
