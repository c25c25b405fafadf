using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ZendeskAuth.Emulator;
using ZendeskAuth.Hosting;

namespace ZendeskAuth.Tests;

/// <summary>
/// The emulator follows Zendesk's OpenAPI description (../shared/zendesk-openapi.yaml beside the clone): every
/// emulated route is a path and method of the file with the operationId the route cites, and the fields of each
/// answer are properties of the operation's response schema. A line-based scan of the YAML, no YAML package.
/// Where the emulator knowingly differs from the file (Zendesk's docs or recorded answers say otherwise), the
/// difference is listed below with its reason: the report of disagreements.
/// </summary>
public sealed class OpenApiConformanceTests : IClassFixture<EmulatorFixture>
{
    private static readonly Lazy<OpenApi> s_spec = new(() => OpenApi.Load(Path.Combine(RepositoryPaths.Root, "..", "shared", "zendesk-openapi.yaml")));

    /// <summary>Fields the emulator sends that the file's schema lacks, each with the source that says Zendesk sends it.</summary>
    private static readonly Dictionary<string, string> s_knownDifferences = new()
    {
        ["CreateOAuthToken token.full_token"] = "Zendesk's guide 'Creating and using OAuth tokens with the API' shows full_token in the create answer; OauthTokenObject lists only token",
        ["UploadFiles upload.expires_at"] = "[seen] real upload answers carry expires_at; AttachmentUploadResponse.upload lists only token, attachment, attachments",
    };

    /// <summary>Record schemas the file names too narrowly: search results are whole records plus result_type.</summary>
    private static readonly Dictionary<string, string[]> s_alternateRecordSchemas = new()
    {
        ["SearchResultObject"] = ["TicketObject"],
    };

    private readonly EmulatorFixture _fixture;

    public OpenApiConformanceTests(EmulatorFixture fixture) => _fixture = fixture;

