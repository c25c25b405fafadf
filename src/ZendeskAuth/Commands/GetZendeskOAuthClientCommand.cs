using System;
using System.Management.Automation;
using System.Net.Http;
using ZendeskAuth.Errors;
using ZendeskAuth.Http;
using ZendeskAuth.OAuth;

namespace ZendeskAuth.Commands;

/// <summary>Lists the account's OAuth clients (all pages), or gets one by id. Never shows a secret.</summary>
[Cmdlet(VerbsCommon.Get, "ZendeskOAuthClient", DefaultParameterSetName = ListSet)]
[OutputType(typeof(ZendeskOAuthClient))]
public sealed class GetZendeskOAuthClientCommand : ZendeskApiCmdlet
{
    private const string ListSet = "List";
    private const string IdSet = "Id";
    private const string InputSet = "InputObject";

    /// <summary>The client's numeric id. Not bound from piped objects by property name: a token's Id would bind.</summary>
    [Parameter(Mandatory = true, ParameterSetName = IdSet, Position = 0)]
    [ArgumentCompleter(typeof(ClientIdCompleter))]
    public long Id { get; set; }

    /// <summary>Clients whose name matches; wildcards allowed.</summary>
    [Parameter(ParameterSetName = ListSet, Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>Clients whose identifier (the OAuth client_id string) matches; wildcards allowed.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ClientIdCompleter))]
    public string? Identifier { get; set; }

    /// <summary>
    /// From the pipeline: a token object (Get- or New-ZendeskOAuthToken) gets the client that issued it; a client
    /// object is read again. Any other object is refused before a request is sent.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = InputSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object? InputObject { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == InputSet)
        {
            switch (PSObjectBase(InputObject))
            {
                case ZendeskOAuthClient given:
                    Id = given.Id;
                    break;
                case ZendeskOAuthToken { ClientNumericId: { } numeric }:
                    Id = numeric;
                    break;
                case ZendeskOAuthToken { ClientId: { Length: > 0 } identifier }:
                    Identifier = identifier;
                    break;
                default:
                    WriteError(ErrorMapper.Create(
                        $"Get-ZendeskOAuthClient takes OAuth token objects (to get the client that issued each) and client objects from the pipeline; a {TypeName(InputObject)} is neither. Use -Id for a client's numeric id.",
                        ErrorIds.UnexpectedInputObject, ErrorCategory.InvalidArgument, InputObject));
                    return;
            }
        }
        var connection = ResolveConnection();
        try
        {
            if (ParameterSetName == IdSet || ParameterSetName == InputSet && Identifier is null)
            {
                WriteObject(GetClient(connection, Id));
                return;
            }

            var name = Name is null ? null : new WildcardPattern(Name, WildcardOptions.IgnoreCase);
            var identifier = Identifier is null ? null : new WildcardPattern(Identifier, WildcardOptions.IgnoreCase);
            var found = 0;
            ForEachPage(connection, ClientsFirstPage, page =>
            {
                foreach (var item in ExpectArray(page, "clients"))
                {
                    var client = ZendeskOAuthClient.FromJson(item);
                    if ((name is null || name.IsMatch(client.Name ?? "")) && (identifier is null || identifier.IsMatch(client.Identifier ?? "")))
                    {
                        found++;
                        WriteObject(client);
                    }
                }
                return !StopToken.IsCancellationRequested;
            });

            // Like Get-Process -Name: a name without wildcards that matches nothing is an error; a pattern is not.
            var exact = Identifier is not null && !WildcardPattern.ContainsWildcardCharacters(Identifier) ? $"identifier '{Identifier}'"
                : Name is not null && !WildcardPattern.ContainsWildcardCharacters(Name) ? $"name '{Name}'" : null;
            if (found == 0 && exact is not null)
            {
                WriteError(ErrorMapper.Create($"No OAuth client has the {exact}. Get-ZendeskOAuthClient lists them all.", ErrorIds.ZendeskNotFound, ErrorCategory.ObjectNotFound, Identifier ?? Name));
            }
        }
        catch (ZendeskException e)
        {
            WriteError(ErrorMapper.ToErrorRecord(e, ParameterSetName == IdSet ? Id : null));
        }
    }
}
