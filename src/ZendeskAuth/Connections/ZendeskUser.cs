namespace ZendeskAuth.Connections;

/// <summary>What <c>GET /api/v2/users/me.json</c> says of the caller.</summary>
internal sealed class ZendeskUser
{
    /// <summary>A valid OAuth token whose scopes cannot read the user.</summary>
    public static readonly ZendeskUser Unknown = new(null, null, null, null);

    public ZendeskUser(long? id, string? email, string? name, string? role)
    {
        Id = id;
        Email = email;
        Name = name;
        Role = role;
    }

    public long? Id { get; }

    public string? Email { get; }

    public string? Name { get; }

    public string? Role { get; }
}