    [Fact]
    public void Every_emulated_route_is_an_operation_of_the_OpenAPI_file()
    {
        var spec = s_spec.Value;
        var problems = new List<string>();
        foreach (var route in ZendeskEmulator.Routes)
        {
            if (route.OperationId is null)
            {
                if (string.IsNullOrWhiteSpace(route.NotInOpenApi))
                    problems.Add($"{route.Method} {route.Template}: cites no operation and says not why");
                continue;
            }
            if (spec.Find(route.Method, route.Template) is not { } operation)
                problems.Add($"{route.Method} {route.Template}: no such path and method in the OpenAPI file");
            else if (operation.OperationId != route.OperationId)
                problems.Add($"{route.Method} {route.Template}: the file names it {operation.OperationId}, the emulator cites {route.OperationId}");
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.True(ZendeskEmulator.Routes.Count(r => r.OperationId is not null) >= 30);
        // The scan itself reads the file: through anyOf (UserObject), allOf (AttachmentObject) and plain properties.
        Assert.Contains("two_factor_auth_enabled", spec.Properties("UserObject").Keys);
        Assert.Contains("content_url", spec.Properties("AttachmentObject").Keys);
        Assert.Equal("TicketObject", spec.Properties("TimeBasedExportIncrementalTicketsResponse")["tickets"]);
        Assert.Equal("IncrementalTicketExportTime", spec.Find("GET", "/api/v2/incremental/tickets")?.OperationId);
    }

    public static TheoryData<string, string, string> Samples => new()
    {
        { "ShowCurrentUser", "GET", "/api/v2/users/me.json" },
        { "ShowUser", "GET", $"/api/v2/users/{DemoCredentials.AgentUserId}.json" },
        { "ListTickets", "GET", "/api/v2/tickets.json?page[size]=2" },
        { "ListTickets", "GET", "/api/v2/tickets.json?per_page=2" },
        { "ShowTicket", "GET", "/api/v2/tickets/3.json" },
        { "IncrementalTicketExportCursor", "GET", "/api/v2/incremental/tickets/cursor.json?start_time=0&per_page=2" },
        { "IncrementalTicketExportTime", "GET", "/api/v2/incremental/tickets.json?start_time=0&per_page=2" },
        { "IncrementalUserExportTime", "GET", "/api/v2/incremental/users.json?start_time=0&per_page=2" },
        { "IncrementalUserExportCursor", "GET", "/api/v2/incremental/users/cursor.json?start_time=0&per_page=2" },
        { "IncrementalOrganizationExport", "GET", "/api/v2/incremental/organizations.json?start_time=0&per_page=2" },
        { "ListSearchResults", "GET", "/api/v2/search.json?query=type%3Aticket&per_page=2" },
        { "ExportSearchResults", "GET", "/api/v2/search/export.json?query=status%3Aopen&filter[type]=ticket&page[size]=2" },
        { "UploadFiles", "POST", "/api/v2/uploads.json?filename=a.png" },
        { "ListAuditLogs", "GET", "/api/v2/audit_logs.json" },
        { "ListOAuthClients", "GET", "/api/v2/oauth/clients.json" },
        { "ListOAuthTokens", "GET", "/api/v2/oauth/tokens.json" },
        { "CreateOAuthToken", "POST", "/api/v2/oauth/tokens.json" },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Every_field_of_an_answer_is_in_the_operations_response_schema(string operationId, string method, string target)
    {
        var spec = s_spec.Value;
        var operation = spec.Operations.Single(o => o.OperationId == operationId && o.Method.Equals(method, StringComparison.OrdinalIgnoreCase));
        Assert.True(operation.ResponseSchema is not null, $"{operationId} names no response schema");
        Assert.Contains(ZendeskEmulator.Routes, r => r.OperationId == operationId);

        using var json = await SendAsync(method, target);
        var problems = new List<string>();
        var allowed = spec.Properties(operation.ResponseSchema!);
        var isList = ZendeskEmulator.Routes.Any(r => r.OperationId == operationId) && json.RootElement.EnumerateObject().Any(p => p.Value.ValueKind == JsonValueKind.Array);
        if (isList)
        {
            // Paged lists: the file describes paging once, in the Pagination and OffsetPaginationObject schemas.
            foreach (var extra in spec.Properties("Pagination").Concat(spec.Properties("OffsetPaginationObject")))
                allowed.TryAdd(extra.Key, extra.Value);
        }
        Check(spec, operationId, operation.ResponseSchema!, json.RootElement, allowed, "", problems);
        Assert.True(problems.Count == 0, $"{operationId} {target}:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }

    [Fact]
    public async Task An_uploaded_attachment_shows_with_the_fields_of_AttachmentObject()
    {
        var spec = s_spec.Value;
        using var upload = await SendAsync("POST", "/api/v2/uploads.json?filename=b.png");
        var id = upload.RootElement.GetProperty("upload").GetProperty("attachment").GetProperty("id").GetInt64();
        using var shown = await SendAsync("GET", $"/api/v2/attachments/{id}.json");
        var operation = spec.Find("GET", "/api/v2/attachments/{id}");
        Assert.Equal("ShowAttachment", operation?.OperationId);
        var problems = new List<string>();
        Check(spec, "ShowAttachment", operation!.ResponseSchema!, shown.RootElement, spec.Properties(operation.ResponseSchema!), "", problems);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Equal("AttachmentObject", spec.Properties(operation.ResponseSchema!)["attachment"]);
    }

    private static void Check(OpenApi spec, string operationId, string schema, JsonElement value, Dictionary<string, string?> allowed, string path, List<string> problems)
    {
        if (value.ValueKind != JsonValueKind.Object)
            return;
        foreach (var field in value.EnumerateObject())
        {
            var name = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
            if (!allowed.TryGetValue(field.Name, out var recordSchema))
            {
                if (!s_knownDifferences.ContainsKey($"{operationId} {name}"))
                    problems.Add($"  {name} is not a property of {schema}");
                continue;
            }
            if (recordSchema is null)
                continue;
            var inner = spec.Properties(recordSchema);
            foreach (var alternate in s_alternateRecordSchemas.GetValueOrDefault(recordSchema, []))
                foreach (var extra in spec.Properties(alternate))
                    inner.TryAdd(extra.Key, extra.Value);
            if (inner.Count == 0)
                continue; // a schema without listed properties (free-form)
            var records = field.Value.ValueKind == JsonValueKind.Array ? field.Value.EnumerateArray().ToArray() : [field.Value];
            foreach (var record in records)
                Check(spec, operationId, recordSchema, record, inner, name, problems);
        }
    }

    private async Task<JsonDocument> SendAsync(string method, string target)
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        using var client = new HttpClient(handler);
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(_fixture.Emulator.BaseUrl, target));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{DemoCredentials.AdminEmail}/token:{DemoCredentials.ApiToken}")));
        if (target.StartsWith("/api/v2/uploads", StringComparison.Ordinal))
        {
            request.Content = new ByteArrayContent([137, 80, 78, 71]);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        }
        else if (method == "POST")
        {
            request.Content = new StringContent("{\"token\":{\"client_id\":" + DemoCredentials.RunbookClientId + ",\"scopes\":[\"read\"]}}", Encoding.UTF8, "application/json");
        }
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {target} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body);
    }

    /// <summary>What the test needs of the OpenAPI file: paths, methods, operation ids, response schemas, schema properties.</summary>
    private sealed class OpenApi
    {
        public sealed record Operation(string Path, string Method, string OperationId, string? ResponseSchema);

        private static readonly Regex s_ref = new(@"\$ref: '#/components/schemas/([^']+)'", RegexOptions.Compiled);
        private readonly string[] _lines;
        private readonly Dictionary<string, int> _schemaStart = new(StringComparer.Ordinal);

        private OpenApi(string[] lines)
        {
            _lines = lines;
            var operations = new List<Operation>();
            var section = "";
            string? path = null;
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                if (line.Length > 0 && line[0] != ' ')
                {
                    section = line.TrimEnd(':');
                    continue;
                }
                if (section == "paths")
                {
                    if (line.StartsWith("  /", StringComparison.Ordinal) && line.EndsWith(':'))
                        path = line.Trim().TrimEnd(':');
                    else if (path is not null && Regex.Match(line, "^    (get|post|put|patch|delete):$") is { Success: true } m)
                        operations.Add(ReadOperation(path, m.Groups[1].Value.ToUpperInvariant(), i));
                }
                else if (section == "components" && line.StartsWith("    ", StringComparison.Ordinal) && !line.StartsWith("     ", StringComparison.Ordinal) && line.EndsWith(':'))
                {
                    _schemaStart.TryAdd(line.Trim().TrimEnd(':'), i);
                }
            }
            Operations = operations;
        }

        public IReadOnlyList<Operation> Operations { get; }

        public static OpenApi Load(string file)
        {
            Assert.True(File.Exists(file), $"Zendesk's OpenAPI description is expected at {Path.GetFullPath(file)} (../shared beside the clone).");
            return new OpenApi(File.ReadAllLines(file));
        }

        /// <summary>The operation at this method and path; "{id}", "{token}" and literal segments such as "current" match the file's parameters.</summary>
        public Operation? Find(string method, string template)
        {
            var wanted = template.Trim('/').Split('/');
            // A literal segment ("me", "current") matches its own path before a parameter ("{user_id}").
            return Operations.Where(o => o.Method == method && Matches(o.Path.Trim('/').Split('/'), wanted))
                .OrderByDescending(o => o.Path.Trim('/').Split('/').Zip(wanted).Count(p => p.First == p.Second))
                .FirstOrDefault();

            static bool Matches(string[] spec, string[] emulated) =>
                spec.Length == emulated.Length && spec.Zip(emulated).All(p => p.First == p.Second || p.First.StartsWith('{'));
        }

        private Operation ReadOperation(string path, string method, int start)
        {
            string? id = null, schema = null;
            var inSuccess = false;
            for (var i = start + 1; i < _lines.Length && (_lines[i].StartsWith("      ", StringComparison.Ordinal) || _lines[i].Length == 0); i++)
            {
                var line = _lines[i];
                if (line.StartsWith("      operationId: ", StringComparison.Ordinal))
                    id = line.Substring("      operationId: ".Length).Trim();
                else if (Regex.IsMatch(line, "^        \"?[0-9]{3}\"?:"))
                    inSuccess = line.TrimStart().StartsWith("\"2", StringComparison.Ordinal) || line.TrimStart().StartsWith('2');
                else if (inSuccess && schema is null && s_ref.Match(line) is { Success: true } m && !line.Contains("examples", StringComparison.Ordinal))
                    schema = m.Groups[1].Value;
            }
            return new Operation(path, method, id ?? "", schema);
        }

        /// <summary>
        /// A schema's properties, each with the schema of its records (a $ref, or items' $ref) when it has one;
        /// through allOf/anyOf/oneOf. An inline object's own properties are not followed.
        /// </summary>
        public Dictionary<string, string?> Properties(string schema) => Properties(schema, 0);

        private Dictionary<string, string?> Properties(string schema, int depth)
        {
            var result = new Dictionary<string, string?>(StringComparer.Ordinal);
            if (depth > 8 || !_schemaStart.TryGetValue(schema, out var start))
                return result;
            string? current = null;
            var inProperties = false;
            for (var i = start + 1; i < _lines.Length && (_lines[i].StartsWith("      ", StringComparison.Ordinal) || _lines[i].Length == 0); i++)
            {
                var line = _lines[i];
                if (line.StartsWith("      ", StringComparison.Ordinal) && !line.StartsWith("       ", StringComparison.Ordinal))
                {
                    inProperties = line == "      properties:";
                    current = null;
                    continue;
                }
                if (!inProperties)
                {
                    // allOf / anyOf / oneOf members at eight spaces: "        - $ref: …".
                    if (line.StartsWith("        - $ref:", StringComparison.Ordinal) && s_ref.Match(line) is { Success: true } member)
                        foreach (var inherited in Properties(member.Groups[1].Value, depth + 1))
                            result.TryAdd(inherited.Key, inherited.Value);
                    continue;
                }
                if (Regex.Match(line, "^        ([A-Za-z0-9_\\[\\]]+):") is { Success: true } property)
                {
                    current = property.Groups[1].Value;
                    result[current] = null;
                }
                else if (current is not null && result[current] is null && (line.StartsWith("          $ref:", StringComparison.Ordinal) || line.StartsWith("            $ref:", StringComparison.Ordinal)) && s_ref.Match(line) is { Success: true } reference)
                {
                    result[current] = reference.Groups[1].Value;
                }
            }
            return result;
        }
    }
}
